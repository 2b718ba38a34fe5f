/**
 * The methods paragraphs of the report, written from the analysis specs (what was asked
 * for, not what any one fit found): effect measures, model and tau² estimator, test and
 * interval, prediction interval, continuity correction, crossover handling and its assumed
 * correlation, GRADE and its thresholds, software. Sources are cited by number in order of
 * first citation, and listed in `references`.
 */
import type { MethodsSection } from "@metakit/report";
import { assumedCorrelation, type AnalysisSpec } from "@metakit/schema";
import type { DataIndex } from "../inputs/dataset.js";
import { sentence } from "./labels.js";
import type { AnalysisResult } from "../types.js";
import { keyResultsOf, riskOfBiasSentence, smallStudySentence } from "./key-results.js";
import { tauPriorDensity } from "@metakit/core";
import { corePrior } from "../synthesis/alternative.js";
import { priorInWords } from "./models.js";

/** The method papers the paragraphs cite. */
const SOURCES = {
  hedges1981: "Hedges LV. Distribution theory for Glass's estimator of effect size and related estimators. J Educ Stat 1981;6(2):107-28.",
  viechtbauer2005: "Viechtbauer W. Bias and efficiency of meta-analytic variance estimators in the random-effects model. J Educ Behav Stat 2005;30(3):261-93.",
  dersimonian1986: "DerSimonian R, Laird N. Meta-analysis in clinical trials. Control Clin Trials 1986;7(3):177-88.",
  paule1982: "Paule RC, Mandel J. Consensus values and weighting factors. J Res Natl Bur Stand 1982;87(5):377-85.",
  hartung2001: "Hartung J, Knapp G. A refined method for the meta-analysis of controlled clinical trials with binary outcome. Stat Med 2001;20(24):3875-89.",
  higgins2009: "Higgins JPT, Thompson SG, Spiegelhalter DJ. A re-evaluation of random-effects meta-analysis. J R Stat Soc Ser A 2009;172(1):137-59.",
  riley2011: "Riley RD, Higgins JPT, Deeks JJ. Interpretation of random effects meta-analyses. BMJ 2011;342:d549.",
  elbourne2002: "Elbourne DR, Altman DG, Higgins JPT, Curtin F, Worthington HV, Vail A. Meta-analyses involving cross-over trials: methodological issues. Int J Epidemiol 2002;31(1):140-9.",
  guyatt2008: "Guyatt GH, Oxman AD, Vist GE, Kunz R, Falck-Ytter Y, Alonso-Coello P, Schünemann HJ. GRADE: an emerging consensus on rating quality of evidence and strength of recommendations. BMJ 2008;336(7650):924-6.",
  gradeHandbook: "Schünemann H, Brożek J, Guyatt G, Oxman A, editors. GRADE handbook for grading quality of evidence and strength of recommendations. The GRADE Working Group; 2013.",
  santesso2020: "Santesso N, Glenton C, Dahm P, et al. GRADE guidelines 26: informative statements to communicate the findings of systematic reviews of interventions. J Clin Epidemiol 2020;119:126-35.",
  page2023: "Page MJ, Higgins JPT, Sterne JAC. Chapter 13: Assessing risk of bias due to missing results in a synthesis. In: Higgins JPT, Thomas J, et al., editors. Cochrane Handbook for Systematic Reviews of Interventions version 6.4. Cochrane; 2023.",
  viechtbauer2010: "Viechtbauer W. Conducting meta-analyses in R with the metafor package. J Stat Softw 2010;36(3):1-48.",
  rover2020: "Röver C. Bayesian random-effects meta-analysis using the bayesmeta R package. J Stat Softw 2020;93(6):1-51.",
  stijnen2010: "Stijnen T, Hamza TH, Özdemir P. Random effects meta-analysis of event outcome in the framework of the generalized linear mixed model with applications in sparse data. Stat Med 2010;29(29):3046-67.",
  konstantopoulos2011: "Konstantopoulos S. Fixed effects and variance components estimation in three-level meta-analysis. Res Synth Methods 2011;2(1):61-76.",
} as const;

