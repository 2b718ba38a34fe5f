/**
 * The Bayesian models and GLMMs of a synthesis as the report shows them: each beside the
 * frequentist result of the same studies, with what it assumes (the prior on tau with its
 * justification and source, the prior on mu; for a GLMM, the binomial likelihood with no
 * continuity correction); and the Bayesian estimate and shrunken study estimates the
 * forest plot draws.
 */
import type { ForestBayesian, ForestPlotData, ModelSummary } from "@metakit/report";
import { formatFixed, formatP, overallEffectText } from "@metakit/report/format";
import { backTransform, type Measure } from "@metakit/effect-size";
import type { AlternativeFit, AnalysisResult, BayesFit, GlmmFit, ModelEstimate, SynthesisResult } from "../types.js";
import { displayEffect } from "./assumed.js";
import { sentence, studies } from "./labels.js";

function onDisplayScale(fit: AlternativeFit): ModelEstimate | null {
  return fit.backTransformed ?? fit.estimate;
}

/** "Bayesian random effects" or "GLMM (UM.FS, fixed study effects)", as a reader names the model. */
export function modelName(fit: AlternativeFit, measure: Measure): string {
  if (fit.type === "bayes") return "Bayesian random-effects model (normal-normal hierarchical model)";
  if (measure === "PLO") return "GLMM: random-intercept logistic model";
  const model = fit.spec.glmmModel ?? "UM.FS";
  return `GLMM: ${model === "UM.FS" ? "logistic model with fixed study effects (UM.FS)" : "logistic model with random study effects (UM.RS)"}`;
}

const WORDS: Readonly<Record<string, string>> = {
  "pharma-placebo": "pharmacological intervention against placebo",
  "pharma-pharma": "pharmacological intervention against another",
  nonpharma: "non-pharmacological intervention",
  "nonpharma-placebo": "non-pharmacological intervention against placebo",
  "nonpharma-pharma": "non-pharmacological against pharmacological intervention",
  "nonpharma-nonpharma": "non-pharmacological interventions compared",
  "general-health": "general physical health, adverse events, pain and quality of life",
  "signs-symptoms": "signs and symptoms",
  "mental-health": "mental health",
  "biological-marker": "biological markers",
  other: "medical areas other than respiratory and cancer",
  any: "any outcome (the general setting)",
};
const words = (code: string | undefined): string => (code === undefined ? "" : (WORDS[code] ?? code.replace(/-/g, " ")));

/** The prior on tau in words, then its density on tau as bayesMeta names it (without the codes). */
export function priorInWords(prior: BayesFit["spec"]["tauPrior"], label: string | undefined): string {
  const density = label?.match(/log-(?:Student-t|normal)\([^)]*\)/)?.[0];
  switch (prior.family) {
    case "turner":
      return `the empirical prior of Turner et al. (2015) for log odds ratios, for ${words(prior.outcome)} with a ${words(prior.comparison ?? "pharma-placebo")}${density === undefined ? "" : `; on tau, ${density}`}`;
    case "rhodes":
      return `the empirical prior of Rhodes et al. (2015) for standardised mean differences, for ${words(prior.outcome)} with a ${words(prior.comparison ?? "pharma-placebo")} in ${words(prior.area ?? "other")}${density === undefined ? "" : `; on tau, ${density}`}`;
    default:
      return label ?? prior.family;
  }
}

function bayesAssumptions(fit: BayesFit): string[] {
  const mu = fit.fit?.muPrior;
  return [
    `Prior on the between-study standard deviation tau: ${priorInWords(fit.spec.tauPrior, fit.fit?.tauPrior)}. ${sentence(fit.spec.justification)}`,
    ...(fit.spec.reference === undefined ? [] : [`Source of the prior: ${sentence(fit.spec.reference)}`]),
    fit.spec.muPrior === undefined ? "Prior on the overall effect: uniform (improper), so the data alone inform it." : `Prior on the overall effect: ${mu ?? `normal(${fit.spec.muPrior.mean}, ${fit.spec.muPrior.sd})`}.`,
    `Posterior median with the ${fit.spec.interval} ${fit.spec.level}% credible interval, computed by numerical integration (no sampling).`,
  ];
}

