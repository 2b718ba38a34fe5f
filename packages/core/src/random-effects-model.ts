/**
 * The engine: metafor's rma.uni() for a design X with p columns, in O(k p^2) time with no
 * k x k matrix. metaAnalysis() runs it with the intercept-only design; meta-regression
 * runs it with moderator columns.
 */
import {
  chisqUpperTail,
  MetakitError,
  normalQuantile,
  normalTwoSidedP,
  tQuantile,
  tTwoSidedP,
} from "@metakit/base";
import type { Design } from "./design.js";
import type { NormalizedControl, Tau2Method, TestType } from "./options.js";
import { multiplyMatrices } from "./symmetric-matrix.js";
import type { Tau2Estimate } from "./tau2-context.js";
import { estimateTau2 } from "./tau2-estimate.js";
import { marginalFit, weightedFit } from "./weighted-least-squares.js";

export interface ModelSpec {
  readonly method: Tau2Method;
  /** A tau2 given by the user instead of an estimate. */
  readonly tau2Fixed: number | undefined;
  readonly test: TestType;
  /** Confidence level in percent. */
  readonly level: number;
  /** GENQ user weights. */
  readonly weights: Float64Array | undefined;
  readonly control: NormalizedControl;
}

export interface Heterogeneity {
  /** Cochran's (residual) Q with wi = 1/vi. */
  readonly QE: number;
  readonly QEdf: number;
  readonly QEp: number;
  /** I2 in percent. */
  readonly I2: number;
  readonly H2: number;
  /** Typical within-study variance s2 = (k - p) / tr(P), wi = 1/vi (0 when k = p). */
  readonly s2: number;
}

export interface RandomEffectsFit extends Heterogeneity {
  readonly k: number;
  readonly p: number;
  readonly method: Tau2Method;
  readonly test: TestType;
  readonly level: number;
  readonly tau2: number;
  readonly tau2Estimate: Tau2Estimate;
  readonly tau2Fixed: boolean;
  readonly beta: Float64Array;
  /** Variance-covariance matrix of beta (p x p), including the Knapp–Hartung factor. */
  readonly vb: Float64Array;
  readonly se: Float64Array;
  readonly statistic: Float64Array;
  readonly pval: Float64Array;
  readonly ciLower: Float64Array;
  readonly ciUpper: Float64Array;
  /** Quantile used for the intervals (normal, or t on df). */
  readonly crit: number;
  /** k - p under t, knha and adhoc; undefined under z. */
  readonly df: number | undefined;
  /** The Knapp–Hartung factor s2w (1 under z and t). */
  readonly knhaFactor: number;
  /** Weights of the estimate, summing to 1 (1/(vi + tau2), or the GENQ weights). */
  readonly relativeWeights: Float64Array;
}

/** One row of a fit's coefficient table. */
export interface CoefficientRow {
  readonly estimate: number;
  readonly se: number;
  readonly statistic: number;
  readonly pval: number;
  readonly ciLower: number;
  readonly ciUpper: number;
}

/** Coefficient j of a fit (0 is the intercept); throws if the design has no column j. */
export function coefficientRow(fit: RandomEffectsFit, j: number): CoefficientRow {
  const estimate = fit.beta[j];
  const se = fit.se[j];
  const statistic = fit.statistic[j];
  const pval = fit.pval[j];
  const ciLower = fit.ciLower[j];
  const ciUpper = fit.ciUpper[j];
  if (estimate === undefined || se === undefined || statistic === undefined || pval === undefined || ciLower === undefined || ciUpper === undefined) {
    throw new Error(`coefficientRow: the fit has ${fit.p} coefficients, not ${j + 1} (internal)`);
  }
  return { estimate, se, statistic, pval, ciLower, ciUpper };
}

/**
 * Fits the (mixed-effects) meta-analytic model y = X beta + u + e, u ~ N(0, tau2),
 * e ~ N(0, vi), as metafor's rma.uni(): tau2 by the chosen estimator, beta by weighted
 * least squares with wi = 1/(vi + tau2), tests and intervals by z, t, or
 * Knapp–Hartung (knha: vb scaled by s2w = y'Py / (k - p); adhoc: by max(1, s2w)).
 * @reference Raudenbush (2009), ch. 16; Knapp & Hartung (2003), Stat Med 22:2693-2710;
 *   Knapp & Hartung's ad hoc factor: Röver, Knapp & Friede (2015), BMC Med Res Methodol 15:99
 * @metafor rma.uni(yi, vi, mods, method, test, level, weights, tau2, control)
 */
