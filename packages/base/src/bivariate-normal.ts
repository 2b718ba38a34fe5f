/**
 * The standard bivariate normal distribution with correlation rho: its CDF by Genz's
 * algorithm (the one mvtnorm's pmvnorm uses in two dimensions; absolute error about
 * 1e-15) and its density.
 */
import { normalCdf } from "./distributions.js";

const TWO_PI = 2 * Math.PI;

/** Half of the n-point Gauss-Legendre rule on [-1, 1]: the n/2 negative nodes and their weights. */
function gaussLegendreHalf(n: number): { readonly x: readonly number[]; readonly w: readonly number[] } {
  const x: number[] = [];
  const w: number[] = [];
  for (let i = 1; i <= n / 2; i++) {
    let z = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p0 = 1;
      let p1 = z;
      for (let j = 2; j <= n; j++) [p0, p1] = [p1, ((2 * j - 1) * z * p1 - (j - 1) * p0) / j];
      derivative = (n * (z * p1 - p0)) / (z * z - 1);
      const step = p1 / derivative;
      z -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    x.push(-z);
    w.push(2 / ((1 - z * z) * derivative * derivative));
  }
  return { x, w };
}

/** Genz's three rules: 6 points for |rho| < 0.3, 12 for |rho| < 0.75, 20 beyond. */
const RULES = [gaussLegendreHalf(6), gaussLegendreHalf(12), gaussLegendreHalf(20)] as const;

/**
 * P(X > h, Y > k) for a standard bivariate normal (X, Y) with correlation r: Genz's BVND,
 * Drezner & Wesolowsky's method with Gauss-Legendre rules of 6, 12 or 20 points; for
 * |r| >= 0.925 an expansion of the integrand about r = ±1 (Genz 2004, section 2.2).
 * @reference Genz (2004), Stat Comput 14:251-260; Drezner & Wesolowsky (1990), J Stat Comput Simul 35:101-107
 */
function upperOrthant(h: number, k: number, r: number): number {
  const rule = Math.abs(r) < 0.3 ? RULES[0] : Math.abs(r) < 0.75 ? RULES[1] : RULES[2];
  let hk = h * k;
  if (Math.abs(r) < 0.925) {
    // Genz (2004), eq. 3: Phi(-h) Phi(-k) + (1/2pi) int_0^asin(r) exp(-(h^2 + k^2 - 2hk sin t) / (2 cos^2 t)) dt
    const hs = (h * h + k * k) / 2;
    const asr = Math.asin(r);
    let sum = 0;
    rule.x.forEach((xi, i) => {
      const wi = rule.w[i]!;
      for (const node of [xi, -xi]) {
        const sn = Math.sin((asr * (node + 1)) / 2);
        sum += wi * Math.exp((sn * hk - hs) / (1 - sn * sn));
      }
    });
    return (sum * asr) / (2 * TWO_PI) + normalCdf(-h) * normalCdf(-k);
  }
  let kk = k;
  if (r < 0) {
    kk = -k;
    hk = -hk;
  }
  let bvn = 0;
  if (Math.abs(r) < 1) {
    // Genz (2004), section 2.2: the integral from |r| to 1 in x = sqrt(1 - r^2), with the
    // singular part integrated in closed form
    const as = (1 - r) * (1 + r);
    let a = Math.sqrt(as);
    const bs = (h - kk) ** 2;
    const c = (4 - hk) / 8;
    const d = (12 - hk) / 16;
    bvn = a * Math.exp(-(bs / as + hk) / 2) * (1 - (c * (bs - as) * (1 - (d * bs) / 5)) / 3 + (c * d * as * as) / 5);
    if (hk > -160) {
      const b = Math.sqrt(bs);
      bvn -= Math.exp(-hk / 2) * Math.sqrt(TWO_PI) * normalCdf(-b / a) * b * (1 - (c * bs * (1 - (d * bs) / 5)) / 3);
    }
    a /= 2;
    rule.x.forEach((xi, i) => {
      const wi = rule.w[i]!;
      let xs = (a * (xi + 1)) ** 2;
      let rs = Math.sqrt(1 - xs);
      bvn += a * wi * (Math.exp(-bs / (2 * xs) - hk / (1 + rs)) / rs - Math.exp(-(bs / xs + hk) / 2) * (1 + c * xs * (1 + d * xs)));
      xs = (as * (-xi + 1) ** 2) / 4;
      rs = Math.sqrt(1 - xs);
      bvn += a * wi * Math.exp(-(bs / xs + hk) / 2) * (Math.exp((-hk * (1 - rs)) / (2 * (1 + rs))) / rs - (1 + c * xs * (1 + d * xs)));
    });
    bvn = -bvn / TWO_PI;
  }
  if (r > 0) return bvn + normalCdf(-Math.max(h, kk));
  return -bvn + Math.max(0, normalCdf(-h) - normalCdf(-kk));
}

/**
 * P(X <= x, Y <= y) for a standard bivariate normal with correlation rho (-1 <= rho <= 1);
 * R's mvtnorm::pmvnorm(upper = c(x, y), corr = matrix(c(1, rho, rho, 1), 2)).
 * @reference Genz (2004), Stat Comput 14:251-260
 * @example bivariateNormalCdf(0, 0, 0.5) // 1/3 (= 1/4 + asin(0.5) / (2 pi))
 */
export function bivariateNormalCdf(x: number, y: number, rho: number): number {
  return Math.min(1, Math.max(0, upperOrthant(-x, -y, rho)));
}

/**
 * The standard bivariate normal density at (x, y) with correlation rho (|rho| < 1):
 * exp(-(x^2 - 2 rho x y + y^2) / (2 (1 - rho^2))) / (2 pi sqrt(1 - rho^2)).
 * @example bivariateNormalDensity(0, 0, 0) // 0.1591549 (= 1 / (2 pi))
 */
export function bivariateNormalDensity(x: number, y: number, rho: number): number {
  const s2 = 1 - rho * rho;
  return Math.exp(-(x * x - 2 * rho * x * y + y * y) / (2 * s2)) / (TWO_PI * Math.sqrt(s2));
}