type SourceId = keyof typeof SOURCES;

/** Numbers sources in order of first citation; a spec's own reference (free text) is a source too. */
class Citations {
  private readonly order: string[] = [];

  /** "[3]" or "[1, 4]". */
  cite(...texts: readonly string[]): string {
    const numbers = texts.map((text) => {
      const at = this.order.indexOf(text);
      if (at >= 0) return at + 1;
      this.order.push(text);
      return this.order.length;
    });
    return `[${numbers.join(", ")}]`;
  }

  source(...ids: readonly SourceId[]): string {
    return this.cite(...ids.map((id) => SOURCES[id]));
  }

  get references(): string[] {
    return [...this.order];
  }
}

const MEASURE_WORDS: Readonly<Record<string, string>> = {
  RR: "risk ratios",
  OR: "odds ratios",
  RD: "risk differences",
  HR: "hazard ratios",
  MD: "mean differences",
  SMD: "standardised mean differences (Hedges' g)",
  ROM: "ratios of means",
  PLO: "proportions (pooled on the logit scale)",
  PR: "proportions",
  PAS: "proportions (pooled on the arcsine scale)",
  PFT: "proportions (pooled on the Freeman-Tukey scale)",
};

const ESTIMATORS: Readonly<Record<string, { name: string; source?: SourceId }>> = {
  REML: { name: "restricted maximum likelihood", source: "viechtbauer2005" },
  ML: { name: "maximum likelihood", source: "viechtbauer2005" },
  DL: { name: "the DerSimonian-Laird method", source: "dersimonian1986" },
  PM: { name: "the Paule-Mandel method", source: "paule1982" },
  EB: { name: "the empirical Bayes method" },
  HE: { name: "the Hedges method" },
  HS: { name: "the Hunter-Schmidt method" },
  SJ: { name: "the Sidik-Jonkman method" },
};

const COMMON_EFFECT = new Set(["EE", "FE"]);

const listed = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

type Synthesis = AnalysisSpec["syntheses"][number];

const pooled = (specs: readonly AnalysisSpec[]): Synthesis[] => specs.flatMap((s) => s.syntheses.filter((y) => y.pool));

function measuresSentence(specs: readonly AnalysisSpec[], c: Citations): string {
  const measures = unique(specs.flatMap((s) => s.syntheses.map((y) => y.measure)));
  const words = measures.map((m) => (m === "SMD" ? `${MEASURE_WORDS[m]} ${c.source("hedges1981")}` : (MEASURE_WORDS[m] ?? m)));
  const singleArm = specs.some((s) => s.syntheses.some((y) => y.evidence === "single-arm"));
  const apart = singleArm ? " Single-group proportions, without a comparator, were analysed apart from the comparisons and are not effects of the intervention." : "";
  return `Results were expressed as ${listed(words)}.${apart}`;
}

function modelSentences(specs: readonly AnalysisSpec[], c: Citations): string[] {
  const syntheses = pooled(specs);
  if (syntheses.length === 0) return ["No result was pooled: each was described study by study."];
  const methods = unique(syntheses.map((y) => y.model.method));
  const random = methods.filter((m) => !COMMON_EFFECT.has(m));
  const parts: string[] = [];
  if (random.length > 0) {
    const estimators = random.map((m) => {
      const e = ESTIMATORS[m];
      return e === undefined ? m : `${e.name}${e.source === undefined ? "" : ` ${c.source(e.source)}`}`;
    });
    parts.push(`Results were pooled in random-effects models with inverse-variance weights, the between-study variance (tau²) estimated by ${listed(estimators)}.`);
  }
  if (methods.some((m) => COMMON_EFFECT.has(m))) parts.push("Where the spec asked for it, a common-effect (inverse-variance) model was fitted instead.");
  const tests = unique(syntheses.map((y) => y.model.test));
  const knha = tests.includes("knha") ? `the Hartung-Knapp method (t distribution) ${c.source("hartung2001")}` : "";
  const z = tests.includes("z") ? "Wald-type z tests" : "";
  parts.push(`Tests and confidence intervals used ${listed([knha, z].filter((t) => t !== ""))}.`);
  const levels = unique(syntheses.map((y) => y.model.level));
  parts.push(`Confidence intervals are ${listed(levels.map((l) => `${l}%`))}.`);
  if (syntheses.some((y) => y.model.predictionInterval && !COMMON_EFFECT.has(y.model.method))) {
    parts.push(`Prediction intervals for the effect in a new study ${c.source("higgins2009", "riley2011")} are shown with the random-effects estimates of two or more studies where the fit gives one.`);
  }
  return parts;
}

