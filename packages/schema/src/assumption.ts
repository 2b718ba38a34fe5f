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
