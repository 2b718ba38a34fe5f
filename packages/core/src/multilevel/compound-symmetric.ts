/**
 * The three-level model's traces in closed form when every inner group is a single row
 * (metafor's ~ 1 | outer/id with one id per effect size): each block is then
 * M_c = D + sigma2_outer 1 1', D = diag(vi + sigma2_inner), whose inverse is
 * W = D^{-1} - c w w', w = D^{-1} 1, c = sigma2_outer / (1 + sigma2_outer sum(w))
 * (Sherman–Morrison), and |M_c| = |D| (1 + sigma2_outer sum(w)). With G_0 = 1 1' and
 * G_1 = I, every term of block-evaluation.ts follows from a few sums over the block's rows,
 * so one evaluation costs O(k p^2) instead of O(sum n_c^3).
 * @reference Sherman & Morrison (1950), Ann Math Stat 21:124-127; Searle, Casella &
 *   McCulloch (1992), Variance Components, section 3.3 (the one-way model's V^{-1})
 */
import type { MultilevelData } from "./block-evaluation.js";

export interface CsTraces {
  logDetM: number;
  XtWX: Float64Array;
  XtWy: Float64Array;
  trWG: Float64Array;
  trWGWG: Float64Array;
  S: Float64Array[];
  SS: Float64Array[];
}

/** Pass 1 in closed form (see block-evaluation.ts for the quantities). */
export function csTraces(data: MultilevelData, sigma2: readonly number[]): CsTraces {
  const { layout, vi, X, p, yi } = data;
  const { rows, starts, m } = layout;
  const s0 = sigma2[0]!;
  const s1 = sigma2[1]!;
  const out: CsTraces = {
    logDetM: 0,
    XtWX: new Float64Array(p * p),
    XtWy: new Float64Array(p),
    trWG: new Float64Array(2),
    trWGWG: new Float64Array(4),
    S: [new Float64Array(p * p), new Float64Array(p * p)],
    SS: [new Float64Array(p * p), new Float64Array(p * p), new Float64Array(p * p), new Float64Array(p * p)],
  };
  const sx = new Float64Array(p);
  const t = new Float64Array(p);
  const q = new Float64Array(p);
  const sWX = new Float64Array(p);
  const wx = new Float64Array(p);
  const [S0, S1] = out.S as [Float64Array, Float64Array];
  const [SS00, SS01, SS10, SS11] = out.SS as [Float64Array, Float64Array, Float64Array, Float64Array];
  for (let cl = 0; cl < m; cl++) {
    const t0 = starts[cl]!;
    const t1 = starts[cl + 1]!;
    let sumW = 0;
    let sumW2 = 0;
    let sumW3 = 0;
    let sy = 0;
    sx.fill(0);
    for (let r = t0; r < t1; r++) {
      const row = rows[r]!;
      const d = vi[row]! + s1;
      const w = 1 / d;
      out.logDetM += Math.log(d);
      sumW += w;
      sumW2 += w * w;
      sumW3 += w * w * w;
      sy += w * yi[row]!;
      for (let a = 0; a < p; a++) sx[a]! += w * X[row * p + a]!;
    }
    const g = 1 + s0 * sumW;
    const c = s0 / g;
    out.logDetM += Math.log(g);
    const oneW1 = sumW / g; // 1'W1
    out.trWG[0]! += oneW1;
    out.trWG[1]! += sumW - c * sumW2;
    out.trWGWG[0]! += oneW1 * oneW1;
    const cross = sumW2 / (g * g); // |W1|^2
    out.trWGWG[1]! += cross;
    out.trWGWG[2]! += cross;
    out.trWGWG[3]! += sumW2 - 2 * c * sumW3 + c * c * sumW2 * sumW2;
    for (let a = 0; a < p; a++) t[a] = sx[a]! / g; // (1'WX)'
    q.fill(0);
    sWX.fill(0);
    for (let r = t0; r < t1; r++) {
      const row = rows[r]!;
      const w = 1 / (vi[row]! + s1);
      const w1 = w / g; // (W1)_i
      for (let a = 0; a < p; a++) wx[a] = w * (X[row * p + a]! - c * sx[a]!); // (WX)_i
      const yr = yi[row]!;
      for (let a = 0; a < p; a++) {
        const xa = X[row * p + a]!;
        out.XtWy[a]! += wx[a]! * yr;
        q[a]! += w1 * wx[a]!;
        sWX[a]! += w * wx[a]!;
        for (let b = 0; b < p; b++) {
          out.XtWX[a * p + b]! += xa * wx[b]!;
          S1[a * p + b]! += wx[a]! * wx[b]!;
          SS11[a * p + b]! += w * wx[a]! * wx[b]!;
        }
      }
    }
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        const tt = t[a]! * t[b]!;
        S0[a * p + b]! += tt;
        SS00[a * p + b]! += oneW1 * tt;
        SS01[a * p + b]! += t[a]! * q[b]!;
        SS10[a * p + b]! += q[a]! * t[b]!;
        SS11[a * p + b]! -= c * sWX[a]! * sWX[b]!;
      }
    }
  }
  return out;
}

