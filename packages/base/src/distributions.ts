/**
 * Distribution functions accurate far into the tails. Heterogeneity and small-study
 * p-values live there: a Q of 200 on 10 df has p = 1.6e-37, which jStat's chi-square and
 * normal CDFs round to 0. These wrap @stdlib's incomplete gamma and beta functions, which
 * compute the upper tail directly instead of as 1 - lower.
 */
import betainc from "@stdlib/math-base-special-betainc";
import erfc from "@stdlib/math-base-special-erfc";
import gammainc from "@stdlib/math-base-special-gammainc";
import chisqQuantileStdlib from "@stdlib/stats-base-dists-chisquare-quantile";
import normalQuantileStdlib from "@stdlib/stats-base-dists-normal-quantile";
import tQuantileStdlib from "@stdlib/stats-base-dists-t-quantile";

/** P(Z <= z) for a standard normal Z; R's pnorm(z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Two-sided p-value of a z statistic, 2 * P(Z >= |z|); accurate to p ~ 1e-300. */
export function normalTwoSidedP(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** The p-quantile of the standard normal; R's qnorm(p). */
export function normalQuantile(p: number): number {
  return normalQuantileStdlib(p, 0, 1);
}

/** P(X >= x) for X ~ chi-square(df); R's pchisq(x, df, lower.tail = FALSE). */
export function chisqUpperTail(x: number, df: number): number {
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}

/** The p-quantile of chi-square(df); R's qchisq(p, df). */
export function chisqQuantile(p: number, df: number): number {
  return chisqQuantileStdlib(p, df);
}

/**
 * Two-sided p-value of a t statistic on df degrees of freedom, 2 * P(T >= |t|),
 * computed as the regularised incomplete beta I_{df/(df+t^2)}(df/2, 1/2).
 */
export function tTwoSidedP(t: number, df: number): number {
  return betainc(df / (df + t * t), df / 2, 0.5, true, false);
}

/** The p-quantile of Student's t on df degrees of freedom; R's qt(p, df). */
export function tQuantile(p: number, df: number): number {
  return tQuantileStdlib(p, df);
}

/**
 * P(X >= f) for X ~ F(df1, df2); R's pf(f, df1, df2, lower.tail = FALSE), computed as
 * I_{df2/(df2 + df1 f)}(df2/2, df1/2).
 */
export function fUpperTail(f: number, df1: number, df2: number): number {
  if (f <= 0) return 1;
  return betainc(df2 / (df2 + df1 * f), df2 / 2, df1 / 2, true, false);
}
