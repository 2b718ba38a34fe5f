/**
 * Weighted least squares for a diagonal weight matrix W = diag(w), in O(k p^2) time and
 * O(k + p^2) memory: everything metafor computes from the k x k matrix
 * P = W - W X (X'WX)^{-1} X'W is obtained here from p x p moment matrices and the
 * residuals, so no k x k matrix is ever formed.
 *
 * With A = (X'WX)^{-1}, e = y - X b, M2 = X'W^2X, M3 = X'W^3X (and Py = We):
 * - y'Py = sum w e^2, y'PPy = sum w^2 e^2,
 * - tr(P) = sum w - tr(A M2),
 * - tr(PP) = sum w^2 - 2 tr(A M3) + tr(A M2 A M2),
 * - tr(PV) = sum w v - tr(A X'W^2VX) for V = diag(v).
 * The moments are accumulated in one of two loops over the studies, which compute the
 * same sums: a general one for any X (moments, then a second pass over the residuals),
 * and one for the intercept-only design (X = 1, p = 1) that keeps the sums in scalars and
 * gets the residual sums in the same pass from sums of deviations about a shift c,
 * e.g. sum w (y - b)^2 = sum w (y - c)^2 - S0 (b - c)^2. That pass is exact up to
 * a relative rounding error of order eps S0 (b - c)^2 / RSS; when S0 (b - c)^2 exceeds
 * 1e3 RSS the pass is repeated once with c = b, so the result does not depend on the
 * shift beyond rounding.
 * @reference Viechtbauer (2005), J Educ Behav Stat 30:261-293 (P and its traces);
 *   Chan, Golub & LeVeque (1983), Am Stat 37:242-247 (shifted sums)
 * @metafor the P, RSS and .tr(P) computations inside rma.uni()
 */
import type { Design } from "./design.js";
import { invertSpd, multiplyMatrices, multiplyVector, traceOfProduct, traceOfSquare } from "./symmetric-matrix.js";

export interface WeightedFit {
  /** b = (X'WX)^{-1} X'Wy. */
  readonly beta: Float64Array;
  /** (X'WX)^{-1}, p x p row-major. */
  readonly XtWXinv: Float64Array;
  /** log det(X'WX), for the restricted likelihood. */
  readonly logDetXtWX: number;
  readonly sumW: number;
  readonly sumW2: number;
  /** y'Py = sum w e^2 (the weighted residual sum of squares; QE when w = 1/vi). */
  readonly RSS: number;
  /** y'PPy = sum w^2 e^2. */
  readonly RSS2: number;
  /** tr(P). */
  readonly trP: number;
  /** tr(PP). */
  readonly trPP: number;
  /** tr(PV) for the v given, else 0. */
  readonly trPV: number;
  /** X'W^2VX for the v given (zeros without v): the meat of a sandwich variance. */
  readonly XtW2VX: Float64Array;
}

/**
 * Fits y on X with weights w (length k, positive). When `v` is given, also tr(PV).
 * `shift` is a guess of b for the intercept-only loop (speed only; default y[0]).
 * @example weightedFit(interceptDesign(2), [1, 3], [1, 1]).beta[0] // 2
 */
export function weightedFit(
  design: Design,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  v?: ArrayLike<number>,
  shift?: number,
): WeightedFit {
  if (isInterceptOnly(design)) return finishFit(design, interceptOnlySums(y, w, v, shift ?? y[0]!));
  const sums = generalSums(design, y, w, v);
  return finishFit(design, sums, (beta) => residualSums(design, y, w, beta));
}

/**
 * weightedFit with the random-effects weights w_i = 1 / (v_i + tau2). For X = 1 the
 * weights are formed inside the one pass over the data instead of in an array first.
 * @example marginalFit(interceptDesign(2), [1, 3], [0.5, 0.5], 0.5).beta[0] // 2
 */
export function marginalFit(
  design: Design,
  y: ArrayLike<number>,
  vi: ArrayLike<number>,
  tau2: number,
  shift?: number,
): WeightedFit {
  if (isInterceptOnly(design)) return finishFit(design, interceptOnlyMarginalSums(y, vi, tau2, shift ?? y[0]!));
  return weightedFit(design, y, inverseVarianceWeights(vi, tau2, new Float64Array(design.k)));
}

