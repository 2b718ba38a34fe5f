/**
 * One study's marginal log-likelihood in a GLMM with one normal random effect per study,
 * by adaptive Gauss–Hermite quadrature (AGQ), and its derivatives.
 *
 * Row r of the study has linear predictor eta_r(u) = offset_r + a_r alpha + b_r beta +
 * s_r tau u, u ~ N(0, 1) (lme4's spherical random effect; b = tau u). The integrand
 * g(u) = prod_r f(x_r | eta_r(u)) phi(u) is log-concave in u, so its mode u^ is found by
 * Newton's method; with sigma = (-d²/du² log g(u^))^(-1/2) the AGQ rule is
 *   L = ∫ g(u) du ≈ sqrt(2) sigma sum_q w_q exp(x_q²) g(u^ + sqrt(2) sigma x_q)
 * (Liu & Pierce 1994, Biometrika 81:624-629, eq. 4; Pinheiro & Bates 1995, JCGS 4:12-35,
 * sec. 3.2). The gradient in (alpha, beta, tau) is that of this approximation itself,
 * including how the mode and sigma move with the parameters (implicit differentiation of
 * d/du log g(u^) = 0), so its zero is the maximum of the function lme4 maximises. The
 * Hessian returned is that of the quadrature sum with its nodes held fixed: close to the
 * exact one (it differs by the rule's error), it serves as Newton's matrix; the standard
 * errors come from differences of the exact gradient (maximize.ts).
 */
import { MetakitError } from "@metakit/base";
import { GAUSS_HERMITE_7 } from "./gauss-hermite.js";
import { rowConstant, rowLogLik, type CountRow, type GlmmFamily } from "./families.js";

export interface GlmmRow extends CountRow {
  readonly offset: number;
  /** Coefficient of the study's own intercept alpha_i (1 in UM.FS, 0 otherwise). */
  readonly a: number;
  /** Coefficient of the pooled effect beta. */
  readonly b: number;
  /** Coefficient of tau u (metafor's coding = 1/2: +1/2 and -1/2 for the two arms). */
  readonly s: number;
}

export interface GlmmStudy {
  readonly rows: readonly GlmmRow[];
  /** Sum of the rows' log-likelihood constants (binomial coefficients, log x!). */
  readonly constant: number;
}