function glmmAssumptions(fit: GlmmFit): string[] {
  const excluded = fit.fit?.excluded.length ?? 0;
  return [
    "The binomial likelihood of the counts themselves: no continuity correction, studies with no events or all events in an arm kept.",
    ...(excluded > 0 ? [`${excluded === 1 ? "One study" : `${excluded} studies`} with no events (or only events) in both arms left out, as metafor's rma.glmm does.`] : []),
    `Between-study variance by maximum likelihood; ${fit.spec.test === "t" ? "t" : "normal (z)"}-based ${fit.spec.level}% confidence interval.`,
    sentence(fit.spec.justification),
    ...fit.notes.filter((n) => n.includes("not in the GLMM")).map(sentence),
  ];
}

function summaryOf(label: string, fit: AlternativeFit, frequentist: SynthesisResult, measure: Measure): ModelSummary {
  const estimate = onDisplayScale(fit);
  return {
    label,
    model: modelName(fit, measure),
    role: fit.role,
    assumes: fit.type === "bayes" ? bayesAssumptions(fit) : glmmAssumptions(fit),
    k: fit.fit?.k ?? fit.results.length,
    frequentist: displayEffect(frequentist.pooled),
    frequentistLevel: frequentist.model.level,
    estimate: estimate === null ? null : { estimate: estimate.estimate, ciLower: estimate.ciLower, ciUpper: estimate.ciUpper },
    interval: `${fit.spec.level}% ${fit.type === "bayes" ? "CrI" : "CI"}`,
    ...(fit.notApplicable !== null && { notFitted: fit.notApplicable }),
  };
}

/** The synthesis's primary Bayesian model or GLMM, then each scenario's, beside the frequentist result of the same studies. */
export function modelSummaries(analysis: AnalysisResult, synthesisId: string): ModelSummary[] {
  const main = analysis.syntheses.find((s) => s.id === synthesisId);
  const primary = main?.alternative == null ? [] : [summaryOf(`Primary analysis (${studies(main.alternative.fit?.k ?? main.alternative.results.length)})`, main.alternative, main, main.measure)];
  const scenarios = analysis.scenarios.flatMap((scenario) =>
    scenario.syntheses.flatMap((s) => {
      const fit = s.synthesis.alternative;
      if (s.synthesis.id !== synthesisId || fit === null || fit.role !== "sensitivity") return [];
      return [summaryOf(scenario.label, fit, s.synthesis, s.synthesis.measure)];
    }),
  );
  return [...primary, ...scenarios];
}

/**
 * A scenario that only fits a Bayesian model (no assumption, exclusion or correlation of
 * its own) analyses the main analysis's studies, so the main forest plot can draw it.
 */
function sameStudiesBayes(analysis: AnalysisResult, synthesisId: string): BayesFit | undefined {
  for (const scenario of analysis.scenarios) {
    if (scenario.assumptions.length > 0 || scenario.excludeRiskOfBias.length > 0) continue;
    for (const s of scenario.syntheses) {
      const fit = s.synthesis.alternative;
      if (s.synthesis.id === synthesisId && fit?.type === "bayes" && fit.role === "sensitivity" && s.excluded.length === 0 && s.synthesis.crossoverCorrelation?.from !== "scenario") return fit;
    }
  }
  return undefined;
}

/**
 * The Bayesian estimate the forest plot of the main analysis draws: the primary model's,
 * else that of a scenario on the same studies; shrunken estimates when the spec asks
 * (shrinkage: true), each under its study's row (`rowLabels`: labels of synthesis.effects).
 */
export function forestBayesianOf(analysis: AnalysisResult, synthesis: SynthesisResult, rowLabels: readonly string[]): ForestBayesian | undefined {
  const own = synthesis.alternative?.type === "bayes" ? synthesis.alternative : undefined;
  const fit = own ?? sameStudiesBayes(analysis, synthesis.id);
  const estimate = fit === undefined ? null : onDisplayScale(fit);
  if (fit === undefined || fit.fit === null || estimate === null) return undefined;
  const label = `Bayesian, ${fit.fit.tauPrior} prior (${fit.spec.level}% CrI)`;
  const shrinkage = fit.spec.shrinkage ? shrunken(fit, synthesis, rowLabels) : [];
  return {
    label,
    estimate: estimate.estimate,
    ciLower: estimate.ciLower,
    ciUpper: estimate.ciUpper,
    ...(estimate.piLower !== null && estimate.piUpper !== null && { piLower: estimate.piLower, piUpper: estimate.piUpper }),
    ...(shrinkage.length > 0 && { shrinkage }),
  };
}

