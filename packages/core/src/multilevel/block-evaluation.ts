/**
 * The three-level model's marginal likelihood, its score and information in the variance
 * components, at given sigma2 = [outer, inner], computed cluster by cluster:
 *   M_c = diag(vi) + sigma2_outer J + sigma2_inner S_c,
 * J the all-ones block and S_c the indicator of rows sharing an inner group. No k x k matrix
 * is formed: each block is inverted densely (Cholesky), so one evaluation costs
 * O(sum_c n_c^3 + k p^2).
 * With P = W - W X (X'WX)^{-1} X'W, W = M^{-1}, G_0 = J, G_1 = S:
 *   REML ll = -(k-p)/2 log 2pi + 1/2 log|X'X| - 1/2 log|M| - 1/2 log|X'WX| - 1/2 y'Py
 *   ML ll   = -k/2 log 2pi - 1/2 log|M| - 1/2 y'Py
 *   score_j = -1/2 tr(P G_j) + 1/2 y'P G_j P y              (tr(W G_j) under ML)
 *   Fisher_jk = 1/2 tr(P G_j P G_k)                            (tr(W G_j W G_k) under ML)
 *   observed_jk = -Fisher_jk + y'P G_j P G_k P y
 * @reference Harville (1977), JASA 72:320-338, eqs. 3.8-3.11 and 4.4; Searle, Casella &
 *   McCulloch (1992), Variance Components, sections 6.3 and 6.6
 * @metafor logLik(rma.mv(yi, vi, random = ~ 1 | outer/inner, method = "REML" | "ML")) (REMLf = TRUE)
 */
import { addCrossProduct, invertSpd, multiplyInto, traceOfGeneralProduct, traceOfHSHS } from "../symmetric-matrix.js";
import type { ClusterLayout } from "./cluster-layout.js";
import { csResiduals, csTraces } from "./compound-symmetric.js";

/** Number of variance components of the three-level model. */
export const Q = 2;

export interface MultilevelData {
  readonly layout: ClusterLayout;
  readonly yi: Float64Array;
  readonly vi: Float64Array;
  /** Design, k rows of p, row-major in input order. */
  readonly X: Float64Array;
  readonly p: number;
  /** 1/2 log|X'X| (REML's constant; metafor's REMLf = TRUE). */
  readonly halfLogDetXtX: number;
}

export interface BlockEvaluation {
  readonly logLik: number;
  readonly beta: Float64Array;
  /** (X'WX)^{-1}, p x p. */
  readonly vb: Float64Array;
  readonly logDetXtWX: number;
  /** y'Py. */
  readonly RSS: number;
  /** d ll / d sigma2_j. */
  readonly score: Float64Array;
  /** Expected information, Q x Q row-major. */
  readonly fisher: Float64Array;
  /** Observed information (minus the Hessian of ll), Q x Q row-major. */
  readonly observed: Float64Array;
}

interface Accumulated {
  logDetM: number;
  XtWX: Float64Array;
  XtWy: Float64Array;
  trWG: Float64Array;
  trWGWG: Float64Array;
  S: Float64Array[];
  SS: Float64Array[];
  W: Float64Array;
  WX: Float64Array;
}

/**
 * Evaluates the log-likelihood (REML or ML), beta, its covariance and the derivatives in
 * sigma2 at the given components. Throws INVALID_INPUT when X'WX is singular.
 */
export function evaluateBlocks(
  data: MultilevelData,
  sigma2: readonly number[],
  reml: boolean,
  path: "auto" | "dense" = "auto",
): BlockEvaluation {
  const { p, layout } = data;
  // One row per inner group: closed-form blocks (compound-symmetric.ts), O(k p^2)
  const closedForm = path === "auto" && layout.innerGroups === layout.k;
  const acc = closedForm ? csTraces(data, sigma2) : accumulateTraces(data, sigma2);
  const { inverse: vb, logDet: logDetXtWX } = invertSpd(acc.XtWX, p);
  const beta = new Float64Array(p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) beta[a]! += vb[a * p + b]! * acc.XtWy[b]!;
  const quad = closedForm ? quadraticsFrom(csResiduals(data, sigma2, beta), vb, p) : residualQuadratics(data, acc as Accumulated, beta);
  const k = layout.k;
  const df = reml ? k - p : k;
  let logLik = -0.5 * df * Math.log(2 * Math.PI) - 0.5 * acc.logDetM - 0.5 * quad.RSS;
  if (reml) logLik += data.halfLogDetXtX - 0.5 * logDetXtWX;
  const score = new Float64Array(Q);
  const fisher = new Float64Array(Q * Q);
  const observed = new Float64Array(Q * Q);
  for (let j = 0; j < Q; j++) {
    const trPG = acc.trWG[j]! - (reml ? traceOfGeneralProduct(vb, acc.S[j]!, p) : 0);
    score[j] = -0.5 * trPG + 0.5 * quad.uGu[j]!;
    for (let l = 0; l < Q; l++) {
      let trPGPG = acc.trWGWG[j * Q + l]!;
      if (reml) {
        trPGPG += -2 * traceOfGeneralProduct(vb, acc.SS[j * Q + l]!, p) + traceOfHSHS(vb, acc.S[j]!, acc.S[l]!, p);
      }
      fisher[j * Q + l] = 0.5 * trPGPG;
      observed[j * Q + l] = -0.5 * trPGPG + quad.yPGPGPy[j * Q + l]!;
    }
  }
  return { logLik, beta, vb, logDetXtWX, RSS: quad.RSS, score, fisher, observed };
}

