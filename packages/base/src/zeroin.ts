/**
 * Brent's root finder, step for step as R's uniroot() (R_zeroin2 in R's stats package),
 * so that roots found with metafor's loose tolerance (.Machine$double.eps^0.25) land on
 * the same iterate metafor lands on. Each step takes inverse quadratic or linear
 * interpolation when it stays inside the bracket and shrinks it fast enough, else
 * bisection.
 * Stopping rule: |c - b| / 2 <= 2 eps |b| + tol / 2, or f(b) = 0. Cap: maxiter
 * evaluations; past it the search throws NOT_CONVERGED (R warns and returns the iterate).
 * @reference Brent (1973), Algorithms for Minimization without Derivatives, ch. 4
 * @metafor uniroot(f, interval, tol, maxiter), as used by rma(method = "PM") and confint()
 */
import { MetakitError } from "./errors.js";

export interface ZeroinOptions {
  readonly tol: number;
  readonly maxiter: number;
  /** Names the quantity in a NOT_CONVERGED error. */
  readonly what: string;
}

/** R's default uniroot tolerance, .Machine$double.eps^0.25. */
export const UNIROOT_TOL = Math.pow(2.220446049250313e-16, 0.25);

/**
 * A root of f in [lower, upper], given f(lower) and f(upper) of opposite signs.
 * @example zeroin((x) => x * x - 2, 0, 2, -2, 2, { tol: 1e-12, maxiter: 100, what: "sqrt2" }) // 1.4142135623731
 */
export function zeroin(
  f: (x: number) => number,
  lower: number,
  upper: number,
  fLower: number,
  fUpper: number,
  options: ZeroinOptions,
): number {
  let a = lower;
  let b = upper;
  let fa = fLower;
  let fb = fUpper;
  let c = a;
  let fc = fa;
  if (fa === 0) return a;
  if (fb === 0) return b;
  const EPS = 2.220446049250313e-16;
  for (let remaining = options.maxiter + 1; remaining > 0; remaining--) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * EPS * Math.abs(b) + options.tol / 2;
    let newStep = (c - b) / 2;
    if (Math.abs(newStep) <= tolAct || fb === 0) return b;
    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      const cb = c - b;
      let p: number;
      let q: number;
      if (a === c) {
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        const qa = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1));
        q = (qa - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) {
        newStep = p / q;
      }
    }
    if (Math.abs(newStep) < tolAct) newStep = newStep > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  throw new MetakitError("NOT_CONVERGED", `${options.what}: root search did not converge`, {
    method: options.what,
    iterations: options.maxiter,
    lastChange: Math.abs(c - b),
  });
}