function shrunken(fit: BayesFit, synthesis: SynthesisResult, rowLabels: readonly string[]): NonNullable<ForestBayesian["shrinkage"]> {
  return (fit.fit?.shrinkage ?? []).flatMap((s, i) => {
    const row = synthesis.effects.findIndex((e) => e.result === fit.results[i]);
    const effect = synthesis.effects[row];
    if (row < 0 || effect === undefined || s.median === null || s.ciLower === null || s.ciUpper === null) return [];
    const n = effect.participants.n;
    const show = (x: number) => backTransform(synthesis.measure, x, n === null ? {} : { ni: n });
    return [{ label: rowLabels[row]!, estimate: show(s.median), ciLower: show(s.ciLower), ciUpper: show(s.ciUpper) }];
  });
}

/**
 * The forest plot of a synthesis the three-level model pools: each study's results grouped
 * under the study (a heading per study), no study weights (the model has none per result to
 * show), the three-level estimate as the total diamond, and its variance components and
 * test under the plot. Unchanged when the multilevel model did not run.
 */
export function withMultilevel(forest: ForestPlotData, synthesis: SynthesisResult, studyLabels: readonly string[]): ForestPlotData {
  const m = synthesis.multilevel;
  if (m === null) return forest;
  const groups = [...new Set(studyLabels)];
  const rows = forest.rows.map((row, i) => ({ ...row, group: studyLabels[i]! }));
  const e = m.backTransformed ?? m.estimate;
  const f = m.fit;
  const coefficient = f.coefficients[0]!;
  const level = f.level;
  const test = f.test === "t" && f.df !== undefined ? { statistic: "t" as const, value: coefficient.statistic, df: f.df, pval: coefficient.pval } : { statistic: "z" as const, value: coefficient.statistic, pval: coefficient.pval };
  const { pooled: _ignored, ...rest } = forest;
  return {
    ...rest,
    rows: rows.map(({ weightPercent: _weight, ...row }) => row),
    subgroups: groups.map((name) => ({ name })),
    method: `IV, three-level random effects (${f.method}${f.test === "t" ? ", t" : ""}), ${level}% CI`,
    pooled: { estimate: e.estimate, ciLower: e.ciLower, ciUpper: e.ciUpper, ...(e.piLower !== null && e.piUpper !== null && { piLower: e.piLower, piUpper: e.piUpper }), label: `Total, three-level model (${level}% CI)` },
    heterogeneityText: `Heterogeneity: σ² between studies = ${formatFixed(f.sigma2[0], 2)}, within studies = ${formatFixed(f.sigma2[1], 2)}; Chi² = ${formatFixed(f.QE, 2)}, df = ${f.QEdf} (${formatP(f.QEp)}); I² = ${formatFixed(f.I2, 0)}% (${formatFixed(f.I2Levels[0], 0)}% between, ${formatFixed(f.I2Levels[1], 0)}% within studies)`,
    overallEffectText: overallEffectText(test),
  };
}

/** "Three-level random-effects model ..." for What was assumed. */
export function multilevelSentence(synthesis: SynthesisResult): string | undefined {
  const m = synthesis.multilevel;
  if (m === null) return undefined;
  const f = m.fit;
  return `Three-level random-effects model (metafor's rma.mv, results nested within studies): ${m.results.length} results from ${f.clusters} studies enter together; true effects vary between studies and between the results of one study, with variances estimated by ${f.method}. ${f.test === "t" ? `t test and confidence interval on ${f.df ?? m.results.length - 1} degrees of freedom (Knapp-Hartung is not defined for this model).` : "Wald-type z test and confidence interval."} Confidence level ${f.level}%.`;
}
