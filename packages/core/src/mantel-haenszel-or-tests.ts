/**
 * Tests that rma.mh(measure = "OR") reports beside the pooled odds ratio: Cochran's and the
 * Cochran–Mantel–Haenszel test of a common OR of 1, and the Breslow–Day and Tarone tests of
 * homogeneous odds ratios. All are computed from the pooling-stage tables.
 */
import { chisqUpperTail } from "@metakit/base";
import type { ChiSquareTest } from "./mantel-haenszel-result.js";
import type { Table2x2 } from "./mantel-haenszel-tables.js";

export interface OddsRatioTests {
  /** Cochran's test of OR = 1 (binomial variance, Ni^3 in the denominator); 1 df. */
  readonly cochran: ChiSquareTest | undefined;
  /** Cochran–Mantel–Haenszel test of OR = 1 (hypergeometric variance, Ni^2 (Ni - 1)); 1 df. */
  readonly cmh: ChiSquareTest | undefined;
  /** Breslow–Day test of homogeneous odds ratios; df = (tables with a fitted count > 0) - 1. */
  readonly breslowDay: ChiSquareTest | undefined;
  /** Tarone's correction of the Breslow–Day test. */
  readonly tarone: ChiSquareTest | undefined;
}

/**
 * Cochran's and the Cochran–Mantel–Haenszel statistic:
 * (|sum(ai - n1i xti / Ni)| - c)^2 / sum(n1i n2i xti yti / D_i), with xti = ai + ci,
 * yti = bi + di, D_i = Ni^3 (Cochran) or Ni^2 (Ni - 1) (CMH), and c = 1/2 when `correct`
 * (metafor's default) else 0. As in metafor, c is subtracted even when the absolute sum is
 * below 1/2.
 * @reference Mantel & Haenszel (1959), J Natl Cancer Inst 22:719-748; Cochran (1954),
 *   Biometrics 10:417-451
 * @metafor rma.mh(measure = "OR", correct = TRUE)$MH and $CO
 */
function associationTests(tables: readonly Table2x2[], correct: boolean): Pick<OddsRatioTests, "cochran" | "cmh"> {
  let deviation = 0;
  let varianceCochran = 0;
  let varianceCmh = 0;
  for (const { ai, bi, ci, di } of tables) {
    const n1i = ai + bi;
    const n2i = ci + di;
    const Ni = n1i + n2i;
    const xt = ai + ci;
    const yt = bi + di;
    deviation += ai - (n1i / Ni) * xt;
    const product = (n1i / Ni) * (n2i / Ni) * xt;
    varianceCochran += product * (yt / Ni);
    varianceCmh += product * (yt / (Ni - 1));
  }
  const numerator = (Math.abs(deviation) - (correct ? 0.5 : 0)) ** 2;
  return { cochran: chiSquare1(numerator / varianceCochran), cmh: chiSquare1(numerator / varianceCmh) };
}

function chiSquare1(statistic: number): ChiSquareTest | undefined {
  return Number.isFinite(statistic) ? { statistic, df: 1, pval: chisqUpperTail(statistic, 1) } : undefined;
}

/**
 * The fitted count of cell a under a common odds ratio psi with the table's margins fixed:
 * the root in (0, min(n1i, xti)) of N11 (n2i - xti + N11) = psi (n1i - N11)(xti - N11).
 */
function fittedCount(n1i: number, n2i: number, xt: number, psi: number): number {
  if (psi === 1) return (n1i * xt) / (n1i + n2i);
  const A = psi * (n1i + xt) + (n2i - xt);
  const B = Math.sqrt(A * A - 4 * n1i * xt * psi * (psi - 1));
  return (A - B) / (2 * (psi - 1));
}

/**
 * Breslow–Day: BD = sum (ai - N11)^2 / Var_i, Var_i = 1 / (1/N11 + 1/N12 + 1/N21 + 1/N22),
 * over tables with N11 > 0 and both outcomes present, N the fitted counts under the MH
 * odds ratio psi. Tarone: TA = BD - (sum(ai - N11))^2 / sum Var_i. Both truncated at 0,
 * on (tables used - 1) df; not reported for fewer than two such tables (metafor gives no
 * p-value then).
 * @reference Breslow & Day (1980), Statistical Methods in Cancer Research, Vol. I (IARC);
 *   Tarone (1985), Biometrika 72:91-95
 * @metafor rma.mh(measure = "OR")$BD and $TA
 */
function homogeneityTests(tables: readonly Table2x2[], psi: number): Pick<OddsRatioTests, "breslowDay" | "tarone"> {
  let BD = 0;
  let deviation = 0;
  let variance = 0;
  let kPos = 0;
  for (const { ai, bi, ci, di } of tables) {
    const n1i = ai + bi;
    const n2i = ci + di;
    const xt = ai + ci;
    const yt = bi + di;
    const N11 = fittedCount(n1i, n2i, xt, psi);
    if (!(N11 > 0 && xt > 0 && yt > 0)) continue;
    const N12 = n1i - N11;
    const N21 = xt - N11;
    const N22 = n2i - N21;
    const reciprocal = 1 / N11 + 1 / N12 + 1 / N21 + 1 / N22;
    BD += (ai - N11) ** 2 * reciprocal;
    deviation += ai - N11;
    variance += 1 / reciprocal;
    kPos += 1;
  }
  if (kPos < 2) return { breslowDay: undefined, tarone: undefined };
  const df = kPos - 1;
  const bd = Math.max(0, BD);
  const ta = Math.max(0, BD - deviation ** 2 / variance);
  if (!Number.isFinite(bd) || !Number.isFinite(ta)) return { breslowDay: undefined, tarone: undefined };
  return {
    breslowDay: { statistic: bd, df, pval: chisqUpperTail(bd, df) },
    tarone: { statistic: ta, df, pval: chisqUpperTail(ta, df) },
  };
}

/** Cochran, CMH, Breslow–Day and Tarone tests for the pooling-stage tables and MH odds ratio psi. */
export function oddsRatioTests(tables: readonly Table2x2[], psi: number, correct: boolean): OddsRatioTests {
  return { ...associationTests(tables, correct), ...homogeneityTests(tables, psi) };
}
