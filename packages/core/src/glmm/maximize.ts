/**
 * Maximum likelihood for a GLMM with one random effect per study: the pooled effect beta,
 * the random-effect standard deviation tau and, in UM.FS, one fixed intercept alpha_i per
 * study. The log-likelihood is a sum over studies, and alpha_i enters only study i's
 * term, so the Hessian is an arrow (diagonal in the alphas, bordered by beta and tau):
 * each Newton step solves it through the 2 x 2 Schur complement in O(k).
 *
 * Optimiser: Newton's method with Levenberg–Marquardt damping (lambda added to the
 * diagonal whenever the negative Hessian is not positive definite or a step does not
 * increase the log-likelihood), steps capped at 4 per coordinate. tau is a free real
 * number (the likelihood is even in tau), so tau = 0 is not a boundary. Stopping rule:
 * an accepted step whose largest coordinate is below 1e-9, or a rejected step already
 * below 1e-10 (no further increase is representable). Otherwise, after 500 iterations,
 * NOT_CONVERGED with the last parameters and gradient; also NOT_CONVERGED when tau > 5 and
 * the likelihood is no lower at 2 tau (no finite maximum, see checkBoundedTau).
 */
import { MetakitError } from "@metakit/base";
import type { GlmmFamily } from "./families.js";
import { studyLogLik, type GlmmStudy, type StudyLogLik } from "./study-likelihood.js";

export interface GlmmParameters {
  readonly alpha: Float64Array;
  readonly beta: number;
  readonly tau: number;
}

export interface GlmmMaximum extends GlmmParameters {
  readonly logLik: number;
  /** Inverse of the negative Hessian of the profile in (beta, tau) (beta's row first). */
  readonly covariance: { readonly beta: number; readonly tau: number | null };
  /** Each study's exact 3 x 3 Hessian in (alpha, beta, tau) at the maximum (row-major). */
  readonly hessians: readonly (readonly number[])[];
  readonly iterations: number;
}

export interface MaximizeOptions {
  /** Whether each study has its own intercept alpha_i (UM.FS). */
  readonly studyIntercepts: boolean;
  /** Fix tau at 0 (the equal-effects model). */
  readonly fixTauAtZero: boolean;
}

const STEP_TOL = 1e-9;
const MAX_ITER = 500;
const MAX_STEP = 4;

interface Evaluation {
  readonly value: number;
  readonly studies: readonly StudyLogLik[];
}

function evaluate(family: GlmmFamily, studies: readonly GlmmStudy[], p: GlmmParameters, modes: Float64Array): Evaluation | null {
  const out: StudyLogLik[] = [];
  let value = 0;
  for (let i = 0; i < studies.length; i++) {
    const s = studyLogLik(family, studies[i]!, p.alpha[i]!, p.beta, p.tau, modes[i]!);
    out.push(s);
    value += s.value;
  }
  return Number.isFinite(value) ? { value, studies: out } : null;
}

/** Gradient and negative Hessian blocks: alphas (diagonal), border, globals (beta[, tau]). */
function newtonStep(ev: Evaluation, opts: MaximizeOptions, lambda: number) {
  const g = opts.fixTauAtZero ? 1 : 2; // number of global parameters
  const k = ev.studies.length;
  let s00 = lambda, s01 = 0, s11 = lambda; // Schur complement (g x g, symmetric)
  let r0 = 0, r1 = 0; // reduced right-hand side
  const dAlpha = new Float64Array(k);
  for (const s of ev.studies) {
    const H = s.hessian;
    s00 -= H[4]!;
    r0 += s.gradient[1]!;
    if (g === 2) {
      s01 -= H[5]!;
      s11 -= H[8]!;
      r1 += s.gradient[2]!;
    }
  }
  if (opts.studyIntercepts) {
    for (let i = 0; i < k; i++) {
      const s = ev.studies[i]!;
      const d = -s.hessian[0]! + lambda;
      if (!(d > 0)) return null;
      dAlpha[i] = d;
      const b0 = -s.hessian[1]!, b1 = -s.hessian[2]!;
      s00 -= (b0 * b0) / d;
      r0 -= (b0 * s.gradient[0]!) / d;
      if (g === 2) {
        s01 -= (b0 * b1) / d;
        s11 -= (b1 * b1) / d;
        r1 -= (b1 * s.gradient[0]!) / d;
      }
    }
  }
  let dBeta: number, dTau = 0;
  if (g === 1) {
    if (!(s00 > 0)) return null;
    dBeta = r0 / s00;
  } else {
    const det = s00 * s11 - s01 * s01;
    if (!(s00 > 0 && det > 0)) return null;
    dBeta = (s11 * r0 - s01 * r1) / det;
    dTau = (s00 * r1 - s01 * r0) / det;
  }
  const S = [s00, s01, s01, s11] as const;
  const step = new Float64Array(k);
  if (opts.studyIntercepts) {
    for (let i = 0; i < k; i++) {
      const s = ev.studies[i]!;
      step[i] = (s.gradient[0]! + s.hessian[1]! * dBeta + s.hessian[2]! * dTau) / dAlpha[i]!;
    }
  }
  return { dAlpha: step, dBeta, dTau, S };
}

