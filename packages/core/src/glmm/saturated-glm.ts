/**
 * The saturated model of rma.glmm's tests for heterogeneity, fitted as R's glm.fit fits it
 * (iteratively reweighted least squares, R 4 stats/R/glm.fit.R), so that the Wald-type
 * statistic matches metafor's also when a count is 0 or equals its n (where the
 * saturated maximum is at infinity and glm stops wherever its rule stops it).
 *
 * In a saturated model each row has its own free linear predictor, so one IRLS step sets
 * eta_r to the working response z_r = eta_r + (y_r - mu_r) / mu'(eta_r), row by row.
 * Start: mu = (x + 1/2) / (n + 1) (binomial) or x + 0.1 (Poisson); stop when
 * |dev - dev_old| / (|dev| + 0.1) < 1e-8, at most 25 steps (glm.control()). The variance
 * of a row's coefficient is 1 / (n mu'(eta)² / V(mu)) at the eta the last step started
 * from (glm's final QR decomposition), with R's binomial link clamps (eta beyond ±30) and
 * its floors at machine epsilon.
 */
import type { GlmmFamily } from "./families.js";

const EPS = 2.220446049250313e-16;
const THRESH = 30;
const GLM_EPSILON = 1e-8;
const GLM_MAXIT = 25;

interface Link {
  mu: (eta: number) => number;
  muEta: (eta: number) => number;
  variance: (mu: number) => number;
  dev: (y: number, mu: number, wt: number) => number;
}

const yLogY = (y: number, mu: number) => (y > 0 ? y * Math.log(y / mu) : 0);

const LINKS: Record<GlmmFamily, Link> = {
  // R's C code logit_linkinv and logit_mu_eta (src/library/stats/src/family.c)
  binomial: {
    mu: (eta) => {
      const t = eta < -THRESH ? EPS : eta > THRESH ? 1 / EPS : Math.exp(eta);
      return t / (1 + t);
    },
    muEta: (eta) => (eta > THRESH || eta < -THRESH ? EPS : Math.exp(eta) / ((1 + Math.exp(eta)) * (1 + Math.exp(eta)))),
    variance: (mu) => mu * (1 - mu),
    dev: (y, mu, wt) => 2 * wt * (yLogY(y, mu) + yLogY(1 - y, 1 - mu)),
  },
  poisson: {
    mu: (eta) => Math.max(Math.exp(eta), EPS),
    muEta: (eta) => Math.max(Math.exp(eta), EPS),
    variance: (mu) => mu,
    dev: (y, mu, wt) => {
      const r = mu * wt;
      return y > 0 ? 2 * wt * (y * Math.log(y / mu) - (y - mu)) : 2 * r;
    },
  },
};

export interface SaturatedRow {
  readonly x: number;
  /** Binomial trials (the prior weight), or the person-time whose log is the offset. */
  readonly n: number;
}

/** Each row's coefficient (eta minus offset) and its variance, as glm reports them. */
export function saturatedGlm(family: GlmmFamily, rows: readonly SaturatedRow[]): { coef: Float64Array; variance: Float64Array } {
  const link = LINKS[family];
  const m = rows.length;
  const y = rows.map((r) => (family === "binomial" ? r.x / r.n : r.x));
  const wt = rows.map((r) => (family === "binomial" ? r.n : 1));
  const offset = rows.map((r) => (family === "binomial" ? 0 : Math.log(r.n)));
  const eta = new Float64Array(m);
  const mu = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const start = family === "binomial" ? (wt[i]! * y[i]! + 0.5) / (wt[i]! + 1) : y[i]! + 0.1;
    eta[i] = family === "binomial" ? Math.log(start / (1 - start)) : Math.log(start);
    mu[i] = link.mu(eta[i]!);
  }
  const deviance = () => mu.reduce((s, mi, i) => s + link.dev(y[i]!, mi, wt[i]!), 0);
  let devOld = deviance();
  const variance = new Float64Array(m);
  for (let iter = 1; iter <= GLM_MAXIT; iter++) {
    for (let i = 0; i < m; i++) {
      const d = link.muEta(eta[i]!);
      const z = eta[i]! - offset[i]! + (y[i]! - mu[i]!) / d;
      variance[i] = link.variance(mu[i]!) / (wt[i]! * d * d);
      eta[i] = z + offset[i]!;
      mu[i] = link.mu(eta[i]!);
    }
    const dev = deviance();
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < GLM_EPSILON) break;
    devOld = dev;
  }
  return { coef: eta.map((e, i) => e - offset[i]!), variance };
}

/**
 * The Wald-type test that k independent estimates share one value: Cochran's Q,
 * sum w_i (y_i - ybar_w)², w_i = 1 / v_i. metafor's QE.Wld (the Wald test of the k - 1
 * study-specific terms of the saturated model) is this Q, because those terms are the
 * differences of independent estimates from the last one.
 */
export function cochranQ(yi: ArrayLike<number>, vi: ArrayLike<number>): number {
  let sw = 0, swy = 0;
  for (let i = 0; i < yi.length; i++) {
    sw += 1 / vi[i]!;
    swy += yi[i]! / vi[i]!;
  }
  const mean = swy / sw;
  let q = 0;
  for (let i = 0; i < yi.length; i++) q += (yi[i]! - mean) ** 2 / vi[i]!;
  return q;
}
