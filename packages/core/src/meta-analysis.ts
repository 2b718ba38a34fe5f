/**
 * metaAnalysis(): the equal- and random-effects meta-analysis of k effect sizes, as
 * metafor's rma(yi, vi), confint() and predict(), with RevMan-style per-study weights.
 */
import { invalidOption, MetakitError, normalQuantile, readLevel, readOneOf } from "@metakit/base";
import { interceptDesign } from "./design.js";
import type { MetaAnalysisOptions, PredictionIntervalType, Tau2CiType, Tau2Method, TestType } from "./options.js";
import {
  normalizeControl,
  PREDICTION_INTERVALS,
  TAU2_CI_TYPES,
  TAU2_METHODS,
  TESTS,
} from "./options.js";
import { predictionInterval } from "./prediction-interval.js";
import type { ModelSpec, RandomEffectsFit } from "./random-effects-model.js";
import { coefficientRow, fitRandomEffectsModel } from "./random-effects-model.js";
import type { Interval, Tau2Interval } from "./tau2-confidence-interval.js";
import { seTau2AbsentNote, tau2StandardError } from "./tau2-standard-error.js";
import { profileLikelihoodInterval, qProfileInterval } from "./tau2-confidence-interval.js";
import type { StudyInput, ValidatedStudies } from "./validate-input.js";
import { validateStudies, validateWeights } from "./validate-input.js";
import type { TestedEstimate } from "./estimate.js";

export type { Interval } from "./tau2-confidence-interval.js";

/**
 * The studies of the result, one array per field in input order: effect, sampling
 * variance and CI (normal quantile). Columns, not one object per study, so a fit at
 * k = 10^6 does not build a million objects; the weights are the result's `weights`.
 */
export interface StudyColumns {
  /** The labels given with the input, if any. */
  readonly labels?: readonly string[];
  readonly yi: readonly number[];
  readonly vi: readonly number[];
  readonly ciLower: readonly number[];
  readonly ciUpper: readonly number[];
}

/** The pooled estimate (metafor's b) with its test and interval, and the heterogeneity. */
export interface MetaAnalysisResult extends TestedEstimate {
  readonly k: number;
  readonly method: Tau2Method;
  readonly test: TestType;
  /** Confidence level, percent. */
  readonly level: number;
  /** k - 1 under t, knha and adhoc; absent under z. */
  readonly df?: number;
  readonly tau2: number;
  readonly tau: number;
  /**
   * Standard error of tau2 as metafor's se.tau2 (the formula of the estimator; see
   * tau2StandardError); absent where metafor gives NA (EE/FE, k = 1), with a note.
   */
  readonly seTau2?: number;
  /** True when tau2 was given by the user. */
  readonly tau2Fixed: boolean;
  /** Fisher-scoring / DLIT iterations (0 for closed forms and root searches). */
  readonly iterations: number;
  /** Cochran's Q, on QEdf = k - 1 df, with its tail-accurate p-value. */
  readonly QE: number;
  readonly QEdf: number;
  readonly QEp: number;
  /** Percent. */
  readonly I2: number;
  readonly H2: number;
  /** Typical within-study variance s2 behind I2 and H2. */
  readonly s2: number;
  /** Prediction interval; null when k is too small for the chosen quantile. */
  readonly piLower: number | null;
  /** null when piLower is null: k is too small for the chosen quantile. */
  readonly piUpper: number | null;
  readonly piMethod: PredictionIntervalType;
  /** Weights in percent, in input order. */
  readonly weights: readonly number[];
  readonly studies: StudyColumns;
  /** With options.tau2Ci: confidence intervals for tau2, I2 (percent) and H2. */
  readonly tau2CI?: Interval;
  readonly I2CI?: Interval;
  readonly H2CI?: Interval;
  readonly tau2CiType?: Tau2CiType;
  /** What a reader must know: truncation, k too small, fixed tau2, ... */
  readonly notes: readonly string[];
}

interface NormalizedOptions {
  readonly spec: ModelSpec;
  readonly predictionInterval: PredictionIntervalType;
  readonly tau2Ci: boolean;
  readonly tau2CiType: Tau2CiType;
  readonly tau2CiTypeGiven: boolean;
}