function applyStep(p: GlmmParameters, st: { dAlpha: Float64Array; dBeta: number; dTau: number }): { next: GlmmParameters; size: number } {
  let size = Math.max(Math.abs(st.dBeta), Math.abs(st.dTau));
  for (const d of st.dAlpha) size = Math.max(size, Math.abs(d));
  const scale = size > MAX_STEP ? MAX_STEP / size : 1;
  const alpha = p.alpha.map((a, i) => a + scale * st.dAlpha[i]!);
  return { next: { alpha, beta: p.beta + scale * st.dBeta, tau: p.tau + scale * st.dTau }, size: size * scale };
}

/** Maximises the AGQ log-likelihood from `start` (see the module comment for the rule). */
export function maximizeGlmm(family: GlmmFamily, studies: readonly GlmmStudy[], start: GlmmParameters, opts: MaximizeOptions): GlmmMaximum {
  let p: GlmmParameters = opts.fixTauAtZero ? { ...start, tau: 0 } : start;
  const modes = new Float64Array(studies.length);
  let ev = evaluate(family, studies, p, modes);
  if (ev === null) throw new MetakitError("NOT_CONVERGED", "glmm: the log-likelihood is not finite at the start", { beta: p.beta, tau: p.tau });
  let lambda = 0;
  // With one node (Laplace) the fixed-node Hessian misses how the mode moves, which is of
  // first order, so Newton's matrix is then the difference Hessian of the exact gradient.
  const laplace = studies.some((s) => s.rule.nodes.length === 1);
  for (let iter = 1; iter <= MAX_ITER; iter++) {
    const st = newtonStep(laplace ? exactHessian(family, studies, ev, p) : ev, opts, lambda);
    if (st === null) {
      lambda = nextLambda(lambda, ev);
      continue;
    }
    const { next, size } = applyStep(p, st);
    const trialModes = Float64Array.from(ev.studies, (s) => s.mode);
    const trial = evaluate(family, studies, next, trialModes);
    if (trial !== null && trial.value >= ev.value) {
      p = next;
      ev = trial;
      lambda = lambda > 1e-12 ? lambda / 10 : 0;
      if (size < STEP_TOL) return finish(family, studies, ev, p, opts, iter);
    } else {
      if (size < STEP_TOL / 10) return finish(family, studies, ev, p, opts, iter);
      lambda = nextLambda(lambda, ev);
    }
  }
  const grad = ev.studies.reduce((m, s) => Math.max(m, Math.abs(s.gradient[1]!), Math.abs(s.gradient[2]!)), 0);
  const hint = Math.abs(p.tau) > LARGE_TAU ? ` (tau^2 = ${(p.tau * p.tau).toPrecision(3)} and growing: no finite maximum?)` : "";
  throw new MetakitError("NOT_CONVERGED", `glmm: maximum likelihood not reached in ${MAX_ITER} Newton iterations${hint}`, {
    iterations: MAX_ITER,
    beta: p.beta,
    tau: p.tau,
    logLik: ev.value,
    maxStudyGradient: grad,
    damping: lambda,
  });
}

function nextLambda(lambda: number, ev: Evaluation): number {
  if (lambda > 0) return lambda * 10;
  const scale = ev.studies.reduce((m, s) => Math.max(m, Math.abs(s.hessian[4]!), Math.abs(s.hessian[0]!)), 0);
  return 1e-4 * (1 + scale);
}

/** Beyond this tau (logit or log scale) a maximum is checked for being a plateau. */
const LARGE_TAU = 5;
/**
 * Beyond this tau (tau^2 = 400: study odds or rates spread over e^±40) the 7-node rule no
 * longer represents the integrand (a step at the 0% / 100% boundary), so a "maximum"
 * there is the rule's artefact and is reported as none.
 */
const MAX_TAU = 20;