/** Pass 1: per cluster, W_c = M_c^{-1} and every trace term that does not involve y. */
function accumulateTraces(data: MultilevelData, sigma2: readonly number[]): Accumulated {
  const { layout, vi, X, p, yi } = data;
  const { rows, starts, inner, m } = layout;
  const n2 = blockSquares(layout);
  const acc: Accumulated = {
    logDetM: 0,
    XtWX: new Float64Array(p * p),
    XtWy: new Float64Array(p),
    trWG: new Float64Array(Q),
    trWGWG: new Float64Array(Q * Q),
    S: Array.from({ length: Q }, () => new Float64Array(p * p)),
    SS: Array.from({ length: Q * Q }, () => new Float64Array(p * p)),
    W: new Float64Array(n2),
    WX: new Float64Array(layout.k * p),
  };
  const s0 = sigma2[0]!;
  const s1 = sigma2[1]!;
  const nMax = layout.maxSize;
  const M = new Float64Array(nMax * nMax);
  const A = [new Float64Array(nMax * nMax), new Float64Array(nMax * nMax)];
  const GWX = [new Float64Array(nMax * p), new Float64Array(nMax * p)];
  const WGWX = new Float64Array(nMax * p);
  let wOffset = 0;
  for (let c = 0; c < m; c++) {
    const t0 = starts[c]!;
    const n = starts[c + 1]! - t0;
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        let v = s0;
        if (inner[t0 + a] === inner[t0 + b]) v += s1;
        if (a === b) v += vi[rows[t0 + a]!]!;
        M[a * n + b] = v;
      }
    }
    const { inverse: W, logDet } = invertSpd(M.subarray(0, n * n), n);
    acc.logDetM += logDet;
    acc.W.set(W, wOffset);
    wOffset += n * n;
    // WX (n x p) and the X'WX, X'Wy sums
    const WX = acc.WX.subarray(t0 * p, (t0 + n) * p);
    for (let a = 0; a < n; a++) {
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let b = 0; b < n; b++) s += W[a * n + b]! * X[rows[t0 + b]! * p + j]!;
        WX[a * p + j] = s;
      }
    }
    for (let a = 0; a < n; a++) {
      const row = rows[t0 + a]!;
      for (let i = 0; i < p; i++) {
        const xi = X[row * p + i]!;
        acc.XtWy[i]! += WX[a * p + i]! * yi[row]!;
        for (let j = 0; j < p; j++) acc.XtWX[i * p + j]! += xi * WX[a * p + j]!;
      }
    }
    // A_j = W G_j; GWX_j = G_j W X
    for (let j = 0; j < Q; j++) {
      applyStructure(j, W, n, n, inner, t0, A[j]!, true);
      applyStructure(j, WX, n, p, inner, t0, GWX[j]!, false);
      let tr = 0;
      for (let a = 0; a < n; a++) tr += A[j]![a * n + a]!;
      acc.trWG[j]! += tr;
      addCrossProduct(WX, GWX[j]!, n, p, acc.S[j]!);
    }
    for (let j = 0; j < Q; j++) {
      for (let l = 0; l < Q; l++) {
        let tr = 0;
        for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) tr += A[j]![a * n + b]! * A[l]![b * n + a]!;
        acc.trWGWG[j * Q + l]! += tr;
      }
    }
    for (let l = 0; l < Q; l++) {
      multiplyInto(W, GWX[l]!, n, n, p, WGWX);
      for (let j = 0; j < Q; j++) addCrossProduct(GWX[j]!, WGWX, n, p, acc.SS[j * Q + l]!);
    }
  }
  return acc;
}

