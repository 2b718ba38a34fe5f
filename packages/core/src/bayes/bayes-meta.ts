/**
 * Bayesian random-effects meta-analysis: the normal-normal hierarchical model
 *   y_i | theta_i ~ N(theta_i, v_i),  theta_i | mu, tau ~ N(mu, tau^2),
 * with an improper uniform or a normal prior on mu and a proper prior on tau, computed
 * as R's bayesmeta computes it (Röver 2020, JSS 93(6)) but to a stated accuracy:
 * - the marginal posterior of tau, p(tau | y) ∝ p(tau) p(y | tau), with p(y | tau) the
 *   likelihood with mu integrated out analytically (Röver 2020, eq. 8-9), integrated
 *   numerically by globally adaptive Gauss–Legendre quadrature in u = tau / (c + tau)
 *   (relative error estimate <= relTol, default 1e-10, for its normalising constant and
 *   for every posterior moment reported);
 * - mu | tau, y ~ N(mean(tau), sd(tau)^2) (Röver 2020, eq. 10-11), so the marginal
 *   posterior of mu is the mixture of these normals over the quadrature nodes of tau,
 *   weighted by the nodes' posterior mass (the DIRECT idea, Röver & Friede 2017, with the
 *   quadrature's nodes in place of the divergence-bounded grid: deterministic, and much
 *   finer than bayesmeta's default delta = 0.01, epsilon = 1e-4);
 * - the predictive distribution of a new study's effect is the same mixture with variance
 *   sd(tau)^2 + tau^2, and study i's shrinkage estimate the mixture of
 *   theta_i | tau, y ~ N((y_i tau^2 + mean(tau) v_i) / (v_i + tau^2),
 *                        v_i tau^2 / (v_i + tau^2) + (sd(tau) v_i / (v_i + tau^2))^2)
 *   (bayesmeta's conditionalmoment(individual = i)).
 * Moments that do not exist (heavy-tailed priors with few studies: the posterior of tau
 * decays as tau^-(a + k - 1) under a uniform mu prior, tau^-(a + k) under a normal one,
 * where the prior decays as tau^-a) are reported as null, never as a truncated number.
 * Cost: O(N k) for N quadrature nodes (a few hundred), no k x k matrices.
 * @reference Röver C (2020). Bayesian random-effects meta-analysis using the bayesmeta R
 *   package. J Stat Softw 93(6):1-51.
 * @reference Röver C, Friede T (2017). Discrete approximation of a mixture distribution via
 *   restricted divergence. J Comput Graph Stat 26(1):217-222.
 * @bayesmeta bayesmeta(y, sigma, mu.prior.mean, mu.prior.sd, tau.prior, interval.type)
 * @example bayesMeta({ yi: bcg.yi, vi: bcg.vi }, { tauPrior: { family: "halfnormal", scale: 0.5 } }).mu.median
 */
import { MetakitError, readLevel } from "@metakit/base";
import { adaptiveQuadrature, type Panel } from "./adaptive-quadrature.js";
import { credibleInterval, INTERVAL_TYPES, type IntervalType } from "./credible-interval.js";
import { gaussLegendre } from "./gauss-legendre.js";
import { mixtureCdf, mixtureDensity, mixtureMoments, mixtureQuantile, mixtureShortestInterval, type NormalMixture } from "./normal-mixture.js";
import { tauPriorDensity, type TauPrior, type TauPriorDensity } from "./tau-priors.js";

export interface BayesMetaInput {
  readonly yi: readonly number[];
  readonly vi: readonly number[];
  readonly labels?: readonly string[];
}

export interface NormalMuPrior {
  readonly mean: number;
  readonly sd: number;
}

