/**
 * Optima on the boundary of the parameter space of the multivariate model: a tau2 of 0
 * approached with correlations (HCS, UN), or a between-study correlation matrix that is
 * singular (UN with three or more outcomes, where the boundary is not a box). There the
 * Newton iteration in theta = (tau2..., rho...) creeps toward the boundary (the derivatives
 * of sqrt(tau2_l tau2_m) grow without bound, and a singular correlation matrix is no box
 * bound the line search can hold a parameter on) and stops without converging.
 *
 * This module maximises the same log-likelihood in a parametrisation whose boundary
 * optimum is an interior stationary point, as metafor does (rma.mv's Cholesky
 * parametrisation of UN):
 *   UN:  G = L L', lambda = the lower triangle of L by rows; tau2_l = G_ll,
 *        rho_lm = G_lm / sqrt(G_ll G_mm). A singular G is L with a zero on its diagonal,
 *        where the log-likelihood, even in that entry, has a zero derivative.
 *   HCS: lambda = (sqrt(tau2_1), ..., sqrt(tau2_q), rho): G_lm = rho s_l s_m is smooth at
 *        s_l = 0. rho keeps its box [-1/(q-1), 1].
 * Newton steps with the analytic gradient J' g (J = d theta / d lambda, g the score in
 * theta) and the Hessian by central differences of that gradient (2r evaluations per
 * step, each O(sum_c n_c^3 r^2)), halved until the log-likelihood does not decrease. Stops
 * on the squared Newton decrement g' (-H)^{-1} g at most `threshold` (as optimize.ts does in
 * theta), or a relative step below `stepTolerance` once the decrement is below 1e-10.
 * @reference Pinheiro & Bates (1996), Stat Comput 6:289-296 (unconstrained
 *   parametrisations of variance-covariance matrices: the Cholesky parametrisation)
 * @metafor rma.mv(..., struct = "UN"): G parametrised by its Cholesky factor
 */
import { invertSpd } from "../symmetric-matrix.js";
import type { MultivariateData, MultivariateEvaluation } from "./block-likelihood.js";
import { evaluateMultivariate } from "./block-likelihood.js";
import type { StructureShape } from "./variance-structure.js";
import { rhoBounds } from "./variance-structure.js";

export interface BoundaryFit {
  readonly theta: number[];
  readonly evaluation: MultivariateEvaluation;
  readonly iterations: number;
  readonly decrement: number;
  readonly gradient: number[];
  readonly stoppingRule: string;
}

interface Parametrisation {
  readonly name: string;
  readonly lambda: number[];
  /** theta and J = d theta / d lambda (r x n, row-major) at lambda. */
  map(lambda: readonly number[]): { theta: number[]; J: Float64Array };
  /** lambda moved back into its box (HCS's rho), in place. */
  clamp(lambda: number[]): void;
}

/**
 * The reparametrised maximisation from `theta` (the last iterate of the Newton iteration
 * in theta), or undefined where no reparametrisation applies (CS, AR, DIAG, whose bounds
 * are boxes; UN with a component held fixed). Throws when the iteration fails as well.
 */
export function maximiseOnBoundary(
  data: MultivariateData,
  reml: boolean,
  fixed: readonly (number | undefined)[],
  theta: readonly number[],
  control: { readonly threshold?: number; readonly stepTolerance?: number; readonly maxiter?: number },
): BoundaryFit | undefined {
  const shape = data.shape;
  if (!boundaryApplies(data, fixed)) return undefined;
  const parametrisation = shape.struct === "UN" ? cholesky(shape, theta) : standardDeviations(shape, theta, fixed);
  const threshold = control.threshold ?? 1e-20;
  const stepTolerance = control.stepTolerance ?? 1e-10;
  const maxiter = control.maxiter ?? 200;
  let lambda = [...parametrisation.lambda];
  let state = evaluate(data, reml, parametrisation, lambda);
  for (let iteration = 0; iteration <= maxiter; iteration++) {
    const H = hessian(data, reml, parametrisation, lambda, state.gradient);
    const { step, decrement } = newtonStep(H, state.gradient, state.fisher);
    const relative = Math.max(...step.map((s, b) => Math.abs(s) / Math.max(Math.abs(lambda[b]!), 1e-8 * norm(lambda))));
    const stop =
      decrement <= threshold
        ? `squared Newton decrement g'(-H)^-1 g = ${decrement.toExponential(2)} <= ${threshold} in the ${parametrisation.name}`
        : decrement <= 1e-10 && relative <= stepTolerance
          ? `relative Newton step ${relative.toExponential(2)} <= ${stepTolerance} with decrement ${decrement.toExponential(2)} in the ${parametrisation.name} (gradient at rounding level)`
          : undefined;
    if (stop !== undefined) return { theta: state.theta, evaluation: state.ev, iterations: iteration, decrement, gradient: state.gradient, stoppingRule: stop };
    const next = lineSearch(data, reml, parametrisation, lambda, state, step);
    if (next === undefined) break;
    ({ lambda, state } = next);
  }
  return undefined;
}