/** b, (X'WX)^{-1} and the traces, from the moment sums (and the residual sums). */
function finishFit(design: Design, sums: Sums, residualsOf?: (beta: Float64Array) => ResidualSums): WeightedFit {
  const p = design.p;
  const { inverse: A, logDet } = invertSpd(sums.M1, p);
  const beta = multiplyVector(A, sums.Xtwy, p);
  const residuals = sums.residuals ?? residualsOf!(beta);
  const AM2 = multiplyMatrices(A, sums.M2, p);
  return {
    beta,
    XtWXinv: A,
    logDetXtWX: logDet,
    sumW: sums.sumW,
    sumW2: sums.sumW2,
    RSS: residuals.RSS,
    RSS2: residuals.RSS2,
    trP: sums.sumW - traceOfProduct(A, sums.M2, p),
    trPP: sums.sumW2 - 2 * traceOfProduct(A, sums.M3, p) + traceOfSquare(AM2, p),
    trPV: sums.sumWV - traceOfProduct(A, sums.M2V, p),
    XtW2VX: sums.M2V,
  };
}

/** The design X = 1 (p = 1, a column of ones), whose sums the scalar loops compute. */
export function isInterceptOnly(design: Design): boolean {
  return design.p === 1 && design.intercept;
}

interface ResidualSums {
  readonly RSS: number;
  readonly RSS2: number;
}

interface Sums {
  readonly M1: Float64Array;
  readonly M2: Float64Array;
  readonly M3: Float64Array;
  readonly M2V: Float64Array;
  readonly Xtwy: Float64Array;
  readonly sumW: number;
  readonly sumW2: number;
  readonly sumWV: number;
  /** Present when the loop also produced the residual sums. */
  readonly residuals?: ResidualSums;
}

/** X'WX, X'W^2X, X'W^3X, X'W^2VX, X'Wy and the sums of w, w^2, w v, for any X. */
function generalSums(design: Design, y: ArrayLike<number>, w: ArrayLike<number>, v: ArrayLike<number> | undefined): Sums {
  const { k, p } = design;
  const X = design.X;
  const M1 = new Float64Array(p * p);
  const M2 = new Float64Array(p * p);
  const M3 = new Float64Array(p * p);
  const M2V = new Float64Array(p * p);
  const Xtwy = new Float64Array(p);
  let sumW = 0;
  let sumW2 = 0;
  let sumWV = 0;
  for (let i = 0; i < k; i++) {
    const wi = w[i]!;
    const wi2 = wi * wi;
    const wi3 = wi2 * wi;
    const vi = v === undefined ? 0 : v[i]!;
    sumW += wi;
    sumW2 += wi2;
    sumWV += wi * vi;
    const row = i * p;
    for (let a = 0; a < p; a++) {
      const xa = X[row + a]!;
      Xtwy[a]! += wi * xa * y[i]!;
      for (let b = 0; b <= a; b++) {
        const xx = xa * X[row + b]!;
        M1[a * p + b]! += wi * xx;
        M2[a * p + b]! += wi2 * xx;
        M3[a * p + b]! += wi3 * xx;
        M2V[a * p + b]! += wi2 * vi * xx;
      }
    }
  }
  for (const M of [M1, M2, M3, M2V]) symmetrise(M, p);
  return { M1, M2, M3, M2V, Xtwy, sumW, sumW2, sumWV };
}

/** sum w e^2 and sum w^2 e^2 over the residuals e = y - X b (second pass). */
function residualSums(design: Design, y: ArrayLike<number>, w: ArrayLike<number>, beta: Float64Array): ResidualSums {
  const { k, p } = design;
  const X = design.X;
  let RSS = 0;
  let RSS2 = 0;
  for (let i = 0; i < k; i++) {
    let fitted = 0;
    for (let j = 0; j < p; j++) fitted += X[i * p + j]! * beta[j]!;
    const e = y[i]! - fitted;
    const we = w[i]! * e;
    RSS += we * e;
    RSS2 += we * we;
  }
  return { RSS, RSS2 };
}

