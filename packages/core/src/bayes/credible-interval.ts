/**
 * Credible intervals of a univariate posterior given its quantile and density functions:
 * central (equal tails) or shortest (highest density for a unimodal density).
 * The shortest interval [Q(p), Q(p + level)] has equal density at both ends (Box & Tiao
 * 1973, sec. 2.8): p solves g(p) = f(Q(p)) - f(Q(p + level)) = 0, found by Brent's method
 * on p to 1e-12. Where g does not change sign in [pMin, pMax] the interval touches that end
 * of the support (tau: [0, Q(level)] when the density is highest at 0, as bayesmeta).
 * @reference Röver (2020), JSS 93(6), sec. 2.5; bayesmeta's post.interval(method = "shortest")
 */
import { zeroin } from "@metakit/base";

export const INTERVAL_TYPES = ["shortest", "central"] as const;
export type IntervalType = (typeof INTERVAL_TYPES)[number];

export interface Univariate {
  quantile(p: number): number;
  density(x: number): number;
}

export function credibleInterval(
  dist: Univariate,
  level: number,
  type: IntervalType,
  pMin: number,
): { lower: number; upper: number } {
  if (type === "central") {
    return { lower: dist.quantile((1 - level) / 2), upper: dist.quantile(1 - (1 - level) / 2) };
  }
  const pMax = 1 - level - pMin;
  const g = (p: number) => dist.density(dist.quantile(p)) - dist.density(dist.quantile(p + level));
  const gMin = g(pMin);
  const gMax = g(pMax);
  let p: number;
  if (gMin >= 0) p = pMin;
  else if (gMax <= 0) p = pMax;
  else p = zeroin(g, pMin, pMax, gMin, gMax, { tol: 1e-12, maxiter: 200, what: "shortest credible interval" });
  return { lower: dist.quantile(p), upper: dist.quantile(p + level) };
}