/** Pass 2: u = W (y - X beta) per cluster, y'Py, u'G_j u and y'P G_j P G_l P y. */
function residualQuadratics(
  data: MultilevelData,
  acc: Accumulated,
  beta: Float64Array,
): { RSS: number; uGu: Float64Array; yPGPGPy: Float64Array } {
  const { layout, yi, X, p } = data;
  const { rows, starts, inner, m } = layout;
  const nMax = layout.maxSize;
  const r = new Float64Array(nMax);
  const u = new Float64Array(nMax);
  const Gu = [new Float64Array(nMax), new Float64Array(nMax)];
  const WGu = new Float64Array(nMax);
  const b = [new Float64Array(p), new Float64Array(p)];
  const a = new Float64Array(Q * Q);
  const uGu = new Float64Array(Q);
  let RSS = 0;
  let wOffset = 0;
  for (let c = 0; c < m; c++) {
    const t0 = starts[c]!;
    const n = starts[c + 1]! - t0;
    const W = acc.W.subarray(wOffset, wOffset + n * n);
    wOffset += n * n;
    for (let i = 0; i < n; i++) {
      const row = rows[t0 + i]!;
      let fitted = 0;
      for (let j = 0; j < p; j++) fitted += X[row * p + j]! * beta[j]!;
      r[i] = yi[row]! - fitted;
    }
    multiplyInto(W, r, n, n, 1, u);
    for (let i = 0; i < n; i++) RSS += r[i]! * u[i]!;
    const WX = acc.WX.subarray(t0 * p, (t0 + n) * p);
    for (let j = 0; j < Q; j++) {
      applyStructure(j, u, n, 1, inner, t0, Gu[j]!, false);
      let s = 0;
      for (let i = 0; i < n; i++) s += u[i]! * Gu[j]![i]!;
      uGu[j]! += s;
      for (let x = 0; x < p; x++) {
        let t = 0;
        for (let i = 0; i < n; i++) t += WX[i * p + x]! * Gu[j]![i]!;
        b[j]![x]! += t;
      }
    }
    for (let l = 0; l < Q; l++) {
      multiplyInto(W, Gu[l]!, n, n, 1, WGu);
      for (let j = 0; j < Q; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += Gu[j]![i]! * WGu[i]!;
        a[j * Q + l]! += s;
      }
    }
  }
  return quadraticsFrom({ RSS, uGu, a, b }, invertSpd(acc.XtWX, p).inverse, p);
}

/** y'P G_j P G_l P y = (G_j u)' P (G_l u) = sum_c (G_j u)' W (G_l u) - b_j' (X'WX)^{-1} b_l. */
function quadraticsFrom(
  sums: { RSS: number; uGu: Float64Array; a: Float64Array; b: readonly Float64Array[] },
  vb: Float64Array,
  p: number,
): { RSS: number; uGu: Float64Array; yPGPGPy: Float64Array } {
  const yPGPGPy = new Float64Array(Q * Q);
  for (let j = 0; j < Q; j++) {
    for (let l = 0; l < Q; l++) {
      let s = 0;
      for (let x = 0; x < p; x++) for (let y = 0; y < p; y++) s += sums.b[j]![x]! * vb[x * p + y]! * sums.b[l]![y]!;
      yPGPGPy[j * Q + l] = sums.a[j * Q + l]! - s;
    }
  }
  return { RSS: sums.RSS, uGu: sums.uGu, yPGPGPy };
}

/**
 * out = B G_j (right, for an n x n B) or G_j B (left, for B of n rows and `cols` columns):
 * G_0 = J sums over the whole cluster, G_1 = S over the rows of the same inner group.
 */
function applyStructure(
  j: number,
  B: Float64Array,
  n: number,
  cols: number,
  inner: Int32Array,
  t0: number,
  out: Float64Array,
  right: boolean,
): void {
  if (right) {
    // (B G)[a][b] = sum over c in group(b) of B[a][c]
    for (let a = 0; a < n; a++) {
      for (let bb = 0; bb < n; bb++) {
        let s = 0;
        for (let c = 0; c < n; c++) if (j === 0 || inner[t0 + c] === inner[t0 + bb]) s += B[a * n + c]!;
        out[a * n + bb] = s;
      }
    }
    return;
  }
  for (let a = 0; a < n; a++) {
    for (let x = 0; x < cols; x++) {
      let s = 0;
      for (let c = 0; c < n; c++) if (j === 0 || inner[t0 + c] === inner[t0 + a]) s += B[c * cols + x]!;
      out[a * cols + x] = s;
    }
  }
}

function blockSquares(layout: ClusterLayout): number {
  let total = 0;
  for (let c = 0; c < layout.m; c++) total += (layout.starts[c + 1]! - layout.starts[c]!) ** 2;
  return total;
}
