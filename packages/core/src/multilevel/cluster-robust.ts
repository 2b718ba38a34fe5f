/**
 * Cluster-robust (sandwich) inference for the coefficients of a fitted meta-analytic
 * model with block-diagonal marginal covariance M (metafor's robust()): CR1 with the
 * small-sample factor J / (J - p) and t tests on J - p df (robust(adjust = TRUE)), or the
 * bias-reduced linearisation CR2 with Satterthwaite degrees of freedom per coefficient
 * (clubSandwich's vcovCR(type = "CR2") and coef_test(test = "Satterthwaite"), with the
 * model's inverse-variance working weights W = M^{-1} and target M).
 */
import { fUpperTail, MetakitError, tQuantile, tTwoSidedP } from "@metakit/base";
import { invertSpd } from "../symmetric-matrix.js";
import type { TestedEstimate } from "../estimate.js";
import { clusterLayout } from "./cluster-layout.js";
import { inverseSquareRoot } from "./symmetric-eigen.js";

export const SMALL_SAMPLE_CORRECTIONS = ["CR1", "CR2"] as const;
export type SmallSampleCorrection = (typeof SMALL_SAMPLE_CORRECTIONS)[number];

export interface RobustCoefficient extends TestedEstimate {
  readonly name: string;
  /** t degrees of freedom: J - p (CR1) or Satterthwaite's (CR2). */
  readonly df: number;
}

export interface RobustResult {
  readonly method: SmallSampleCorrection;
  /** Number of clusters J. */
  readonly clusters: number;
  readonly coefficients: readonly RobustCoefficient[];
  readonly vcov: readonly (readonly number[])[];
  /** Omnibus test of the moderators: F on (m, J - p) for CR1; for CR2 clubSandwich's HTZ F (t^2 for one coefficient). */
  readonly QM?: number;
  readonly QMdf?: readonly [number, number];
  readonly QMp?: number;
  readonly notes: readonly string[];
}

/** A fitted model as the sandwich needs it, on the conditioned design (see conditioned-design.ts). */
export interface SandwichModel {
  readonly yi: Float64Array;
  readonly vi: Float64Array;
  /** X~, k rows of p. */
  readonly X: Float64Array;
  readonly p: number;
  /** b = A b~. */
  readonly A: Float64Array;
  readonly betaC: Float64Array;
  /** (X~'WX~)^{-1}. */
  readonly vbC: Float64Array;
  /** Per row: its random-effects cluster and inner group (global ids), and [sigma2 of the cluster, of the group]. */
  readonly outerId: Int32Array;
  readonly innerId: Int32Array;
  readonly sigma2: readonly [number, number];
  /** The block of M for the given rows, where M is not the nested-components one (the multivariate model). */
  readonly block?: (rows: Int32Array) => Float64Array;
  /** The coefficients the omnibus test covers; default all but the first (the intercept), or the only one. */
  readonly btt?: readonly number[];
  readonly terms: readonly string[];
  readonly level: number;
}

/**
 * The robust covariance, tests and intervals of the coefficients, clustered by `cluster`
 * (one label per row; the model's random effects must be nested within it). Per cluster j
 * with residuals e_j and W_j = M_j^{-1}: V = H [sum_j E_j e_j e_j' E_j'] H, H = (X'WX)^{-1},
 * E_j = X_j' W_j (CR1, times J / (J - p)) or X_j' W_j A_j with
 * A_j = D_j' (D_j (I - X_j H X_j' W_j) M_j D_j')^{-1/2} D_j, M_j = D_j' D_j (CR2).
 * Satterthwaite df for coefficient i: (tr P_i)^2 / tr(P_i^2) with P_i = diag(g_i) - K_i K_i'
 * (g_ij = |row i of H E_j D_j'|^2, K_i's row j = row i of H E_j X_j L, H = L L'), summed
 * in O(J p^2) without forming the J x J matrix. Cost O(sum_j n_j^3 + J p^3).
 * @reference Bell & McCaffrey (2002), Surv Methodol 28:169-181; Tipton (2015), Psychol
 *   Methods 20:375-393; Pustejovsky & Tipton (2018), J Bus Econ Stat 36:672-683, eqs. 5-8
 * @metafor robust(fit, cluster, adjust = TRUE); robust(fit, cluster, clubSandwich = TRUE)
 */
