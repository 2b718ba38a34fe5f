/**
 * The data of a (contour-enhanced) funnel plot.
 */
import { invalidOption, normalQuantile } from "@metakit/base";
import { metaAnalysisFor } from "../meta-analysis.js";
import type { MetaAnalysisOptions } from "../options.js";
import type { StudyInput } from "../validate-input.js";
import { validateStudies } from "../validate-input.js";

export interface FunnelContour {
  /** Two-sided significance level of the contour, e.g. 0.05. */
  readonly alpha: number;
  /** Its normal quantile: the contour is reference +- z se. */
  readonly z: number;
  /** The contour's ends at se = 0 and se = seMax, left and right. */
  readonly lower: readonly [{ readonly se: number; readonly y: number }, { readonly se: number; readonly y: number }];
  readonly upper: readonly [{ readonly se: number; readonly y: number }, { readonly se: number; readonly y: number }];
}

export interface FunnelData {
  readonly studies: readonly { readonly label: string; readonly yi: number; readonly sei: number }[];
  /** The pooled estimate: the funnel's centre line, with its pseudo-confidence limits estimate +- 1.96 se. */
  readonly estimate: number;
  /** Largest standard error, the bottom of the plot. */
  readonly seMax: number;
  /** Centre of the significance contours (0 for no effect on the analysis scale). */
  readonly reference: number;
  readonly contours: readonly FunnelContour[];
}

/**
 * Points (yi, sei), the pooled estimate (metaAnalysis with the given options) and the
 * contours of statistical significance reference +- z_{1 - alpha/2} se for each level
 * (default alpha 0.10, 0.05, 0.01), straight lines from se = 0 to the largest se.
 * @reference Peters et al. (2008), J Clin Epidemiol 61:991-996; Sterne & Egger (2001),
 *   J Clin Epidemiol 54:1046-1055
 * @metafor funnel(rma(yi, vi), level = c(90, 95, 99), refline = 0, shade = ...)
 */
export function funnelData(
  input: StudyInput,
  options: MetaAnalysisOptions & { readonly alphas?: readonly number[]; readonly reference?: number } = {},
): FunnelData {
  const studies = validateStudies(input, "funnelData");
  const reference = options.reference ?? 0;
  const alphas = options.alphas ?? [0.1, 0.05, 0.01];
  for (const a of alphas) if (!(a > 0 && a < 1)) throw invalidOption("funnelData", "alphas", a, "significance levels between 0 and 1");
  const fit = metaAnalysisFor("funnelData", input, options);
  const sei = Array.from(studies.vi, Math.sqrt);
  const seMax = sei.reduce((max, s) => Math.max(max, s), 0); // no spread: k can exceed the call-stack limit
  return {
    studies: sei.map((s, i) => ({ label: studies.labels?.[i] ?? String(i + 1), yi: studies.yi[i]!, sei: s })),
    estimate: fit.estimate,
    seMax,
    reference,
    contours: alphas.map((alpha) => {
      const z = normalQuantile(1 - alpha / 2);
      return {
        alpha,
        z,
        lower: [
          { se: 0, y: reference },
          { se: seMax, y: reference - z * seMax },
        ],
        upper: [
          { se: 0, y: reference },
          { se: seMax, y: reference + z * seMax },
        ],
      };
    }),
  };
}
