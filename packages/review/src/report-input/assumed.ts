/**
 * What each analysis assumed, in sentences: the model, the scale and back-transformation,
 * the alignment of directions, the crossover correlation, every conversion that turned a
 * reported number into an effect size, the assumptions in force, and the analysis's own
 * notes. Then the subgroup results and the sensitivity scenarios, as the report shows them.
 */
import type { EffectInterval, ScenarioSummary } from "@metakit/report";
import { formatEffectCi, subgroupDifferencesText } from "@metakit/report/format";
import type { AnalysisSpec } from "@metakit/schema";
import type { DataIndex } from "../inputs/dataset.js";
import type { AnalysisResult, PooledEstimate, ScenarioResult, ScenarioSynthesis, SubgroupsResult, SynthesisResult } from "../types.js";
import { multilevelSentence } from "./models.js";
import { groupLabel, measureName, modelSentence, sentence, studies, studyLabel, variableName } from "./labels.js";

const SCALE_SENTENCES: Readonly<Record<string, string>> = {
  PLO: "Proportions are pooled as logits and shown back-transformed (inverse logit); each study's interval is a Wald interval on the logit scale.",
  RR: "Risk ratios are pooled on the log scale and shown as ratios.",
  OR: "Odds ratios are pooled on the log scale and shown as ratios.",
  SMD: "Standardised mean differences are Hedges' g (small-sample corrected); they are in standard-deviation units, not the scales' points.",
  MD: "Mean differences are in the outcome scale's points.",
};

/** Each conversion method in words; results.json keeps the formula as applied. */
const CONVERSION_WORDS: Readonly<Record<string, string>> = {
  "se-from-ci": "the standard error from the confidence interval",
  "se-from-p": "the standard error from the P value",
  "se-from-t": "the standard error from the t statistic",
  "sd-from-se": "the standard deviation from the standard error",
  "sd-from-ci": "the standard deviation from the confidence interval",
  "mean-sd-from-median": "the mean and standard deviation from the median and range or quartiles",
  "combine-groups": "two groups combined into one",
  "change-score-sd": "the standard deviation of the change from baseline",
  "correlation-from-change-sd": "the baseline-follow-up correlation from the change standard deviation",
  "smd-from-t": "the standardised mean difference from the t statistic and the group sizes",
  "smd-from-p": "the standardised mean difference from the P value and the group sizes",
  "paired-smd-from-t": "the within-person standardised mean difference from the paired t statistic",
  "paired-smd-from-p": "the within-person standardised mean difference from the paired P value",
  "paired-md-variance-from-sd": "the variance of the within-person mean difference from the standard deviations",
  "design-effect": "the sample size divided by the design effect",
  "log-or-to-smd": "the standardised mean difference from the log odds ratio",
  "smd-to-log-or": "the log odds ratio from the standardised mean difference",
  wald: "the estimate and standard error from the reported estimate and its interval (Wald)",
  delta: "a change of scale by the delta method",
  "table-from-margins": "the 2x2 table from the reported margins",
};

function conversionSentences(synthesis: SynthesisResult, index: DataIndex): string[] {
  return synthesis.effects.flatMap((e) => {
    const label = studyLabel(index.studies.get(e.study), e.study);
    const steps = e.conversions.map((c) => `${CONVERSION_WORDS[c.method] ?? c.method} (${c.reference})`);
    const notes = e.notes.map((n) => sentence(`${label}: ${n}`));
    const flipped = e.estimable && e.directionFlipped ? [`${label}: sign reversed so that its direction matches the synthesis.`] : [];
    const used = e.assumptions.map((a) => `${label}: an assumption supplies ${a.field}${a.arm === undefined ? "" : ` of ${a.arm}`} = ${a.value}: ${assumptionStatement(index, a.assumption)}`);
    return [...(steps.length === 0 ? [] : [`${label}: effect size derived by ${steps.join(", then ")}.`]), ...notes, ...flipped, ...used];
  });
}

/** An assumption's statement as a sentence, for a reader (its id stays in results.json). */
function assumptionStatement(index: DataIndex, id: string): string {
  const statement = index.assumptions.get(id)?.statement;
  return statement === undefined ? "(statement not recorded)." : sentence(statement);
}

