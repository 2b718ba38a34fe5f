/**
 * The data of a Baujat plot, as metafor's baujat().
 */
import { MetakitError } from "@metakit/base";
import { interceptDesign } from "../design.js";
import { modelSpec, REGRESSION_METHODS, type ModelOptions, type RegressionMethod } from "../regression/model-spec.js";
import { fitRandomEffectsModel } from "../random-effects-model.js";
import type { StudyInput } from "../validate-input.js";
import { validateStudies } from "../validate-input.js";
import { forEachDeletedFit, rowDot, rowQuadratic } from "./deleted-fits.js";

export interface BaujatPoint {
  readonly label: string;
  /** The study's contribution to Q: (yi - x_i' b)^2 / (vi + tau2). */
  readonly x: number;
  /** Its influence on the estimate: (x_i' b_(i) - x_i' b)^2 / (x_i' vb_(i) x_i); null when the refit fails. */
  readonly y: number | null;
}

/**
 * Per study, the squared Pearson residual of the full model (horizontal axis) and the
 * squared standardised change of the fitted value when the study is left out (vertical).
 * @reference Baujat et al. (2002), Stat Med 21:2641-2652
 * @metafor baujat(rma(yi, vi, method))
 */
export function baujatData(input: StudyInput, options: ModelOptions<RegressionMethod> = {}): BaujatPoint[] {
  const studies = validateStudies(input, "baujatData");
  if (studies.k < 2) {
    throw new MetakitError("INSUFFICIENT_DATA", "baujatData: needs at least 2 studies to leave one out", { field: "yi", value: studies.k });
  }
  const spec = modelSpec(options, REGRESSION_METHODS, "baujatData");
  const design = interceptDesign(studies.k);
  const full = fitRandomEffectsModel(design, studies.yi, studies.vi, spec);
  const points: BaujatPoint[] = [];
  forEachDeletedFit(design, studies.yi, studies.vi, spec, (i, fit) => {
    const pred = rowDot(design, i, full.beta);
    const x = (studies.yi[i]! - pred) ** 2 / (full.tau2 + studies.vi[i]!);
    const y = fit === null ? null : (rowDot(design, i, fit.beta) - pred) ** 2 / rowQuadratic(design, i, fit.vb);
    points.push({ label: studies.labels?.[i] ?? String(i + 1), x, y });
  });
  return points;
}