function normalizeOptions(options: MetaAnalysisOptions, studies: ValidatedStudies, fn: string): NormalizedOptions {
  const method = readOneOf(TAU2_METHODS, options.method, "REML", "method", fn);
  const test = readOneOf(TESTS, options.test, "z", "test", fn);
  const level = readLevel(options.level, fn);
  const tau2 = options.tau2;
  if (tau2 !== undefined && !(tau2 >= 0 && Number.isFinite(tau2))) throw invalidOption(fn, "tau2", tau2, "a finite number >= 0");
  if (method === "GENQ" && options.weights === undefined) throw invalidOption(fn, "weights", undefined, "given with method GENQ");
  const weights =
    method === "GENQ" && options.weights !== undefined
      ? validateWeights(options.weights, studies.k, studies.labels, fn)
      : undefined;
  const defaultPi: PredictionIntervalType = test === "z" ? "z" : "t";
  return {
    spec: { method, tau2Fixed: tau2, test, level, weights, control: normalizeControl(options.control, fn) },
    predictionInterval: readOneOf(PREDICTION_INTERVALS, options.predictionInterval, defaultPi, "predictionInterval", fn),
    tau2Ci: options.tau2Ci ?? false,
    tau2CiType: readOneOf(TAU2_CI_TYPES, options.tau2CiType, "QP", "tau2CiType", fn),
    tau2CiTypeGiven: options.tau2CiType !== undefined,
  };
}

/**
 * Pools k effect sizes yi with sampling variances vi: the equal-effects model (EE/FE) or
 * the random-effects model with any of metafor's tau2 estimators (default REML), with
 * z, t or Knapp–Hartung tests, Cochran's Q, I2, H2, a prediction interval, per-study
 * weights and CIs, and optionally Q-profile (or profile-likelihood) intervals for tau2,
 * I2 and H2. O(k) per iteration; no k x k matrix.
 * Throws MetakitError: INVALID_INPUT / NON_POSITIVE_VARIANCE naming the study, field and
 * value; INSUFFICIENT_DATA for k = 0; NOT_CONVERGED for an iteration that fails.
 * @reference Viechtbauer (2010), J Stat Softw 36(3); Raudenbush (2009), ch. 16
 * @metafor rma(yi, vi, method, test, level, tau2, weights, control); confint(); predict()
 * @example metaAnalysis({ yi: bcg.yi, vi: bcg.vi }).estimate // -0.7145 (dat.bcg, log RR, REML)
 */
export function metaAnalysis(input: StudyInput, options: MetaAnalysisOptions = {}): MetaAnalysisResult {
  return metaAnalysisFor("metaAnalysis", input, options);
}

/**
 * metaAnalysis() called on behalf of another public function (`fn`), which errors name:
 * funnelData, sensitivityScenario and subgroupAnalysis pool through it.
 */
export function metaAnalysisFor(fn: string, input: StudyInput, options: MetaAnalysisOptions): MetaAnalysisResult {
  const studies = validateStudies(input, fn);
  const normalized = normalizeOptions(options, studies, fn);
  const { spec } = normalized;
  const design = interceptDesign(studies.k);
  const fit = fitRandomEffectsModel(design, studies.yi, studies.vi, spec);
  const notes = fitNotes(fit, spec);
  const pooled = coefficientRow(fit, 0);
  const pi = predictionInterval(pooled.estimate, pooled.se, fit.tau2, fit.k, 1, spec.level, normalized.predictionInterval);
  if (pi.lower === null) notes.push(`k = ${fit.k} is too small for a ${pi.method} prediction interval`);
  const interval = normalized.tau2Ci ? tau2IntervalFor(fit, studies, normalized, notes) : undefined;
  const seTau2 = tau2StandardError(fit, design, studies.yi, studies.vi, spec);
  if (seTau2 === undefined) notes.push(seTau2AbsentNote(fit));
  return {
    k: fit.k,
    method: fit.method,
    test: fit.test,
    level: fit.level,
    ...pooled,
    ...(fit.df === undefined ? {} : { df: fit.df }),
    tau2: fit.tau2,
    tau: Math.sqrt(fit.tau2),
    ...(seTau2 === undefined ? {} : { seTau2 }),
    tau2Fixed: fit.tau2Fixed,
    iterations: fit.tau2Estimate.iterations,
    QE: fit.QE,
    QEdf: fit.QEdf,
    QEp: fit.QEp,
    I2: fit.I2,
    H2: fit.H2,
    s2: fit.s2,
    piLower: pi.lower,
    piUpper: pi.upper,
    piMethod: pi.method,
    weights: numberArray(fit.k, (i) => 100 * fit.relativeWeights[i]!),
    studies: studyColumns(studies, spec.level),
    ...(interval === undefined
      ? {}
      : { tau2CI: interval.tau2, I2CI: interval.I2, H2CI: interval.H2, tau2CiType: normalized.tau2CiType }),
    notes,
  };
}

