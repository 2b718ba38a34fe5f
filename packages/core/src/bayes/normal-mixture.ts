/**
 * A finite mixture of normal distributions, sum_j w_j N(mean_j, sd_j^2), with weights
 * summing to 1: the DIRECT representation of the marginal posterior of mu (and of the
 * predictive and shrinkage distributions) over a discretised tau (Röver & Friede 2017,
 * J Comput Graph Stat 26(1):217-222; Röver 2020, JSS 93(6), sec. 2.4).
 * Quantiles by Brent's method inside the bracket [min_j q_j, max_j q_j], q_j the
 * components' quantiles (the mixture CDF is at most p below it and at least p above it),
 * to an absolute tolerance of 1e-12 times the mixture's spread.
 */
import { normalCdf, normalQuantile } from "@metakit/base";
import { MetakitError } from "@metakit/base";

export interface NormalMixture {
  readonly weights: Float64Array;
  readonly means: Float64Array;
  readonly sds: Float64Array;
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

export function mixtureCdf(mix: NormalMixture, x: number): number {
  let p = 0;
  for (let j = 0; j < mix.weights.length; j++) {
    const s = mix.sds[j]!;
    p += mix.weights[j]! * (s > 0 ? normalCdf((x - mix.means[j]!) / s) : x >= mix.means[j]! ? 1 : 0);
  }
  return Math.min(1, Math.max(0, p));
}

export function mixtureDensity(mix: NormalMixture, x: number): number {
  let d = 0;
  for (let j = 0; j < mix.weights.length; j++) {
    const s = mix.sds[j]!;
    if (!(s > 0)) continue;
    const z = (x - mix.means[j]!) / s;
    d += (mix.weights[j]! * INV_SQRT_2PI * Math.exp(-0.5 * z * z)) / s;
  }
  return d;
}

/** CDF and density at x in one pass over the components (cdfDensitySlope without the slope). */
function cdfAndDensity(mix: NormalMixture, x: number): { cdf: number; density: number } {
  const { cdf, density } = cdfDensitySlope(mix, x);
  return { cdf, density };
}

/**
 * The p-quantile: Newton's method on F(x) = p with the mixture density as derivative,
 * safeguarded by bisection inside the bracket [min_j q_j, max_j q_j]; stops when the step
 * is below 1e-13 times the bracket's initial width (or the components' largest sd).
 */
export function mixtureQuantile(mix: NormalMixture, p: number): number {
  const z = normalQuantile(p);
  let lo = Infinity;
  let hi = -Infinity;
  let spread = 0;
  let guess = 0;
  for (let j = 0; j < mix.weights.length; j++) {
    const q = mix.means[j]! + mix.sds[j]! * z;
    lo = Math.min(lo, q);
    hi = Math.max(hi, q);
    spread = Math.max(spread, mix.sds[j]!);
    guess += mix.weights[j]! * q;
  }
  if (!(hi > lo)) return lo;
  const tol = 1e-13 * Math.max(Math.min(spread, hi - lo), 1e-300);
  let x = Math.min(hi, Math.max(lo, guess));
  for (let iteration = 0; iteration < 200; iteration++) {
    const { cdf, density } = cdfAndDensity(mix, x);
    const f = cdf - p;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    let next = density > 0 ? x - f / density : NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - x) <= tol || hi - lo <= tol) return next;
    x = next;
  }
  throw new MetakitError("NOT_CONVERGED", "posterior quantile: Newton iteration did not converge", { field: "p", value: p });
}

/** Mean and (when the second moment is finite) standard deviation of the mixture. */
export function mixtureMoments(mix: NormalMixture): { mean: number; sd: number } {
  let mean = 0;
  for (let j = 0; j < mix.weights.length; j++) mean += mix.weights[j]! * mix.means[j]!;
  let variance = 0;
  for (let j = 0; j < mix.weights.length; j++) {
    const d = mix.means[j]! - mean;
    variance += mix.weights[j]! * (d * d + mix.sds[j]! ** 2);
  }
  return { mean, sd: Math.sqrt(variance) };
}

/** CDF, density and the density's derivative at x in one pass. */
function cdfDensitySlope(mix: NormalMixture, x: number): { cdf: number; density: number; slope: number } {
  let cdf = 0;
  let density = 0;
  let slope = 0;
  for (let j = 0; j < mix.weights.length; j++) {
    const s = mix.sds[j]!;
    const w = mix.weights[j]!;
    if (!(s > 0)) {
      if (x >= mix.means[j]!) cdf += w;
      continue;
    }
    const z = (x - mix.means[j]!) / s;
    const d = (w * INV_SQRT_2PI * Math.exp(-0.5 * z * z)) / s;
    cdf += w * normalCdf(z);
    density += d;
    slope -= (d * z) / s;
  }
  return { cdf, density, slope };
}

/**
 * The shortest interval [a, b] with mass `level`: Newton's method on the system
 * F(b) - F(a) = level, f(a) = f(b) (Box & Tiao 1973, sec. 2.8), started from the central
 * interval; stops when both steps are below 1e-13 times the width. Returns null when the
 * iteration leaves the region where it is valid (the caller then falls back to the
 * one-dimensional search), e.g. for a density that is not unimodal.
 */
export function mixtureShortestInterval(mix: NormalMixture, level: number): { lower: number; upper: number } | null {
  let a = mixtureQuantile(mix, (1 - level) / 2);
  let b = mixtureQuantile(mix, (1 + level) / 2);
  const width0 = b - a;
  for (let iteration = 0; iteration < 50; iteration++) {
    const A = cdfDensitySlope(mix, a);
    const B = cdfDensitySlope(mix, b);
    const r1 = B.cdf - A.cdf - level;
    const r2 = A.density - B.density;
    // Jacobian [[-f(a), f(b)], [f'(a), -f'(b)]]
    const det = A.density * B.slope - B.density * A.slope;
    if (!(Math.abs(det) > 0)) return null;
    const da = (-B.slope * r1 - B.density * r2) / det;
    const db = (-A.slope * r1 - A.density * r2) / det;
    a -= da;
    b -= db;
    if (!(b > a) || !Number.isFinite(a) || !Number.isFinite(b)) return null;
    if (Math.abs(da) <= 1e-13 * width0 && Math.abs(db) <= 1e-13 * width0) {
      return A.slope >= 0 && B.slope <= 0 ? { lower: a, upper: b } : null;
    }
  }
  return null;
}
