/**
 * Input checks shared by the rules. Each is written so that NaN fails it, and each throws
 * a MetakitError naming the outcome, study (where there is one), field and value.
 */
import { MetakitError, type ErrorDetails } from "@metakit/base";

function invalid(message: string, details: ErrorDetails): never {
  throw new MetakitError("INVALID_INPUT", message, details);
}

export function requireFinite(value: number, field: string, details: ErrorDetails = {}): number {
  if (!Number.isFinite(value)) invalid(`${field} must be a finite number`, { ...details, field, value });
  return value;
}

export function requireRange(
  value: number,
  lower: number,
  upper: number,
  field: string,
  details: ErrorDetails = {},
): number {
  if (!(value >= lower && value <= upper)) {
    invalid(`${field} must be between ${lower} and ${upper}`, { ...details, field, value });
  }
  return value;
}

/** A probability strictly between 0 and 1 (a risk, alpha, power). */
export function requireOpenUnit(value: number, field: string, details: ErrorDetails = {}): number {
  if (!(value > 0 && value < 1)) {
    invalid(`${field} must be strictly between 0 and 1`, { ...details, field, value });
  }
  return value;
}

export function requirePositive(value: number, field: string, details: ErrorDetails = {}): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    invalid(`${field} must be a positive number`, { ...details, field, value });
  }
  return value;
}

export function requireNonNegative(value: number, field: string, details: ErrorDetails = {}): number {
  if (!(value >= 0) || !Number.isFinite(value)) {
    invalid(`${field} must be zero or positive`, { ...details, field, value });
  }
  return value;
}

/** lower <= estimate <= upper, all finite. */
export function requireInterval(
  estimate: number,
  lower: number,
  upper: number,
  field: string,
  details: ErrorDetails = {},
): void {
  requireFinite(estimate, `${field}.estimate`, details);
  requireFinite(lower, `${field}.lower`, details);
  requireFinite(upper, `${field}.upper`, details);
  if (!(lower <= estimate && estimate <= upper)) {
    invalid(`${field}: the interval must contain the estimate`, {
      ...details,
      field,
      value: { estimate, lower, upper },
    });
  }
}

export function requireOneOf<T extends string>(
  value: T,
  allowed: readonly T[],
  field: string,
  details: ErrorDetails = {},
): T {
  if (!allowed.includes(value)) {
    invalid(`${field} must be one of ${allowed.join(", ")}`, { ...details, field, value });
  }
  return value;
}

/** A reviewer's written reason: a non-empty string after trimming. */
export function requireReason(reason: unknown, field: string, details: ErrorDetails = {}): string {
  if (typeof reason !== "string" || reason.trim() === "") {
    invalid(`${field} needs a written reason`, { ...details, field, value: reason });
  }
  return reason.trim();
}