/** The Bayesian models, GLMMs and multilevel models the specs name, with the sources of their priors. */
function otherModelSentences(specs: readonly AnalysisSpec[], c: Citations): string[] {
  const parts: string[] = [];
  const syntheses = specs.flatMap((s) => s.syntheses);
  if (syntheses.some((y) => y.model.type === "multilevel")) {
    parts.push(`Where a study gave several results to one synthesis, they entered together in a three-level model, results nested within studies ${c.source("konstantopoulos2011")}.`);
  }
  const named = [
    ...syntheses.flatMap((y) => (y.primaryModel === undefined ? [] : [{ model: y.primaryModel, role: "the primary analysis" }])),
    ...specs.flatMap((s) => s.scenarios.flatMap((sc) => (sc.model?.type === "bayes" || sc.model?.type === "glmm" ? [{ model: sc.model, role: "a sensitivity analysis" }] : []))),
  ];
  const bayes = named.flatMap((n) => (n.model.type === "bayes" ? [{ ...n, model: n.model }] : []));
  if (bayes.length > 0) {
    const bayesmeta = c.source("rover2020"); // cited first: it comes first in the sentence
    const priors = unique(bayes.map((b) => `${priorInWords(corePrior(b.model.tauPrior), tauPriorDensity(corePrior(b.model.tauPrior)).label)}${b.model.reference === undefined ? "" : ` ${c.cite(b.model.reference)}`} (${b.role})`));
    parts.push(`Bayesian random-effects models (the normal-normal hierarchical model, computed by numerical integration as bayesmeta computes it ${bayesmeta}) are shown beside the frequentist results, with these priors on the between-study standard deviation, each justified in the analysis: ${listed(priors)}; the posterior median is given with its credible interval.`);
  }
  if (named.some((n) => n.model.type === "glmm")) {
    parts.push(`Generalized linear mixed models ${c.source("stijnen2010")} fitted the counts by their binomial likelihood, without continuity correction.`);
  }
  return parts;
}

function dataSentences(specs: readonly AnalysisSpec[], c: Citations, index: DataIndex): string[] {
  const correlationOf = (id: string | undefined): { value: number; justification: string }[] => {
    const assumption = id === undefined ? undefined : index.assumptions.get(id);
    const value = assumedCorrelation(assumption);
    return assumption === undefined || value === undefined ? [] : [{ value, justification: assumption.statement }];
  };
  const parts: string[] = [];
  const measures = new Set(specs.flatMap((s) => s.syntheses.map((y) => y.measure)));
  if (["RR", "OR", "PLO", "PR", "PAS", "PFT"].some((m) => measures.has(m as never))) {
    parts.push(`Where a table had a zero cell, 1/2 was added to each of its cells before computing a ratio or a logit, as metafor's escalc does by default ${c.source("viechtbauer2010")}.`);
  }
  const correlations = specs.flatMap((s) => s.syntheses.flatMap((y) => correlationOf(y.crossoverAssumption)));
  const scenarioCorrelations = unique(specs.flatMap((s) => s.scenarios.flatMap((sc) => correlationOf(sc.crossoverAssumption).map((r) => r.value))));
  if (correlations.length > 0 || scenarioCorrelations.length > 0) {
    const main = unique(correlations.map((r) => r.value));
    const assumed = main.length > 0 ? `, assuming a within-person correlation of ${listed(main.map(String))} (${sentence(correlations[0]!.justification).replace(/\.$/, "")})` : "";
    const scenarios = scenarioCorrelations.length > 0 ? ` Sensitivity scenarios used a within-person correlation of ${listed(scenarioCorrelations.map(String))}.` : "";
    parts.push(`Crossover trials entered as paired results, never as parallel groups ${c.source("elbourne2002")}${assumed}.${scenarios}`);
  }
  parts.push(`Funnel plots and tests for small-study effects were planned only for comparisons of 10 or more studies ${c.source("page2023")}.`);
  return parts;
}