export interface BayesMetaOptions {
  readonly tauPrior: TauPrior;
  /** Normal prior on mu; omitted: the improper uniform prior (bayesmeta's default). */
  readonly muPrior?: NormalMuPrior;
  /** Credible interval type; default "shortest" (bayesmeta's default). */
  readonly interval?: IntervalType;
  /** Credible level (95 or 0.95); default 95. */
  readonly level?: number;
  /** Thresholds x for the posterior probabilities P(mu < x). */
  readonly probBelow?: readonly number[];
  /** Shrinkage medians and intervals per study (the costliest part); default true. */
  readonly shrinkageQuantiles?: boolean;
  /** Relative error bound of the tau integrals; default 1e-10. */
  readonly relTol?: number;
}

export interface PosteriorSummary {
  readonly median: number;
  /** null where the posterior mean does not exist. */
  readonly mean: number | null;
  /** null where the posterior variance does not exist. */
  readonly sd: number | null;
  readonly ciLower: number;
  readonly ciUpper: number;
}

export interface ShrinkageEstimate {
  readonly study: string;
  readonly yi: number;
  readonly mean: number;
  readonly sd: number;
  /** null when shrinkageQuantiles is false. */
  readonly median: number | null;
  /** Lower end of the shrinkage estimate's credible interval; null when shrinkageQuantiles is false. */
  readonly ciLower: number | null;
  /** Upper end of the shrinkage estimate's credible interval; null when shrinkageQuantiles is false. */
  readonly ciUpper: number | null;
}

export interface BayesFactor {
  /** Natural log of the Bayes factor (null hypothesis over the full model). */
  readonly log: number;
  /** null where exp(log) overflows. */
  readonly value: number | null;
}

export interface BayesMetaResult {
  readonly k: number;
  readonly tauPrior: string;
  readonly muPrior: string;
  readonly interval: IntervalType;
  /** Credible level as a proportion. */
  readonly level: number;
  readonly mu: PosteriorSummary;
  readonly tau: PosteriorSummary;
  readonly prediction: PosteriorSummary;
  readonly shrinkage: readonly ShrinkageEstimate[];
  readonly probBelow: readonly { readonly x: number; readonly probability: number }[];
  /** log p(y); null when the mu prior is uniform (improper): only a normal prior on mu gives it. */
  readonly logMarginalLikelihood: number | null;
  /** Bayes factors of tau = 0 and of mu = 0 against the model. */
  readonly bayesFactors: {
    /** The Bayes factor of tau = 0; null when the mu prior is uniform (improper), so the marginal likelihood is not defined. */
    readonly tau0: BayesFactor | null;
    /** The Bayes factor of mu = 0; null when the mu prior is uniform (improper), so the marginal likelihood is not defined. */
    readonly mu0: BayesFactor | null;
  };
  readonly accuracy: {
    /** Requested relative error bound of the tau integrals. */
    readonly relTol: number;
    /** Largest relative error estimate over the integrals computed. */
    readonly relErrorEstimate: number;
    /** Number of support points of tau (mixture components). */
    readonly supportPoints: number;
  };
}

const LOG_2PI = Math.log(2 * Math.PI);
const GL = gaussLegendre(10);

interface Conditional {
  /** Posterior mean and variance of mu given tau. */
  readonly mean: number;
  readonly variance: number;
  /** log p(y | tau), mu integrated out (up to a constant under the uniform prior). */
  readonly logLik: number;
}

/**
 * Röver (2020), eq. 8-11: with w_i = 1 / (v_i + tau^2) (and the prior as one more
 * "observation" mu0 with variance s0^2), mean = sum w y / sum w, variance = 1 / sum w and
 * log p(y | tau) = -1/2 [(n - 1) log 2 pi + sum log(1/w) + sum w (y - mean)^2 + log sum w].
 */
