/**
 * Kendall's rank correlation and its test, as R's cor.test(x, y, method = "kendall").
 */
import { MetakitError, normalTwoSidedP } from "@metakit/base";

export interface KendallTest {
  /** Kendall's tau-b (tau-a without ties). */
  readonly tau: number;
  /** S = concordant - discordant pairs. */
  readonly S: number;
  readonly pval: number;
  /** True when the p-value is the exact permutation one (no ties); else the normal approximation. */
  readonly exact: boolean;
  /** The z statistic of the normal approximation (null when exact). */
  readonly z: number | null;
}

/**
 * tau-b = S / sqrt((n0 - n1)(n0 - n2)), n0 = n(n-1)/2, n1 and n2 the tied pairs in x and y.
 * Without ties (and `exact`), the two-sided exact p-value from the null distribution of
 * the number of concordant pairs (all n! orderings equally likely); with ties, the normal
 * approximation with the tie-corrected variance of S and no continuity correction, as R.
 * O(n^2) for the pairs and the exact distribution.
 * @reference Kendall (1938), Biometrika 30:81-93; Kendall (1970), Rank Correlation Methods,
 *   ch. 4 (variance with ties); Best & Gipps (1974), Appl Stat 23:98-100 (exact distribution)
 * @metafor cor.test(x, y, method = "kendall", exact = TRUE) (R stats, used by ranktest())
 */
export function kendallTest(x: ArrayLike<number>, y: ArrayLike<number>, exact = true): KendallTest {
  const n = x.length;
  if (n < 2 || y.length !== n) {
    throw new MetakitError("INSUFFICIENT_DATA", "kendallTest: needs two paired samples of at least 2 values", {
      field: "x",
      value: n,
    });
  }
  let S = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) S += Math.sign(x[i]! - x[j]!) * Math.sign(y[i]! - y[j]!);
  }
  const tiesX = tieSizes(x);
  const tiesY = tieSizes(y);
  const n0 = (n * (n - 1)) / 2;
  const n1 = sumOver(tiesX, (t) => (t * (t - 1)) / 2);
  const n2 = sumOver(tiesY, (t) => (t * (t - 1)) / 2);
  const tau = S / Math.sqrt((n0 - n1) * (n0 - n2));
  if (!Number.isFinite(tau)) {
    throw new MetakitError("INVALID_INPUT", "kendallTest: one variable is constant, so tau is undefined", { field: "x", value: n });
  }
  const hasTies = tiesX.length > 0 || tiesY.length > 0;
  if (exact && !hasTies) return { tau, S, pval: exactPValue(Math.round((S + n0) / 2), n), exact: true, z: null };
  const z = S / Math.sqrt(varianceOfS(n, tiesX, tiesY));
  return { tau, S, pval: normalTwoSidedP(z), exact: false, z };
}

/** Sizes (>= 2) of the groups of tied values. */
function tieSizes(v: ArrayLike<number>): number[] {
  const counts = new Map<number, number>();
  for (const value of Array.from(v)) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.values()].filter((t) => t > 1);
}

function sumOver(values: readonly number[], f: (t: number) => number): number {
  return values.reduce((s, t) => s + f(t), 0);
}

/** Var(S) under independence with ties (Kendall 1970, eq. 4.4). */
function varianceOfS(n: number, tx: readonly number[], ty: readonly number[]): number {
  const v0 = n * (n - 1) * (2 * n + 5);
  const vt = sumOver(tx, (t) => t * (t - 1) * (2 * t + 5));
  const vu = sumOver(ty, (t) => t * (t - 1) * (2 * t + 5));
  const v1 = sumOver(tx, (t) => t * (t - 1)) * sumOver(ty, (t) => t * (t - 1));
  const v2 = sumOver(tx, (t) => t * (t - 1) * (t - 2)) * sumOver(ty, (t) => t * (t - 1) * (t - 2));
  return (v0 - vt - vu) / 18 + v1 / (2 * n * (n - 1)) + (n > 2 ? v2 / (9 * n * (n - 1) * (n - 2)) : 0);
}

/**
 * Two-sided exact p-value of q concordant pairs among n: 2 P(T <= q) or 2 P(T >= q),
 * whichever tail q is in, capped at 1 (R's pkendall).
 */
function exactPValue(q: number, n: number): number {
  const dist = concordantPairsDistribution(n);
  const half = (n * (n - 1)) / 4;
  let tail = 0;
  if (q > half) for (let t = q; t < dist.length; t++) tail += dist[t]!;
  else for (let t = 0; t <= q; t++) tail += dist[t]!;
  return Math.min(1, 2 * tail);
}

/**
 * P(T = t), t = 0 .. n(n-1)/2, for the number of concordant pairs (equivalently of
 * inversions) of a uniformly random permutation: the convolution of uniform distributions
 * on {0, ..., i - 1}, i = 1 .. n, built with a running window sum.
 */
export function concordantPairsDistribution(n: number): Float64Array {
  const size = (n * (n - 1)) / 2 + 1;
  let dist = new Float64Array(size);
  let next = new Float64Array(size);
  dist[0] = 1;
  let top = 0;
  for (let i = 2; i <= n; i++) {
    const newTop = top + i - 1;
    let window = 0;
    for (let t = 0; t <= newTop; t++) {
      if (t <= top) window += dist[t]!;
      if (t - i >= 0) window -= dist[t - i]!;
      next[t] = window / i;
    }
    [dist, next] = [next, dist];
    top = newTop;
  }
  return dist;
}
