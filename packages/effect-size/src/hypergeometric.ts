import gammaln from "@stdlib/math-base-special-gammaln";

/**
 * Gauss's hypergeometric function 2F1(a, b; c; x) for 0 <= x <= 1 by its power series
 * (at x = 1, Gauss's sum Gamma(c) Gamma(c - a - b) / (Gamma(c - a) Gamma(c - b))),
 * sum_k (a)_k (b)_k / ((c)_k k!) x^k, for the case metakit needs (a, b > 0, c > a + b,
 * where every term ratio is below x). Stopping rule: the remainder bound
 * term * x / (1 - x) falls below 1e-17 of the sum; undefined if that takes more than
 * 5 * 10^6 terms (x within about 1e-5 of 1 with c - a - b below 2).
 * Cost O(terms); about 40 terms at x = 0.5, 10^5 at x = 0.9999.
 * @reference Abramowitz & Stegun (1964), Handbook of Mathematical Functions, eq. 15.1.1
 * @example hypergeometric2F1(0.5, 0.5, 4, 0.75) // 1.1117... (R: gsl::hyperg_2F1)
 */
export function hypergeometric2F1(a: number, b: number, c: number, x: number): number | undefined {
  if (!(x >= 0 && x <= 1 && a > 0 && b > 0 && c > a + b)) {
    throw new Error(`internal: hypergeometric2F1 needs 0 <= x <= 1 and c > a + b > 0, got a=${a} b=${b} c=${c} x=${x}`);
  }
  if (x === 1) return Math.exp(gammaln(c) + gammaln(c - a - b) - gammaln(c - a) - gammaln(c - b)); // A&S 15.1.20
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 5e6; k += 1) {
    term *= (((a + k) * (b + k)) / ((c + k) * (k + 1))) * x;
    sum += term;
    if ((term * x) / (1 - x) <= 1e-17 * sum) return sum;
  }
  return undefined;
}