function conditionalOnTau(yi: readonly number[], vi: readonly number[], muPrior: NormalMuPrior | undefined, tau: number): Conditional {
  const t2 = tau * tau;
  let sumW = 0;
  let sumWY = 0;
  let sumLogVar = 0;
  // sum log v_i as the log of running products (one log per ~dozens of studies, the
  // product kept within 1e±150): the hot loop of the DIRECT grid (issue 18's bench)
  let product = 1;
  for (let i = 0; i < yi.length; i++) {
    const v = vi[i]! + t2;
    sumW += 1 / v;
    sumWY += yi[i]! / v;
    product *= v;
    if (!(product < 1e150 && product > 1e-150)) {
      sumLogVar += Math.log(product);
      product = 1;
    }
  }
  sumLogVar += Math.log(product);
  let n = yi.length;
  if (muPrior) {
    const v0 = muPrior.sd * muPrior.sd;
    sumW += 1 / v0;
    sumWY += muPrior.mean / v0;
    sumLogVar += Math.log(v0);
    n += 1;
  }
  const mean = sumWY / sumW;
  let q = 0;
  for (let i = 0; i < yi.length; i++) q += (yi[i]! - mean) ** 2 / (vi[i]! + t2);
  if (muPrior) q += (muPrior.mean - mean) ** 2 / muPrior.sd ** 2;
  const logLik = -0.5 * ((n - 1) * LOG_2PI + sumLogVar + q + Math.log(sumW));
  return { mean, variance: 1 / sumW, logLik };
}

/** log p(y | mu = 0, tau) = sum log N(y_i; 0, v_i + tau^2). */
function logLikAtMuZero(yi: readonly number[], vi: readonly number[], tau: number): number {
  let ll = 0;
  for (let i = 0; i < yi.length; i++) {
    const v = vi[i]! + tau * tau;
    ll -= 0.5 * (LOG_2PI + Math.log(v) + (yi[i]! * yi[i]!) / v);
  }
  return ll;
}

function invalid(message: string, details: Record<string, unknown>): never {
  throw new MetakitError("INVALID_INPUT", `bayesMeta: ${message}`, details);
}

function validateInput(input: BayesMetaInput): void {
  const { yi, vi } = input;
  if (yi.length === 0) throw new MetakitError("INSUFFICIENT_DATA", "bayesMeta: needs at least one study", { field: "yi", value: 0 });
  if (vi.length !== yi.length) invalid(`yi has ${yi.length} values but vi has ${vi.length}`, { field: "vi", value: vi.length });
  yi.forEach((y, i) => {
    if (!Number.isFinite(y)) invalid(`yi of study ${input.labels?.[i] ?? i + 1} is not a finite number`, { study: input.labels?.[i] ?? i, field: "yi", value: y });
    const v = vi[i]!;
    if (!(v > 0 && Number.isFinite(v))) {
      throw new MetakitError("NON_POSITIVE_VARIANCE", `bayesMeta: vi of study ${input.labels?.[i] ?? i + 1} must be positive`, {
        study: input.labels?.[i] ?? i,
        field: "vi",
        value: v,
      });
    }
  });
}

function normaliseOptions(options: BayesMetaOptions) {
  const interval = options.interval ?? "shortest";
  if (!INTERVAL_TYPES.includes(interval)) invalid(`interval must be one of ${INTERVAL_TYPES.join(", ")}`, { field: "interval", value: interval });
  const level = readLevel(options.level, "bayesMeta") / 100;
  const mp = options.muPrior;
  if (mp !== undefined) {
    if (!Number.isFinite(mp.mean)) invalid("muPrior.mean must be a finite number", { field: "muPrior.mean", value: mp.mean });
    if (!(mp.sd > 0 && Number.isFinite(mp.sd))) invalid("muPrior.sd must be a positive number", { field: "muPrior.sd", value: mp.sd });
  }
  for (const x of options.probBelow ?? []) {
    if (!Number.isFinite(x)) invalid("probBelow thresholds must be finite numbers", { field: "probBelow", value: x });
  }
  const relTol = options.relTol ?? 1e-10;
  if (!(relTol >= 1e-14 && relTol <= 1e-3)) invalid("relTol must be between 1e-14 and 1e-3", { field: "relTol", value: relTol });
  return { interval, level, muPrior: mp, relTol, probBelow: options.probBelow ?? [], shrinkageQuantiles: options.shrinkageQuantiles ?? true };
}