export function clusterRobust(model: SandwichModel, cluster: readonly string[], method: SmallSampleCorrection): RobustResult {
  const layout = clusterLayout(cluster, undefined, "robust");
  checkNested(model, layout.rows, layout.starts);
  const { p } = model;
  const J = layout.m;
  if (J - p < 1) {
    throw new MetakitError("INSUFFICIENT_DATA", `robust: ${J} clusters for ${p} coefficients`, { field: "cluster", value: J });
  }
  const L_U = choleskyLower(model.vbC, p);
  const meat = new Float64Array(p * p);
  const satterthwaite: SatterthwaiteSums = {
    g: new Float64Array(p),
    g2: new Float64Array(p),
    gk: new Float64Array(p),
    k2: new Float64Array(p),
    KK: Array.from({ length: p }, () => new Float64Array(p * p)),
    blocks: [],
  };
  for (let c = 0; c < J; c++) {
    const rows = layout.rows.subarray(layout.starts[c]!, layout.starts[c + 1]!);
    clusterContribution(model, rows, method, L_U, meat, satterthwaite);
  }
  const factor = method === "CR1" ? J / (J - p) : 1;
  const vcov = meat.map((v) => v * factor);
  const beta = multiply(model.A, model.betaC, p, p, 1);
  const notes: string[] = [];
  const coefficients = model.terms.map((name, i): RobustCoefficient => {
    const se = Math.sqrt(vcov[i * p + i]!);
    const df = method === "CR1" ? J - p : satterthwaiteDf(satterthwaite, i, p);
    const estimate = beta[i]!;
    const statistic = estimate / se;
    const crit = tQuantile(1 - (1 - model.level / 100) / 2, df);
    return { name, estimate, se, statistic, df, pval: tTwoSidedP(statistic, df), ciLower: estimate - crit * se, ciUpper: estimate + crit * se };
  });
  return { method, clusters: J, coefficients, vcov: model.terms.map((_, a) => model.terms.map((__, b) => vcov[a * p + b]!)), ...omnibus(beta, vcov, coefficients, p, J, method, satterthwaite.blocks, model.btt), notes };
}

interface SatterthwaiteSums {
  /** Per coefficient i: sum_j g_ij, sum_j g_ij^2, sum_j g_ij |k_ji|^2, sum_j |k_ji|^2, sum_j k_ji k_ji'. */
  g: Float64Array;
  /** Per cluster: H E_j D_j' (p x n_j) and H E_j X_j L (p x p), for the HTZ test. */
  blocks: { QL: Float64Array; K: Float64Array; n: number }[];
  g2: Float64Array;
  gk: Float64Array;
  k2: Float64Array;
  KK: Float64Array[];
}

/** Adds cluster j's E_j e_j e_j' E_j' (mapped to the user's coefficients) and its Satterthwaite sums. */
function clusterContribution(
  model: SandwichModel,
  rows: Int32Array,
  method: SmallSampleCorrection,
  L_U: Float64Array,
  meat: Float64Array,
  sums: SatterthwaiteSums,
): void {
  const { p, X, vbC } = model;
  const n = rows.length;
  const Mj = blockOf(model, rows);
  const Lj = choleskyLower(Mj, n);
  const Wj = invertSpd(Mj, n).inverse;
  const Xj = new Float64Array(n * p);
  rows.forEach((row, a) => Xj.set(X.subarray(row * p, (row + 1) * p), a * p));
  const XtW = multiply(transpose(Xj, n, p), Wj, p, n, n); // p x n
  let E = XtW;
  if (method === "CR2") {
    // I - X_j H X_j' W_j, then G = D (I - H_jj) M D' with D = L_j'
    const XH = multiply(Xj, vbC, n, p, p);
    const IH = multiply(XH, XtW, n, p, n).map((v, idx) => (Math.floor(idx / n) === idx % n ? 1 : 0) - v);
    const Lt = transpose(Lj, n, n);
    const G = multiply(multiply(multiply(Lt, IH, n, n, n), Mj, n, n, n), Lj, n, n, n);
    symmetrize(G, n);
    const adjustment = multiply(multiply(Lj, inverseSquareRoot(G, n), n, n, n), Lt, n, n, n);
    E = multiply(XtW, adjustment, p, n, n);
  }
  const Q = multiply(model.A, multiply(vbC, E, p, p, n), p, p, n); // p x n, in the user's coefficients
  const e = new Float64Array(n);
  rows.forEach((row, a) => {
    let fitted = 0;
    for (let j = 0; j < p; j++) fitted += X[row * p + j]! * model.betaC[j]!;
    e[a] = model.yi[row]! - fitted;
  });
  const u = multiply(Q, e, p, n, 1);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) meat[a * p + b]! += u[a]! * u[b]!;
  if (method === "CR2") {
    const QL = multiply(Q, Lj, p, n, n);
    const K = multiply(multiply(Q, Xj, p, n, p), L_U, p, p, p);
    addSatterthwaite(sums, QL, K, p, n);
    sums.blocks.push({ QL, K, n });
  }
}