/** Value, gradient (3) and approximate Hessian (3 x 3, row-major) in (alpha, beta, tau). */
export interface StudyLogLik {
  readonly value: number;
  readonly gradient: Float64Array;
  /** The Hessian with the nodes held fixed (see the module comment). */
  readonly hessian: Float64Array;
  /** The conditional mode of u, a warm start for the next evaluation. */
  readonly mode: number;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const MODE_TOL = 1e-12;
const MODE_MAX_ITER = 200;

export function makeStudy(family: GlmmFamily, rows: readonly GlmmRow[]): GlmmStudy {
  return { rows, constant: rows.reduce((sum, row) => sum + rowConstant(family, row), 0) };
}

/** log g(u) without constants, and its first two derivatives in u. */
function logIntegrand(family: GlmmFamily, study: GlmmStudy, alpha: number, beta: number, tau: number, u: number) {
  let l = -0.5 * u * u;
  let d1 = -u;
  let d2 = -1;
  for (const row of study.rows) {
    const st = row.s * tau;
    const r = rowLogLik(family, row, row.offset + row.a * alpha + row.b * beta + st * u);
    l += r.l;
    d1 += st * r.d1;
    d2 += st * st * r.d2;
  }
  return { l, d1, d2 };
}

/**
 * The mode of the strictly log-concave integrand by Newton's method with step halving
 * (stops when the step is below 1e-12; log-concavity makes the halving terminate).
 */
function integrandMode(family: GlmmFamily, study: GlmmStudy, alpha: number, beta: number, tau: number, start: number): number {
  let u = Number.isFinite(start) ? start : 0;
  let cur = logIntegrand(family, study, alpha, beta, tau, u);
  for (let iter = 0; iter < MODE_MAX_ITER; iter++) {
    let step = -cur.d1 / cur.d2;
    let next = logIntegrand(family, study, alpha, beta, tau, u + step);
    while (!(next.l >= cur.l) && Math.abs(step) > MODE_TOL) {
      step /= 2;
      next = logIntegrand(family, study, alpha, beta, tau, u + step);
    }
    u += step;
    cur = next;
    if (Math.abs(step) <= MODE_TOL * (1 + Math.abs(u))) return u;
  }
  throw new MetakitError("NOT_CONVERGED", "glmm: the conditional mode of a study's random effect was not found", {
    field: "u",
    value: u,
    iterations: MODE_MAX_ITER,
  });
}

/**
 * How the mode u^ and sigma move with (alpha, beta, tau): with h(u) = log g(u),
 * du^/dt = -(d/dt h')(u^) / h''(u^), and sigma = (-h''(u^))^(-1/2) so
 * dsigma/dt = sigma³ / 2 (d/dt h''(u^) + h'''(u^) du^/dt).
 */
function modeSensitivity(family: GlmmFamily, study: GlmmStudy, alpha: number, beta: number, tau: number, u: number, sigma: number) {
  let h2 = -1, h3 = 0;
  const dh1 = [0, 0, 0];
  const dh2 = [0, 0, 0];
  for (const row of study.rows) {
    const st = row.s * tau;
    const r = rowLogLik(family, row, row.offset + row.a * alpha + row.b * beta + st * u);
    h2 += st * st * r.d2;
    h3 += st * st * st * r.d3;
    const deta = [row.a, row.b, row.s * u];
    const dst = [0, 0, row.s];
    for (let m = 0; m < 3; m++) {
      dh1[m] = dh1[m]! + dst[m]! * r.d1 + st * r.d2 * deta[m]!;
      dh2[m] = dh2[m]! + 2 * st * dst[m]! * r.d2 + st * st * r.d3 * deta[m]!;
    }
  }
  const mode = dh1.map((d) => -d / h2);
  const sig = dh2.map((d, m) => 0.5 * sigma ** 3 * (d + h3 * mode[m]!));
  return { mode, sigma: sig };
}

/**
 * AGQ with `nodes` = 7 (metafor's nAGQ = 7) or 1 (Laplace) of one study's marginal
 * log-likelihood, with derivatives. Cost: O(rows x nodes) after the mode is found.
 */
export function studyLogLik(
  family: GlmmFamily,
  study: GlmmStudy,
  alpha: number,
  beta: number,
  tau: number,
  modeStart = 0,
): StudyLogLik {
  const mode = integrandMode(family, study, alpha, beta, tau, modeStart);
  const sigma = 1 / Math.sqrt(-logIntegrand(family, study, alpha, beta, tau, mode).d2);
  const moves = modeSensitivity(family, study, alpha, beta, tau, mode, sigma);
  const { nodes, weights } = GAUSS_HERMITE_7;
  const q = nodes.length;
  const logTerms = new Float64Array(q);
  const grads = new Float64Array(q * 3);
  const hess = new Float64Array(q * 6);
  const nodeShift = new Float64Array(q * 3);
  let maxTerm = -Infinity;
  for (let j = 0; j < q; j++) {
    const xq = nodes[j]!;
    const u = mode + Math.SQRT2 * sigma * xq;
    let l = -0.5 * u * u;
    let hp = -u; // d/du log g at the node
    let g0 = 0, g1 = 0, g2 = 0, h00 = 0, h01 = 0, h02 = 0, h11 = 0, h12 = 0, h22 = 0;
    for (const row of study.rows) {
      const r = rowLogLik(family, row, row.offset + row.a * alpha + row.b * beta + row.s * tau * u);
      l += r.l;
      hp += row.s * tau * r.d1;
      const da = row.a, db = row.b, dt = row.s * u; // d eta / d(alpha, beta, tau)
      g0 += r.d1 * da;
      g1 += r.d1 * db;
      g2 += r.d1 * dt;
      h00 += r.d2 * da * da;
      h01 += r.d2 * da * db;
      h02 += r.d2 * da * dt;
      h11 += r.d2 * db * db;
      h12 += r.d2 * db * dt;
      h22 += r.d2 * dt * dt;
    }
    grads.set([g0, g1, g2], 3 * j);
    // the node u = u^ + sqrt(2) sigma x_q moves with the parameters
    for (let m = 0; m < 3; m++) nodeShift[3 * j + m] = hp * (moves.mode[m]! + Math.SQRT2 * xq * moves.sigma[m]!);
    hess.set([h00, h01, h02, h11, h12, h22], 6 * j);
    logTerms[j] = l + Math.log(weights[j]!) + xq * xq;
    if (logTerms[j]! > maxTerm) maxTerm = logTerms[j]!;
  }
  let sum = 0;
  for (let j = 0; j < q; j++) sum += Math.exp(logTerms[j]! - maxTerm);
  const value = maxTerm + Math.log(sum) + Math.log(Math.SQRT2 * sigma) - LOG_SQRT_2PI + study.constant;
  // derivatives of log sum_q exp(T_q): E[dT] and E[d2T] + Var[dT] under the node weights
  const gradient = [0, 0, 0];
  const exact = moves.sigma.map((ds) => ds / sigma); // d log sigma

  const second = [0, 0, 0, 0, 0, 0];
  const outer = [0, 0, 0, 0, 0, 0];
  for (let j = 0; j < q; j++) {
    const p = Math.exp(logTerms[j]! - maxTerm) / sum;
    const g0 = grads[3 * j]!, g1 = grads[3 * j + 1]!, g2 = grads[3 * j + 2]!;
    const gg = [g0, g1, g2];
    const prods = [g0 * g0, g0 * g1, g0 * g2, g1 * g1, g1 * g2, g2 * g2];
    for (let m = 0; m < 3; m++) {
      gradient[m] = gradient[m]! + p * gg[m]!;
      exact[m] = exact[m]! + p * (gg[m]! + nodeShift[3 * j + m]!);
    }
    for (let m = 0; m < 6; m++) {
      second[m] = second[m]! + p * hess[6 * j + m]!;
      outer[m] = outer[m]! + p * prods[m]!;
    }
  }
  const [G0, G1, G2] = gradient as [number, number, number];
  const mean = [G0 * G0, G0 * G1, G0 * G2, G1 * G1, G1 * G2, G2 * G2];
  const h = second.map((s, m) => s + outer[m]! - mean[m]!) as [number, number, number, number, number, number];
  const hessian = Float64Array.of(h[0], h[1], h[2], h[1], h[3], h[4], h[2], h[4], h[5]);
  return { value, gradient: Float64Array.from(exact), hessian, mode };
}
