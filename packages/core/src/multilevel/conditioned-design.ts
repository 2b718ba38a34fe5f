/**
 * A design whose columns are centred and scaled for the iterations: X~ = X A, with A the
 * upper-triangular p x p map that centres each non-intercept column at its mean and divides
 * it by its standard deviation (scales only, when there is no intercept). The fitted model
 * is the same (X b = X~ b~, b = A b~, Var b = A Var b~ A'); the restricted likelihood too,
 * since log|X'X| and log|X'WX| both change by 2 log|A|. Moderators such as a publication
 * year (values near 2000 beside an intercept) otherwise make X'WX so ill-conditioned that
 * rounding swamps the gradient in the variance components.
 */
import type { Design } from "../design.js";

export interface ConditionedDesign {
  /** X A, k rows of p, row-major. */
  readonly X: Float64Array;
  /** A, p x p row-major. */
  readonly A: Float64Array;
}

/** X~ = X A for a design (column 0 the intercept when design.intercept). O(k p). */
export function conditionDesign(design: Design): ConditionedDesign {
  const { k, p, X, intercept } = design;
  const A = new Float64Array(p * p);
  const Xc = new Float64Array(k * p);
  for (let j = 0; j < p; j++) {
    if (intercept && j === 0) {
      A[0] = 1;
      for (let i = 0; i < k; i++) Xc[i * p] = X[i * p]!;
      continue;
    }
    let mean = 0;
    for (let i = 0; i < k; i++) mean += X[i * p + j]! / k;
    const centre = intercept ? mean : 0;
    let ss = 0;
    for (let i = 0; i < k; i++) ss += (X[i * p + j]! - centre) ** 2;
    const sd = Math.sqrt(ss / k);
    const scale = sd > 0 ? 1 / sd : 1;
    A[j * p + j] = scale;
    if (intercept) A[j] = -centre * scale;
    for (let i = 0; i < k; i++) Xc[i * p + j] = (X[i * p + j]! - centre) * scale;
  }
  return { X: Xc, A };
}

/** b = A b~. */
export function originalCoefficients(A: Float64Array, betaC: ArrayLike<number>, p: number): Float64Array {
  const beta = new Float64Array(p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) beta[a]! += A[a * p + b]! * betaC[b]!;
  return beta;
}

/** A V A' for a p x p V. */
export function originalCovariance(A: Float64Array, vC: ArrayLike<number>, p: number): Float64Array {
  const AV = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let c = 0; c < p; c++) for (let b = 0; b < p; b++) AV[a * p + b]! += A[a * p + c]! * vC[c * p + b]!;
  const out = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) for (let c = 0; c < p; c++) out[a * p + b]! += AV[a * p + c]! * A[b * p + c]!;
  return out;
}