function addSatterthwaite(sums: SatterthwaiteSums, QL: Float64Array, K: Float64Array, p: number, n: number): void {
  for (let i = 0; i < p; i++) {
    let g = 0;
    for (let a = 0; a < n; a++) g += QL[i * n + a]! ** 2;
    let k2 = 0;
    for (let a = 0; a < p; a++) k2 += K[i * p + a]! ** 2;
    sums.g[i]! += g;
    sums.g2[i]! += g * g;
    sums.gk[i]! += g * k2;
    sums.k2[i]! += k2;
    const KK = sums.KK[i]!;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) KK[a * p + b]! += K[i * p + a]! * K[i * p + b]!;
  }
}

/** (tr P)^2 / tr(P^2), P = diag(g) - K K': tr P = sum g - sum |k|^2, tr P^2 = sum g^2 - 2 sum g |k|^2 + |K'K|_F^2. */
function satterthwaiteDf(sums: SatterthwaiteSums, i: number, p: number): number {
  const trace = sums.g[i]! - sums.k2[i]!;
  let frobenius = 0;
  for (let a = 0; a < p * p; a++) frobenius += sums.KK[i]![a]! ** 2;
  const traceSquare = sums.g2[i]! - 2 * sums.gk[i]! + frobenius;
  return (trace * trace) / traceSquare;
}

function omnibus(
  beta: Float64Array,
  vcov: Float64Array,
  coefficients: readonly RobustCoefficient[],
  p: number,
  J: number,
  method: SmallSampleCorrection,
  blocks: SatterthwaiteSums["blocks"],
  tested?: readonly number[],
): Pick<RobustResult, "QM" | "QMdf" | "QMp"> {
  const btt = tested ?? (p === 1 ? [0] : Array.from({ length: p - 1 }, (_, j) => j + 1));
  const m = btt.length;
  const block = new Float64Array(m * m);
  btt.forEach((a, i) => btt.forEach((b, j) => (block[i * m + j] = vcov[a * p + b]!)));
  const inverse = invertSpd(block, m).inverse;
  let wald = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) wald += beta[btt[i]!]! * inverse[i * m + j]! * beta[btt[j]!]!;
  if (method === "CR2") {
    if (m === 1) {
      const c = coefficients[btt[0]!]!;
      return { QM: wald, QMdf: [1, c.df], QMp: fUpperTail(wald, 1, c.df) };
    }
    return hotellingZ(wald, btt, blocks, p);
  }
  const QM = wald / m;
  return { QM, QMdf: [m, J - p], QMp: fUpperTail(QM, m, J - p) };
}

/**
 * clubSandwich's HTZ test of q coefficients: Q = b_C' V_C^{-1} b_C referred to Hotelling's
 * T^2 with nu = q (q + 1) / sum_st Var_st, Var_st = <B_st, B_ts> + <B_ss, B_tt> (Frobenius
 * products over clusters) for B = Omega^{-1/2} P Omega^{-1/2}, Omega_st = tr P_st, and
 * P_st = diag_j(g_j(s, t)) - K_s K_t' as in the Satterthwaite df; F = (nu - q + 1) Q /
 * (nu q) on (q, nu - q + 1) df. Reported as metafor's robust(clubSandwich = TRUE): QM the
 * F statistic. O(J (q n_j + p^2) q^2 + q^4 p^2).
 * @reference Tipton & Pustejovsky (2015), J Educ Behav Stat 40:604-634, section 3 (HTZ);
 *   Pustejovsky & Tipton (2018), eq. 12
 */
function hotellingZ(Q: number, btt: readonly number[], blocks: SatterthwaiteSums["blocks"], p: number): Pick<RobustResult, "QM" | "QMdf" | "QMp"> {
  const q = btt.length;
  const C = new Float64Array(q * p);
  btt.forEach((b, s) => (C[s * p + b] = 1));
  const omega = constraintMoments(C, q, blocks, p).trace;
  const T = multiply(inverseSquareRoot(omega, q), C, q, q, p);
  const { g, kk, A } = constraintMoments(T, q, blocks, p);
  // F(st, uv) = sum_ab P_st[a, b] P_uv[a, b]
  const F = (s: number, t: number, u: number, v: number): number => {
    let total = 0;
    for (let a = 0; a < blocks.length; a++) {
      const gst = g[a]![s * q + t]!;
      const guv = g[a]![u * q + v]!;
      total += gst * guv - gst * kk[a]![u * q + v]! - guv * kk[a]![s * q + t]!;
    }
    const Asu = A[s * q + u]!;
    const Atv = A[t * q + v]!;
    for (let x = 0; x < p * p; x++) total += Asu[x]! * Atv[x]!;
    return total;
  };
  let sumVar = 0;
  for (let s = 0; s < q; s++) for (let t = 0; t < q; t++) sumVar += F(s, t, t, s) + F(s, s, t, t);
  const nu = (q * (q + 1)) / sumVar;
  const delta = Math.max((nu - q + 1) / nu, 0);
  const df2 = nu - q + 1;
  const QM = (delta * Q) / q;
  return { QM, QMdf: [q, df2], QMp: df2 > 0 ? fUpperTail(QM, q, df2) : 1 };
}

