/**
 * Begg and Mazumdar's rank correlation test for funnel-plot asymmetry, as metafor's ranktest().
 */
import type { StudyInput } from "../validate-input.js";
import { validateStudies } from "../validate-input.js";
import { kendallTest } from "./kendall.js";
import { smallStudyNotes } from "./small-k-note.js";

export interface RankTestResult {
  readonly k: number;
  /** Kendall's tau between the standardised effects and their variances. */
  readonly tau: number;
  readonly pval: number;
  /** True when the p-value is exact (no ties); otherwise the normal approximation. */
  readonly exact: boolean;
  readonly notes: readonly string[];
}

/**
 * Kendall's tau between yi* = (yi - b) / sqrt(vi - 1/sum(wi)) and vi, b the
 * equal-effects estimate with wi = 1/vi; exact p-value without ties, as metafor
 * (exact = TRUE), else the normal approximation.
 * @reference Begg & Mazumdar (1994), Biometrics 50:1088-1101, eqs. 1-2
 * @metafor ranktest(rma(yi, vi)) (the model's tau2 is not used)
 * @example rankTest(bcg).tau // 0.0256 (dat.bcg, log RR)
 */
export function rankTest(input: StudyInput, options: { readonly exact?: boolean } = {}): RankTestResult {
  const { k, yi, vi } = validateStudies(input, "rankTest");
  let sumW = 0;
  let sumWY = 0;
  for (let i = 0; i < k; i++) {
    sumW += 1 / vi[i]!;
    sumWY += yi[i]! / vi[i]!;
  }
  const theta = sumWY / sumW;
  const vb = 1 / sumW;
  const standardised = yi.map((y, i) => (y - theta) / Math.sqrt(vi[i]! - vb));
  const kendall = kendallTest(standardised, vi, options.exact ?? true);
  const notes = smallStudyNotes(k, "the rank correlation test");
  if (!kendall.exact && (options.exact ?? true)) notes.push("ties in the data: p-value from the normal approximation, as R");
  return { k, tau: kendall.tau, pval: kendall.pval, exact: kendall.exact, notes };
}
