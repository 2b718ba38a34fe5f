/** Named tolerances for the core's reference tests. */
import { expect } from "vitest";

export interface Tolerance {
  /** Relative tolerance. */
  readonly rel: number;
  /** Absolute tolerance, used near zero. */
  readonly abs: number;
}

/** metafor oracle: relative 1e-6, absolute 1e-9 near zero (fixtures/REFERENCE.md). */
export const ORACLE: Tolerance = { rel: 1e-6, abs: 1e-9 };

/** Published 4-decimal values: |x - expected| <= 5e-5 (published/CASES.md). */
export const PUBLISHED_4DP: Tolerance = { rel: 0, abs: 5.01e-5 };

/** Published values the CASES.md file flags as rounded differently: 1% relative. */
export const PUBLISHED_LOOSE: Tolerance = { rel: 0.01, abs: 5e-5 };

/** |actual - expected| <= max(abs, rel * |expected|); false for NaN. */
export function closeTo(actual: number, expected: number, tol: Tolerance): boolean {
  return Math.abs(actual - expected) <= Math.max(tol.abs, tol.rel * Math.abs(expected));
}

/** Asserts closeness, naming the quantity in the failure message. */
export function expectClose(actual: number | null | undefined, expected: number, tol: Tolerance, what: string): void {
  const ok = typeof actual === "number" && closeTo(actual, expected, tol);
  expect(ok, `${what}: got ${String(actual)}, expected ${expected} (rel ${tol.rel}, abs ${tol.abs})`).toBe(true);
}

/** Values CASES.md calls "local": metafor 3.8-1 rounded to 6 decimals. */
export const LOCAL_6DP: Tolerance = { rel: 0, abs: 5.01e-7 };

/** Values printed to 3 decimals. */
export const PUBLISHED_3DP: Tolerance = { rel: 0, abs: 5.01e-4 };
