/**
 * REML/ML estimation of the variance components by Newton steps on the log-likelihood
 * (observed information where it is positive definite, Fisher scoring otherwise), with
 * step halving and the bound sigma2 >= 0 (a component whose score is negative at zero
 * stays at zero). Stops on the gradient: the squared Newton decrement
 * g' F^{-1} g over the free components (F the expected information) at most `threshold`,
 * the expected gain in log-likelihood of one more scoring step being half of it. Where
 * rounding in the traces (an ill-conditioned design) keeps the gradient above that, the
 * iteration also stops once the Newton step is below a relative `stepTolerance` while the
 * decrement is below 1e-10 (then within about 1e-5 standard errors of the optimum); the
 * rule that stopped it is written in the result.
 */
import { MetakitError } from "@metakit/base";
import { invertSpd } from "../symmetric-matrix.js";
import type { BlockEvaluation, MultilevelData } from "./block-evaluation.js";
import { evaluateBlocks, Q } from "./block-evaluation.js";

export interface MultilevelControl {
  /** Bound on the squared Newton decrement g'F^{-1}g at convergence. Default 1e-20. */
  readonly threshold?: number;
  /** Relative Newton step below which rounding is taken to dominate the gradient. Default 1e-10. */
  readonly stepTolerance?: number;
  /** Iteration cap. Default 100. */
  readonly maxiter?: number;
  /** Starting values [outer, inner]. Default: half the two-level moment estimate each. */
  readonly sigma2Init?: readonly [number, number];
}

export interface Convergence {
  readonly iterations: number;
  /** What stopped the iteration. */
  readonly stoppingRule: string;
  /** The squared Newton decrement at the returned values. */
  readonly decrement: number;
  /** The score (d logLik / d sigma2) at the returned values. */
  readonly gradient: readonly number[];
}

export interface VarianceFit {
  readonly sigma2: readonly number[];
  readonly evaluation: BlockEvaluation;
  readonly convergence: Convergence;
}

/**
 * Maximises the REML or ML log-likelihood over the components that are not fixed
 * (`fixed[j]` a number holds sigma2_j there). Throws NOT_CONVERGED with the last values,
 * the gradient and the iteration count when `maxiter` is reached.
 */
export function estimateVarianceComponents(
  data: MultilevelData,
  reml: boolean,
  fixed: readonly (number | undefined)[],
  control: MultilevelControl,
  start: readonly number[],
): VarianceFit {
  const threshold = control.threshold ?? 1e-20;
  const maxiter = control.maxiter ?? 100;
  let sigma2 = Array.from({ length: Q }, (_, j) => fixed[j] ?? Math.max(0, start[j]!));
  let ev = evaluateBlocks(data, sigma2, reml);
  for (let iteration = 0; ; iteration++) {
    const free = freeComponents(sigma2, fixed, ev.score);
    const decrement = newtonDecrement(ev, free);
    const rule = stoppingRule(ev, free, sigma2, decrement, threshold, control.stepTolerance ?? 1e-10);
    if (rule !== undefined) {
      return { sigma2, evaluation: ev, convergence: { iterations: iteration, stoppingRule: rule, decrement, gradient: [...ev.score] } };
    }
    if (iteration >= maxiter) {
      throw new MetakitError("NOT_CONVERGED", `multilevelModel: no convergence in ${maxiter} iterations (sigma2 = ${sigma2.join(", ")}, gradient = ${[...ev.score].join(", ")})`, {
        field: "sigma2",
        value: { sigma2, gradient: [...ev.score], iterations: iteration, decrement },
      });
    }
    const step = newtonStep(ev, free);
    ({ sigma2, ev } = lineSearch(data, reml, sigma2, ev, free, step));
  }
}

/** The rule met at this iterate, or undefined to go on. */
function stoppingRule(
  ev: BlockEvaluation,
  free: readonly number[],
  sigma2: readonly number[],
  decrement: number,
  threshold: number,
  stepTolerance: number,
): string | undefined {
  if (free.length === 0) return "no free component (all fixed or held at the bound 0)";
  if (decrement <= threshold) return `squared Newton decrement g'F^-1 g = ${decrement.toExponential(2)} <= ${threshold}`;
  if (decrement > 1e-10) return undefined;
  const step = newtonStep(ev, free);
  const relative = Math.max(...free.map((j, i) => Math.abs(step[i]!) / Math.max(sigma2[j]!, Number.MIN_VALUE)));
  if (relative > stepTolerance) return undefined;
  return `relative Newton step ${relative.toExponential(2)} <= ${stepTolerance} with decrement ${decrement.toExponential(2)} (gradient at rounding level)`;
}

/** Components that move: not fixed, and not held at zero by a non-positive score there. */
function freeComponents(sigma2: readonly number[], fixed: readonly (number | undefined)[], score: Float64Array): number[] {
  const free: number[] = [];
  for (let j = 0; j < Q; j++) {
    if (fixed[j] !== undefined) continue;
    if (sigma2[j] === 0 && !(score[j]! > 0)) continue;
    free.push(j);
  }
  return free;
}

function subMatrix(A: Float64Array, free: readonly number[]): Float64Array {
  const f = free.length;
  const out = new Float64Array(f * f);
  free.forEach((a, i) => free.forEach((b, j) => (out[i * f + j] = A[a * Q + b]!)));
  return out;
}

function solveFree(A: Float64Array, ev: BlockEvaluation, free: readonly number[]): Float64Array {
  const f = free.length;
  const inverse = invertSpd(subMatrix(A, free), f).inverse;
  const step = new Float64Array(f);
  for (let i = 0; i < f; i++) for (let j = 0; j < f; j++) step[i]! += inverse[i * f + j]! * ev.score[free[j]!]!;
  return step;
}

/** g' F^{-1} g over the free components (F the expected information). */
function newtonDecrement(ev: BlockEvaluation, free: readonly number[]): number {
  if (free.length === 0) return 0;
  const step = solveFree(ev.fisher, ev, free);
  let s = 0;
  free.forEach((j, i) => (s += ev.score[j]! * step[i]!));
  return s;
}

/** Newton step with the observed information, or a scoring step where it is not positive definite. */
function newtonStep(ev: BlockEvaluation, free: readonly number[]): Float64Array {
  try {
    return solveFree(ev.observed, ev, free);
  } catch {
    return solveFree(ev.fisher, ev, free);
  }
}

/** Steps toward sigma2 + step, cut at the bound 0 and halved until the log-likelihood does not decrease. */
function lineSearch(
  data: MultilevelData,
  reml: boolean,
  sigma2: readonly number[],
  ev: BlockEvaluation,
  free: readonly number[],
  step: Float64Array,
): { sigma2: number[]; ev: BlockEvaluation } {
  let scale = 1;
  for (let halvings = 0; halvings < 60; halvings++, scale /= 2) {
    const next = [...sigma2];
    free.forEach((j, i) => (next[j] = Math.max(0, sigma2[j]! + scale * step[i]!)));
    const candidate = evaluateBlocks(data, next, reml);
    if (candidate.logLik >= ev.logLik - 1e-12 * Math.abs(ev.logLik)) return { sigma2: next, ev: candidate };
  }
  throw new MetakitError("NOT_CONVERGED", `multilevelModel: no step increases the log-likelihood (sigma2 = ${sigma2.join(", ")})`, {
    field: "sigma2",
    value: { sigma2: [...sigma2], gradient: [...ev.score] },
  });
}