/** Every sentence of "What was assumed" for one synthesis. */
export function assumptionsOf(synthesis: SynthesisResult, spec: AnalysisSpec, index: DataIndex): string[] {
  const specNotes = spec.syntheses.find((s) => s.id === synthesis.id)?.notes;
  const pooled = synthesis.pooled;
  const piShown = pooled !== null && pooled.kind === "pooled" && pooled.model.piLower !== null;
  const ran = synthesis.notPooled !== null ? "described" : pooled === null ? "none" : pooled.kind;
  const sentences = [multilevelSentence(synthesis) ?? modelSentence(synthesis.model, piShown, ran)];
  const scale = SCALE_SENTENCES[synthesis.measure];
  if (scale !== undefined) sentences.push(scale);
  if (synthesis.direction !== null) sentences.push(sentence(`Direction: ${synthesis.direction.basis}`));
  if (synthesis.crossoverCorrelation !== null) {
    const c = synthesis.crossoverCorrelation;
    sentences.push(`Crossover trials analysed as paired data with a within-person correlation of ${c.value}: ${c.justification}`);
  }
  sentences.push(
    synthesis.assumptionsInForce.length === 0
      ? "No assumption from the extraction files is applied here; assumptions are applied only in the sensitivity scenarios that name them."
      : `Assumptions in force: ${synthesis.assumptionsInForce.map((id) => assumptionStatement(index, id)).join(" ")}`,
  );
  const notEstimable = synthesis.effects.filter((e) => !e.estimable).length;
  if (notEstimable > 0 && notEstimable === synthesis.effects.length) sentences.push(`None of the ${synthesis.effects.length} selected results could be estimated; the reasons are given in place of the plot, and nothing is imputed.`);
  else if (notEstimable > 0) sentences.push(`${notEstimable} of ${synthesis.effects.length} selected results could not be estimated; they are listed in the plot with the reason, not imputed.`);
  sentences.push(...conversionSentences(synthesis, index));
  // The model sentence already says what a single study shows; its k = 1 note would repeat it.
  if (pooled !== null && pooled.kind === "pooled") sentences.push(...pooled.notes.map(sentence));
  // For k = 1 the analysis's own note says it all; the model's note repeats it in other words.
  if (pooled !== null && pooled.kind === "pooled") sentences.push(...pooled.model.notes.map(sentence));
  if (specNotes !== undefined) sentences.push(sentence(specNotes));
  return [...new Set(sentences.map((s) => s.trim()))];
}

/** The pooled estimate with its interval on the reporting scale. */
export function displayEffect(pooled: PooledEstimate | null): EffectInterval | null {
  if (pooled === null) return null;
  const t = pooled.backTransformed;
  return t === null ? { estimate: pooled.model.estimate, ciLower: pooled.model.ciLower, ciUpper: pooled.model.ciUpper } : { estimate: t.estimate, ciLower: t.ciLower, ciUpper: t.ciUpper };
}

function effectText(pooled: PooledEstimate): string {
  const e = displayEffect(pooled)!;
  return formatEffectCi(e.estimate, e.ciLower, e.ciUpper);
}

export function subgroupLines(subgroups: readonly SubgroupsResult[], measure: string): { variable: string; lines: string[] }[] {
  return subgroups.map((s) => {
    const groups = (s.groups ?? []).map((g) => `${groupLabel(s.variable, g.group)}: ${studies(g.pooled.model.k)}, ${measureName(measure)} ${effectText(g.pooled)}.`);
    const test = s.differences === null ? [] : [`${subgroupDifferencesText({ QM: s.differences.QB, df: s.differences.df, QMp: s.differences.pval, I2: s.differences.I2 })}.`];
    return { variable: variableName(s.variable), lines: [...groups, ...test, ...s.notes.map(sentence)] };
  });
}

/** A scenario note about one synthesis ("pain-vs-active: ..."): shown in words by unjudgedSentence, not as written. */
function aboutAnySynthesis(note: string, analysis: AnalysisResult): boolean {
  return analysis.syntheses.some((s) => note.startsWith(`${s.id}:`));
}

/** The studies a risk-of-bias exclusion could not judge, by their labels. */
function unjudgedSentence(s: ScenarioSynthesis, index: DataIndex): string[] {
  if (s.unjudged.length === 0) return [];
  const labels = [...new Set(s.unjudged.map((id) => {
    const study = index.results.get(id)?.study ?? id;
    return studyLabel(index.studies.get(study), study);
  }))];
  return [`No risk-of-bias judgement is recorded for ${labels.join(", ")}, so ${labels.length === 1 ? "it is" : "they are"} not excluded on risk of bias.`];
}

/** The assumptions of the scenario that one of this synthesis's results used. */
function assumptionsUsed(scenario: ScenarioResult, s: ScenarioSynthesis): ScenarioResult["assumptions"] {
  const used = new Set(s.synthesis.effects.flatMap((e) => e.assumptions.map((a) => a.assumption)));
  return scenario.assumptions.filter((a) => used.has(a.id));
}

