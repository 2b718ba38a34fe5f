/**
 * Fail-safe N: how many unpublished null studies would overturn the result, as metafor's fsn().
 */
import { chisqUpperTail, invalidOption, MetakitError, normalQuantile, normalTwoSidedP, zeroin } from "@metakit/base";
import { normaliseMetaforCompat, type MetaforCompat } from "@metakit/effect-size";
import type { StudyInput } from "../validate-input.js";
import { validateStudies } from "../validate-input.js";

export const FSN_TYPES = ["Rosenthal", "Orwin", "Rosenberg"] as const;
export type FsnType = (typeof FSN_TYPES)[number];

export interface FailSafeNOptions {
  /** Default "Rosenthal". */
  readonly type?: FsnType;
  /** Significance level (one-sided for Rosenthal, two-sided for Rosenberg). Default 0.05. */
  readonly alpha?: number;
  /** Orwin: the effect the added studies should bring the mean down to. Default: half the mean effect. */
  readonly target?: number;
  /**
   * Orwin: inverse-variance weighted mean (with new studies of average weight). Default
   * true, as metafor >= 4.4 (which weights whenever variances are given, as they always are
   * here); false with metaforCompat "3.8" (metafor 3.8-1's default).
   */
  readonly weighted?: boolean;
  /** metafor version whose defaults to follow where they changed after 3.8-1: "current" (default) or "3.8". */
  readonly metaforCompat?: MetaforCompat;
  /** Rosenthal: combine p-values by Stouffer's (default) or Fisher's method. */
  readonly pool?: "Stouffer" | "Fisher";
}

export interface FailSafeNResult {
  readonly type: FsnType;
  /** The fail-safe number, rounded up to a whole study. */
  readonly fsn: number;
  readonly alpha: number;
  /** Rosenthal and Rosenberg: the p-value of the combined test of the observed studies. */
  readonly pval: number | null;
  /** Orwin and Rosenberg: the (weighted) mean effect; Orwin: the target. */
  readonly meanEffect: number | null;
  readonly target: number | null;
  readonly notes: readonly string[];
}

/**
 * - Rosenthal (Stouffer): N = max(0, k (Z / z_alpha)^2 - k), Z = |sum zi| / sqrt(k),
 *   zi = yi / sqrt(vi), z_alpha the one-sided normal quantile; with Fisher's method, the N
 *   at which -2 (sum log pi + floor(N) log 0.5) reaches the chi-square(2(k + N)) critical
 *   value (metafor's search function, with R's truncation of rep(0.5, N)).
 * - Orwin: N = max(0, k (mean - target) / target), mean weighted by 1/vi (metafor >= 4.4)
 *   or unweighted (metafor 3.8-1's default: `weighted: false` or metaforCompat "3.8"),
 *   target default mean / 2 (its sign set to the mean's).
 * - Rosenberg: N = max(0, k ((sum wi yi / z_{alpha/2})^2 - sum wi) / sum wi), wi = 1/vi.
 * N is rounded up unless within sqrt(eps) of a whole number, as metafor.
 * @reference Rosenthal (1979), Psychol Bull 86:638-641; Orwin (1983), J Educ Stat 8:157-159;
 *   Rosenberg (2005), Evolution 59:464-468
 * @metafor fsn(yi, vi, type, alpha, target, weighted)
 * @example failSafeN(raudenbush1985).fsn // 26 (Raudenbush 1985, Rosenthal)
 */
