/**
 * The root search of a profile-likelihood confidence interval for one variance component,
 * shared by the multilevel (sigma2) and multivariate (tau2, rho) models: the values at which
 * f(s) = (the log-likelihood maximised with the component held at s) - (its maximum -
 * qchisq(level, 1) / 2) crosses 0 on each side of the estimate.
 *   lower: the parameter's own bound where f there is >= 0, else Brent's root between the
 *     search's lower end and the estimate;
 *   upper: likewise for a bounded parameter (a correlation); for a variance, the end doubles
 *     from max(2 estimate, scale / 10) until f < 0 (then Brent's root in the last bracket) or
 *     it passes searchFactor max(estimate, scale), which throws NOT_CONVERGED.
 * @reference Hardy & Thompson (1996), Stat Med 15:619-629
 * @metafor confint() for rma.mv (sigma2 = j, tau2 = j, rho = j)
 */
import { MetakitError, zeroin } from "@metakit/base";

export interface ProfileSearch {
  /** Profiled log-likelihood minus the cut-off, at a value of the component. */
  readonly f: (s: number) => number;
  readonly estimate: number;
  /** f at the estimate. */
  readonly fHat: number;
  /** The parameter's lower bound (reported as the lower limit when f is >= 0 at lowerEnd). */
  readonly lowerBound: number;
  /** Where f is evaluated for the lower bound (the bound itself, or a hair inside it). */
  readonly lowerEnd: number;
  /** For a bounded parameter: its upper bound and where f is evaluated for it. */
  readonly upper?: { readonly bound: number; readonly end: number };
  /** A variance's scale: the doubling search starts at scale / 10 and stops at searchFactor times it. */
  readonly scale: number;
  readonly searchFactor: number;
  /** Root tolerance, relative to the bracket. */
  readonly tol: number;
  /** The component's name in messages ("sigma2[0]", "tau2[1]") and the error's field. */
  readonly component: string;
  readonly field: string;
  /** The calling function, for the NOT_CONVERGED message. */
  readonly fn: string;
}

export interface ProfileBounds {
  readonly lower: number;
  readonly upper: number;
  readonly lowerAtBound: boolean;
  readonly upperAtBound: boolean;
}

export function profileBounds(search: ProfileSearch): ProfileBounds {
  const { f, estimate, fHat, lowerBound, lowerEnd } = search;
  const root = (a: number, b: number, fa: number, fb: number) =>
    zeroin(f, a, b, fa, fb, { tol: search.tol * Math.max(Math.abs(b - a), Number.MIN_VALUE), maxiter: 1000, what: `${search.component} bound` });
  const fLow = estimate === lowerEnd ? fHat : f(lowerEnd);
  const lowerAtBound = fLow >= 0;
  const lower = lowerAtBound ? lowerBound : root(lowerEnd, estimate, fLow, fHat);
  if (search.upper !== undefined) {
    const fHigh = f(search.upper.end);
    const upperAtBound = fHigh >= 0;
    return { lower, upper: upperAtBound ? search.upper.bound : root(estimate, search.upper.end, fHat, fHigh), lowerAtBound, upperAtBound };
  }
  return { lower, upper: doublingUpper(search, root), lowerAtBound, upperAtBound: false };
}

function doublingUpper(search: ProfileSearch, root: (a: number, b: number, fa: number, fb: number) => number): number {
  const { f, estimate, scale } = search;
  const limit = search.searchFactor * Math.max(estimate, scale);
  let a = estimate;
  let fa = search.fHat;
  let b = Math.max(2 * estimate, scale / 10);
  for (;;) {
    const fb = f(b);
    if (fb < 0) return root(a, b, fa, fb);
    if (b >= limit) throw new MetakitError("NOT_CONVERGED", `${search.fn}: no upper bound for ${search.component} below ${limit}`, { field: search.field, value: limit });
    a = b;
    fa = fb;
    b *= 2;
  }
}
