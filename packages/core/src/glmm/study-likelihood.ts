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
  /** The quadrature: 7 nodes (metafor's nAGQ = 7) or 1 (the Laplace approximation). */
  readonly rule: QuadratureRule;
  /** Sum of the rows' log-likelihood constants (binomial coefficients, log x!). */
  readonly constant: number;
}

/** Value, gradient (3) and approximate Hessian (3 x 3, row-major) in (alpha, beta, tau). */
export interface StudyLogLik {
  readonly value: number;
  readonly gradient: readonly number[];
  /** The Hessian with the nodes held fixed (see the module comment). */
  readonly hessian: readonly number[];
  /** The conditional mode of u, a warm start for the next evaluation. */
  readonly mode: number;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
interface QuadratureRule {
  readonly nodes: readonly number[];
  readonly logWeights: readonly number[];
}
const RULES: Record<1 | 7, QuadratureRule> = {
  7: { nodes: GAUSS_HERMITE_7.nodes, logWeights: GAUSS_HERMITE_7.weights.map(Math.log) },
  1: { nodes: [0], logWeights: [0.5 * Math.log(Math.PI)] }, // one node: the Laplace approximation
};
/** Working storage for studyLogLik's nodes (13 numbers per node); no state survives a call. */
const SCRATCH = new Float64Array(13 * GAUSS_HERMITE_7.nodes.length);
const MODE_TOL = 1e-12;
const MODE_MAX_ITER = 200;

export function makeStudy(family: GlmmFamily, rows: readonly GlmmRow[], nodes: 1 | 7 = 7): GlmmStudy {
  return { rows, rule: RULES[nodes], constant: rows.reduce((sum, row) => sum + rowConstant(family, row), 0) };
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
    while (!(next.l >= cur.l - 1e-13 * Math.abs(cur.l)) && Math.abs(step) > MODE_TOL) {
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
  let a0 = 0, a1 = 0, a2 = 0; // d/d(alpha, beta, tau) of h'(u) at fixed u
  let b0 = 0, b1 = 0, b2 = 0; // the same of h''(u)
  for (const row of study.rows) {
    const st = row.s * tau;
    const r = rowLogLik(family, row, row.offset + row.a * alpha + row.b * beta + st * u);
    h2 += st * st * r.d2;
    h3 += st * st * st * r.d3;
    const c1 = st * r.d2, c2 = st * st * r.d3; // times d eta / d parameter
    a0 += c1 * row.a;
    a1 += c1 * row.b;
    a2 += row.s * r.d1 + c1 * row.s * u;
    b0 += c2 * row.a;
    b1 += c2 * row.b;
    b2 += 2 * st * row.s * r.d2 + c2 * row.s * u;
  }
  const mode = [-a0 / h2, -a1 / h2, -a2 / h2] as const;
  const half = 0.5 * sigma ** 3;
  const sig = [half * (b0 + h3 * mode[0]), half * (b1 + h3 * mode[1]), half * (b2 + h3 * mode[2])] as const;
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
  const { nodes, logWeights } = study.rule;
  const q = nodes.length;
  // per node: log term, gradient with fixed node (3), its Hessian (6), node-shift term (3)
  const T = SCRATCH;
  const [m0, m1, m2] = moves.mode;
  const [s0, s1, s2] = moves.sigma;
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
    const o = 13 * j;
    const term = l + logWeights[j]! + xq * xq;
    T[o] = term;
    T[o + 1] = g0; T[o + 2] = g1; T[o + 3] = g2;
    T[o + 4] = h00; T[o + 5] = h01; T[o + 6] = h02; T[o + 7] = h11; T[o + 8] = h12; T[o + 9] = h22;
    // the node u = u^ + sqrt(2) sigma x_q moves with the parameters
    const shift = Math.SQRT2 * xq;
    T[o + 10] = hp * (m0 + shift * s0);
    T[o + 11] = hp * (m1 + shift * s1);
    T[o + 12] = hp * (m2 + shift * s2);
    if (term > maxTerm) maxTerm = term;
  }
  let sum = 0;
  for (let j = 0; j < q; j++) sum += Math.exp(T[13 * j]! - maxTerm);
  const value = maxTerm + Math.log(sum) + Math.log(Math.SQRT2 * sigma) - LOG_SQRT_2PI + study.constant;
  // derivatives of log sum_q exp(T_q): E[dT] and E[d2T] + Var[dT] under the node weights
  let G0 = 0, G1 = 0, G2 = 0; // fixed-node gradient
  let E0 = s0 / sigma, E1 = s1 / sigma, E2 = s2 / sigma; // exact gradient, from d log sigma
  let H00 = 0, H01 = 0, H02 = 0, H11 = 0, H12 = 0, H22 = 0;
  for (let j = 0; j < q; j++) {
    const o = 13 * j;
    const p = Math.exp(T[o]! - maxTerm) / sum;
    const g0 = T[o + 1]!, g1 = T[o + 2]!, g2 = T[o + 3]!;
    G0 += p * g0; G1 += p * g1; G2 += p * g2;
    E0 += p * (g0 + T[o + 10]!); E1 += p * (g1 + T[o + 11]!); E2 += p * (g2 + T[o + 12]!);
    H00 += p * (T[o + 4]! + g0 * g0);
    H01 += p * (T[o + 5]! + g0 * g1);
    H02 += p * (T[o + 6]! + g0 * g2);
    H11 += p * (T[o + 7]! + g1 * g1);
    H12 += p * (T[o + 8]! + g1 * g2);
    H22 += p * (T[o + 9]! + g2 * g2);
  }
  H00 -= G0 * G0; H01 -= G0 * G1; H02 -= G0 * G2; H11 -= G1 * G1; H12 -= G1 * G2; H22 -= G2 * G2;
  return { value, gradient: [E0, E1, E2], hessian: [H00, H01, H02, H01, H11, H12, H02, H12, H22], mode };
}