/** Maps the integration variable u in [0, 1) to tau and gives dtau/du. */
interface TauMap {
  tau(u: number): number;
  u(tau: number): number;
  jacobian(u: number): number;
}

function tauMap(prior: TauPriorDensity, scale: number): TauMap {
  if (Number.isFinite(prior.upper)) {
    const upper = prior.upper;
    return { tau: (u) => upper * u, u: (tau) => Math.min(1, tau / upper), jacobian: () => upper };
  }
  // tau = c u / (1 - u): the half-line onto [0, 1), c a data scale.
  return {
    tau: (u) => (scale * u) / (1 - u),
    u: (tau) => (tau === Infinity ? 1 : tau / (scale + tau)),
    jacobian: (u) => scale / ((1 - u) * (1 - u)),
  };
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Panel breaks in u: the prior's quantiles and multiples of the data scale, so that no mass hides between nodes. */
function initialBreaks(prior: TauPriorDensity, map: TauMap, scale: number): number[] {
  const taus = [0.001, 0.1, 0.5, 0.9, 0.999].map((p) => prior.quantile(p));
  taus.push(0.1 * scale, scale, 10 * scale);
  const us = taus.map((t) => map.u(t)).filter((u) => u > 0 && u < 1);
  const sorted = [0, ...us.sort((a, b) => a - b), 1];
  return sorted.filter((u, i) => i === 0 || u - sorted[i - 1]! > 1e-6 * Math.max(u, 1e-300));
}

/**
 * Posterior summaries of the normal-normal hierarchical model. See the module comment.
 */
export function bayesMeta(input: BayesMetaInput, options: BayesMetaOptions): BayesMetaResult {
  validateInput(input);
  const opts = normaliseOptions(options);
  const prior = tauPriorDensity(options.tauPrior);
  const { yi, vi } = input;
  const k = yi.length;
  const muPrior = opts.muPrior;
  const scale = median(vi.map(Math.sqrt));
  const map = tauMap(prior, scale);
  const breaks = initialBreaks(prior, map, scale);

  const logPost = (tau: number) => prior.logDensity(tau) + conditionalOnTau(yi, vi, muPrior, tau).logLik;
  // Offset against overflow: the largest log density at the breaks and panel midpoints.
  let offset = -Infinity;
  for (let i = 0; i + 1 < breaks.length; i++) {
    for (const f of [0.001, 0.25, 0.5, 0.75]) offset = Math.max(offset, logPost(map.tau(breaks[i]! + f * (breaks[i + 1]! - breaks[i]!))));
  }
  if (!Number.isFinite(offset)) throw new MetakitError("NOT_CONVERGED", "bayesMeta: the posterior of tau is zero everywhere on the grid", { field: "tauPrior" });

  // Posterior tail p(tau | y) ~ tau^-(a + k - 1) (uniform mu prior) or tau^-(a + k): moment r exists iff power - r > 1.
  const tailPower = prior.tailPower + (muPrior ? k : k - 1);
  const hasTauMean = tailPower - 1 > 1;
  const hasTauVar = tailPower - 2 > 1;
  const C = { DENS: 0, M: 1, M2: 2, TAU: 3, TAU2: 4, VAR: 5 } as const;
  const integrand = (u: number, out: Float64Array) => {
    const tau = map.tau(u);
    const cond = conditionalOnTau(yi, vi, muPrior, tau);
    const lp = prior.logDensity(tau) + cond.logLik - offset;
    const dens = lp === -Infinity ? 0 : Math.exp(lp) * map.jacobian(u);
    out[C.DENS] = dens;
    out[C.M] = cond.mean * dens;
    out[C.M2] = cond.mean * cond.mean * dens;
    out[C.TAU] = hasTauMean ? tau * dens : 0;
    out[C.TAU2] = hasTauVar ? tau * tau * dens : 0;
    out[C.VAR] = hasTauVar ? cond.variance * dens : 0;
  };
  const quad = adaptiveQuadrature(integrand, 6, breaks, opts.relTol);
  const Z = quad.integral[C.DENS]!;
  if (!(Z > 0 && Number.isFinite(Z)) || !quad.converged) {
    throw new MetakitError("NOT_CONVERGED", "bayesMeta: the integral of the posterior of tau did not reach its accuracy bound", {
      field: "tauPrior",
      value: prior.label,
    });
  }
  const relErrorEstimate = Math.max(...Array.from(quad.error, (e, c) => (quad.integral[c] !== 0 ? Math.abs(e / quad.integral[c]!) : 0)).slice(0, 2));

  const tauDist = tauPosterior(quad.panels, map, (tau) => Math.exp(logPost(tau) - offset) / Z, integrand, prior.upper);
  const tauMean = hasTauMean ? quad.integral[C.TAU]! / Z : null;
  const tauSd = hasTauVar ? Math.sqrt(Math.max(0, quad.integral[C.TAU2]! / Z - (tauMean ?? 0) ** 2)) : null;
  const tauCi = opts.interval === "shortest" ? tauShortestInterval(tauDist, opts.level, prior.upper) : credibleInterval(tauDist, opts.level, opts.interval, 0);

  // The mixture over the quadrature nodes (Röver 2020, sec. 2.4).
  const nodes = quad.panels.flatMap((p) => p.nodes).filter((n) => n.values[C.DENS]! > 0);
  const N = nodes.length;
  const weights = new Float64Array(N);
  const means = new Float64Array(N);
  const sds = new Float64Array(N);
  const predSds = new Float64Array(N);
  const taus = new Float64Array(N);
  nodes.forEach((node, j) => {
    const tau = map.tau(node.x);
    const cond = conditionalOnTau(yi, vi, muPrior, tau);
    weights[j] = (node.weight * node.values[C.DENS]!) / Z;
    means[j] = cond.mean;
    sds[j] = Math.sqrt(cond.variance);
    predSds[j] = Math.sqrt(cond.variance + tau * tau);
    taus[j] = tau;
  });
  const muMix: NormalMixture = { weights, means, sds };
  const predMix: NormalMixture = { weights, means, sds: predSds };
  const muMean = quad.integral[C.M]! / Z;
  const secondMoment = quad.integral[C.M2]! / Z + quad.integral[C.VAR]! / Z;
  const muSd = hasTauVar ? Math.sqrt(Math.max(0, secondMoment - muMean * muMean)) : null;
  const predSd = hasTauVar ? Math.sqrt(Math.max(0, secondMoment + quad.integral[C.TAU2]! / Z - muMean * muMean)) : null;

  const summarise = (mix: NormalMixture, mean: number | null, sd: number | null): PosteriorSummary => {
    const dist = { quantile: (p: number) => mixtureQuantile(mix, p), density: (x: number) => mixtureDensity(mix, x) };
    const ci =
      (opts.interval === "shortest" ? mixtureShortestInterval(mix, opts.level) : null) ??
      credibleInterval(dist, opts.level, opts.interval, (1 - opts.level) * 1e-6);
    return { median: dist.quantile(0.5), mean, sd, ciLower: ci.lower, ciUpper: ci.upper };
  };

  const shrinkage = yi.map((y, i): ShrinkageEstimate => {
    const v = vi[i]!;
    const sMeans = new Float64Array(N);
    const sSds = new Float64Array(N);
    for (let j = 0; j < N; j++) {
      const t2 = taus[j]! ** 2;
      sMeans[j] = (y * t2 + means[j]! * v) / (v + t2);
      sSds[j] = Math.sqrt((v * t2) / (v + t2) + ((sds[j]! * v) / (v + t2)) ** 2);
    }
    const mix = { weights, means: sMeans, sds: sSds };
    const moments = mixtureMoments(mix);
    const study = input.labels?.[i] ?? String(i + 1);
    if (!opts.shrinkageQuantiles) return { study, yi: y, mean: moments.mean, sd: moments.sd, median: null, ciLower: null, ciUpper: null };
    const s = summarise(mix, moments.mean, moments.sd);
    return { study, yi: y, mean: moments.mean, sd: moments.sd, median: s.median, ciLower: s.ciLower, ciUpper: s.ciUpper };
  });

  const marginal = muPrior ? evidence(yi, vi, muPrior, prior, map, breaks, Math.log(Z) + offset, opts.relTol) : null;

  return {
    k,
    tauPrior: prior.label,
    muPrior: muPrior ? `normal(mean = ${muPrior.mean}, sd = ${muPrior.sd})` : "uniform (improper)",
    interval: opts.interval,
    level: opts.level,
    mu: summarise(muMix, muMean, muSd),
    tau: { median: tauDist.quantile(0.5), mean: tauMean, sd: tauSd, ciLower: tauCi.lower, ciUpper: tauCi.upper },
    prediction: summarise(predMix, muMean, predSd),
    shrinkage,
    probBelow: opts.probBelow.map((x) => ({ x, probability: mixtureCdf(muMix, x) })),
    logMarginalLikelihood: marginal ? marginal.logMarginalLikelihood : null,
    bayesFactors: { tau0: marginal?.tau0 ?? null, mu0: marginal?.mu0 ?? null },
    accuracy: { relTol: opts.relTol, relErrorEstimate: Math.max(relErrorEstimate, marginal?.relError ?? 0), supportPoints: N },
  };
}

function bayesFactor(log: number): BayesFactor {
  const value = Math.exp(log);
  return { log, value: Number.isFinite(value) ? value : null };
}

/**
 * Marginal likelihood and Bayes factors (bayesmeta's marginal.likelihood and
 * bayesfactor["actual", ]): BF(tau = 0) = p(y | tau = 0) / p(y) and
 * BF(mu = 0) = p(y | mu = 0) / p(y), p(y | mu = 0) = integral of prod N(y_i; 0, v_i + tau^2)
 * against the tau prior (Röver 2020, sec. 2.6).
 */
function evidence(
  yi: readonly number[],
  vi: readonly number[],
  muPrior: NormalMuPrior,
  prior: TauPriorDensity,
  map: TauMap,
  breaks: readonly number[],
  logMarginalLikelihood: number,
  relTol: number,
) {
  let offset = -Infinity;
  for (let i = 0; i + 1 < breaks.length; i++) {
    const tau = map.tau((breaks[i]! + breaks[i + 1]!) / 2);
    offset = Math.max(offset, prior.logDensity(tau) + logLikAtMuZero(yi, vi, tau));
  }
  const quad = adaptiveQuadrature(
    (u, out) => {
      const tau = map.tau(u);
      const lp = prior.logDensity(tau) + logLikAtMuZero(yi, vi, tau) - offset;
      out[0] = lp === -Infinity ? 0 : Math.exp(lp) * map.jacobian(u);
    },
    1,
    breaks,
    relTol,
  );
  const logLikMu0 = Math.log(quad.integral[0]!) + offset;
  return {
    logMarginalLikelihood,
    tau0: bayesFactor(conditionalOnTau(yi, vi, muPrior, 0).logLik - logMarginalLikelihood),
    mu0: Number.isFinite(logLikMu0) ? bayesFactor(logLikMu0 - logMarginalLikelihood) : null,
    relError: quad.integral[0]! > 0 ? quad.error[0]! / quad.integral[0]! : 0,
  };
}

/** The posterior of tau from the quadrature panels: CDF by panel sums plus a partial panel (20-point rule), quantiles by safeguarded Newton in u to 1e-14 of the panel width. */
function tauPosterior(
  panels: readonly Panel[],
  map: TauMap,
  density: (tau: number) => number,
  integrand: (u: number, out: Float64Array) => void,
  upper: number,
) {
  const cumulative: number[] = [];
  let sum = 0;
  for (const p of panels) {
    cumulative.push(sum);
    sum += p.integral[0]!;
  }
  const out = new Float64Array(6);
  const partial = (a: number, x: number) => {
    let s = 0;
    for (const [lo, hi] of [
      [a, (a + x) / 2],
      [(a + x) / 2, x],
    ] as const) {
      const half = (hi - lo) / 2;
      for (let i = 0; i < GL.nodes.length; i++) {
        integrand((lo + hi) / 2 + half * GL.nodes[i]!, out);
        s += half * GL.weights[i]! * out[0]!;
      }
    }
    return s;
  };
  const quantile = (p: number): number => {
    if (p <= 0) return 0;
    if (p >= 1) return upper;
    const target = p * sum;
    let i = cumulative.findIndex((c, j) => c + panels[j]!.integral[0]! >= target);
    if (i < 0) i = panels.length - 1;
    const panel = panels[i]!;
    const rest = target - cumulative[i]!;
    // Newton on F(u) = partial(a, u) - rest with F'(u) = integrand, kept inside [a, b] by bisection.
    let lo = panel.a;
    let hi = panel.b;
    let u = panel.a + (rest / panel.integral[0]!) * (panel.b - panel.a);
    for (let iteration = 0; iteration < 100; iteration++) {
      const f = partial(panel.a, u) - rest;
      if (f < 0) lo = u;
      else hi = u;
      integrand(u, out);
      let next = out[0]! > 0 ? u - f / out[0]! : NaN;
      if (!(next > lo && next < hi)) next = (lo + hi) / 2;
      const done = Math.abs(next - u) <= 1e-14 * Math.max(panel.b - panel.a, 1e-300);
      u = next;
      if (done) break;
    }
    return map.tau(u);
  };
  /** P(tau <= x). */
  const cdf = (x: number): number => {
    if (x <= 0) return 0;
    if (x >= upper) return 1;
    const ux = map.u(x);
    const i = panels.findIndex((p) => p.b >= ux);
    if (i < 0) return 1;
    return (cumulative[i]! + partial(panels[i]!.a, ux)) / sum;
  };
  return { quantile, density, cdf };
}

/**
 * The shortest interval of tau's posterior: [0, Q(level)] when the density at 0 is at least
 * that at Q(level) (as bayesmeta's "catch marginal minimum"), [Q(1 - level), upper] when the
 * support ends at `upper` with density at least that at Q(1 - level); otherwise Newton's
 * method on F(b) - F(a) = level, f(a) = f(b) from the central interval (the density's slope
 * by central differences, which affects only the speed), falling back to the search over p.
 */
function tauShortestInterval(
  dist: { quantile(p: number): number; density(x: number): number; cdf(x: number): number },
  level: number,
  upper: number,
): { lower: number; upper: number } {
  const top = dist.quantile(level);
  if (dist.density(0) >= dist.density(top)) return { lower: 0, upper: top };
  if (Number.isFinite(upper)) {
    const bottom = dist.quantile(1 - level);
    if (dist.density(upper) >= dist.density(bottom)) return { lower: bottom, upper };
  }
  let a = dist.quantile((1 - level) / 2);
  let b = dist.quantile((1 + level) / 2);
  const width0 = b - a;
  const slope = (x: number) => {
    const h = 1e-5 * width0;
    return (dist.density(x + h) - dist.density(x - h)) / (2 * h);
  };
  for (let iteration = 0; iteration < 50; iteration++) {
    const fa = dist.density(a);
    const fb = dist.density(b);
    const sa = slope(a);
    const sb = slope(b);
    const r1 = dist.cdf(b) - dist.cdf(a) - level;
    const r2 = fa - fb;
    const det = fa * sb - fb * sa;
    if (!(Math.abs(det) > 0)) break;
    const da = (-sb * r1 - fb * r2) / det;
    const db = (-sa * r1 - fa * r2) / det;
    a -= da;
    b -= db;
    if (!(a > 0 && b > a && b < upper)) break;
    if (Math.abs(da) <= 1e-13 * width0 && Math.abs(db) <= 1e-13 * width0) return { lower: a, upper: b };
  }
  return credibleInterval(dist, level, "shortest", 0);
}
