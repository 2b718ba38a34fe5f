/**
 * REML/ML estimation of theta = (tau2..., rho...) of the multivariate model by Newton steps
 * on the log-likelihood (observed information where it is positive definite, Fisher
 * scoring otherwise), halved until the log-likelihood does not decrease and theta stays in
 * the parameter space (tau2 >= 0, |rho| <= 1, every block of M positive definite); a
 * parameter on a bound whose score points outward is held there. Stops on the gradient:
 * the squared Newton decrement g' F^{-1} g over the free parameters (F the expected
 * information) at most `threshold`, or a relative Newton step below `stepTolerance` once
 * the decrement is below 1e-10 (rounding dominates the gradient); the rule is written in
 * the result. Where that iteration fails (an optimum on the boundary: see boundary.ts), the
 * reparametrised iteration takes over; NOT_CONVERGED with the last iterate and gradient
 * when it fails as well.
 */
import { MetakitError } from "@metakit/base";
import { invertSpd } from "../symmetric-matrix.js";
import type { Convergence } from "../multilevel/optimize.js";
import type { MultivariateData, MultivariateEvaluation } from "./block-likelihood.js";
import { evaluateMultivariate } from "./block-likelihood.js";
import { feasible, rhoBounds } from "./variance-structure.js";
import { boundaryApplies, maximiseOnBoundary, type BoundaryFit } from "./boundary.js";

export interface MultivariateControl {
  /** Bound on the squared Newton decrement at convergence. Default 1e-20. */
  readonly threshold?: number;
  /** Relative Newton step below which rounding is taken to dominate the gradient. Default 1e-10. */
  readonly stepTolerance?: number;
  /** Iteration cap. Default 200. */
  readonly maxiter?: number;
}

export interface ThetaFit {
  readonly theta: readonly number[];
  readonly evaluation: MultivariateEvaluation;
  readonly convergence: Convergence;
  /** True where the optimum was reached in boundary.ts's parametrisation (on or at the boundary). */
  readonly reparametrised?: boolean;
}

/**
 * Maximises the log-likelihood over the parameters not fixed (`fixed[j]` a number holds
 * theta_j there). Where the iteration in theta stops short of an optimum on the boundary
 * of the parameter space (HCS, UN), it goes on in a parametrisation whose boundary optimum
 * is a stationary point (boundary.ts), as metafor does; NOT_CONVERGED only when that fails too.
 */
export function estimateTheta(
  data: MultivariateData,
  reml: boolean,
  fixed: readonly (number | undefined)[],
  control: MultivariateControl,
  start: readonly number[],
): ThetaFit {
  // Where a reparametrisation exists, the iteration in theta gets PHASE_ONE_ITERATIONS (it
  // converges in under 15 on interior optima; at a boundary it creeps on without end)
  const phaseOne = boundaryApplies(data, fixed) ? { ...control, maxiter: Math.min(control.maxiter ?? 200, PHASE_ONE_ITERATIONS) } : control;
  const first = newtonInTheta(data, reml, fixed, phaseOne, start);
  if (!("failure" in first)) return first;
  let boundary: BoundaryFit | undefined;
  try {
    boundary = first.theta === undefined ? undefined : maximiseOnBoundary(data, reml, fixed, first.theta, control);
  } catch {
    boundary = undefined;
  }
  if (boundary === undefined) throw first.failure;
  return {
    theta: boundary.theta,
    evaluation: boundary.evaluation,
    convergence: { iterations: first.iterations + boundary.iterations, stoppingRule: boundary.stoppingRule, decrement: boundary.decrement, gradient: boundary.gradient },
    reparametrised: true,
  };
}

/** Iterations in theta before the reparametrised iteration takes over (UN, HCS). */
const PHASE_ONE_ITERATIONS = 25;

interface Failure {
  readonly failure: MetakitError;
  /** The last iterate, where there is one. */
  readonly theta: readonly number[] | undefined;
  readonly iterations: number;
}

function newtonInTheta(
  data: MultivariateData,
  reml: boolean,
  fixed: readonly (number | undefined)[],
  control: MultivariateControl,
  start: readonly number[],
): ThetaFit | Failure {
  const threshold = control.threshold ?? 1e-20;
  const stepTolerance = control.stepTolerance ?? 1e-10;
  const maxiter = control.maxiter ?? 200;
  let theta = start.map((s, j) => fixed[j] ?? s);
  let ev = evaluateMultivariate(data, theta, reml);
  for (let iteration = 0; ; iteration++) {
    const free = freeParameters(data, theta, fixed, ev);
    let decrement: number;
    try {
      decrement = newtonDecrement(ev, free);
    } catch (error) {
      if (error instanceof MetakitError) return { failure: error, theta, iterations: iteration };
      throw error;
    }
    const rule = stoppingRule(ev, free, theta, decrement, threshold, stepTolerance);
    if (rule !== undefined) return { theta, evaluation: ev, convergence: { iterations: iteration, stoppingRule: rule, decrement, gradient: [...ev.score] } };
    if (iteration >= maxiter) {
      const failure = new MetakitError("NOT_CONVERGED", `multivariateModel: no convergence in ${maxiter} iterations (theta = ${theta.join(", ")}, gradient = ${[...ev.score].join(", ")}), in (tau2, rho) nor on the boundary of the parameter space: a simpler struct (CS, DIAG) may be estimable`, {
        field: "theta",
        value: { theta, gradient: [...ev.score], iterations: iteration, decrement },
      });
      return { failure, theta, iterations: iteration };
    }
    try {
      ({ theta, ev } = lineSearch(data, reml, theta, ev, free, newtonStep(ev, free)));
    } catch (error) {
      if (error instanceof MetakitError) return { failure: error, theta, iterations: iteration };
      throw error;
    }
  }
}

