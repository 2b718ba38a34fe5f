/**
 * The two GLM families of metafor's rma.glmm models used here, each with its canonical
 * link: binomial–logit (counts x of n) and Poisson–log (counts x in person-time, the
 * offset log(t) carried in the linear predictor).
 */
import gammaln from "@stdlib/math-base-special-gammaln";

export type GlmmFamily = "binomial" | "poisson";

/** One row of a study (an arm, or the single group): its count and, for binomial, its size. */
export interface CountRow {
  readonly x: number;
  /** Binomial trials; unused by the Poisson family. */
  readonly n: number;
}

/**
 * The log-likelihood of one row at linear predictor eta, without its constant (see
 * rowConstant), and its first three derivatives in eta. Canonical links: l' = x - n p
 * (binomial) or x - mu (Poisson), l'' = -n p (1 - p) or -mu, l''' = -n p (1 - p) (1 - 2p)
 * or -mu.
 * log(1 + e^eta) computed without overflow.
 */
export function rowLogLik(family: GlmmFamily, row: CountRow, eta: number): { l: number; d1: number; d2: number; d3: number } {
  if (family === "poisson") {
    const mu = Math.exp(eta);
    return { l: row.x * eta - mu, d1: row.x - mu, d2: -mu, d3: -mu };
  }
  const e = Math.exp(-Math.abs(eta));
  const softplus = Math.max(eta, 0) + Math.log1p(e);
  const p = eta > 0 ? 1 / (1 + e) : e / (1 + e);
  const v = p * (1 - p);
  return { l: row.x * eta - row.n * softplus, d1: row.x - row.n * p, d2: -row.n * v, d3: -row.n * v * (1 - 2 * p) };
}

/** The constant of a row's log-likelihood: log C(n, x) (binomial) or -log(x!) (Poisson). */
export function rowConstant(family: GlmmFamily, row: CountRow): number {
  if (family === "poisson") return -gammaln(row.x + 1);
  return gammaln(row.n + 1) - gammaln(row.x + 1) - gammaln(row.n - row.x + 1);
}
