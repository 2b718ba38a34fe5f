/**
 * Weighted least squares for a diagonal weight matrix W = diag(w), in O(k p^2) time and
 * O(k + p^2) memory: everything metafor computes from the k x k matrix
 * P = W - W X (X'WX)^{-1} X'W is obtained here from p x p moment matrices and one pass
 * over the residuals, so no k x k matrix is ever formed.
 *
 * With A = (X'WX)^{-1}, e = y - X b, M2 = X'W^2X, M3 = X'W^3X (and Py = We):
 * - y'Py = sum w e^2, y'PPy = sum w^2 e^2,
 * - tr(P) = sum w - tr(A M2),
 * - tr(PP) = sum w^2 - 2 tr(A M3) + tr(A M2 A M2),
 * - tr(PV) = sum w v - tr(A X'W^2VX) for V = diag(v).
 * @reference Viechtbauer (2005), J Educ Behav Stat 30:261-293 (P and its traces);
 *   Raudenbush (2009), in The Handbook of Research Synthesis, ch. 16.
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
 * @example weightedFit(interceptDesign(2), [1, 3], [1, 1]).beta[0] // 2
 */
export function weightedFit(
  design: Design,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  v?: ArrayLike<number>,
): WeightedFit {
  const { k, p, X } = design;
  const moments = weightedMoments(design, y, w, v);
  const { inverse: A, logDet } = invertSpd(moments.M1, p);
  const beta = multiplyVector(A, moments.Xtwy, p);
  let RSS = 0;
  let RSS2 = 0;
  for (let i = 0; i < k; i++) {
    let fitted = 0;
    for (let j = 0; j < p; j++) fitted += X[i * p + j]! * beta[j]!;
    const we = w[i]! * (y[i]! - fitted);
    RSS += we * (y[i]! - fitted);
    RSS2 += we * we;
  }
  const AM2 = multiplyMatrices(A, moments.M2, p);
  const trP = moments.sumW - traceOfProduct(A, moments.M2, p);
  const trPP = moments.sumW2 - 2 * traceOfProduct(A, moments.M3, p) + traceOfSquare(AM2, p);
  const trPV = v === undefined ? 0 : moments.sumWV - traceOfProduct(A, moments.M2V, p);
  return {
    beta,
    XtWXinv: A,
    logDetXtWX: logDet,
    sumW: moments.sumW,
    sumW2: moments.sumW2,
    RSS,
    RSS2,
    trP,
    trPP,
    trPV,
    XtW2VX: moments.M2V,
  };
}

interface Moments {
  readonly M1: Float64Array;
  readonly M2: Float64Array;
  readonly M3: Float64Array;
  readonly M2V: Float64Array;
  readonly Xtwy: Float64Array;
  readonly sumW: number;
  readonly sumW2: number;
  readonly sumWV: number;
}

/** X'WX, X'W^2X, X'W^3X, X'W^2VX, X'Wy and the sums of w, w^2, w v in one pass. */
function weightedMoments(
  design: Design,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  v: ArrayLike<number> | undefined,
): Moments {
  const { k, p, X } = design;
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
    const wi2v = v === undefined ? 0 : wi2 * v[i]!;
    sumW += wi;
    sumW2 += wi2;
    if (v !== undefined) sumWV += wi * v[i]!;
    const row = i * p;
    for (let a = 0; a < p; a++) {
      const xa = X[row + a]!;
      Xtwy[a] += wi * xa * y[i]!;
      for (let b = 0; b <= a; b++) {
        const xx = xa * X[row + b]!;
        M1[a * p + b] += wi * xx;
        M2[a * p + b] += wi2 * xx;
        M3[a * p + b] += wi3 * xx;
        M2V[a * p + b] += wi2v * xx;
      }
    }
  }
  for (const M of [M1, M2, M3, M2V]) symmetrise(M, p);
  return { M1, M2, M3, M2V, Xtwy, sumW, sumW2, sumWV };
}

function symmetrise(M: Float64Array, p: number): void {
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) M[b * p + a] = M[a * p + b]!;
}

/** w_i = 1 / (v_i + tau2), into `out` (reused across iterations). */
export function inverseVarianceWeights(vi: ArrayLike<number>, tau2: number, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = 1 / (vi[i]! + tau2);
  return out;
}
