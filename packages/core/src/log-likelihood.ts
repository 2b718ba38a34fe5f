/**
 * Log-likelihood of the random-effects model y ~ N(X beta, diag(vi + tau2)) at a given
 * tau2, with beta profiled out (ML) or integrated out (REML).
 * ML:   ll = -k/2 log(2 pi) - 1/2 sum log(vi + tau2) - 1/2 y'Py
 * REML: ll = -(k-p)/2 log(2 pi) + 1/2 log|X'X| - 1/2 sum log(vi + tau2)
 *            - 1/2 log|X'WX| - 1/2 y'Py
 * @reference Viechtbauer (2005), eqs. 8-9; Harville (1977), JASA 72:320-338
 * @metafor logLik(rma(..., method = "ML" | "REML")) (REMLf = TRUE)
 */
import type { Design } from "./design.js";
import { invertSpd } from "./symmetric-matrix.js";
import { isInterceptOnly, marginalFit } from "./weighted-least-squares.js";

export function logLikelihood(
  design: Design,
  yi: ArrayLike<number>,
  vi: ArrayLike<number>,
  tau2: number,
  reml: boolean,
): number {
  const { k, p } = design;
  let sumLogV = 0;
  for (let i = 0; i < k; i++) sumLogV += Math.log(vi[i]! + tau2);
  const fit = marginalFit(design, yi, vi, tau2);
  if (!reml) return -0.5 * k * Math.log(2 * Math.PI) - 0.5 * sumLogV - 0.5 * fit.RSS;
  return (
    -0.5 * (k - p) * Math.log(2 * Math.PI) +
    0.5 * logDetXtX(design) -
    0.5 * sumLogV -
    0.5 * fit.logDetXtWX -
    0.5 * fit.RSS
  );
}

/** log |X'X|, the constant of metafor's restricted likelihood (REMLf = TRUE); log k for X = 1. */
function logDetXtX(design: Design): number {
  const { k, p, X } = design;
  if (isInterceptOnly(design)) return Math.log(k);
  const XtX = new Float64Array(p * p);
  for (let i = 0; i < k; i++) {
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) XtX[a * p + b]! += X[i * p + a]! * X[i * p + b]!;
  }
  return invertSpd(XtX, p).logDet;
}