/** What ran, from the results: the risk-of-bias tools with judgements and the small-study tests. */
function ranSentences(results: readonly AnalysisResult[] | undefined, c: Citations, index: DataIndex): string[] {
  return results === undefined ? [] : [riskOfBiasSentence(results, index, c), smallStudySentence(results, c)];
}

const THRESHOLD_KIND: Readonly<Record<string, string>> = { MID: "a minimal important difference of", null: "the line of no effect", "decision-threshold": "a decision threshold of" };

function gradeSentences(specs: readonly AnalysisSpec[], c: Citations, outcomeLabel: (spec: AnalysisSpec, id: string) => string): string[] {
  const parts = [
    `The certainty of the evidence for each outcome was rated with GRADE ${c.source("guyatt2008", "gradeHandbook")}: randomised evidence starts high and non-randomised evidence low, rated down for risk of bias, inconsistency, indirectness, imprecision and publication bias, and findings are worded as GRADE's informative statements ${c.source("santesso2020")}.`,
  ];
  const thresholds = specs.flatMap((spec) =>
    spec.grade.map((g) => {
      const t = g.threshold;
      const source = t.reference === undefined ? "" : ` ${c.cite(t.reference)}`;
      const value = t.kind === "null" ? "" : ` ${t.value} (${t.scale})`;
      const chosen = t.kind === "null" || t.reviewersChoice === undefined ? "" : t.reviewersChoice ? ", the reviewers' own choice" : ", as its source sets it";
      return `${outcomeLabel(spec, g.outcome).toLowerCase()}, ${THRESHOLD_KIND[t.kind] ?? t.kind}${value}${source}${chosen}`;
    }),
  );
  if (thresholds.length > 0) parts.push(`Imprecision was judged against a threshold per outcome: ${unique(thresholds).join("; ")}.`);
  return parts;
}

/**
 * The methods of the review, from its specs. `software` is what made the report
 * ("metakit 0.1.0"). With the specs' results, also the risk-of-bias tools and small-study
 * tests that ran and a key-results paragraph per outcome, citing studies and methods in
 * one numbered reference list.
 */
export function methodsOf(specs: readonly AnalysisSpec[], software: string, index: DataIndex, results?: readonly AnalysisResult[]): MethodsSection {
  const c = new Citations();
  const outcomeLabel = (spec: AnalysisSpec, id: string) => spec.question.outcomes.find((o) => o.id === id)?.label ?? id;
  const analysis = [measuresSentence(specs, c), ...modelSentences(specs, c), ...otherModelSentences(specs, c), ...dataSentences(specs, c, index), ...ranSentences(results, c, index)].join(" ");
  const grade = gradeSentences(specs, c, outcomeLabel).join(" ");
  const softwareLine = `Analyses were run with ${software}, whose statistics are checked against metafor 3.8-1 in R ${c.source("viechtbauer2010")}.`;
  const keyResults = results === undefined ? [] : keyResultsOf(results, index, c);
  return { paragraphs: [analysis, grade, softwareLine], references: c.references, ...(keyResults.length > 0 && { results: keyResults }) };
}
