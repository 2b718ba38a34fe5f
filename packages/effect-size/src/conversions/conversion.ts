/**
 * The record every conversion returns beside its value: which method, the formula, the
 * reference, and the inputs, so a report can show how a number was obtained.
 */
import { MetakitError, readLevel } from "@metakit/base";
import { messages } from "../messages.js";

export const CONVERSION_METHODS = [
  "se-from-ci",
  "se-from-p",
  "se-from-t",
  "sd-from-se",
  "sd-from-ci",
  "mean-sd-from-median",
  "combine-groups",
  "change-score-sd",
  "correlation-from-change-sd",
  "smd-from-t",
  "smd-from-p",
  "paired-smd-from-t",
  "paired-smd-from-p",
  "paired-md-variance-from-sd",
  "design-effect",
  "log-or-to-smd",
  "smd-to-log-or",
  "wald",
  "delta",
  "table-from-margins",
] as const;

export type ConversionMethod = (typeof CONVERSION_METHODS)[number];

export type ConversionInputs = Readonly<Record<string, number | string | boolean>>;

export interface Conversion {
  readonly method: ConversionMethod;
  /** The formula as applied, in plain text. */
  readonly formula: string;
  /** Paper or handbook section, with equation where there is one. */
  readonly reference: string;
  /** The values the conversion used, including assumed ones (e.g. a correlation). */
  readonly inputs: ConversionInputs;
}

export function conversion(method: ConversionMethod, formula: string, reference: string, inputs: ConversionInputs): Conversion {
  return { method, formula, reference, inputs };
}

function bad(field: string, value: unknown, message: string): MetakitError {
  return new MetakitError("INVALID_INPUT", message, { field, value });
}

/** Argument checks for the conversions; each throws INVALID_INPUT naming the argument. */
export const check = {
  finite(field: string, value: number): number {
    if (typeof value !== "number" || !Number.isFinite(value)) throw bad(field, value, messages.notFinite(field, value));
    return value;
  },
  positive(field: string, value: number): number {
    check.finite(field, value);
    if (!(value > 0)) throw bad(field, value, messages.notPositive(field, value));
    return value;
  },
  nonNegative(field: string, value: number): number {
    check.finite(field, value);
    if (!(value >= 0)) throw bad(field, value, messages.negative(field, value));
    return value;
  },
  notZero(field: string, value: number): number {
    check.finite(field, value);
    if (value === 0) throw bad(field, value, messages.zero(field, value));
    return value;
  },
  sampleSizeForSd(field: string, value: number): number {
    check.finite(field, value);
    if (!(value >= 2)) throw bad(field, value, messages.tooFewForSd(field, value));
    return value;
  },
  /** A two-sided p-value in (0, 1). */
  pValue(field: string, value: number): number {
    check.finite(field, value);
    if (!(value > 0 && value < 1)) throw bad(field, value, messages.pValue(field, value));
    return value;
  },
  /** A proportion in [0, 1] (e.g. an intracluster correlation). */
  proportion(field: string, value: number): number {
    check.finite(field, value);
    if (!(value >= 0 && value <= 1)) throw bad(field, value, messages.proportion(field, value));
    return value;
  },
  correlation(field: string, value: number): number {
    check.finite(field, value);
    if (!(value > -1 && value < 1)) throw bad(field, value, messages.correlation(field, value));
    return value;
  },
  /** A confidence level read as metafor reads it (95, 0.95 or 0.05; default 95), as a percentage; `fn` names the caller. */
  level(value: number | undefined, fn: string): number {
    return readLevel(value, fn);
  },
  ordered(lowerField: string, lower: number, upperField: string, upper: number): void {
    check.finite(lowerField, lower);
    check.finite(upperField, upper);
    if (!(lower < upper)) throw bad(lowerField, lower, messages.notBelow(lowerField, lower, upperField, upper));
  },
  /** `value` on the analysis scale must not be 0 (`given` is what the caller passed). */
  nonZero(field: string, value: number, given: number): void {
    if (value === 0) throw bad(field, given, messages.nullEstimate(field, given));
  },
  sign(value: number): 1 | -1 {
    if (value !== 1 && value !== -1) throw bad("sign", value, messages.sign(value));
    return value;
  },
  /** A computed output; guards against NaN and Infinity leaving a conversion. */
  output(field: string, value: number): number {
    if (!Number.isFinite(value)) throw bad(field, value, messages.notFinite(field, value));
    return value;
  },
};