/**
 * For constraint rows T (q x p): per cluster g_a(s, t) = (T QL_a)_s . (T QL_a)_t and
 * kk_a(s, t) = (T K_a)_s . (T K_a)_t; A_su = sum_a (T K_a)_s' (T K_a)_u (p x p);
 * trace_st = sum_a g_a(s, t) - kk_a(s, t) (Omega).
 */
function constraintMoments(T: Float64Array, q: number, blocks: SatterthwaiteSums["blocks"], p: number) {
  const g: Float64Array[] = [];
  const kk: Float64Array[] = [];
  const A = Array.from({ length: q * q }, () => new Float64Array(p * p));
  const trace = new Float64Array(q * q);
  for (const { QL, K, n } of blocks) {
    const TQL = multiply(T, QL, q, p, n);
    const TK = multiply(T, K, q, p, p);
    const ga = new Float64Array(q * q);
    const ka = new Float64Array(q * q);
    for (let s = 0; s < q; s++) {
      for (let t = 0; t < q; t++) {
        let x = 0;
        for (let c = 0; c < n; c++) x += TQL[s * n + c]! * TQL[t * n + c]!;
        let y = 0;
        for (let c = 0; c < p; c++) y += TK[s * p + c]! * TK[t * p + c]!;
        ga[s * q + t] = x;
        ka[s * q + t] = y;
        trace[s * q + t]! += x - y;
        const Ast = A[s * q + t]!;
        for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) Ast[a * p + b]! += TK[s * p + a]! * TK[t * p + b]!;
      }
    }
    g.push(ga);
    kk.push(ka);
  }
  return { g, kk, A, trace };
}

/** The rows' block of M: vi on the diagonal, sigma2[0] within a random-effects cluster, plus sigma2[1] within an inner group. */
function blockOf(model: SandwichModel, rows: Int32Array): Float64Array {
  if (model.block !== undefined) return model.block(rows);
  const n = rows.length;
  const M = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const ra = rows[a]!;
      const rb = rows[b]!;
      let v = 0;
      if (model.outerId[ra] === model.outerId[rb]) {
        v += model.sigma2[0];
        if (model.innerId[ra] === model.innerId[rb]) v += model.sigma2[1];
      }
      if (a === b) v += model.vi[ra]!;
      M[a * n + b] = v;
    }
  }
  return M;
}

/** Throws INVALID_INPUT when a random-effects cluster spans two robust clusters (clubSandwich's requirement). */
function checkNested(model: SandwichModel, rows: Int32Array, starts: Int32Array): void {
  const owner = new Map<number, number>();
  for (let c = 0; c + 1 < starts.length; c++) {
    for (let t = starts[c]!; t < starts[c + 1]!; t++) {
      const id = model.outerId[rows[t]!]!;
      const seen = owner.get(id);
      if (seen !== undefined && seen !== c) {
        throw new MetakitError("INVALID_INPUT", "robust: the model's random effects are not nested within the robust clusters", {
          study: rows[t]!,
          field: "cluster",
          value: id,
        });
      }
      owner.set(id, c);
    }
  }
}

/** Lower Cholesky factor L of an SPD n x n matrix, S = L L'. */
function choleskyLower(S: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = S[j * n + j]!;
    for (let m = 0; m < j; m++) d -= L[j * n + m]! ** 2;
    if (!(d > 0)) throw new MetakitError("INVALID_INPUT", "robust: a covariance block is not positive definite", { field: "vi", value: d });
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = S[i * n + j]!;
      for (let m = 0; m < j; m++) s -= L[i * n + m]! * L[j * n + m]!;
      L[i * n + j] = s / ljj;
    }
  }
  return L;
}

/** A (r x s) times B (s x c), row-major. */
function multiply(A: ArrayLike<number>, B: ArrayLike<number>, r: number, s: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    for (let m = 0; m < s; m++) {
      const a = A[i * s + m]!;
      if (a === 0) continue;
      for (let j = 0; j < c; j++) out[i * c + j]! += a * B[m * c + j]!;
    }
  }
  return out;
}

function transpose(A: Float64Array, r: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = A[i * c + j]!;
  return out;
}

function symmetrize(G: Float64Array, n: number): void {
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const v = 0.5 * (G[a * n + b]! + G[b * n + a]!);
      G[a * n + b] = v;
      G[b * n + a] = v;
    }
  }
}