/**
 * The log-likelihood at tau doubled, the other parameters kept: if it is not lower, the
 * likelihood keeps rising as tau grows (the profile at 2 tau is at least this value), so
 * there is no finite maximum: as when every study is at 0% or 100% (a plateau at which
 * glmer stops wherever its tolerance says).
 */
function checkBoundedTau(family: GlmmFamily, studies: readonly GlmmStudy[], ev: Evaluation, p: GlmmParameters, iterations: number): void {
  if (!(Math.abs(p.tau) > LARGE_TAU)) return;
  if (Math.abs(p.tau) > MAX_TAU) {
    throw new MetakitError("NOT_CONVERGED", `glmm: tau^2 runs off to ${(p.tau * p.tau).toPrecision(3)}, so it has no finite maximum-likelihood estimate (studies at 0% and 100%?)`, {
      field: "tau2",
      value: p.tau * p.tau,
      iterations,
    });
  }
  const doubled = evaluate(family, studies, { ...p, tau: 2 * p.tau }, Float64Array.from(ev.studies, (s) => s.mode));
  if (doubled === null || doubled.value < ev.value - 1e-8 * (1 + Math.abs(ev.value))) return;
  throw new MetakitError("NOT_CONVERGED", `glmm: the likelihood still rises as tau grows (tau^2 = ${(p.tau * p.tau).toPrecision(3)} and beyond), so tau^2 has no finite maximum-likelihood estimate`, {
    field: "tau2",
    value: p.tau * p.tau,
    iterations,
    logLik: ev.value,
    logLikAtDoubleTau: doubled.value,
  });
}

/**
 * The covariance of (beta, tau) at the maximum: the inverse of the Schur complement of the
 * exact Hessian, each study's 3 x 3 block from central differences (step 1e-5) of the
 * exact gradient. Perturbing every alpha_i at once is enough for the alpha columns, since
 * alpha_i enters study i alone: six evaluations of the log-likelihood in all.
 */
function finish(family: GlmmFamily, studies: readonly GlmmStudy[], ev: Evaluation, p: GlmmParameters, opts: MaximizeOptions, iterations: number): GlmmMaximum {
  checkBoundedTau(family, studies, ev, p, iterations);
  const exact = exactHessian(family, studies, ev, p);
  const st = newtonStep(exact, opts, 0);
  let covariance: GlmmMaximum["covariance"];
  if (st !== null && !opts.fixTauAtZero) {
    const [a, b, , d] = st.S;
    const det = a * d - b * b;
    covariance = { beta: d / det, tau: a / det };
  } else if (st !== null) {
    covariance = { beta: 1 / st.S[0], tau: null };
  } else {
    throw new MetakitError("NOT_CONVERGED", "glmm: the Hessian at the maximum is not negative definite, so no standard error exists", {
      beta: p.beta,
      tau: p.tau,
    });
  }
  return { ...p, tau: Math.abs(p.tau), logLik: ev.value, covariance, hessians: exact.studies.map((s) => s.hessian), iterations };
}

const DIFF_STEP = 1e-5;

function exactHessian(family: GlmmFamily, studies: readonly GlmmStudy[], ev: Evaluation, p: GlmmParameters): Evaluation {
  const modes = Float64Array.from(ev.studies, (s) => s.mode);
  const shifted = (da: number, db: number, dt: number) => {
    const e = evaluate(family, studies, { alpha: p.alpha.map((a) => a + da), beta: p.beta + db, tau: p.tau + dt }, modes);
    if (e === null) throw new MetakitError("NOT_CONVERGED", "glmm: the log-likelihood is not finite next to the maximum", { beta: p.beta, tau: p.tau });
    return e;
  };
  const h = DIFF_STEP;
  const pairs = [shifted(h, 0, 0), shifted(-h, 0, 0), shifted(0, h, 0), shifted(0, -h, 0), shifted(0, 0, h), shifted(0, 0, -h)];
  const out = ev.studies.map((s, i) => {
    const H = new Array<number>(9).fill(0);
    for (let c = 0; c < 3; c++) {
      const plus = pairs[2 * c]!.studies[i]!.gradient, minus = pairs[2 * c + 1]!.studies[i]!.gradient;
      for (let r = 0; r < 3; r++) H[3 * r + c] = (plus[r]! - minus[r]!) / (2 * h);
    }
    for (let r = 0; r < 3; r++) for (let c = 0; c < r; c++) H[3 * r + c] = H[3 * c + r] = (H[3 * r + c]! + H[3 * c + r]!) / 2;
    return { ...s, hessian: H };
  });
  return { value: ev.value, studies: out };
}