export function fitRandomEffectsModel(
  design: Design,
  yi: Float64Array,
  vi: Float64Array,
  spec: ModelSpec,
): RandomEffectsFit {
  const { k, p } = design;
  const tau2Estimate = tau2For(design, yi, vi, spec);
  const tau2 = tau2Estimate.tau2;
  const coefficients = coefficientsFor(design, yi, vi, tau2, spec);
  const heterogeneity = heterogeneityFor(design, yi, vi, tau2, spec.method);
  return {
    k,
    p,
    method: spec.method,
    test: spec.test,
    level: spec.level,
    tau2,
    tau2Estimate,
    tau2Fixed: spec.tau2Fixed !== undefined,
    ...coefficients,
    ...heterogeneity,
  };
}

function isEqualEffects(method: Tau2Method): boolean {
  return method === "EE" || method === "FE";
}

function tau2For(design: Design, yi: Float64Array, vi: Float64Array, spec: ModelSpec): Tau2Estimate {
  if (isEqualEffects(spec.method)) return { tau2: 0, truncated: false, iterations: 0 };
  if (spec.tau2Fixed !== undefined) return { tau2: spec.tau2Fixed, truncated: false, iterations: 0 };
  if (design.k <= design.p) return { tau2: 0, truncated: false, iterations: 0 };
  return estimateTau2(spec.method, { design, yi, vi, control: spec.control, weights: spec.weights });
}

type Coefficients = Pick<
  RandomEffectsFit,
  "beta" | "vb" | "se" | "statistic" | "pval" | "ciLower" | "ciUpper" | "crit" | "df" | "knhaFactor" | "relativeWeights"
>;

/** beta, its (Knapp–Hartung scaled) covariance, tests and confidence intervals. */
function coefficientsFor(
  design: Design,
  yi: Float64Array,
  vi: Float64Array,
  tau2: number,
  spec: ModelSpec,
): Coefficients {
  const { k, p } = design;
  const fitW = marginalFit(design, yi, vi, tau2);
  const { beta, vb } =
    spec.weights === undefined
      ? { beta: fitW.beta, vb: fitW.XtWXinv }
      : userWeightedFit(design, yi, vi, tau2, spec.weights);
  const usesT = spec.test !== "z";
  if (usesT && k <= p) {
    throw new MetakitError("INSUFFICIENT_DATA", `metaAnalysis: test ${spec.test} needs more studies than coefficients`, {
      field: "test",
      value: spec.test,
      k,
    });
  }
  const knhaFactor = knhaFactorFor(spec.test, fitW.RSS, k - p);
  if (knhaFactor === 0) {
    throw new MetakitError(
      "INSUFFICIENT_DATA",
      "metaAnalysis: test knha has a zero standard error (the estimates fit exactly); use test adhoc or z",
      { field: "test", value: spec.test, RSS: fitW.RSS },
    );
  }
  const scaled = vb.map((x) => x * knhaFactor);
  const df = usesT ? k - p : undefined;
  const relativeWeights = spec.weights === undefined ? marginalShares(vi, tau2, fitW.sumW) : normalise(spec.weights);
  return { beta, vb: scaled, ...waldTests(beta, scaled, p, df, spec.level), df, knhaFactor, relativeWeights };
}

/**
 * Wald tests and intervals of each coefficient: b / se against the normal (df undefined)
 * or t(df), and b -+ crit se.
 */
