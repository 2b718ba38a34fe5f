/** Named-tolerance comparison shared by the effect-size tests. */
export interface Tolerance {
  /** Relative tolerance. */
  readonly rel: number;
  /** Absolute tolerance, used near zero. */
  readonly abs: number;
}

/** |actual - expected| <= max(abs, rel * |expected|); false for NaN. */
export function closeTo(actual: number, expected: number, tol: Tolerance): boolean {
  return Math.abs(actual - expected) <= Math.max(tol.abs, tol.rel * Math.abs(expected));
}