/**
 * The same sums for X = 1 in one pass, with the residual sums from deviations d = y - c:
 * RSS = S2 - S1^2 / S0 and RSS2 = T2 - 2 (b - c) T1 + (b - c)^2 T0, where S_j = sum w d^j,
 * T_j = sum w^2 d^j and b - c = S1 / S0.
 */
function interceptOnlySums(
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  v: ArrayLike<number> | undefined,
  c: number,
  repeated = false,
): Sums {
  const k = y.length;
  let S0 = 0;
  let S1 = 0;
  let S2 = 0;
  let T0 = 0;
  let T1 = 0;
  let T2 = 0;
  let U0 = 0;
  let sumWV = 0;
  let sumW2V = 0;
  for (let i = 0; i < k; i++) {
    const wi = w[i]!;
    const d = y[i]! - c;
    const wd = wi * d;
    const wi2 = wi * wi;
    S0 += wi;
    S1 += wd;
    S2 += wd * d;
    T0 += wi2;
    T1 += wi * wd;
    T2 += wd * wd;
    U0 += wi2 * wi;
    if (v !== undefined) {
      const wv = wi * v[i]!;
      sumWV += wv;
      sumW2V += wi * wv;
    }
  }
  const sums = { S0, S1, S2, T0, T1, T2, U0, sumWV, sumW2V };
  return fromDeviationSums(sums, c, repeated, (shift) => interceptOnlySums(y, w, v, shift, true));
}

/** interceptOnlySums with w_i = 1 / (v_i + tau2) formed in the pass. */
function interceptOnlyMarginalSums(
  y: ArrayLike<number>,
  vi: ArrayLike<number>,
  tau2: number,
  c: number,
  repeated = false,
): Sums {
  const k = y.length;
  let S0 = 0;
  let S1 = 0;
  let S2 = 0;
  let T0 = 0;
  let T1 = 0;
  let T2 = 0;
  let U0 = 0;
  for (let i = 0; i < k; i++) {
    const wi = 1 / (vi[i]! + tau2);
    const d = y[i]! - c;
    const wd = wi * d;
    const wi2 = wi * wi;
    S0 += wi;
    S1 += wd;
    S2 += wd * d;
    T0 += wi2;
    T1 += wi * wd;
    T2 += wd * wd;
    U0 += wi2 * wi;
  }
  const sums = { S0, S1, S2, T0, T1, T2, U0, sumWV: 0, sumW2V: 0 };
  return fromDeviationSums(sums, c, repeated, (shift) => interceptOnlyMarginalSums(y, vi, tau2, shift, true));
}

interface DeviationSums {
  readonly S0: number;
  readonly S1: number;
  readonly S2: number;
  readonly T0: number;
  readonly T1: number;
  readonly T2: number;
  readonly U0: number;
  readonly sumWV: number;
  readonly sumW2V: number;
}

/**
 * The moment and residual sums of X = 1 from sums of deviations about c; repeats the
 * pass once about b (via `again`) when cancellation could cost more than 1e3 eps.
 */
function fromDeviationSums(s: DeviationSums, c: number, repeated: boolean, again: (shift: number) => Sums): Sums {
  const { S0, S1, S2, T0, T1, T2, U0 } = s;
  const delta = S1 / S0;
  const RSS = S2 - S1 * delta;
  if (!repeated && S0 * delta * delta > 1e3 * RSS && delta !== 0) return again(c + delta);
  const one = (x: number) => Float64Array.of(x);
  return {
    M1: one(S0),
    M2: one(T0),
    M3: one(U0),
    M2V: one(s.sumW2V),
    Xtwy: one(S0 * (c + delta)),
    sumW: S0,
    sumW2: T0,
    sumWV: s.sumWV,
    residuals: { RSS: Math.max(RSS, 0), RSS2: Math.max(T2 - 2 * delta * T1 + delta * delta * T0, 0) },
  };
}

function symmetrise(M: Float64Array, p: number): void {
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) M[b * p + a] = M[a * p + b]!;
}

/** w_i = 1 / (v_i + tau2), into `out` (reused across iterations). */
export function inverseVarianceWeights(vi: ArrayLike<number>, tau2: number, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = 1 / (vi[i]! + tau2);
  return out;
}
