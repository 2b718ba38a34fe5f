/**
 * Reading one study's inputs and checking them. Checks are written so that NaN fails
 * them (`!(x >= 0)`), and each failure throws INVALID_INPUT naming study, field and value.
 */
import { MetakitError } from "@metakit/base";
import type { EscalcArg, StudyInput } from "./measures.js";
import { messages } from "./messages.js";

/** Where a value came from: the study's label and 0-based row index. */
export interface StudyRef {
  readonly index: number;
  readonly study: string;
}

/** A study's present inputs, each a finite number. */
export type Values = Partial<Record<EscalcArg, number>>;

export function invalid(ref: StudyRef | undefined, field: string, value: unknown, message: string): MetakitError {
  const where = ref === undefined ? {} : { study: ref.study, index: ref.index };
  const label = ref === undefined ? "" : ` (study "${ref.study}")`;
  return new MetakitError("INVALID_INPUT", `${message}${label}`, { ...where, field, value });
}

/**
 * The study's values for `fields`, skipping missing ones (null or undefined).
 * Throws INVALID_INPUT for a present value that is not a finite number.
 */
export function readValues(input: StudyInput, fields: readonly EscalcArg[], ref: StudyRef): Values {
  const values: Values = {};
  for (const field of fields) {
    const value: unknown = input[field];
    if (value === null || value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw invalid(ref, field, value, messages.notFinite(field, value));
    }
    values[field] = value;
  }
  return values;
}

/** The value of a field that the chosen column set guarantees is present. */
export function req(values: Values, field: EscalcArg): number {
  const value = values[field];
  if (value === undefined) throw new Error(`internal: ${field} required but absent`);
  return value;
}

export function checkNonNegative(values: Values, field: EscalcArg, ref: StudyRef): void {
  const value = values[field];
  if (value !== undefined && !(value >= 0)) throw invalid(ref, field, value, messages.negative(field, value));
}

export function checkPositive(values: Values, field: EscalcArg, ref: StudyRef): void {
  const value = values[field];
  if (value !== undefined && !(value > 0)) throw invalid(ref, field, value, messages.notPositive(field, value));
}

/** A sample size from which a standard deviation was computed: n >= 2. */
export function checkSdSampleSize(values: Values, field: EscalcArg, ref: StudyRef): void {
  const value = values[field];
  if (value !== undefined && !(value >= 2)) throw invalid(ref, field, value, messages.tooFewForSd(field, value));
}

export function checkCorrelation(values: Values, field: EscalcArg, ref: StudyRef): void {
  const value = values[field];
  if (value !== undefined && !(value > -1 && value < 1)) throw invalid(ref, field, value, messages.correlation(field, value));
}

/** events <= n when both are given. */
export function checkEventsWithinN(values: Values, events: EscalcArg, n: EscalcArg, ref: StudyRef): void {
  const x = values[events];
  const size = values[n];
  if (x !== undefined && size !== undefined && x > size) {
    throw invalid(ref, events, x, messages.eventsExceedN(events, x, n, size));
  }
}

/** n = events + non-events when all three are given (metafor's check). */
export function checkSizeIsSum(values: Values, n: EscalcArg, parts: readonly [EscalcArg, EscalcArg], ref: StudyRef): void {
  const size = values[n];
  const a = values[parts[0]];
  const b = values[parts[1]];
  if (size === undefined || a === undefined || b === undefined) return;
  if (Math.abs(size - (a + b)) > 1e-9 * Math.max(1, Math.abs(size))) {
    throw invalid(ref, n, size, messages.sizeMismatch(n, size, `${parts[0]} + ${parts[1]}`, a + b));
  }
}
