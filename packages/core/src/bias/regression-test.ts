/**
 * Regression tests for funnel-plot asymmetry (Egger's test and its variants), as
 * metafor's regtest(): the effect sizes regressed on a measure of precision.
 */
import { MetakitError, readOneOf } from "@metakit/base";
import type { Design } from "../design.js";
import type { ModelSpec, RandomEffectsFit } from "../random-effects-model.js";
import { coefficientRow, fitRandomEffectsModel } from "../random-effects-model.js";
import type { ModelOptions, RegressionMethod } from "../regression/model-spec.js";
import { modelSpec, REGRESSION_METHODS } from "../regression/model-spec.js";
import type { StudyInput } from "../validate-input.js";
import { studyName, validateStudies } from "../validate-input.js";
import { smallStudyNotes } from "./small-k-note.js";

/** Predictors of regtest(): standard error, variance, sample size and their inverses/roots. */
export const EGGER_PREDICTORS = ["sei", "vi", "ni", "ninv", "sqrtni", "sqrtninv"] as const;
export type EggerPredictor = (typeof EGGER_PREDICTORS)[number];

/** "rma": the (mixed-effects) meta-regression; "lm": weighted least squares with a free dispersion (classic Egger). */
export const EGGER_MODELS = ["rma", "lm"] as const;
export type EggerModel = (typeof EGGER_MODELS)[number];

export interface EggerOptions extends ModelOptions<RegressionMethod> {
  /** Default "rma" (metafor's default). */
  readonly model?: EggerModel;
  /** Default "sei". */
  readonly predictor?: EggerPredictor;
}

export interface EggerInput extends StudyInput {
  /** Sample sizes, needed by the ni, ninv, sqrtni and sqrtninv predictors. */
  readonly ni?: ArrayLike<number>;
}

export interface EggerResult {
  readonly k: number;
  readonly model: EggerModel;
  readonly predictor: EggerPredictor;
  /** tau2 estimator of the rma model ("EE" for lm). */
  readonly method: RegressionMethod;
  /** Test statistic of the predictor's coefficient: z (rma with test z) or t. */
  readonly statistic: number;
  readonly pval: number;
  /** Degrees of freedom of the t test (k - 2); absent for z. */
  readonly df?: number;
  /** The predictor's coefficient (the asymmetry) and its SE. */
  readonly slope: number;
  readonly slopeSe: number;
  /** The intercept: the effect expected in a study of infinite precision (sei, vi, ninv, sqrtninv only). */
  readonly limitEstimate?: number;
  readonly limitCiLower?: number;
  readonly limitCiUpper?: number;
  readonly tau2: number;
  readonly notes: readonly string[];
}

/**
 * Fits yi = b0 + b1 x_i (+ u_i) + e_i with x the chosen predictor and tests b1 = 0.
 * model "rma": metafor's default, the mixed-effects meta-regression with the chosen tau2
 * estimator and test (Egger's test as a meta-regression); model "lm": weighted least
 * squares with weights 1/vi and a multiplicative dispersion (the classic Egger test,
 * t on k - 2 df). The limit estimate is b0 with its CI when x -> 0 means infinite
 * precision (sei, vi, ninv, sqrtninv).
 * @reference Egger et al. (1997), BMJ 315:629-634; Sterne & Egger (2005), in Publication
 *   Bias in Meta-Analysis, ch. 6; Stanley & Doucouliagos (2014), Res Synth Methods 5:60-78
 * @metafor regtest(rma(yi, vi, method, test), model, predictor)
 * @example eggerTest(bcg).statistic // -0.8033 (dat.bcg, log RR, REML)
 */
export function eggerTest(input: EggerInput, options: EggerOptions = {}): EggerResult {
  const studies = validateStudies(input, "eggerTest");
  const model = pickCode(EGGER_MODELS, options.model, "rma", "model");
  const predictor = pickCode(EGGER_PREDICTORS, options.predictor, "sei", "predictor");
  const x = predictorValues(predictor, studies.vi, input.ni, studies.labels);
  const spec = model === "lm" ? weightedLeastSquaresSpec(options, "eggerTest") : modelSpec(options, REGRESSION_METHODS, "eggerTest");
  const fit = fitWithPredictor(studies.yi, studies.vi, x, spec);
  const limit = coefficientRow(fit, 0);
  const slope = coefficientRow(fit, 1);
  const hasLimit = predictor === "sei" || predictor === "vi" || predictor === "ninv" || predictor === "sqrtninv";
  return {
    k: studies.k,
    model,
    predictor,
    method: spec.method as RegressionMethod,
    statistic: slope.statistic,
    pval: slope.pval,
    ...(fit.df === undefined ? {} : { df: fit.df }),
    slope: slope.estimate,
    slopeSe: slope.se,
    ...(hasLimit ? { limitEstimate: limit.estimate, limitCiLower: limit.ciLower, limitCiUpper: limit.ciUpper } : {}),
    tau2: fit.tau2,
    notes: smallStudyNotes(studies.k, "Egger's regression test"),
  };
}

/**
 * lm(yi ~ x, weights = 1/vi): the equal-effects fit with the Knapp–Hartung factor RSS / (k - p)
 * unbounded; `fn` names the calling function in errors.
 */
export function weightedLeastSquaresSpec(options: ModelOptions<RegressionMethod>, fn: string): ModelSpec {
  return modelSpec({ ...options, method: "EE", test: "knha" }, REGRESSION_METHODS, fn);
}

/** The model with an intercept and one predictor column (a test of the slope needs k >= 3). */
export function fitWithPredictor(
  yi: Float64Array,
  vi: Float64Array,
  x: ArrayLike<number>,
  spec: ModelSpec,
  fn = "eggerTest",
  minStudies = 3,
): RandomEffectsFit {
  const k = yi.length;
  if (k < minStudies) {
    throw new MetakitError("INSUFFICIENT_DATA", `${fn}: needs at least ${minStudies} studies, got ${k}`, { field: "yi", value: k });
  }
  const X = new Float64Array(2 * k);
  for (let i = 0; i < k; i++) {
    X[2 * i] = 1;
    X[2 * i + 1] = x[i]!;
  }
  const design: Design = { k, p: 2, X, intercept: true };
  return fitRandomEffectsModel(design, yi, vi, spec);
}

function predictorValues(
  predictor: EggerPredictor,
  vi: Float64Array,
  ni: ArrayLike<number> | undefined,
  labels: readonly string[] | undefined,
): Float64Array {
  if (predictor === "sei") return vi.map(Math.sqrt);
  if (predictor === "vi") return Float64Array.from(vi);
  if (ni === undefined || ni.length !== vi.length) {
    throw new MetakitError("INVALID_INPUT", `eggerTest: predictor ${predictor} needs the sample sizes ni of every study`, {
      field: "ni",
      value: ni?.length,
    });
  }
  return Float64Array.from({ length: vi.length }, (_, i) => {
    const n = ni[i]!;
    if (!(n > 0 && Number.isFinite(n))) {
      const study = studyName(labels, i);
      throw new MetakitError("INVALID_INPUT", `eggerTest: ni of study ${study} is not a positive number`, { study, field: "ni", value: n });
    }
    if (predictor === "ni") return n;
    if (predictor === "ninv") return 1 / n;
    if (predictor === "sqrtni") return Math.sqrt(n);
    return 1 / Math.sqrt(n);
  });
}

function pickCode<T extends string>(allowed: readonly T[], value: T | undefined, fallback: T, field: string): T {
  return readOneOf(allowed, value, fallback, field, "eggerTest");
}
