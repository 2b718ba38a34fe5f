/**
 * The standard error of the tau2 estimate, as metafor's rma.uni() reports it (se.tau2),
 * in O(k p^2) time without a k x k matrix.
 */
import type { Design } from "./design.js";
import type { ModelSpec, RandomEffectsFit } from "./random-effects-model.js";
import { invertSpd, multiplyMatrices, traceOfProduct, traceOfSquare } from "./symmetric-matrix.js";
import { meanSquaredDeviation } from "./tau2-closed-form.js";
import { inverseVarianceWeights } from "./weighted-least-squares.js";

/**
 * Traces of P = W - W X (X'WX)^{-1} X'W against V = diag(v), for a diagonal W = diag(w).
 * With A = (X'WX)^{-1} and Mj[U] = X' W^j U X (p x p):
 * - tr(P) = sum w - tr(A M2), tr(PP) = sum w^2 - 2 tr(A M3) + tr((A M2)^2),
 * - tr(PV) = sum w v - tr(A M2[V]),
 * - tr(PVP) = sum w^2 v - 2 tr(A M3[V]) + tr(A M2[V] A M2),
 * - tr(PVPV) = sum w^2 v^2 - 2 tr(A M3[V^2]) + tr((A M2[V])^2).
 * metafor's sum(P * P), sum(PV * P) and sum(PV * t(PV)) are tr(PP), tr(PVP) and tr(PVPV).
 */
export interface ProjectionTraces {
  readonly sumW: number;
  readonly sumW2: number;
  readonly trP: number;
  readonly trPP: number;
  readonly trPV: number;
  readonly trPVP: number;
  readonly trPVPV: number;
}

/** The traces of P and of its products with V = diag(v), in one O(k p^2) pass. */
export function projectionTraces(design: Design, w: ArrayLike<number>, v: ArrayLike<number>): ProjectionTraces {
  const { k, p, X } = design;
  const M1 = new Float64Array(p * p);
  const M2 = new Float64Array(p * p);
  const M3 = new Float64Array(p * p);
  const M2V = new Float64Array(p * p);
  const M3V = new Float64Array(p * p);
  const M3VV = new Float64Array(p * p);
  let sumW = 0;
  let sumW2 = 0;
  let sumWV = 0;
  let sumW2V = 0;
  let sumW2V2 = 0;
  for (let i = 0; i < k; i++) {
    const wi = w[i]!;
    const vi = v[i]!;
    const wi2 = wi * wi;
    const wi3 = wi2 * wi;
    sumW += wi;
    sumW2 += wi2;
    sumWV += wi * vi;
    sumW2V += wi2 * vi;
    sumW2V2 += wi2 * vi * vi;
    for (let a = 0; a < p; a++) {
      const xa = X[i * p + a]!;
      for (let b = 0; b < p; b++) {
        const xx = xa * X[i * p + b]!;
        const at = a * p + b;
        M1[at]! += wi * xx;
        M2[at]! += wi2 * xx;
        M3[at]! += wi3 * xx;
        M2V[at]! += wi2 * vi * xx;
        M3V[at]! += wi3 * vi * xx;
        M3VV[at]! += wi3 * vi * vi * xx;
      }
    }
  }
  const A = invertSpd(M1, p).inverse;
  const AM2 = multiplyMatrices(A, M2, p);
  const AM2V = multiplyMatrices(A, M2V, p);
  return {
    sumW,
    sumW2,
    trP: sumW - traceOfProduct(A, M2, p),
    trPP: sumW2 - 2 * traceOfProduct(A, M3, p) + traceOfSquare(AM2, p),
    trPV: sumWV - traceOfProduct(A, M2V, p),
    trPVP: sumW2V - 2 * traceOfProduct(A, M3V, p) + traceOfProduct(AM2V, transpose(AM2, p), p),
    trPVPV: sumW2V2 - 2 * traceOfProduct(A, M3VV, p) + traceOfSquare(AM2V, p),
  };
}

/** B' for a p x p row-major B, so that traceOfProduct(C, B') = tr(C B). */
function transpose(B: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) out[b * p + a] = B[a * p + b]!;
  return out;
}