function waldTests(beta: Float64Array, vb: Float64Array, p: number, df: number | undefined, level: number) {
  const alpha = 1 - level / 100;
  const crit = df === undefined ? normalQuantile(1 - alpha / 2) : tQuantile(1 - alpha / 2, df);
  const se = new Float64Array(p);
  const statistic = new Float64Array(p);
  const pval = new Float64Array(p);
  const ciLower = new Float64Array(p);
  const ciUpper = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    se[j] = Math.sqrt(vb[j * p + j]!);
    statistic[j] = beta[j]! / se[j]!;
    pval[j] = df === undefined ? normalTwoSidedP(statistic[j]!) : tTwoSidedP(statistic[j]!, df);
    ciLower[j] = beta[j]! - crit * se[j]!;
    ciUpper[j] = beta[j]! + crit * se[j]!;
  }
  return { se, statistic, pval, ciLower, ciUpper, crit };
}

/**
 * GENQ: beta with user weights ai, and its sandwich variance
 * (X'AX)^{-1} X'A diag(vi + tau2) AX (X'AX)^{-1}.
 */
function userWeightedFit(
  design: Design,
  yi: Float64Array,
  vi: Float64Array,
  tau2: number,
  weights: Float64Array,
): { beta: Float64Array; vb: Float64Array } {
  const marginal = new Float64Array(vi.length);
  for (let i = 0; i < vi.length; i++) marginal[i] = vi[i]! + tau2;
  const fit = weightedFit(design, yi, weights, marginal);
  const B = fit.XtWXinv;
  const vb = multiplyMatrices(multiplyMatrices(B, fit.XtW2VX, design.p), B, design.p);
  return { beta: fit.beta, vb };
}

/**
 * Knapp–Hartung factor s2w = y'Py / (k - p), wi = 1/(vi + tau2) (0 when y'Py <= eps);
 * adhoc: max(1, s2w); z and t: 1.
 */
function knhaFactorFor(test: TestType, RSS: number, df: number): number {
  if (test === "z" || test === "t") return 1;
  const s2w = RSS <= 2.220446049250313e-16 ? 0 : RSS / df;
  return test === "adhoc" ? Math.max(1, s2w) : s2w;
}

/** w_i / sum(w) for w_i = 1 / (v_i + tau2). */
function marginalShares(vi: Float64Array, tau2: number, sumW: number): Float64Array {
  const out = new Float64Array(vi.length);
  for (let i = 0; i < vi.length; i++) out[i] = 1 / ((vi[i]! + tau2) * sumW);
  return out;
}

function normalise(w: ArrayLike<number>): Float64Array {
  let sum = 0;
  for (let i = 0; i < w.length; i++) sum += w[i]!;
  const out = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) out[i] = w[i]! / sum;
  return out;
}

/**
 * Cochran's Q (residual heterogeneity QE on k - p df, tail-accurate p), I2 and H2 as
 * metafor computes them: from tau2 and the typical within-study variance
 * s2 = (k - p) / tr(P) (wi = 1/vi), I2 = 100 tau2 / (s2 + tau2), H2 = tau2 / s2 + 1; for
 * the equal-effects model from Q: I2 = max(0, 100 (QE - (k-p)) / QE), H2 = QE / (k - p).
 * With k = p: QE = 0, QEp = 1, I2 = 0, H2 = 1, as metafor.
 * @reference Higgins & Thompson (2002), Stat Med 21:1539-1558, eqs. 9-10;
 *   Cochran (1954), Biometrics 10:101-129
 * @metafor rma.uni()$QE, $QEp, $I2, $H2 (i2def = "1")
 */
export function heterogeneityFor(
  design: Design,
  yi: Float64Array,
  vi: Float64Array,
  tau2: number,
  method: Tau2Method,
): Heterogeneity {
  const { k, p } = design;
  const QEdf = k - p;
  if (QEdf <= 0) return { QE: 0, QEdf, QEp: 1, I2: 0, H2: 1, s2: 0 };
  const fit = marginalFit(design, yi, vi, 0);
  const QE = Math.max(0, fit.RSS);
  const QEp = chisqUpperTail(QE, QEdf);
  const s2 = QEdf / fit.trP;
  if (isEqualEffects(method)) {
    const I2 = QE > 0 ? Math.max(0, (100 * (QE - QEdf)) / QE) : 0;
    return { QE, QEdf, QEp, I2, H2: QE / QEdf, s2 };
  }
  return { QE, QEdf, QEp, I2: (100 * tau2) / (s2 + tau2), H2: tau2 / s2 + 1, s2 };
}
