/**
 * The readers of options every package shares, so that each option means one thing at
 * every public edge: `level` as metafor reads it, a code from a fixed list, and the one
 * INVALID_INPUT error that names the function the user called.
 */
import { MetakitError } from "./errors.js";

/** The confidence level used when none is given, in percent. */
export const DEFAULT_LEVEL = 95;

const show = (value: unknown): string => (typeof value === "string" ? JSON.stringify(value) : String(value));

/**
 * INVALID_INPUT for an option: names the function the user called, the option, what it
 * must be and the value given.
 * @example invalidOption("peto", "level", 150, "a confidence level such as 95 or 0.95").message
 * // "peto: level must be a confidence level such as 95 or 0.95, got 150"
 */
export function invalidOption(fn: string, field: string, value: unknown, expected: string): MetakitError {
  return new MetakitError("INVALID_INPUT", `${fn}: ${field} must be ${expected}, got ${show(value)}`, { field, value });
}

/**
 * A confidence level read as metafor reads it (metafor:::.level), returned in percent:
 * 1 <= level < 100 is a percentage (95), 0.5 < level < 1 a proportion (0.95), and
 * 0 < level <= 0.5 the alpha (0.05); undefined is 95. A proportion is scaled to percent
 * and rounded to 12 significant digits, so 0.68 and 68 are the same level to the last bit.
 * Anything else (0, 100 or more, a negative number, NaN, not a number) is INVALID_INPUT
 * naming `fn`, where metafor would return a degenerate interval or NaN.
 * @metafor rma(..., level = 95) and rma(..., level = 0.95) give the same interval
 * @example readLevel(0.95, "metaAnalysis") // 95
 */
export function readLevel(level: unknown, fn: string, field = "level"): number {
  if (level === undefined) return DEFAULT_LEVEL;
  if (!(typeof level === "number" && level > 0 && level < 100)) {
    throw invalidOption(fn, field, level, "a confidence level such as 95 or 0.95 (0 < level < 100)");
  }
  if (level >= 1) return level;
  const proportion = level > 0.5 ? level : 1 - level;
  return Number((proportion * 100).toPrecision(12));
}

/**
 * One of the allowed codes, or `fallback` when undefined; anything else is INVALID_INPUT
 * naming `fn` and listing the codes.
 * @example readOneOf(["z", "t"], undefined, "z", "test", "metaAnalysis") // "z"
 */
export function readOneOf<T extends string>(allowed: readonly T[], value: unknown, fallback: T, field: string, fn: string): T {
  if (value === undefined) return fallback;
  if (!isOneOf(allowed, value)) throw invalidOption(fn, field, value, `one of ${allowed.join(", ")}`);
  return value;
}

/** Whether `value` is one of the allowed codes. */
export function isOneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  const codes: readonly unknown[] = allowed;
  return codes.includes(value);
}
