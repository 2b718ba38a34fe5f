/**
 * metafor's model "UM.RS" for odds ratios: the unconditional logistic model with random
 * study effects, fitted as rma.glmm fits it, with lme4::glmer and the Laplace
 * approximation (nAGQ = 1: glmer takes no more nodes with two random effects per study,
 * and metafor 3.8-1 sets nAGQ to 1 with a warning; rma.glmm.r line 650).
 *   logit p_i1 = mu + beta + sigma u_i1 + tau u_i2 / 2,
 *   logit p_i2 = mu         + sigma u_i1 - tau u_i2 / 2,   u_i ~ N(0, I_2)
 * (random intercept, variance sigma², and random treatment effect, variance tau²,
 * uncorrelated: metafor's cor = FALSE, coding = 1/2).
 * Laplace: log ∫ prod_r f(x_r | u) phi(u1) phi(u2) du ≈ h(u^) - 1/2 log det(-H(u^)), with
 * h(u) = sum_r log f(x_r | u) - |u|²/2 and H its Hessian; the mode u^ by
 * Newton's method (Tierney & Kadane 1986, JASA 81:82-86; lme4's PIRLS finds the same mode).
 * The four parameters (mu, beta, sigma, tau) are found by Newton's method with
 * Levenberg–Marquardt damping on central-difference derivatives of this O(k) function
 * (sigma and tau free reals: the likelihood is even in each); it stops when a step is
 * below 1e-8, and the standard error of beta is from the inverse of the
 * central-difference Hessian at the maximum.
 */
import { MetakitError } from "@metakit/base";
import { rowLogLik } from "./families.js";
import type { GlmmStudy } from "./study-likelihood.js";

const MAX_ITER = 300;
const STEP_TOL = 1e-8;
const DIFF = 1e-4;

/** h(u), its gradient and Hessian for one study (rows: arm 1, arm 2). */
function integrand(study: GlmmStudy, mu: number, beta: number, sigma: number, tau: number, u1: number, u2: number) {
  const [arm1, arm2] = study.rows as [GlmmStudy["rows"][number], GlmmStudy["rows"][number]];
  const r1 = rowLogLik("binomial", arm1, mu + beta + sigma * u1 + 0.5 * tau * u2);
  const r2 = rowLogLik("binomial", arm2, mu + sigma * u1 - 0.5 * tau * u2);
  return {
    h: r1.l + r2.l - 0.5 * (u1 * u1 + u2 * u2),
    g1: sigma * (r1.d1 + r2.d1) - u1,
    g2: 0.5 * tau * (r1.d1 - r2.d1) - u2,
    h11: sigma * sigma * (r1.d2 + r2.d2) - 1,
    h12: 0.5 * sigma * tau * (r1.d2 - r2.d2),
    h22: 0.25 * tau * tau * (r1.d2 + r2.d2) - 1,
  };
}

/**
 * One study's Laplace log-likelihood: the mode by Newton's method with step halving (h is
 * strictly concave), to a step below 1e-13.
 */
function studyLaplace(study: GlmmStudy, mu: number, beta: number, sigma: number, tau: number): number {
  let u1 = 0, u2 = 0;
  let cur = integrand(study, mu, beta, sigma, tau, u1, u2);
  for (let iter = 0; iter < 200; iter++) {
    const det = cur.h11 * cur.h22 - cur.h12 * cur.h12;
    let s1 = -(cur.h22 * cur.g1 - cur.h12 * cur.g2) / det;
    let s2 = -(cur.h11 * cur.g2 - cur.h12 * cur.g1) / det;
    if (Math.abs(s1) + Math.abs(s2) < 1e-13 * (1 + Math.abs(u1) + Math.abs(u2))) break;
    let next = integrand(study, mu, beta, sigma, tau, u1 + s1, u2 + s2);
    while (!(next.h >= cur.h - 1e-13 * Math.abs(cur.h)) && Math.abs(s1) + Math.abs(s2) > 1e-15) {
      s1 /= 2;
      s2 /= 2;
      next = integrand(study, mu, beta, sigma, tau, u1 + s1, u2 + s2);
    }
    u1 += s1;
    u2 += s2;
    cur = next;
  }
  return cur.h + study.constant - 0.5 * Math.log(cur.h11 * cur.h22 - cur.h12 * cur.h12);
}

export interface RandomStudyEffectsFit {
  readonly mu: number;
  readonly beta: number;
  readonly sigma2: number;
  readonly tau2: number;
  readonly logLik: number;
  /** Variance of beta from the inverse negative Hessian; null when tau is fixed at 0. */
  readonly varBeta: number;
  readonly iterations: number;
}

function total(studies: readonly GlmmStudy[], p: readonly number[]): number {
  let sum = 0;
  for (const s of studies) sum += studyLaplace(s, p[0]!, p[1]!, p[2]!, p[3] ?? 0);
  return sum;
}

