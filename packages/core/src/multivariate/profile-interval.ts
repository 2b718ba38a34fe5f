/**
 * Profile-likelihood confidence intervals for the variance components of the multivariate
 * model (metafor's confint() for rma.mv, tau2 = j and rho = j): the values of one
 * component at which the log-likelihood, maximised over the others, falls
 * qchisq(level, 1) / 2 below its maximum.
 */
import { chisqQuantile } from "@metakit/base";
import { profileBounds } from "../multilevel/profile-root.js";
import type { MultivariateInput, MultivariateOptions, MultivariateResult, PreparedMultivariate } from "./multivariate-model.js";
import { fitMultivariate, prepareMultivariate } from "./multivariate-model.js";
import { parameterNames, rhoBounds } from "./variance-structure.js";

export interface MultivariateComponentInterval {
  /** "tau2[1]", ..., "rho[1]", ... as metafor numbers them. */
  readonly component: string;
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  /** True where a bound is the parameter space's (tau2 = 0, rho = its bound) rather than a root. */
  readonly lowerAtBound: boolean;
  readonly upperAtBound: boolean;
}

export interface MultivariateProfileOptions {
  /** Tolerance of the root search, relative to the bracket. Default 1e-10. */
  readonly tol?: number;
  /** Upper end of a tau2 search as a multiple of max(tau2, the mean vi). Default 1e4. */
  readonly searchFactor?: number;
}

/**
 * The interval of every estimated tau2 and rho, each with the model's level. A bound is the
 * parameter's own bound (0 for tau2, -1 or -1/(q-1) and 1 for rho) where the profiled
 * log-likelihood there is above the cut-off. Costs a refit per root-search step. Throws
 * NOT_CONVERGED when no tau2 upper bound is found below the search limit.
 * @reference Hardy & Thompson (1996), Stat Med 15:619-629
 * @metafor confint(rma.mv(yi, V, random = ~ outcome | study, struct), tau2 = j); confint(..., rho = j)
 * @example multivariateProfileIntervals(berkey, { struct: "CS" })[1].lower // -0.6091 (dat.berkey1998)
 */
export function multivariateProfileIntervals(
  input: MultivariateInput,
  options: MultivariateOptions = {},
  profile: MultivariateProfileOptions = {},
): MultivariateComponentInterval[] {
  const prepared = prepareMultivariate(input, { ...options, robust: undefined });
  const fit = fitMultivariate(prepared);
  const names = parameterNames(prepared.data.shape);
  const theta = [...fit.tau2, ...fit.rho];
  return names.flatMap((name, j) => (prepared.fixed[j] === undefined ? [componentInterval(prepared, fit, theta, j, name, profile)] : []));
}

function componentInterval(
  prepared: PreparedMultivariate,
  fit: MultivariateResult,
  theta: readonly number[],
  j: number,
  component: string,
  profile: MultivariateProfileOptions,
): MultivariateComponentInterval {
  const { shape } = prepared.data;
  const target = fit.logLik - chisqQuantile(fit.level / 100, 1) / 2;
  const estimate = theta[j]!;
  const f = (s: number) => {
    const fixed = prepared.fixed.map((value, i) => (i === j ? s : value));
    return fitMultivariate({ ...prepared, fixed, start: theta.map((t, i) => (i === j ? s : t)) }).logLik - target;
  };
  const isTau = j < shape.nTau;
  const [lo, hi] = isTau ? [0, Number.POSITIVE_INFINITY] : rhoBounds(shape);
  // a rho bound of the space itself is evaluated a hair inside it (the block may be singular on it)
  const bounds = profileBounds({
    f,
    estimate,
    fHat: fit.logLik - target,
    lowerBound: lo,
    lowerEnd: isTau ? lo : lo + 1e-8,
    ...(isTau ? {} : { upper: { bound: hi, end: hi - 1e-8 } }),
    scale: meanWithinVariance(prepared),
    searchFactor: profile.searchFactor ?? 1e4,
    tol: profile.tol ?? 1e-10,
    component,
    field: component,
    fn: "multivariateProfileIntervals",
  });
  return { component, estimate, ...bounds };
}

/** The mean of V's diagonal (the sampling variances). */
function meanWithinVariance(prepared: PreparedMultivariate): number {
  let meanV = 0;
  const { V, vOffsets, layout } = prepared.data;
  for (let c = 0; c < layout.m; c++) {
    const n = layout.starts[c + 1]! - layout.starts[c]!;
    for (let a = 0; a < n; a++) meanV += V[vOffsets[c]! + a * (n + 1)]! / layout.k;
  }
  return meanV;
}
