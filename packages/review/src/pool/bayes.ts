/**
 * `metakit pool FILE --method BAYES --tau-prior FAMILY:PARAMS`: the normal-normal
 * hierarchical model (bayesmeta's, computed by @metakit/core's bayesMeta) on the effects
 * escalc computes from the file, as JSON or text.
 */
import { bayesMeta, type BayesMetaResult, type IntervalType, type NormalMuPrior, type TauPrior } from "@metakit/core";
import type { Measure } from "@metakit/effect-size";
import { formatted } from "./output.js";
import { explainNulls, type NullReasons } from "./guard.js";

export interface BayesPoolOptions {
  readonly measure: Measure;
  readonly level: number;
  readonly tauPrior: TauPrior;
  readonly muPrior?: NormalMuPrior;
  readonly interval?: IntervalType;
  readonly probBelow?: readonly number[];
  readonly format: "text" | "json";
  /** The study file, named when the result cannot be written (a number that is not finite). */
  readonly file: string;
}

export interface BayesStudies {
  readonly yi: readonly number[];
  readonly vi: readonly number[];
  readonly labels: readonly string[];
}

export function poolBayes(studies: BayesStudies, excluded: readonly unknown[], options: BayesPoolOptions): string {
  const result = bayesMeta(studies, {
    tauPrior: options.tauPrior,
    ...(options.muPrior && { muPrior: options.muPrior }),
    ...(options.interval && { interval: options.interval }),
    level: options.level,
    probBelow: options.probBelow ?? [],
  });
  return formatted(options.file, options.format, bayesJson(options.measure, result, excluded), () => bayesText(options.measure, result));
}

/** The JSON of issue 18: posterior {mu, tau, prediction}, probabilities, shrinkage, evidence. */
/** Why a value of the BAYES JSON can be null (see explainNulls; documented in `notApplicable` beside them). */
export const BAYES_NULL_REASONS: NullReasons = {
  "posterior.mu.mean": "the posterior mean of mu does not exist (the posterior's tails are too heavy, e.g. few studies and a heavy-tailed tau prior)",
  "posterior.mu.sd": "the posterior variance of mu does not exist (the posterior's tails are too heavy)",
  "posterior.tau.mean": "the posterior mean of tau does not exist (the tau prior's tail is too heavy for these data)",
  "posterior.tau.sd": "the posterior variance of tau does not exist (the tau prior's tail is too heavy for these data)",
  "posterior.prediction.mean": "the predictive mean does not exist (the posterior's tails are too heavy)",
  "posterior.prediction.sd": "the predictive variance does not exist (the posterior's tails are too heavy)",
  logMarginalLikelihood: "the marginal likelihood exists only with a proper (normal) prior on mu; give --mu-prior normal:MEAN,SD",
  "bayesFactors.tau0": "Bayes factors need a proper (normal) prior on mu; give --mu-prior normal:MEAN,SD",
  "bayesFactors.mu0": "Bayes factors need a proper (normal) prior on mu; give --mu-prior normal:MEAN,SD",
  "bayesFactors.tau0.value": "exp(log) overflows a double; the log Bayes factor is given",
  "bayesFactors.mu0.value": "exp(log) overflows a double; the log Bayes factor is given",
  "shrinkage[].median": "shrinkage quantiles were not computed",
  "shrinkage[].ciLower": "shrinkage quantiles were not computed",
  "shrinkage[].ciUpper": "shrinkage quantiles were not computed",
};

export function bayesJson(measure: Measure, r: BayesMetaResult, excluded: readonly unknown[]) {
  return explainNulls({
    measure,
    method: "BAYES",
    k: r.k,
    tauPrior: r.tauPrior,
    muPrior: r.muPrior,
    interval: r.interval,
    level: r.level * 100,
    posterior: { mu: r.mu, tau: r.tau, prediction: r.prediction },
    probBelow: r.probBelow,
    shrinkage: r.shrinkage,
    logMarginalLikelihood: r.logMarginalLikelihood,
    bayesFactors: r.bayesFactors,
    accuracy: r.accuracy,
    excluded,
  }, BAYES_NULL_REASONS);
}

const f4 = (x: number | null) => (x === null ? "does not exist" : x.toFixed(4));

function bayesText(measure: Measure, r: BayesMetaResult): string {
  const pct = `${Number((r.level * 100).toFixed(6))}% ${r.interval} credible interval`;
  const lines = [
    `Bayesian random-effects meta-analysis (${measure}, analysis scale), k = ${r.k}`,
    `Priors: tau ~ ${r.tauPrior}; mu ~ ${r.muPrior}`,
    `mu: median ${f4(r.mu.median)} [${f4(r.mu.ciLower)}, ${f4(r.mu.ciUpper)}] (${pct}); mean ${f4(r.mu.mean)}, sd ${f4(r.mu.sd)}`,
    `tau: median ${f4(r.tau.median)} [${f4(r.tau.ciLower)}, ${f4(r.tau.ciUpper)}]; mean ${f4(r.tau.mean)}`,
    `Prediction (new study): median ${f4(r.prediction.median)} [${f4(r.prediction.ciLower)}, ${f4(r.prediction.ciUpper)}]`,
    ...r.probBelow.map((p) => `P(mu < ${p.x}) = ${p.probability.toFixed(4)}`),
    ...(r.bayesFactors.tau0 ? [`Bayes factors: tau = 0: ${r.bayesFactors.tau0.value?.toPrecision(4) ?? `exp(${r.bayesFactors.tau0.log.toFixed(2)})`}; mu = 0: ${r.bayesFactors.mu0?.value?.toPrecision(4) ?? "n/a"}`] : []),
    `Shrinkage estimates:`,
    ...r.shrinkage.map((s) => `  ${s.study}  y = ${f4(s.yi)}  ->  ${f4(s.median)} [${f4(s.ciLower)}, ${f4(s.ciUpper)}]`),
  ];
  return lines.join("\n") + "\n";
}