/** Central-difference gradient and Hessian of f at p. */
function derivatives(f: (p: readonly number[]) => number, p: readonly number[], f0: number) {
  const n = p.length;
  const at = (d: Record<number, number>) => f(p.map((x, j) => x + (d[j] ?? 0)));
  const g = new Array<number>(n).fill(0);
  const H: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const plus: number[] = [], minus: number[] = [];
  for (let j = 0; j < n; j++) {
    plus[j] = at({ [j]: DIFF });
    minus[j] = at({ [j]: -DIFF });
    g[j] = (plus[j]! - minus[j]!) / (2 * DIFF);
    H[j]![j] = (plus[j]! - 2 * f0 + minus[j]!) / (DIFF * DIFF);
  }
  for (let j = 0; j < n; j++) {
    for (let m = j + 1; m < n; m++) {
      const v = (at({ [j]: DIFF, [m]: DIFF }) - at({ [j]: DIFF, [m]: -DIFF }) - at({ [j]: -DIFF, [m]: DIFF }) + at({ [j]: -DIFF, [m]: -DIFF })) / (4 * DIFF * DIFF);
      H[j]![m] = v;
      H[m]![j] = v;
    }
  }
  return { g, H };
}

/** Solves A x = b for a small symmetric positive-definite A by Cholesky; null if not PD. */
function solvePd(A: readonly (readonly number[])[], b: readonly number[]): number[] | null {
  const n = b.length;
  const L: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i]![j]!;
      for (let m = 0; m < j; m++) s -= L[i]![m]! * L[j]![m]!;
      if (i === j) {
        if (!(s > 0)) return null;
        L[i]![i] = Math.sqrt(s);
      } else L[i]![j] = s / L[j]![j]!;
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let m = 0; m < i; m++) s -= L[i]![m]! * y[m]!;
    y[i] = s / L[i]![i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let m = i + 1; m < n; m++) s -= L[m]![i]! * x[m]!;
    x[i] = s / L[i]![i]!;
  }
  return x;
}

/**
 * Maximum likelihood for UM.RS (with tau fixed at 0: metafor's equal-effects model with
 * a random study intercept, whose log-likelihood is the LRT's ll.FE).
 */
export function fitRandomStudyEffects(studies: readonly GlmmStudy[], start: { mu: number; beta: number }, fixTauAtZero: boolean): RandomStudyEffectsFit {
  const f = (p: readonly number[]) => total(studies, p);
  let p = fixTauAtZero ? [start.mu, start.beta, 0.5] : [start.mu, start.beta, 0.5, 0.5];
  let f0 = f(p);
  let lambda = 0;
  for (let iter = 1; iter <= MAX_ITER; iter++) {
    const { g, H } = derivatives(f, p, f0);
    let step: number[] | null = null;
    while (step === null) {
      const A = H.map((row, j) => row.map((v, m) => -v + (j === m ? lambda : 0)));
      step = solvePd(A, g);
      if (step === null) lambda = lambda > 0 ? lambda * 10 : 1e-3 * (1 + Math.max(...H.map((r, j) => Math.abs(r[j]!))));
    }
    const size = Math.max(...step.map(Math.abs));
    const scale = size > 4 ? 4 / size : 1;
    const next = p.map((x, j) => x + scale * step[j]!);
    const f1 = f(next);
    if (Number.isFinite(f1) && f1 >= f0 - 1e-12 * Math.abs(f0)) {
      p = next;
      f0 = f1;
      lambda = lambda > 1e-10 ? lambda / 10 : 0;
      if (size * scale < STEP_TOL) return finishFit(f, p, f0, iter, fixTauAtZero);
    } else {
      if (size * scale < STEP_TOL) return finishFit(f, p, f0, iter, fixTauAtZero);
      lambda = lambda > 0 ? lambda * 10 : 1e-3;
    }
  }
  throw new MetakitError("NOT_CONVERGED", `glmm: UM.RS maximum likelihood not reached in ${MAX_ITER} Newton iterations`, {
    iterations: MAX_ITER,
    mu: p[0],
    beta: p[1],
    sigma: p[2],
    tau: p[3],
  });
}

function finishFit(f: (p: readonly number[]) => number, p: readonly number[], f0: number, iterations: number, fixTauAtZero: boolean): RandomStudyEffectsFit {
  const { H } = derivatives(f, p, f0);
  const e = p.map((_, j) => (j === 1 ? 1 : 0));
  const col = solvePd(H.map((row) => row.map((v) => -v)), e);
  if (col === null) throw new MetakitError("NOT_CONVERGED", "glmm: the UM.RS Hessian at the maximum is not negative definite, so no standard error exists", { beta: p[1] });
  return { mu: p[0]!, beta: p[1]!, sigma2: p[2]! ** 2, tau2: fixTauAtZero ? 0 : p[3]! ** 2, logLik: f0, varBeta: col[1]!, iterations };
}

