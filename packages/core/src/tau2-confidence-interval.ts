/**
 * Confidence intervals for tau2 (and from them for I2 and H2), as metafor's confint():
 * the Q-profile interval (default) and the profile-likelihood interval (ML, REML).
 */
import { chisqQuantile } from "@metakit/base";
import type { Design } from "./design.js";
import { logLikelihood } from "./log-likelihood.js";
import { generalisedQ } from "./tau2-iterative.js";
import { zeroin } from "@metakit/base";

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

export interface Tau2Interval {
  readonly tau2: Interval;
  readonly I2: Interval;
  readonly H2: Interval;
  /** True when a bound stopped at the edge of the search range [0, tau2max]. */
  readonly lowerAtBound: boolean;
  readonly upperAtBound: boolean;
}

export interface Tau2IntervalInput {
  readonly design: Design;
  readonly yi: Float64Array;
  readonly vi: Float64Array;
  readonly tau2: number;
  /** Typical within-study variance s2, for I2 and H2. */
  readonly s2: number;
  /** Level in percent. */
  readonly level: number;
  readonly tol: number;
  /** Upper end of the search, default max(100, 10 tau2) as metafor's confint(). */
  readonly tau2Max?: number;
}

const CONFINT_MAXITER = 1000;

/**
 * Q-profile interval: the tau2 values at which the generalised Q statistic
 * Q(tau2) = sum wi (yi - X b)^2, wi = 1/(vi + tau2), equals the upper and lower
 * alpha/2 quantiles of chi-square(k - p). Q(tau2) decreases in tau2, so each bound is one
 * root, searched in [0, tau2max] by Brent's method (tolerance eps^0.25, at most 1000
 * evaluations, as metafor's uniroot()); a bound with no root inside stays at the edge.
 * I2 and H2 bounds follow from the tau2 bounds through s2.
 * @reference Viechtbauer (2007), Stat Med 26:37-52, eq. 6
 * @metafor confint(rma(...)) (type = "QP")
 */
export function qProfileInterval(input: Tau2IntervalInput): Tau2Interval {
  const { design, yi, vi, tau2, level, tol } = input;
  const df = design.k - design.p;
  const alpha = 1 - level / 100;
  const critUpper = chisqQuantile(1 - alpha / 2, df);
  const critLower = chisqQuantile(alpha / 2, df);
  const tau2Max = input.tau2Max ?? Math.max(100, 10 * tau2);
  const Q = (t: number) => generalisedQ({ design, yi, vi }, t);
  const Q0 = Q(0);
  const QMax = Q(tau2Max);
  const search = (target: number, what: string) =>
    zeroin((t) => Q(t) - target, 0, tau2Max, Q0 - target, QMax - target, { tol, maxiter: CONFINT_MAXITER, what });
  let lower: number;
  let upper: number;
  let lowerAtBound = false;
  let upperAtBound = false;
  if (Q0 < critLower) {
    upper = 0;
  } else if (QMax > critLower) {
    upper = tau2Max;
    upperAtBound = true;
  } else {
    upper = search(critLower, "Q-profile upper bound");
  }
  if (QMax > critUpper) {
    lower = tau2Max;
    upper = tau2Max;
    lowerAtBound = upperAtBound = true;
  } else if (Q0 < critUpper) {
    lower = 0;
  } else {
    lower = search(critUpper, "Q-profile lower bound");
  }
  return withI2H2({ lower, upper }, input.s2, lowerAtBound, upperAtBound);
}

/**
 * Profile-likelihood interval for ML or REML: the tau2 values where
 * -2 (ll(tau2) - ll(tau2hat)) equals the 1 - alpha quantile of chi-square(1), searched
 * below and above the estimate within [0, tau2max] (Brent, tolerance eps^0.25).
 * @reference Hardy & Thompson (1996), Stat Med 15:619-629; Viechtbauer (2007), section 2.4
 * @metafor confint(rma(..., method = "ML" | "REML"), type = "PL")
 */
export function profileLikelihoodInterval(input: Tau2IntervalInput, reml: boolean): Tau2Interval {
  const { design, yi, vi, tau2, level, tol } = input;
  const objective = chisqQuantile(level / 100, 1);
  const llMax = logLikelihood(design, yi, vi, tau2, reml);
  const f = (t: number) => -2 * (logLikelihood(design, yi, vi, t, reml) - llMax) - objective;
  const tau2Max = input.tau2Max ?? Math.max(100, 10 * tau2);
  const fTau2 = f(tau2);
  const f0 = f(0);
  const fMax = f(tau2Max);
  const options = (what: string) => ({ tol, maxiter: CONFINT_MAXITER, what });
  const lower = f0 < 0 ? 0 : zeroin(f, 0, tau2, f0, fTau2, options("profile-likelihood lower bound"));
  const upperAtBound = fMax < 0;
  const upper = upperAtBound ? tau2Max : zeroin(f, tau2, tau2Max, fTau2, fMax, options("profile-likelihood upper bound"));
  return withI2H2({ lower, upper }, input.s2, false, upperAtBound);
}

/** The I2 (percent) and H2 bounds that follow from tau2 bounds through the typical within-study variance s2. */
export function withI2H2(tau2: Interval, s2: number, lowerAtBound: boolean, upperAtBound: boolean): Tau2Interval {
  const I2 = (t: number) => (100 * t) / (s2 + t);
  const H2 = (t: number) => t / s2 + 1;
  return {
    tau2,
    I2: { lower: I2(tau2.lower), upper: I2(tau2.upper) },
    H2: { lower: H2(tau2.lower), upper: H2(tau2.upper) },
    lowerAtBound,
    upperAtBound,
  };
}