function fitNotes(fit: RandomEffectsFit, spec: ModelSpec): string[] {
  const notes: string[] = [];
  const equalEffects = spec.method === "EE" || spec.method === "FE";
  if (fit.k === 1) {
    notes.push("k = 1: the result is the study itself; no heterogeneity statistics (Q = 0, I2 = 0, H2 = 1) and tau2 = 0");
  }
  if (fit.tau2Estimate.truncated) notes.push(`tau2 estimate (${spec.method}) was negative and is truncated at zero`);
  if (fit.tau2Estimate.movedToZero) {
    notes.push(`${spec.method}: the likelihood is higher at tau2 = 0 than where Fisher scoring stopped; tau2 set to 0`);
  }
  if (fit.tau2Fixed && !equalEffects) notes.push(`tau2 fixed by the user at ${fit.tau2}`);
  if (equalEffects && (spec.test === "knha" || spec.test === "adhoc")) {
    notes.push("the Knapp–Hartung adjustment is not meant for an equal-effects model");
  }
  return notes;
}

function tau2IntervalFor(
  fit: RandomEffectsFit,
  studies: ValidatedStudies,
  normalized: NormalizedOptions,
  notes: string[],
): Tau2Interval | undefined {
  const { spec, tau2CiType } = normalized;
  if (fit.k < 2) {
    notes.push("k = 1: no confidence interval for tau2");
    return undefined;
  }
  if (spec.method === "EE" || spec.method === "FE" || fit.tau2Fixed) {
    notes.push("tau2 is not estimated, so it has no confidence interval");
    return undefined;
  }
  if (spec.method === "GENQ" && !normalized.tau2CiTypeGiven) {
    throw new MetakitError(
      "UNSUPPORTED",
      "metaAnalysis: metafor's interval for GENQ (generalised Q, Farebrother) is not implemented; set tau2CiType QP",
      { field: "tau2CiType", value: undefined },
    );
  }
  if (tau2CiType === "PL" && spec.method !== "ML" && spec.method !== "REML") {
    throw new MetakitError("UNSUPPORTED", `metaAnalysis: tau2CiType PL needs method ML or REML, not ${spec.method}`, {
      field: "tau2CiType",
      value: tau2CiType,
    });
  }
  const input = {
    design: interceptDesign(fit.k),
    yi: studies.yi,
    vi: studies.vi,
    tau2: fit.tau2,
    s2: fit.s2,
    level: spec.level,
    tol: spec.control.tol,
  };
  const interval =
    tau2CiType === "PL" ? profileLikelihoodInterval(input, spec.method === "REML") : qProfileInterval(input);
  if (interval.lowerAtBound || interval.upperAtBound) {
    notes.push("a bound of the tau2 confidence interval lies at the edge of the search range (max(100, 10 tau2))");
  }
  return interval;
}

/**
 * Per-study columns; the study CI uses the normal quantile whatever the test, as
 * metafor's forest() and summary.escalc() draw it.
 */
function studyColumns(studies: ValidatedStudies, level: number): StudyColumns {
  const z = normalQuantile(1 - (1 - level / 100) / 2);
  const { yi, vi, k } = studies;
  const half = (i: number) => z * Math.sqrt(vi[i]!);
  return {
    ...(studies.labels !== undefined && { labels: studies.labels }),
    yi: numberArray(k, (i) => yi[i]!),
    vi: numberArray(k, (i) => vi[i]!),
    ciLower: numberArray(k, (i) => yi[i]! - half(i)),
    ciUpper: numberArray(k, (i) => yi[i]! + half(i)),
  };
}

/**
 * A plain number[] (JSON-friendly, unlike a typed array) of length k. Pre-filling with a
 * non-integer keeps V8's packed-double representation: about six times faster than
 * Array.from(typedArray, f) at k = 10^6.
 */
function numberArray(k: number, f: (i: number) => number): number[] {
  const out = new Array<number>(k).fill(0.5);
  for (let i = 0; i < k; i++) out[i] = f(i);
  return out;
}
