import gammaln from "@stdlib/math-base-special-gammaln";

/**
 * Hedges' small-sample bias correction factor, exact form:
 * J(m) = Gamma(m/2) / (sqrt(m/2) * Gamma((m-1)/2)), m the degrees of freedom of the SD.
 * Computed on the log scale; NaN for m <= 1 (undefined), which callers report as not
 * estimable. metafor uses this exact form; the approximation 1 - 3/(4m - 1) differs by
 * about 1e-5 at m = 10.
 * @reference Hedges (1981), J Educ Stat 6:107-128, eq. 6e; Hedges & Olkin (1985), p. 80
 * @metafor metafor:::.cmicalc(mi)
 * @example hedgesCorrection(10) // 0.9227456
 */
export function hedgesCorrection(m: number): number {
  if (!(m > 1)) return Number.NaN;
  return Math.exp(gammaln(m / 2) - Math.log(Math.sqrt(m / 2)) - gammaln((m - 1) / 2));
}