/** Whether a reparametrisation exists: UN with no component held fixed, HCS with two or more outcomes. */
export function boundaryApplies(data: MultivariateData, fixed: readonly (number | undefined)[]): boolean {
  const { struct, q } = data.shape;
  return (struct === "UN" && fixed.every((f) => f === undefined)) || (struct === "HCS" && q > 1);
}

interface State {
  readonly theta: number[];
  readonly ev: MultivariateEvaluation;
  readonly gradient: number[];
  /** J' F J: the expected information in lambda (positive semi-definite). */
  readonly fisher: Float64Array;
}

function evaluate(data: MultivariateData, reml: boolean, p: Parametrisation, lambda: readonly number[]): State {
  const { theta, J } = p.map(lambda);
  const ev = evaluateMultivariate(data, theta, reml);
  const r = theta.length;
  const n = lambda.length;
  const gradient = new Array<number>(n).fill(0);
  const fisher = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let j = 0; j < r; j++) gradient[a]! += J[j * n + a]! * ev.score[j]!;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      let s = 0;
      for (let j = 0; j < r; j++) for (let l = 0; l < r; l++) s += J[j * n + a]! * ev.fisher[j * r + l]! * J[l * n + b]!;
      fisher[a * n + b] = s;
    }
  }
  return { theta, ev, gradient, fisher };
}

/** The Hessian in lambda by central differences of the analytic gradient, symmetrised. */
function hessian(data: MultivariateData, reml: boolean, p: Parametrisation, lambda: readonly number[], gradient: readonly number[]): Float64Array {
  const n = lambda.length;
  const H = new Float64Array(n * n);
  const scale = norm(lambda) / Math.sqrt(n);
  for (let b = 0; b < n; b++) {
    const h = 1e-5 * Math.max(Math.abs(lambda[b]!), scale, 1e-8);
    const at = (x: number) => {
      const shifted = [...lambda];
      shifted[b] = x;
      return evaluate(data, reml, p, shifted).gradient;
    };
    let plus: number[];
    let minus: number[];
    try {
      plus = at(lambda[b]! + h);
      minus = at(lambda[b]! - h);
    } catch {
      // one side outside the space (HCS's rho on its bound): a one-sided difference
      plus = at(lambda[b]! + h);
      minus = [...gradient];
      for (let a = 0; a < n; a++) H[a * n + b] = (plus[a]! - minus[a]!) / h;
      continue;
    }
    for (let a = 0; a < n; a++) H[a * n + b] = (plus[a]! - minus[a]!) / (2 * h);
  }
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < a; b++) {
      const m = 0.5 * (H[a * n + b]! + H[b * n + a]!);
      H[a * n + b] = m;
      H[b * n + a] = m;
    }
  }
  return H;
}

/** Newton's step (-H)^{-1} g where -H is positive definite, else a scoring step (J'FJ + a ridge)^{-1} g. */
function newtonStep(H: Float64Array, gradient: readonly number[], fisher: Float64Array): { step: number[]; decrement: number } {
  const n = gradient.length;
  const negative = H.map((x) => -x);
  let inverse: Float64Array;
  try {
    inverse = invertSpd(negative, n).inverse;
  } catch {
    let trace = 0;
    for (let a = 0; a < n; a++) trace += fisher[a * n + a]!;
    const ridged = Float64Array.from(fisher);
    for (let a = 0; a < n; a++) ridged[a * n + a]! += 1e-8 * trace / n + Number.MIN_VALUE;
    inverse = invertSpd(ridged, n).inverse;
  }
  const step = new Array<number>(n).fill(0);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) step[a]! += inverse[a * n + b]! * gradient[b]!;
  let decrement = 0;
  for (let a = 0; a < n; a++) decrement += gradient[a]! * step[a]!;
  return { step, decrement: Math.abs(decrement) };
}

function lineSearch(
  data: MultivariateData,
  reml: boolean,
  p: Parametrisation,
  lambda: readonly number[],
  state: State,
  step: readonly number[],
): { lambda: number[]; state: State } | undefined {
  let scale = 1;
  for (let halvings = 0; halvings < 60; halvings++, scale /= 2) {
    const next = lambda.map((x, b) => x + scale * step[b]!);
    p.clamp(next);
    let candidate: State;
    try {
      candidate = evaluate(data, reml, p, next);
    } catch {
      continue;
    }
    if (Number.isFinite(candidate.ev.logLik) && candidate.ev.logLik >= state.ev.logLik - 1e-12 * Math.abs(state.ev.logLik)) return { lambda: next, state: candidate };
  }
  return undefined;
}

