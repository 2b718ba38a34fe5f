/**
 * Profile-likelihood confidence intervals for the variance components of the three-level
 * model (metafor's confint() for rma.mv): the values of sigma2_j at which the log-likelihood,
 * maximised over the other component, falls qchisq(level, 1) / 2 below its maximum.
 */
import { chisqQuantile } from "@metakit/base";
import { profileBounds } from "./profile-root.js";
import type { MultilevelInput, MultilevelOptions, MultilevelResult, PreparedModel } from "./multilevel-model.js";
import { fitPrepared, prepareMultilevel } from "./multilevel-model.js";

export interface VarianceComponentInterval {
  /** 0 = outer, 1 = inner. */
  readonly component: number;
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  /** True where a bound is the parameter's bound 0. */
  readonly lowerAtZero: boolean;
}

export interface ProfileOptions {
  /** Tolerance of the root search. Default 1e-10 (relative to the bracket). */
  readonly tol?: number;
  /** Upper end of the search, as a multiple of max(sigma2_j, the mean vi). Default 1e4. */
  readonly searchFactor?: number;
}

/**
 * Both components' intervals, each with the model's level. The lower bound is 0 when the
 * profiled log-likelihood at 0 is above the cut-off. Costs a refit per root-search step.
 * Throws NOT_CONVERGED when no upper bound is found below the search limit.
 * @reference Hardy & Thompson (1996), Stat Med 15:619-629; Viechtbauer (2007), Stat Med 26:37-52
 * @metafor confint(rma.mv(yi, vi, random = ~ 1 | outer/inner), sigma2 = j)
 * @example multilevelProfileIntervals({ yi, vi, cluster: district })[0].upper // 0.2072 (dat.konstantopoulos2011)
 */
export function multilevelProfileIntervals(
  input: MultilevelInput,
  options: MultilevelOptions = {},
  profile: ProfileOptions = {},
): VarianceComponentInterval[] {
  const prepared = prepareMultilevel(input, options);
  const fit = fitPrepared(prepared);
  const out: VarianceComponentInterval[] = [];
  for (let j = 0; j < 2; j++) if (!fit.sigma2Fixed[j]) out.push(componentInterval(prepared, fit, j, profile));
  return out;
}

function componentInterval(
  prepared: PreparedModel,
  fit: MultilevelResult,
  j: number,
  profile: ProfileOptions,
): VarianceComponentInterval {
  const target = fit.logLik - chisqQuantile(fit.level / 100, 1) / 2;
  const estimate = fit.sigma2[j]!;
  const bounds = profileBounds({
    f: (s: number) => profiledLogLik(prepared, fit, j, s) - target,
    estimate,
    fHat: fit.logLik - target,
    lowerBound: 0,
    lowerEnd: 0,
    scale: meanOf(prepared.data.vi),
    searchFactor: profile.searchFactor ?? 1e4,
    tol: profile.tol ?? 1e-10,
    component: `sigma2[${j}]`,
    field: "sigma2",
    fn: "multilevelProfileIntervals",
  });
  return { component: j, estimate, lower: bounds.lower, upper: bounds.upper, lowerAtZero: bounds.lowerAtBound };
}

/** The log-likelihood with sigma2_j held at s and the other component re-estimated. */
function profiledLogLik(prepared: PreparedModel, fit: MultilevelResult, j: number, s: number): number {
  const fixed = prepared.fixed.map((value, i) => (i === j ? s : value));
  return fitPrepared({ ...prepared, fixed, start: fit.sigma2 }).logLik;
}

function meanOf(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}
