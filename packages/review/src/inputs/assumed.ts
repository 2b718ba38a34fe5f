/**
 * Assumptions in force: the values that the assumptions a scenario names supply. Outside a
 * scenario none is in force, so a missing number stays missing. An assumption fills only
 * a gap: a value the data report is never replaced.
 */
import type { Reported } from "@metakit/schema";
import type { DataIndex } from "./dataset.js";
import type { AssumptionUse } from "../types.js";

export interface AssumedValues {
  readonly inForce: readonly string[];
  /** The value an assumption in force supplies for a result's field (per arm when given). */
  lookup(result: string, field: string, arm?: string): AssumptionUse | undefined;
}

/** No assumption in force: the main analysis. */
export const NO_ASSUMPTIONS: AssumedValues = { inForce: [], lookup: () => undefined };

export function assumedValues(index: DataIndex, ids: readonly string[]): AssumedValues {
  const uses = ids.flatMap((id) =>
    (index.assumptions.get(id)?.sets ?? []).flatMap((set) =>
      set.result === undefined ? [] : [{ key: key(set.result, set.field, set.arm), use: useOf(id, set) }],
    ),
  );
  const byKey = new Map(uses.map((u) => [u.key, u.use]));
  return { inForce: [...ids], lookup: (result, field, arm) => byKey.get(key(result, field, arm)) };
}

function useOf(assumption: string, set: { field: string; arm?: string | undefined; value: number | string }): AssumptionUse {
  return { assumption, field: set.field, ...(set.arm !== undefined && { arm: set.arm }), value: set.value };
}

function key(result: string, field: string, arm: string | undefined): string {
  return `${result}\u0000${field}\u0000${arm ?? ""}`;
}

/** A number read for an effect size: its value (from the data or an assumption in force), or why it is missing. */
export type Read = { readonly value: number; readonly assumed?: AssumptionUse } | { readonly missing: string };

/**
 * The value of a reported number, or the assumption that supplies it when the data do not
 * report it, or why it is missing (`label` names it in the reason).
 */
export function readNumber(reported: Reported | undefined, label: string, assumed?: AssumptionUse): Read {
  if (reported?.value !== undefined) return { value: reported.value };
  if (assumed !== undefined && typeof assumed.value === "number") return { value: assumed.value, assumed };
  if (reported?.missing !== undefined) return { missing: missingText(label, reported.missing, reported) };
  return { missing: `${label} not reported` };
}

/**
 * Why a number is missing, in words that keep apart a number the source does not report
 * ("missing") from one it reports but that was not read ("not retrieved", with where it is).
 */
export function missingText(label: string, reason: string, reported: Reported): string {
  if (reported.status === "not-retrieved") return `${label} not retrieved (${reason}; reported in ${reported.location ?? reported.source ?? "a source not read"})`;
  return `${label} missing (${reason})`;
}

export function isMissing(read: Read): read is { readonly missing: string } {
  return "missing" in read;
}