export function failSafeN(input: StudyInput, options: FailSafeNOptions = {}): FailSafeNResult {
  const { k, yi, vi } = validateStudies(input, "failSafeN");
  const type = options.type ?? "Rosenthal";
  if (!FSN_TYPES.includes(type)) throw invalidOption("failSafeN", "type", type, `one of ${FSN_TYPES.join(", ")}`);
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw invalidOption("failSafeN", "alpha", alpha, "a significance level between 0 and 1");
  const base = { type, alpha, notes: [] as string[] };
  if (type === "Rosenthal") {
    const r = options.pool === "Fisher" ? rosenthalFisher(yi, vi, alpha) : rosenthalStouffer(yi, vi, alpha);
    return { ...base, fsn: roundUp(r.n), pval: r.pval, meanEffect: null, target: null };
  }
  if (type === "Orwin") {
    const weighted = options.weighted ?? normaliseMetaforCompat(options.metaforCompat) === "current";
    const r = orwin(yi, vi, weighted, options.target);
    return { ...base, fsn: roundUp(r.n), pval: null, meanEffect: r.mean, target: r.target };
  }
  const r = rosenberg(yi, vi, alpha);
  return { ...base, fsn: roundUp(r.n), pval: r.pval, meanEffect: r.mean, target: null };

  function rosenthalStouffer(y: Float64Array, v: Float64Array, a: number) {
    let sum = 0;
    for (let i = 0; i < k; i++) sum += y[i]! / Math.sqrt(v[i]!);
    const z = Math.abs(sum) / Math.sqrt(k);
    return { n: Math.max(0, k * (z / normalQuantile(1 - a)) ** 2 - k), pval: normalTwoSidedP(z) / 2 };
  }
}

/** metafor: ceiling unless within sqrt(eps) of an integer; Infinity stays. */
function roundUp(n: number): number {
  if (!Number.isFinite(n)) return n;
  return Math.abs(n - Math.round(n)) >= Math.sqrt(2.220446049250313e-16) ? Math.ceil(n) : Math.round(n);
}

function rosenthalFisher(yi: Float64Array, vi: Float64Array, alpha: number): { n: number; pval: number } {
  const k = yi.length;
  let sumLog = 0;
  for (let i = 0; i < k; i++) sumLog += Math.log(normalTwoSidedP(yi[i]! / Math.sqrt(vi[i]!)) / 2);
  // metafor adds rep(0.5, n) p-values, which R truncates to floor(n) for a fractional n,
  // while the df 2 (k + n) stay fractional: the same function is searched here.
  const combined = (n: number) => chisqUpperTail(-2 * (sumLog + Math.floor(n) * Math.log(0.5)), 2 * (k + n)) - alpha;
  const pval = combined(0) + alpha;
  if (pval >= alpha) return { n: 0, pval };
  let hi = 1000;
  while (combined(hi) < 0) {
    hi *= 2;
    if (hi > 1e12) throw new MetakitError("NOT_CONVERGED", "failSafeN: no fail-safe N for Fisher's method", { field: "pool", value: "Fisher" });
  }
  const n = zeroin(combined, 0, hi, combined(0), combined(hi), { tol: 1e-10, maxiter: 1000, what: "failSafeN" });
  return { n, pval };
}

function orwin(yi: Float64Array, vi: Float64Array, weighted: boolean, target: number | undefined) {
  const k = yi.length;
  let sw = 0;
  let swy = 0;
  for (let i = 0; i < k; i++) {
    const w = weighted ? 1 / vi[i]! : 1;
    sw += w;
    swy += w * yi[i]!;
  }
  const mean = swy / sw;
  let t = target ?? mean / 2;
  if (t === 0) return { n: Infinity, mean, target: t };
  if (Math.sign(t) !== Math.sign(mean)) t = -t;
  return { n: Math.max(0, (k * (mean - t)) / t), mean, target: t };
}

function rosenberg(yi: Float64Array, vi: Float64Array, alpha: number) {
  const k = yi.length;
  let sw = 0;
  let swy = 0;
  for (let i = 0; i < k; i++) {
    sw += 1 / vi[i]!;
    swy += yi[i]! / vi[i]!;
  }
  const mean = swy / sw;
  const z = mean / Math.sqrt(1 / sw);
  const wp = (swy / normalQuantile(1 - alpha / 2)) ** 2 - sw;
  return { n: Math.max(0, (k * wp) / sw), mean, pval: normalTwoSidedP(z) };
}
