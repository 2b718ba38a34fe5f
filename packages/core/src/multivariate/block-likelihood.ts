/**
 * The multivariate model's marginal likelihood, its score, expected and observed
 * information in theta = (tau2..., rho...), computed study by study:
 *   M_c = V_c + Z_c G(theta) Z_c',  D_cj = dM_c / dtheta_j,  E_cjl = d2 M_c / dtheta_j dtheta_l,
 * with V_c the known within-study covariance and Z_c the rows' outcome indicators. No k x k
 * matrix is formed: each block is inverted densely (Cholesky), so one evaluation costs
 * O(sum_c n_c^3 r^2 + k p^2) for r parameters. With P = W - W X (X'WX)^{-1} X'W, W = M^{-1}:
 *   REML ll = -(k-p)/2 log 2pi + 1/2 log|X'X| - 1/2 log|M| - 1/2 log|X'WX| - 1/2 y'Py
 *   ML ll   = -k/2 log 2pi - 1/2 log|M| - 1/2 y'Py
 *   score_j = -1/2 tr(P D_j) + 1/2 y'P D_j P y                          (tr(W D_j) under ML)
 *   Fisher_jl = 1/2 tr(P D_j P D_l)
 *   observed_jl = -1/2 tr(P D_j P D_l) + y'P D_j P D_l P y + 1/2 tr(P E_jl) - 1/2 y'P E_jl P y
 * @reference Harville (1977), JASA 72:320-338, eqs. 3.8-3.11 and 4.4; Jennrich & Schluchter
 *   (1986), Biometrics 42:805-820 (Newton-Raphson for structured covariance matrices)
 * @metafor logLik(rma.mv(yi, V, random = ~ outcome | study, struct, method = "REML" | "ML"))
 */
import { addCrossProduct, invertSpd, multiplyInto, traceOfGeneralProduct, traceOfHSHS } from "../symmetric-matrix.js";
import type { ClusterLayout } from "../multilevel/cluster-layout.js";
import type { StructureShape } from "./variance-structure.js";
import { entryDerivatives } from "./variance-structure.js";

export interface MultivariateData {
  readonly layout: ClusterLayout;
  readonly yi: Float64Array;
  /** The within-study blocks V_c, row-major, concatenated in cluster order (positions as in layout.rows). */
  readonly V: Float64Array;
  /** Offset of each cluster's block in V. */
  readonly vOffsets: Int32Array;
  /** The 0-based outcome level of each row (input order). */
  readonly outcome: Int32Array;
  readonly shape: StructureShape;
  readonly X: Float64Array;
  readonly p: number;
  readonly halfLogDetXtX: number;
}

export interface MultivariateEvaluation {
  readonly logLik: number;
  readonly beta: Float64Array;
  readonly vb: Float64Array;
  readonly score: Float64Array;
  readonly fisher: Float64Array;
  readonly observed: Float64Array;
}

interface GTable {
  readonly value: Float64Array;
  /** Per parameter j, the q x q matrix dG/dtheta_j. */
  readonly first: Float64Array[];
  /** Per (j, l), j >= l, the q x q matrix d2G/dtheta_j dtheta_l, or undefined when 0. */
  readonly second: Map<number, Float64Array>;
}

/** G and its derivatives at theta, q x q each. */
function gTable(shape: StructureShape, theta: ArrayLike<number>): GTable {
  const { q } = shape;
  const r = shape.nTau + shape.nRho;
  const value = new Float64Array(q * q);
  const first = Array.from({ length: r }, () => new Float64Array(q * q));
  const second = new Map<number, Float64Array>();
  for (let l = 0; l < q; l++) {
    for (let m = 0; m < q; m++) {
      const e = entryDerivatives(shape, theta, l, m);
      value[l * q + m] = e.value;
      for (const [j, g] of e.gradient) first[j]![l * q + m]! += g;
      for (const [i, j, h] of e.hessian) {
        const key = i * r + j;
        let H = second.get(key);
        if (H === undefined) second.set(key, (H = new Float64Array(q * q)));
        H[l * q + m]! += h;
      }
    }
  }
  return { value, first, second };
}

/**
 * Evaluates the log-likelihood, beta, its covariance and the derivatives in theta.
 * Throws INVALID_INPUT when a block M_c or X'WX is not positive definite.
 */
