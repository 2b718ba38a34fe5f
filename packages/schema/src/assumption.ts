import { z } from "zod";
import { Id, Text } from "./cells.js";

export const ASSUMPTION_KINDS = [
  "allocation-split",
  "arm-order",
  "within-person-correlation",
  "test-statistic",
  "sample-size",
  "other",
] as const;

export const AssumptionSetting = z
  .strictObject({
    result: Id.describe("Result the assumed value belongs to.").optional(),
    arm: Id.describe("Arm of that result, when per arm.").optional(),
    field: Text.describe("The field it stands in for: n, sd, test, order, correlation, ..."),
    value: z.union([z.number(), z.string()]).describe("The assumed value."),
  })
  .describe("One value an assumption supplies.");

export const Assumption = z
  .strictObject({
    id: Id.describe("Assumption id, referenced by sensitivity scenarios."),
    study: Id.optional(),
    kind: z.enum(ASSUMPTION_KINDS),
    statement: Text.describe("What is assumed."),
    rationale: Text.describe("Why it is reasonable, and what would change if it were wrong."),
    sets: z.array(AssumptionSetting).describe("The values it supplies (may be empty for a statement).").default([]),
  })
  .describe("An assumption: used only in the sensitivity scenarios that name it.");
export type Assumption = z.output<typeof Assumption>;

/** The setting field that carries a within-person correlation. */
export const CORRELATION_FIELD = "correlation";

/**
 * The within-person correlation a `within-person-correlation` assumption states: its one
 * setting of field `correlation` without a result, a number in [-1, 1]; undefined otherwise.
 */
export function assumedCorrelation(assumption: Assumption | undefined): number | undefined {
  if (assumption?.kind !== "within-person-correlation") return undefined;
  const values = assumption.sets.filter((s) => s.field === CORRELATION_FIELD && s.result === undefined).map((s) => s.value);
  const value = values.length === 1 ? values[0] : undefined;
  return typeof value === "number" && value >= -1 && value <= 1 ? value : undefined;
}