function stoppingRule(
  ev: MultivariateEvaluation,
  free: readonly number[],
  theta: readonly number[],
  decrement: number,
  threshold: number,
  stepTolerance: number,
): string | undefined {
  if (free.length === 0) return "no free parameter (all fixed or held at a bound)";
  if (decrement <= threshold) return `squared Newton decrement g'F^-1 g = ${decrement.toExponential(2)} <= ${threshold}`;
  if (decrement > 1e-10) return undefined;
  const step = newtonStep(ev, free);
  const relative = Math.max(...free.map((j, i) => Math.abs(step[i]!) / Math.max(Math.abs(theta[j]!), Number.MIN_VALUE)));
  if (relative > stepTolerance) return undefined;
  return `relative Newton step ${relative.toExponential(2)} <= ${stepTolerance} with decrement ${decrement.toExponential(2)} (gradient at rounding level)`;
}

/**
 * Parameters that move: not fixed, not held on a bound (tau2 = 0, rho = +-1) by a score
 * pointing outward, and informed by the likelihood (a rho whose tau2 is 0 has no
 * information and stays where it is).
 */
function freeParameters(data: MultivariateData, theta: readonly number[], fixed: readonly (number | undefined)[], ev: MultivariateEvaluation): number[] {
  const { nTau } = data.shape;
  const { score, fisher } = ev;
  const r = theta.length;
  const free: number[] = [];
  theta.forEach((t, j) => {
    if (fixed[j] !== undefined) return;
    if (!(fisher[j * r + j]! > 0)) return;
    if (j < nTau && t === 0 && !(score[j]! > 0)) return;
    const [lo, hi] = rhoBounds(data.shape);
    if (j >= nTau && t === hi && !(score[j]! < 0)) return;
    if (j >= nTau && t === lo && !(score[j]! > 0)) return;
    free.push(j);
  });
  return free;
}

function solveFree(A: Float64Array, score: Float64Array, free: readonly number[], r: number): Float64Array {
  const f = free.length;
  const sub = new Float64Array(f * f);
  free.forEach((a, i) => free.forEach((b, j) => (sub[i * f + j] = A[a * r + b]!)));
  const inverse = invertSpd(sub, f).inverse;
  const step = new Float64Array(f);
  for (let i = 0; i < f; i++) for (let j = 0; j < f; j++) step[i]! += inverse[i * f + j]! * score[free[j]!]!;
  return step;
}

function newtonDecrement(ev: MultivariateEvaluation, free: readonly number[]): number {
  if (free.length === 0) return 0;
  let step: Float64Array;
  try {
    step = solveFree(ev.fisher, ev.score, free, ev.score.length);
  } catch {
    throw new MetakitError("NOT_CONVERGED", `multivariateModel: the information matrix of the variance components is singular (gradient = ${[...ev.score].join(", ")}): some of them are not identified by these data; a simpler struct (CS, DIAG) may be estimable`, {
      field: "theta",
      value: { gradient: [...ev.score] },
    });
  }
  let s = 0;
  free.forEach((j, i) => (s += ev.score[j]! * step[i]!));
  return s;
}

function newtonStep(ev: MultivariateEvaluation, free: readonly number[]): Float64Array {
  try {
    return solveFree(ev.observed, ev.score, free, ev.score.length);
  } catch {
    return solveFree(ev.fisher, ev.score, free, ev.score.length);
  }
}

function lineSearch(
  data: MultivariateData,
  reml: boolean,
  theta: readonly number[],
  ev: MultivariateEvaluation,
  free: readonly number[],
  step: Float64Array,
): { theta: number[]; ev: MultivariateEvaluation } {
  const { nTau } = data.shape;
  const [lo, hi] = rhoBounds(data.shape);
  let scale = 1;
  for (let halvings = 0; halvings < 60; halvings++, scale /= 2) {
    const next = [...theta];
    free.forEach((j, i) => {
      const value = theta[j]! + scale * step[i]!;
      next[j] = j < nTau ? Math.max(0, value) : Math.min(hi, Math.max(lo, value));
    });
    if (!feasible(data.shape, next)) continue;
    let candidate: MultivariateEvaluation;
    try {
      candidate = evaluateMultivariate(data, next, reml);
    } catch {
      continue; // a block of M not positive definite
    }
    if (!Number.isFinite(candidate.logLik)) continue;
    if (candidate.logLik >= ev.logLik - 1e-12 * Math.abs(ev.logLik)) return { theta: next, ev: candidate };
  }
  throw new MetakitError("NOT_CONVERGED", `multivariateModel: no step increases the log-likelihood (theta = ${theta.join(", ")})`, {
    field: "theta",
    value: { theta: [...theta], gradient: [...ev.score] },
  });
}
