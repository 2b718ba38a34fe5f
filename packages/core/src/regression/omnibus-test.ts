/**
 * The omnibus (Wald) test of several coefficients of a meta-regression.
 */
import { chisqUpperTail, fUpperTail } from "@metakit/base";
import type { TestType } from "../options.js";
import { invertSpd } from "../symmetric-matrix.js";

export interface OmnibusTest {
  /** QM: chi-square on m df under z; the F statistic (Wald / m) under t, knha and adhoc. */
  readonly QM: number;
  /** [m, k - p] for F; [m, null] for chi-square: the second entry is null when the test is chi-square, which has no denominator df. */
  readonly QMdf: readonly [number, number | null];
  readonly QMp: number;
}

/**
 * QM = b' V^{-1} b over the coefficients `btt` (0-based), V their block of vb (vb already
 * carries the Knapp–Hartung factor). Under test z QM ~ chi-square(m); under t, knha and
 * adhoc metafor divides by m and refers it to F(m, k - p).
 * @reference Raudenbush (2009), ch. 16, eq. 16.39; Knapp & Hartung (2003), eq. 9
 * @metafor rma.uni()$QM, $QMdf, $QMp (btt)
 */
export function omnibusTest(
  beta: ArrayLike<number>,
  vb: ArrayLike<number>,
  p: number,
  btt: readonly number[],
  test: TestType,
  residualDf: number,
): OmnibusTest {
  const m = btt.length;
  const block = new Float64Array(m * m);
  btt.forEach((a, i) => btt.forEach((b, j) => (block[i * m + j] = vb[a * p + b]!)));
  const inverse = invertSpd(block, m).inverse;
  let wald = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) wald += beta[btt[i]!]! * inverse[i * m + j]! * beta[btt[j]!]!;
  if (test === "z") return { QM: wald, QMdf: [m, null], QMp: chisqUpperTail(wald, m) };
  const QM = wald / m;
  return { QM, QMdf: [m, residualDf], QMp: fUpperTail(QM, m, residualDf) };
}

/** metafor's default btt: every coefficient but the intercept (the intercept alone when p = 1). */
export function moderatorCoefficients(p: number): number[] {
  return p === 1 ? [0] : Array.from({ length: p - 1 }, (_, j) => j + 1);
}