/** Pass 2 in closed form: y'Py, u'G_j u, the sums a_jl = (G_j u)'W(G_l u) and b_j = X'W G_j u. */
export function csResiduals(
  data: MultilevelData,
  sigma2: readonly number[],
  beta: Float64Array,
): { RSS: number; uGu: Float64Array; a: Float64Array; b: Float64Array[] } {
  const { layout, vi, X, p, yi } = data;
  const { rows, starts, m } = layout;
  const s0 = sigma2[0]!;
  const s1 = sigma2[1]!;
  const uGu = new Float64Array(2);
  const a = new Float64Array(4);
  const b = [new Float64Array(p), new Float64Array(p)] as [Float64Array, Float64Array];
  const sx = new Float64Array(p);
  let RSS = 0;
  for (let cl = 0; cl < m; cl++) {
    const t0 = starts[cl]!;
    const t1 = starts[cl + 1]!;
    let sumW = 0;
    let swr = 0;
    sx.fill(0);
    for (let r = t0; r < t1; r++) {
      const row = rows[r]!;
      const w = 1 / (vi[row]! + s1);
      let fitted = 0;
      for (let j = 0; j < p; j++) fitted += X[row * p + j]! * beta[j]!;
      sumW += w;
      swr += w * (yi[row]! - fitted);
      for (let j = 0; j < p; j++) sx[j]! += w * X[row * p + j]!;
    }
    const g = 1 + s0 * sumW;
    const c = s0 / g;
    let sumU = 0;
    let sumU2 = 0;
    let uWu = 0;
    let w1u = 0;
    let swu = 0;
    for (let r = t0; r < t1; r++) {
      const row = rows[r]!;
      const w = 1 / (vi[row]! + s1);
      let fitted = 0;
      for (let j = 0; j < p; j++) fitted += X[row * p + j]! * beta[j]!;
      const res = yi[row]! - fitted;
      const u = w * res - c * w * swr; // (W r)_i
      RSS += res * u;
      sumU += u;
      sumU2 += u * u;
      swu += w * u;
      w1u += (w / g) * u;
      uWu += w * u * u;
      for (let j = 0; j < p; j++) b[1][j]! += w * (X[row * p + j]! - c * sx[j]!) * u;
    }
    uWu -= c * swu * swu;
    uGu[0]! += sumU * sumU;
    uGu[1]! += sumU2;
    a[0]! += sumU * sumU * (sumW / g);
    a[1]! += sumU * w1u;
    a[2]! += sumU * w1u;
    a[3]! += uWu;
    for (let j = 0; j < p; j++) b[0][j]! += (sumU * sx[j]!) / g;
  }
  return { RSS, uGu, a, b };
}