export function evaluateMultivariate(data: MultivariateData, theta: ArrayLike<number>, reml: boolean): MultivariateEvaluation {
  const { layout, yi, X, p, shape, outcome } = data;
  const q = shape.q;
  const r = shape.nTau + shape.nRho;
  const G = gTable(shape, theta);
  const secondKeys = [...G.second.keys()];
  const nMax = layout.maxSize;
  const XtWX = new Float64Array(p * p);
  const XtWy = new Float64Array(p);
  const trWD = new Float64Array(r);
  const trWDWD = new Float64Array(r * r);
  const S = Array.from({ length: r }, () => new Float64Array(p * p));
  const SS = Array.from({ length: r * r }, () => new Float64Array(p * p));
  const trWE = new Float64Array(secondKeys.length);
  const SE = secondKeys.map(() => new Float64Array(p * p));
  let logDetM = 0;
  const Ws: Float64Array[] = [];
  const WXs: Float64Array[] = [];
  const M = new Float64Array(nMax * nMax);
  const D = Array.from({ length: r }, () => new Float64Array(nMax * nMax));
  const E = secondKeys.map(() => new Float64Array(nMax * nMax));
  const A = Array.from({ length: r }, () => new Float64Array(nMax * nMax));
  const DWX = Array.from({ length: r }, () => new Float64Array(nMax * p));
  const tmp = new Float64Array(nMax * p);
  for (let c = 0; c < layout.m; c++) {
    const t0 = layout.starts[c]!;
    const n = layout.starts[c + 1]! - t0;
    const nn = n * n;
    const V = data.V.subarray(data.vOffsets[c]!, data.vOffsets[c]! + nn);
    fillBlock(M, V, G.value, outcome, layout.rows, t0, n, q);
    for (let j = 0; j < r; j++) fillBlock(D[j]!, undefined, G.first[j]!, outcome, layout.rows, t0, n, q);
    secondKeys.forEach((key, s) => fillBlock(E[s]!, undefined, G.second.get(key)!, outcome, layout.rows, t0, n, q));
    const { inverse: W, logDet } = invertSpd(M.subarray(0, nn), n);
    logDetM += logDet;
    Ws.push(W);
    const Xc = new Float64Array(n * p);
    for (let a = 0; a < n; a++) Xc.set(X.subarray(layout.rows[t0 + a]! * p, (layout.rows[t0 + a]! + 1) * p), a * p);
    const WX = multiply(W, Xc, n, n, p);
    WXs.push(WX);
    for (let a = 0; a < n; a++) {
      const y = yi[layout.rows[t0 + a]!]!;
      for (let x = 0; x < p; x++) {
        XtWy[x]! += WX[a * p + x]! * y;
        for (let z = 0; z < p; z++) XtWX[x * p + z]! += Xc[a * p + x]! * WX[a * p + z]!;
      }
    }
    for (let j = 0; j < r; j++) {
      multiplyInto(W, D[j]!, n, n, n, A[j]!); // W D_j
      let tr = 0;
      for (let a = 0; a < n; a++) tr += A[j]![a * n + a]!;
      trWD[j]! += tr;
      multiplyInto(D[j]!, WX, n, n, p, DWX[j]!); // D_j W X
      addCrossProduct(WX, DWX[j]!, n, p, S[j]!);
    }
    for (let j = 0; j < r; j++) {
      for (let l = 0; l < r; l++) {
        let tr = 0;
        for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) tr += A[j]![a * n + b]! * A[l]![b * n + a]!;
        trWDWD[j * r + l]! += tr;
      }
      multiplyInto(W, DWX[j]!, n, n, p, tmp); // W D_j W X
      for (let l = 0; l < r; l++) addCrossProduct(DWX[l]!, tmp, n, p, SS[l * r + j]!);
    }
    secondKeys.forEach((_, s) => {
      let tr = 0;
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) tr += W[a * n + b]! * E[s]![b * n + a]!;
      trWE[s]! += tr;
      multiplyInto(E[s]!, WX, n, n, p, tmp);
      addCrossProduct(WX, tmp, n, p, SE[s]!);
    });
  }
  const { inverse: vb, logDet: logDetXtWX } = invertSpd(XtWX, p);
  const beta = new Float64Array(p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) beta[a]! += vb[a * p + b]! * XtWy[b]!;
  // Pass 2: u = W (y - X beta) per study
  let RSS = 0;
  const uDu = new Float64Array(r);
  const uEu = new Float64Array(secondKeys.length);
  const bj = Array.from({ length: r }, () => new Float64Array(p));
  const aj = new Float64Array(r * r);
  for (let c = 0; c < layout.m; c++) {
    const t0 = layout.starts[c]!;
    const n = layout.starts[c + 1]! - t0;
    const W = Ws[c]!;
    const WX = WXs[c]!;
    const res = new Float64Array(n);
    for (let a = 0; a < n; a++) {
      const row = layout.rows[t0 + a]!;
      let fitted = 0;
      for (let x = 0; x < p; x++) fitted += X[row * p + x]! * beta[x]!;
      res[a] = yi[row]! - fitted;
    }
    const u = multiply(W, res, n, n, 1);
    for (let a = 0; a < n; a++) RSS += res[a]! * u[a]!;
    const Du: Float64Array[] = [];
    for (let j = 0; j < r; j++) {
      fillBlock(D[j]!, undefined, G.first[j]!, outcome, layout.rows, t0, n, q);
      const d = multiply(D[j]!, u, n, n, 1);
      Du.push(d);
      for (let a = 0; a < n; a++) uDu[j]! += u[a]! * d[a]!;
      for (let x = 0; x < p; x++) for (let a = 0; a < n; a++) bj[j]![x]! += WX[a * p + x]! * d[a]!;
    }
    for (let l = 0; l < r; l++) {
      const WDu = multiply(W, Du[l]!, n, n, 1);
      for (let j = 0; j < r; j++) for (let a = 0; a < n; a++) aj[j * r + l]! += Du[j]![a]! * WDu[a]!;
    }
    secondKeys.forEach((key, s) => {
      fillBlock(E[s]!, undefined, G.second.get(key)!, outcome, layout.rows, t0, n, q);
      const Eu = multiply(E[s]!, u, n, n, 1);
      for (let a = 0; a < n; a++) uEu[s]! += u[a]! * Eu[a]!;
    });
  }
  const k = layout.k;
  let logLik = -0.5 * (reml ? k - p : k) * Math.log(2 * Math.PI) - 0.5 * logDetM - 0.5 * RSS;
  if (reml) logLik += data.halfLogDetXtX - 0.5 * logDetXtWX;
  const score = new Float64Array(r);
  const fisher = new Float64Array(r * r);
  const observed = new Float64Array(r * r);
  for (let j = 0; j < r; j++) {
    const trPD = trWD[j]! - (reml ? traceOfGeneralProduct(vb, S[j]!, p) : 0);
    score[j] = -0.5 * trPD + 0.5 * uDu[j]!;
    for (let l = 0; l < r; l++) {
      let trPDPD = trWDWD[j * r + l]!;
      if (reml) trPDPD += -2 * traceOfGeneralProduct(vb, SS[j * r + l]!, p) + traceOfHSHS(vb, S[j]!, S[l]!, p);
      // y'P D_j P D_l P y = (D_j u)' P (D_l u) = sum (D_j u)' W (D_l u) - b_j' (X'WX)^{-1} b_l
      let correction = 0;
      for (let x = 0; x < p; x++) for (let z = 0; z < p; z++) correction += bj[j]![x]! * vb[x * p + z]! * bj[l]![z]!;
      fisher[j * r + l] = 0.5 * trPDPD;
      observed[j * r + l] = -0.5 * trPDPD + aj[j * r + l]! - correction;
    }
  }
  secondKeys.forEach((key, s) => {
    const i = Math.floor(key / r);
    const j = key % r;
    const trPE = trWE[s]! - (reml ? traceOfGeneralProduct(vb, SE[s]!, p) : 0);
    const term = 0.5 * trPE - 0.5 * uEu[s]!;
    observed[i * r + j]! += term;
    if (i !== j) observed[j * r + i]! += term;
  });
  return { logLik, beta, vb, score, fisher, observed };
}

/** out = (V or 0) + T[outcome_a, outcome_b] over the cluster's rows. */
function fillBlock(
  out: Float64Array,
  V: Float64Array | undefined,
  T: Float64Array,
  outcome: Int32Array,
  rows: Int32Array,
  t0: number,
  n: number,
  q: number,
): void {
  for (let a = 0; a < n; a++) {
    const oa = outcome[rows[t0 + a]!]!;
    for (let b = 0; b < n; b++) {
      out[a * n + b] = (V === undefined ? 0 : V[a * n + b]!) + T[oa * q + outcome[rows[t0 + b]!]!]!;
    }
  }
}

function multiply(A: ArrayLike<number>, B: ArrayLike<number>, r: number, s: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  multiplyInto(A, B, r, s, c, out);
  return out;
}