/** Whether the refit differs from the main analysis in anything the scenario set. */
function changesSomething(scenario: ScenarioResult, s: ScenarioSynthesis, main: SynthesisResult | undefined): boolean {
  if (s.excluded.length > 0 || assumptionsUsed(scenario, s).length > 0) return true;
  if (main === undefined) return true;
  const [a, b] = [s.synthesis.model, main.model];
  const modelChanged = a.method !== b.method || a.test !== b.test || a.level !== b.level || a.predictionInterval !== b.predictionInterval;
  return modelChanged && main.pooled !== null;
}

/**
 * Whether a scenario has a result to show under this synthesis. A scenario that names the
 * synthesis is shown; one that runs on every synthesis is shown only where it changes
 * something. A risk-of-bias exclusion is not a result where no selected result was judged:
 * it would show the main analysis again as if the exclusion had been tested.
 */
function shownAsResult(scenario: ScenarioResult, s: ScenarioSynthesis, main: SynthesisResult | undefined): boolean {
  // a Bayesian model or GLMM as a sensitivity analysis is shown beside its frequentist refit in the models table (models.ts)
  if (s.synthesis.alternative?.role === "sensitivity") return false;
  const selected = s.synthesis.effects.length + s.excluded.length;
  if (s.unjudged.length > 0 && s.unjudged.length >= selected) return false;
  return s.named || changesSomething(scenario, s, main);
}

/** The sensitivity scenarios shown under one synthesis: what each changed, in words, and the refit. */
export function scenarioSummaries(analysis: AnalysisResult, synthesisId: string, index: DataIndex): ScenarioSummary[] {
  const main = analysis.syntheses.find((s) => s.id === synthesisId);
  return analysis.scenarios.flatMap((scenario) =>
    scenario.syntheses
      .filter((s) => s.synthesis.id === synthesisId && shownAsResult(scenario, s, main))
      .map((s) => ({
        label: scenario.label,
        description: scenario.description,
        k: s.synthesis.pooled?.model.k ?? 0,
        level: s.synthesis.model.level,
        effect: displayEffect(s.synthesis.pooled),
        changes: [
          ...assumptionsUsed(scenario, s).map((a) => `Assumes: ${sentence(a.statement)}`),
          ...correlationChange(scenario, s, main),
          ...exclusionSentences(s, index),
          ...(s.excluded.length === 0 && scenario.notes.length === 0 && s.unjudged.length === 0 && scenario.excludeRiskOfBias.length > 0 ? ["No selected result is judged at the excluded risk of bias, so the refit is the main analysis."] : []),
          ...unjudgedSentence(s, index),
          ...scenario.notes.filter((n) => !aboutAnySynthesis(n, analysis)).map(sentence),
        ],
      })),
  );
}

/**
 * The scenario's crossover correlation, when it set one the main analysis did not have, a
 * result used it, and no "Assumes:" line already states its assumption record.
 */
function correlationChange(scenario: ScenarioResult, s: ScenarioSynthesis, main: SynthesisResult | undefined): string[] {
  const c = s.synthesis.crossoverCorrelation;
  if (c === null || c.from !== "scenario" || main?.crossoverCorrelation?.value === c.value) return [];
  if (assumptionsUsed(scenario, s).some((a) => a.id === c.assumption)) return [];
  const used = s.synthesis.effects.some((e) => e.assumptions.some((a) => a.assumption === c.assumption));
  return used ? [`Crossover trials analysed as paired data with a within-person correlation of ${c.value}.`] : [];
}

/** "Leaves out Roth 1996: the scenario excludes the study.", one per study ("(2 results)" when it left out more than one). */
function exclusionSentences(s: ScenarioSynthesis, index: DataIndex): string[] {
  const byStudy = new Map<string, string[]>();
  for (const x of s.excluded) byStudy.set(x.study, [...(byStudy.get(x.study) ?? []), exclusionWords(x.why)]);
  return [...byStudy].map(([study, whys]) => {
    const count = whys.length > 1 ? ` (${whys.length} results)` : "";
    return `Leaves out ${studyLabel(index.studies.get(study), study)}${count}: ${[...new Set(whys)].join("; ")}.`;
  });
}

/** Why a result was left out, with study ids as their labels ("study roth1996 excluded by the scenario"). */
function exclusionWords(why: string): string {
  if (why.startsWith("study ") && why.endsWith(" excluded by the scenario")) return "the scenario excludes the study";
  return why.replace(/^(RoB 2|ROBINS-I) overall: (.*)$/, "$1 overall judgement $2").replace("some-concerns", "some concerns");
}
