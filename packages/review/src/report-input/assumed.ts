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
import type { AnalysisResult, PooledEstimate, SubgroupsResult, SynthesisResult } from "../types.js";
import { groupLabel, measureName, modelSentence, sentence, studies, studyLabel, variableName } from "./labels.js";

const SCALE_SENTENCES: Readonly<Record<string, string>> = {
  PLO: "Proportions are pooled as logits and shown back-transformed (inverse logit); each study's interval is a Wald interval on the logit scale.",
  RR: "Risk ratios are pooled on the log scale and shown as ratios.",
  OR: "Odds ratios are pooled on the log scale and shown as ratios.",
  SMD: "Standardised mean differences are Hedges' g (small-sample corrected); they are in standard-deviation units, not the scales' points.",
  MD: "Mean differences are in the outcome scale's points.",
};

function conversionSentences(synthesis: SynthesisResult, index: DataIndex): string[] {
  return synthesis.effects.flatMap((e) => {
    const label = studyLabel(index.studies.get(e.study), e.study);
    const steps = e.conversions.map((c) => `${c.method} (${c.formula}; ${c.reference})`);
    const notes = e.notes.map((n) => sentence(`${label}: ${n}`));
    const flipped = e.estimable && e.directionFlipped ? [`${label}: sign reversed so that its direction matches the synthesis.`] : [];
    const used = e.assumptions.map((a) => `${label}: assumption ${a.assumption} supplies ${a.field}${a.arm === undefined ? "" : ` of ${a.arm}`} = ${a.value}.`);
    return [...(steps.length === 0 ? [] : [`${label}: effect size derived by ${steps.join(", then ")}.`]), ...notes, ...flipped, ...used];
  });
}

/** Every sentence of "What was assumed" for one synthesis. */
export function assumptionsOf(synthesis: SynthesisResult, spec: AnalysisSpec, index: DataIndex): string[] {
  const specNotes = spec.syntheses.find((s) => s.id === synthesis.id)?.notes;
  const pooled = synthesis.pooled;
  const piShown = pooled !== null && pooled.kind === "pooled" && pooled.model.piLower !== null;
  const sentences = [modelSentence(synthesis.model, piShown)];
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
      : `Assumptions in force: ${synthesis.assumptionsInForce.join(", ")}.`,
  );
  const notEstimable = synthesis.effects.filter((e) => !e.estimable).length;
  if (notEstimable > 0) sentences.push(`${notEstimable} of ${synthesis.effects.length} selected results could not be estimated; they are listed in the plot with the reason, not imputed.`);
  sentences.push(...conversionSentences(synthesis, index));
  if (pooled !== null) sentences.push(...pooled.notes.map(sentence));
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

/** A scenario note about another synthesis ("vs-active: ...") is left out of this one's row. */
function aboutOtherSynthesis(note: string, synthesisId: string, analysis: AnalysisResult): boolean {
  return analysis.syntheses.some((s) => s.id !== synthesisId && note.startsWith(`${s.id}:`));
}

export function scenarioSummaries(analysis: AnalysisResult, synthesisId: string, index: DataIndex): ScenarioSummary[] {
  return analysis.scenarios.flatMap((scenario) =>
    scenario.syntheses
      .filter((s) => s.synthesis.id === synthesisId)
      .map((s) => ({
        label: scenario.label,
        description: scenario.description,
        k: s.synthesis.pooled?.model.k ?? 0,
        level: s.synthesis.model.level,
        effect: displayEffect(s.synthesis.pooled),
        changes: [
          ...scenario.assumptions.map((a) => `Assumes (${a.id}): ${a.statement}`),
          ...s.excluded.map((x) => `Leaves out ${studyLabel(index.studies.get(x.study), x.study)}: ${x.why}.`),
          ...scenario.notes.filter((n) => !aboutOtherSynthesis(n, synthesisId, analysis)).map(sentence),
        ],
      })),
  );
}