/**
 * Standard error of tau2 as metafor 3.8-1's rma.uni() computes se.tau2, for the estimate
 * (or the user's fixed tau2, where metafor reports it too). With t = tau2 (>= 0), P from
 * the weights named, V = diag(vi), and the variance of a quadratic form in normal y,
 * Var(y'By) = 2 tr(B S B S), S = V + t I:
 * - ML:  sqrt(2 / sum wi^2), wi = 1/(vi + t): the inverse Fisher information
 *   (Viechtbauer 2005, eq. 13);
 * - REML: sqrt(2 / tr(PP)), wi = 1/(vi + t) (Viechtbauer 2005, eq. 14);
 * - EB, PM, PMM: sqrt(2 k^2 / (k - p)) / sum wi, wi = 1/(vi + t) (metafor's choice for
 *   the Q-type iterative estimators; Viechtbauer 2005, eq. 15 for EB);
 * - DL (wi = 1/vi) and DLIT (wi = 1/(vi + t'), t' the tau2 of DLIT's last weights):
 *   sqrt(2 (k - p) + 4 t tr(P) + 2 t^2 tr(PP)) / tr(P) (Viechtbauer 2005, eq. 9);
 * - HS (wi = 1/vi): sqrt(2 (k - p) + 4 t tr(P) + 2 t^2 tr(PP)) / sum wi; HSk: times
 *   k / (k - p) (Viechtbauer 2005, eq. 11);
 * - HE (W = I): sqrt(2 tr(PVPV) + 4 t tr(PV) + 2 t^2 (k - p)) / (k - p)
 *   (Viechtbauer 2005, eq. 7);
 * - GENQ (W = diag of the user weights): sqrt(2 tr(PVPV) + 4 t tr(PVP) + 2 t^2 tr(PP)) / tr(P);
 * - SJ (wi = 1/(vi + t0), t0 the SJ starting value):
 *   t0 sqrt(2 tr(PVPV) + 4 t tr(PVP) + 2 t^2 tr(PP)) / (k - p) (Sidik & Jonkman 2005).
 * The moment formulas treat the weights as fixed and evaluate at the truncated estimate,
 * as metafor does. undefined where metafor's se.tau2 is NA: the equal-effects model
 * (EE/FE), and k <= p (metafor's k = 1 case; no residual degrees of freedom).
 * O(k p^2).
 * @reference Viechtbauer (2005), J Educ Behav Stat 30:261-293, eqs. 7-15
 * @metafor rma.uni(...)$se.tau2
 * @example tau2StandardError(bcg REML fit) // 0.1664 (dat.bcg log RR)
 */
export function tau2StandardError(
  fit: Pick<RandomEffectsFit, "k" | "p" | "tau2" | "tau2Estimate">,
  design: Design,
  yi: ArrayLike<number>,
  vi: Float64Array,
  spec: Pick<ModelSpec, "method" | "weights" | "control">,
): number | undefined {
  const { k, p, tau2 } = fit;
  if (k <= p) return undefined;
  const df = k - p;
  const at = (tau2w: number) => projectionTraces(design, inverseVarianceWeights(vi, tau2w, new Float64Array(k)), vi);
  const momentSe = (m: ProjectionTraces, denominator: number) =>
    Math.sqrt(2 * df + 4 * tau2 * m.trP + 2 * tau2 * tau2 * m.trPP) / denominator;
  const generalSe = (m: ProjectionTraces) => Math.sqrt(2 * m.trPVPV + 4 * tau2 * m.trPVP + 2 * tau2 * tau2 * m.trPP);
  switch (spec.method) {
    case "EE":
    case "FE":
      return undefined;
    case "ML":
      return Math.sqrt(2 / at(tau2).sumW2);
    case "REML":
      return Math.sqrt(2 / at(tau2).trPP);
    case "EB":
    case "PM":
    case "PMM":
      return Math.sqrt((2 * k * k) / df) / at(tau2).sumW;
    case "DL": {
      const m = at(0);
      return momentSe(m, m.trP);
    }
    case "DLIT": {
      const m = at(fit.tau2Estimate.weightsTau2 ?? tau2);
      return momentSe(m, m.trP);
    }
    case "HS":
    case "HSk": {
      const m = at(0);
      return (spec.method === "HSk" ? k / df : 1) * momentSe(m, m.sumW);
    }
    case "HE": {
      const m = projectionTraces(design, new Float64Array(k).fill(1), vi);
      return Math.sqrt(2 * m.trPVPV + 4 * tau2 * m.trPV + 2 * tau2 * tau2 * df) / df;
    }
    case "GENQ": {
      if (spec.weights === undefined) return undefined;
      const m = projectionTraces(design, spec.weights, vi);
      return generalSe(m) / m.trP;
    }
    case "SJ": {
      const tau20 = spec.control.tau2Init ?? meanSquaredDeviation(yi);
      return (tau20 * generalSe(at(tau20))) / df;
    }
  }
}

/** Why a result has no standard error of tau2 (metafor's se.tau2 is NA there too). */
export function seTau2AbsentNote(fit: Pick<RandomEffectsFit, "k" | "p" | "method">): string {
  if (fit.method === "EE" || fit.method === "FE") {
    return "equal-effects model: tau2 is 0 by assumption and has no standard error";
  }
  return `k = ${fit.k} ${fit.k === 1 ? "study" : "studies"} for ${fit.p} coefficient${fit.p === 1 ? "" : "s"}: no standard error of tau2`;
}
