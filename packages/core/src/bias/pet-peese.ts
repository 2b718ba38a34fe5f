/**
 * PET and PEESE: the precision-effect test and the precision-effect estimate with
 * standard error, and the conditional choice between them.
 */
import { invalidOption } from "@metakit/base";
import type { StudyInput } from "../validate-input.js";
import { validateStudies } from "../validate-input.js";
import { coefficientRow } from "../random-effects-model.js";
import { fitWithPredictor, weightedLeastSquaresSpec } from "./regression-test.js";
import { smallStudyNotes } from "./small-k-note.js";

export interface LimitEstimate {
  /** The intercept: the effect of a study with zero standard error. */
  readonly estimate: number;
  readonly se: number;
  /** t statistic of the intercept, on df = k - 2. */
  readonly statistic: number;
  readonly pval: number;
  readonly df: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  /** The predictor's coefficient (sei for PET, vi for PEESE). */
  readonly slope: number;
}

export interface PetPeeseResult {
  readonly k: number;
  readonly pet: LimitEstimate;
  readonly peese: LimitEstimate;
  /** PEESE when PET's intercept differs from zero at `alpha` (two-sided), else PET. */
  readonly selected: "PET" | "PEESE";
  readonly estimate: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly alpha: number;
  readonly notes: readonly string[];
}

/**
 * PET: weighted least squares (weights 1/vi, free dispersion) of yi on sei; PEESE: of yi
 * on vi. The intercept of each is the effect corrected for small-study effects. The
 * conditional estimator reports PEESE when PET rejects a zero effect (two-sided test at
 * `alpha`, default 0.05; Stanley & Doucouliagos' rule, whose one-sided variant is
 * alpha = 0.10 here), else PET. Confidence intervals use t(k - 2) at `level`.
 * @reference Stanley & Doucouliagos (2014), Res Synth Methods 5:60-78; Stanley (2017),
 *   Soc Psychol Personal Sci 8:581-591
 * @metafor regtest(x, model = "lm", predictor = "sei" | "vi") (its intercept: $est, $ci.lb, $ci.ub)
 */
export function petPeese(input: StudyInput, options: { readonly alpha?: number; readonly level?: number } = {}): PetPeeseResult {
  const studies = validateStudies(input, "petPeese");
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw invalidOption("petPeese", "alpha", alpha, "a significance level between 0 and 1");
  const spec = weightedLeastSquaresSpec({ level: options.level }, "petPeese");
  const limit = (x: Float64Array): LimitEstimate => {
    const fit = fitWithPredictor(studies.yi, studies.vi, x, spec);
    const { estimate, se, statistic, pval, ciLower, ciUpper } = coefficientRow(fit, 0);
    if (fit.df === undefined) throw new Error("petPeese: the weighted least squares fit has no df (internal)");
    return { estimate, se, statistic, pval, df: fit.df, ciLower, ciUpper, slope: coefficientRow(fit, 1).estimate };
  };
  const pet = limit(studies.vi.map(Math.sqrt));
  const peese = limit(Float64Array.from(studies.vi));
  const selected = pet.pval < alpha ? "PEESE" : "PET";
  const chosen = selected === "PET" ? pet : peese;
  return {
    k: studies.k,
    pet,
    peese,
    selected,
    estimate: chosen.estimate,
    ciLower: chosen.ciLower,
    ciUpper: chosen.ciUpper,
    alpha,
    notes: smallStudyNotes(studies.k, "PET-PEESE"),
  };
}