/** UN: the Cholesky factor of G, its lower triangle by rows. */
function cholesky(shape: StructureShape, theta: readonly number[]): Parametrisation {
  const { q, nTau, rhoPairs } = shape;
  const G = new Float64Array(q * q);
  for (let l = 0; l < q; l++) G[l * q + l] = theta[l]!;
  rhoPairs.forEach(([l, m], i) => {
    const g = theta[nTau + i]! * Math.sqrt(theta[l]! * theta[m]!);
    G[l * q + m] = g;
    G[m * q + l] = g;
  });
  // Cholesky with each pivot kept a hair above 0 (the iterate may sit on the boundary)
  let mean = 0;
  for (let l = 0; l < q; l++) mean += theta[l]! / q;
  const floor = 1e-10 * Math.max(mean, Number.MIN_VALUE);
  const L = new Float64Array(q * q);
  for (let j = 0; j < q; j++) {
    let d = G[j * q + j]!;
    for (let m = 0; m < j; m++) d -= L[j * q + m]! ** 2;
    const ljj = Math.sqrt(Math.max(d, floor));
    L[j * q + j] = ljj;
    for (let i = j + 1; i < q; i++) {
      let s = G[i * q + j]!;
      for (let m = 0; m < j; m++) s -= L[i * q + m]! * L[j * q + m]!;
      L[i * q + j] = s / ljj;
    }
  }
  const index: [number, number][] = [];
  for (let l = 0; l < q; l++) for (let c = 0; c <= l; c++) index.push([l, c]);
  const at = (lambda: readonly number[]) => {
    const M = new Float64Array(q * q);
    index.forEach(([l, c], a) => (M[l * q + c] = lambda[a]!));
    return M;
  };
  const n = index.length;
  const r = nTau + rhoPairs.length;
  return {
    name: "Cholesky parametrisation G = LL' (metafor's for UN)",
    lambda: index.map(([l, c]) => L[l * q + c]!),
    clamp: () => undefined,
    map(lambda) {
      const Lm = at(lambda);
      const Gm = new Float64Array(q * q);
      for (let l = 0; l < q; l++) for (let m = 0; m < q; m++) for (let c = 0; c <= Math.min(l, m); c++) Gm[l * q + m]! += Lm[l * q + c]! * Lm[m * q + c]!;
      // dG_lm / dL_ac = [l = a] L_mc + [m = a] L_lc
      const dG = (l: number, m: number, a: number) => {
        const [row, c] = index[a]!;
        return (l === row ? Lm[m * q + c]! : 0) + (m === row ? Lm[l * q + c]! : 0);
      };
      const theta = new Array<number>(r).fill(0);
      const J = new Float64Array(r * n);
      for (let l = 0; l < q; l++) {
        theta[l] = Gm[l * q + l]!;
        for (let a = 0; a < n; a++) J[l * n + a] = dG(l, l, a);
      }
      rhoPairs.forEach(([l, m], i) => {
        const gl = Gm[l * q + l]!;
        const gm = Gm[m * q + m]!;
        const s = Math.sqrt(gl * gm);
        if (!(s > 0)) return; // a level with tau2 = 0: its correlations carry no information
        const g = Gm[l * q + m]!;
        theta[nTau + i] = Math.max(-1, Math.min(1, g / s));
        for (let a = 0; a < n; a++) J[(nTau + i) * n + a] = dG(l, m, a) / s - (g / (2 * s)) * (dG(l, l, a) / gl + dG(m, m, a) / gm);
      });
      return { theta, J };
    },
  };
}

/** HCS: the standard deviations sqrt(tau2_l) and rho; components held fixed stay where they are. */
function standardDeviations(shape: StructureShape, theta: readonly number[], fixed: readonly (number | undefined)[]): Parametrisation {
  const r = shape.nTau + shape.nRho;
  const free = Array.from({ length: r }, (_, j) => j).filter((j) => fixed[j] === undefined);
  const [lo, hi] = rhoBounds(shape);
  const n = free.length;
  return {
    name: "parametrisation by standard deviations sqrt(tau2)",
    lambda: free.map((j) => (j < shape.nTau ? Math.sqrt(theta[j]!) : theta[j]!)),
    clamp(lambda) {
      free.forEach((j, a) => {
        if (j >= shape.nTau) lambda[a] = Math.min(hi, Math.max(lo, lambda[a]!));
      });
    },
    map(lambda) {
      const out = theta.map((t, j) => fixed[j] ?? t);
      const J = new Float64Array(r * n);
      free.forEach((j, a) => {
        const x = lambda[a]!;
        out[j] = j < shape.nTau ? x * x : x;
        J[j * n + a] = j < shape.nTau ? 2 * x : 1;
      });
      return { theta: out, J };
    },
  };
}

function norm(x: readonly number[]): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s);
}
