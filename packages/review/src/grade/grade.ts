/**
 * The adapter from an analysis to @metakit/grade: one GRADE outcome per synthesis of the
 * main analysis (a comparison of one outcome), built from the effects and the pooled model
 * (numbers), the risk-of-bias records of data/ (RoB 2 overall; ROBINS-I mapped as the
 * grade package documents), and the spec's grade entry (threshold, comparator risk,
 * indirectness and reviewer judgements, each with its written reason). Every input it
 * could not find is written in the trace notes; the grade rules then treat the gap as
 * packages/grade/README.md documents (no RoB judgement: "some concerns"; no indirectness
 * judgement: direct).
 */
import { isMetakitError, plainMessage, recordOf } from "@metakit/base";
import {
  formatPWithRelation,
  gradeAnalysis,
  gradeMeasureOf,
  gradeRiskOfBias,
  rateOutcome,
  worstRiskOfBias,
  type Indirectness,
  type Measure,
  type OutcomeEvidence,
  type OutcomeGradeSpec,
  type RiskOfBias,
  type StudyEvidence,
} from "@metakit/grade";
import { experimentalAndControl, type AnalysisSpec } from "@metakit/schema";
import { armOf, type DataIndex } from "../inputs/dataset.js";
import { armLabelsOf, comparatorLabel } from "../report-input/forest.js";
import { measureName } from "../report-input/labels.js";
import { participantsOf } from "../report-input/participants.js";
import { poolEffects } from "../synthesis/pooling.js";
import type { EffectRow, EstimableEffect, ModelEstimate, MultilevelPooled, GradeResult, GradeTrace, NotEstimableEntry, Problem, SynthesisResult } from "../types.js";

type GradeEntry = AnalysisSpec["grade"][number];

const RANDOMISED: readonly string[] = ["parallel-rct", "crossover-rct", "cluster-rct"];

/** Whether a threshold written on `scale` is on the scale of the GRADE measure. */
function thresholdFits(scale: string, measure: Measure): boolean {
  const s = scale.trim().toLowerCase();
  switch (measure) {
    case "SMD":
      return s.startsWith("smd");
    case "MD":
      return s.startsWith("md") || s.includes("points");
    case "PR":
      return s.startsWith("proportion");
    case "RD":
      return s.startsWith("rd") || s.includes("risk difference");
    default:
      return s.startsWith(measure.toLowerCase());
  }
}

/**
 * The outcome's name in the Summary of Findings: its label, and when two syntheses share the
 * outcome, what tells them apart for a reader (the comparator, single-arm evidence, the
 * measure); the synthesis id only when nothing else does.
 */
function outcomeName(synthesis: SynthesisResult, all: readonly SynthesisResult[], index: DataIndex, spec: AnalysisSpec): string {
  const shared = all.filter((s) => s.outcome.id === synthesis.outcome.id);
  if (shared.length <= 1) return synthesis.outcome.label;
  const labels = armLabelsOf(spec);
  const distinctions: ((s: SynthesisResult) => string)[] = [
    (s) => (s.evidence === "single-arm" ? "single-arm proportions" : `vs ${comparatorLabel(s, index, labels).text}`),
    (s) => `${s.evidence === "single-arm" ? "single-arm, " : `vs ${comparatorLabel(s, index, labels).text}, `}${measureName(s.measure)}`,
  ];
  for (const distinguish of distinctions) {
    const names = shared.map(distinguish);
    if (new Set(names).size === names.length) return `${synthesis.outcome.label} (${distinguish(synthesis)})`;
  }
  return `${synthesis.outcome.label} (${synthesis.id})`;
}

function gradeEntry(spec: AnalysisSpec, synthesis: SynthesisResult): GradeEntry | undefined {
  const entries = spec.grade.filter((g) => g.outcome === synthesis.outcome.id);
  return entries.find((g) => g.synthesis === synthesis.id) ?? entries.find((g) => g.synthesis === undefined);
}

/** The worst recorded judgement of the rows (RoB 2 per result first, else ROBINS-I per result or study), mapped by grade. */
function riskOfBiasOf(index: DataIndex, rows: readonly EffectRow[]): RiskOfBias | undefined {
  const judgements = rows.flatMap((row): RiskOfBias[] => {
    const rob2 = index.rob2.get(row.result)?.overall.judgement;
    const robins = (index.robinsI.get(row.result) ?? index.robinsI.get(row.study))?.overall.judgement;
    const mapped = rob2 !== undefined ? gradeRiskOfBias({ tool: "RoB 2", overall: rob2 }) : robins !== undefined ? gradeRiskOfBias({ tool: "ROBINS-I", overall: robins }) : undefined;
    return mapped === undefined ? [] : [mapped];
  });
  return worstRiskOfBias(judgements);
}

/** One GRADE study per study of the synthesis (a study with two results counts once). */
function studiesOf(index: DataIndex, synthesis: SynthesisResult, entry: GradeEntry | undefined, notes: string[]): StudyEvidence[] {
  const byStudy = new Map<string, EffectRow[]>();
  for (const row of synthesis.effects) byStudy.set(row.study, [...(byStudy.get(row.study) ?? []), row]);
  const unassessed: string[] = [];
  const uncounted: string[] = [];
  const studies = [...byStudy].map(([id, rows]) => {
    const estimable = rows.filter((r): r is EstimableEffect => r.estimable);
    const count = participantsOf(index, id, rows.map((r) => r.participants));
    if (count.n === null) uncounted.push(id);
    const riskOfBias = riskOfBiasOf(index, rows);
    if (riskOfBias === undefined) unassessed.push(id);
    const judged = entry?.indirectness?.find((j) => j.study === id);
    const weight = estimable.reduce((sum, r) => sum + (r.weight ?? 0), 0);
    const indirectness: Indirectness | undefined = judged === undefined
      ? undefined
      : { population: judged.population, intervention: judged.intervention, comparator: judged.comparator, outcome: judged.outcome };
    return {
      id,
      n: count.n ?? 0,
      estimable: estimable.length > 0,
      ...(estimable.length > 0 && synthesis.pooled !== null && { weightPercent: Math.min(100, weight) }),
      ...(riskOfBias !== undefined && { riskOfBias }),
      ...(indirectness !== undefined && { indirectness }),
    };
  });
  if (unassessed.length > 0) {
    notes.push(`No RoB 2 or ROBINS-I judgement recorded for ${unassessed.join(", ")}; the risk-of-bias rule counts them as "some concerns", as @metakit/grade documents.`);
  }
  if (uncounted.length > 0) notes.push(`Participants not known for ${uncounted.join(", ")}: counted as 0 in the participants column.`);
  const unjudged = studies.filter((s) => s.indirectness === undefined).map((s) => s.id);
  if (unjudged.length > 0) notes.push(`No indirectness judgement recorded for ${unjudged.join(", ")}: counted as direct.`);
  return studies;
}

/**
 * The starting level's design: that of the studies the estimate rests on (the estimable
 * ones), or of every selected study when none is estimable. A study that contributes no
 * number does not lower the starting level of an estimate from randomised trials.
 */
function designOf(index: DataIndex, synthesis: SynthesisResult, notes: string[]): { design: "randomised" | "non-randomised"; robinsI: boolean } {
  const estimable = synthesis.effects.filter((e) => e.estimable);
  const basis = estimable.length > 0 ? estimable : synthesis.effects;
  const studyIds = [...new Set(basis.map((e) => e.study))];
  const designOfStudy = (id: string) => index.studies.get(id)?.design ?? "design not known";
  const nonRandomised = studyIds.filter((id) => !RANDOMISED.includes(designOfStudy(id)));
  if (nonRandomised.length === 0) return { design: "randomised", robinsI: false };
  notes.push(`Rated as non-randomised evidence: ${nonRandomised.map((id) => `${id} (${designOfStudy(id)})`).join(", ")}.`);
  return { design: "non-randomised", robinsI: nonRandomised.every((id) => index.robinsI.has(id)) };
}

function pooledOf(synthesis: SynthesisResult, measure: Measure, notes: string[] = []): OutcomeEvidence["pooled"] {
  const pooled = synthesis.pooled;
  if (pooled === null) return synthesis.multilevel === null ? undefined : multilevelEvidence(synthesis.multilevel, measure, notes);
  const m = pooled.model;
  const onProportion = measure === "PR";
  const primary = primaryInterval(synthesis, onProportion, notes);
  const back = pooled.backTransformed;
  const [estimate, ciLower, ciUpper, piLower, piUpper] =
    primary !== null
      ? [primary.estimate, primary.ciLower, primary.ciUpper, primary.piLower, primary.piUpper]
      : onProportion && back !== null
        ? [back.estimate, back.ciLower, back.ciUpper, back.piLower, back.piUpper]
        : [m.estimate, m.ciLower, m.ciUpper, m.piLower, m.piUpper];
  const level = primary !== null && synthesis.alternative !== null ? synthesis.alternative.spec.level : m.level;
  const ratio = measure === "RR" || measure === "OR";
  return { estimate, ciLower, ciUpper, piLower, piUpper, I2: m.I2, tau2: m.tau2, QEp: m.QEp, k: m.k, scale: ratio ? "log" : "identity", level };
}

/** The three-level model's estimate and intervals, its total I2 and summed variance components, k = the number of studies. */
function multilevelEvidence(multilevel: MultilevelPooled, measure: Measure, notes: string[]): OutcomeEvidence["pooled"] {
  const onProportion = measure === "PR" && multilevel.backTransformed !== null;
  const e = onProportion ? multilevel.backTransformed! : multilevel.estimate;
  const f = multilevel.fit;
  notes.push(`Imprecision and inconsistency read the three-level model (${multilevel.results.length} results in ${f.clusters} studies): total I2 ${f.I2.toFixed(0)}%, variance components between and within studies summed.`);
  const ratio = measure === "RR" || measure === "OR";
  return { estimate: e.estimate, ciLower: e.ciLower, ciUpper: e.ciUpper, piLower: e.piLower, piUpper: e.piUpper, I2: f.I2, tau2: f.sigma2[0] + f.sigma2[1], QEp: f.QEp, k: f.clusters, scale: ratio ? "log" : "identity", level: f.level };
}

/**
 * The estimate and interval of the analysis the spec names as primary, when that is a
 * Bayesian model or GLMM (posterior median and credible interval; the GLMM's estimate and
 * CI), on the scale GRADE reads; null when the frequentist model is primary. Heterogeneity
 * (I2, tau2, Q) stays that of the frequentist model.
 */
function primaryInterval(synthesis: SynthesisResult, onProportion: boolean, notes: string[]): ModelEstimate | null {
  const alternative = synthesis.alternative;
  if (synthesis.primary === "frequentist" || alternative === null) return null;
  const name = alternative.type === "bayes" ? "Bayesian random-effects model" : "GLMM";
  if (alternative.estimate === null) {
    notes.push(`The primary analysis (${name}) could not be fitted (${alternative.notApplicable ?? "no estimate"}); imprecision reads the frequentist interval.`);
    return null;
  }
  const chosen = onProportion && alternative.backTransformed !== null ? alternative.backTransformed : alternative.estimate;
  const interval = alternative.type === "bayes" ? `${alternative.spec.level}% credible interval` : `${alternative.spec.level}% confidence interval`;
  notes.push(`Imprecision reads the primary analysis, the ${name}: ${interval} ${chosen.ciLower.toFixed(3)} to ${chosen.ciUpper.toFixed(3)} (analysis scale${onProportion ? ", as a proportion" : ""}); inconsistency reads the frequentist heterogeneity statistics.`);
  return chosen;
}

/** The same model over the studies at low risk of bias, when there are some but not only those. */
function lowRiskOnly(index: DataIndex, synthesis: SynthesisResult, measure: Measure): OutcomeEvidence["lowRiskOnly"] {
  if (synthesis.multilevel !== null) return undefined; // the ordinary model would treat a study's results as independent
  const rows = synthesis.effects.filter((r): r is EstimableEffect => r.estimable);
  const low = rows.filter((r) => riskOfBiasOf(index, [r]) === "low");
  if (low.length === 0 || low.length === rows.length) return undefined;
  const fitted = poolEffects(low, synthesis.measure, synthesis.model);
  const pooled = pooledOf({ ...synthesis, pooled: fitted, primary: "frequentist" }, measure)!;
  return { estimate: pooled.estimate, ciLower: pooled.ciLower, ciUpper: pooled.ciUpper, scale: pooled.scale };
}

/**
 * The small-study test GRADE reads for publication bias, run with k >= 10 in the synthesis's
 * robustness phase (Cochrane Handbook v6.4, 13.3.5.4): Harbord's for odds ratios from 2x2
 * tables, else Egger's regression test (metafor's regtest on the synthesis model, SE as
 * predictor).
 */
function smallStudyTest(synthesis: SynthesisResult, notes: string[]): OutcomeEvidence["smallStudyTest"] {
  const effects = synthesis.robustness?.smallStudyEffects;
  if (effects === null || effects === undefined) return undefined;
  const { name, k, pval } = effects.test;
  notes.push(name === "Harbord" ? `Harbord's test for small-study effects: ${formatPWithRelation(pval)}.` : `Egger's regression test (regtest, SE as predictor): ${formatPWithRelation(pval)}.`);
  return { method: name, k, pval };
}

function comparatorArms(index: DataIndex, synthesis: SynthesisResult): OutcomeEvidence["comparatorArms"] {
  let events = 0;
  let total = 0;
  for (const row of synthesis.effects) {
    const result = index.results.get(row.result);
    if (!row.estimable || result?.form !== "dichotomous") continue;
    const { control } = experimentalAndControl(result.arms, (arm) => armOf(index, result.study, arm)?.type);
    if (control?.events.value === undefined || control.total.value === undefined) continue;
    events += control.events.value;
    total += control.total.value;
  }
  return total > 0 ? { events, total } : undefined;
}

/**
 * GRADEpro's default comparator risk where the spec assumes none: the control group risk of
 * the included studies (their comparator arms' events over participants, pooled), stated
 * as such in the table; none when no comparator arm gives counts.
 * @reference Guyatt et al. (2013), GRADE guidelines 12, J Clin Epidemiol 66:158-172
 *   ("study population" baseline risk); GRADEpro GDT's default for dichotomous outcomes.
 */
function studyPopulationRisk(index: DataIndex, synthesis: SynthesisResult, notes: string[]): { label: string; risk: number }[] {
  const arms = comparatorArms(index, synthesis);
  if (arms === undefined || !(arms.events > 0 && arms.events < arms.total)) return [];
  notes.push(`No assumed comparator risk in the spec: absolute effects use the control group risk of the included studies, ${arms.events}/${arms.total}.`);
  return [{ label: `control group risk of the included studies, ${arms.events}/${arms.total}`, risk: arms.events / arms.total }];
}

function followUpOf(index: DataIndex, synthesis: SynthesisResult): string | undefined {
  const weeks = synthesis.effects.flatMap((row) => {
    const w = index.results.get(row.result)?.timepoint?.weeks;
    return w === undefined ? [] : [w];
  });
  if (weeks.length === 0) return undefined;
  const lo = Math.min(...weeks);
  const hi = Math.max(...weeks);
  return lo === hi ? `${lo} weeks` : `${lo} to ${hi} weeks`;
}

/** The grade package's spec for one outcome, from the spec's grade entry; notes say what was and was not used. */
function outcomeSpec(index: DataIndex, synthesis: SynthesisResult, entry: GradeEntry | undefined, measure: Measure, notes: string[]): OutcomeGradeSpec {
  if (entry === undefined) {
    notes.push("No grade entry in the spec for this outcome: no threshold, no comparator risk, no judgements.");
    return {};
  }
  const t = entry.threshold;
  const thresholds: Partial<OutcomeGradeSpec> = {};
  if (!thresholdFits(t.scale, measure)) {
    notes.push(`The spec's ${t.kind} of ${t.value} is on the ${t.scale} scale, not ${measure}: not used; the effect is judged against the null only.`);
  } else if (t.kind === "MID") {
    Object.assign(thresholds, { importantDifference: t.value });
    notes.push(`Minimal important difference ${t.value} (${t.scale}) from the spec: ${t.justification}`);
  } else if (t.kind === "decision-threshold") {
    Object.assign(thresholds, { decisionThresholds: [t.value] });
    notes.push(`Decision threshold ${t.value} (${t.scale}) from the spec: ${t.justification}`);
  } else {
    notes.push(`Judged against the null (${t.value}, ${t.scale}) as the spec says: ${t.justification}`);
  }
  const risk = entry.assumedComparatorRisk;
  if (risk !== undefined) notes.push(`Assumed comparator risk ${risk.value}: ${risk.justification}`);
  const followUp = entry.followUp ?? followUpOf(index, synthesis);
  const comparatorRisks = risk !== undefined ? [{ label: "assumed comparator risk", risk: risk.value }] : studyPopulationRisk(index, synthesis, notes);
  return {
    ...thresholds,
    ...(comparatorRisks.length > 0 && { comparatorRisks }),
    ...(followUp !== undefined && { followUp }),
    ...(entry.judgements !== undefined && { judgements: entry.judgements }),
    ...(entry.comment !== undefined && { comment: entry.comment }),
  };
}

function unselectedEvidence(index: DataIndex, entries: readonly NotEstimableEntry[], notes: string[]): StudyEvidence[] {
  if (entries.length > 0) {
    notes.push(`Included but in no synthesis (no usable numbers), listed as not estimable: ${entries.map((e) => e.study).join(", ")}.`);
  }
  return entries.map((e) => ({ id: e.study, n: participantsOf(index, e.study, e.participants === undefined ? [] : [e.participants]).n ?? 0, estimable: false }));
}

function evidenceFor(
  index: DataIndex,
  synthesis: SynthesisResult,
  name: string,
  measure: Measure,
  entry: GradeEntry | undefined,
  notes: string[],
  unselected: readonly NotEstimableEntry[],
): OutcomeEvidence {
  const { design, robinsI } = designOf(index, synthesis, notes);
  const pooled = pooledOf(synthesis, measure, notes);
  const low = lowRiskOnly(index, synthesis, measure);
  const arms = comparatorArms(index, synthesis);
  const smallStudy = smallStudyTest(synthesis, notes);
  if (synthesis.pooled?.kind === "single-study") notes.push("One estimable study: inconsistency cannot be assessed.");
  return {
    outcome: name,
    measure,
    design,
    ...(robinsI && { robinsI }),
    studies: [...studiesOf(index, synthesis, entry, notes), ...unselectedEvidence(index, unselected, notes)],
    ...(pooled !== undefined && { pooled }),
    ...(synthesis.notPooled !== null && { notPooled: synthesis.notPooled }),
    ...(low !== undefined && { lowRiskOnly: low }),
    ...(arms !== undefined && { comparatorArms: arms }),
    ...(smallStudy !== undefined && { smallStudyTest: smallStudy }),
  };
}

/**
 * Every synthesis of the main analysis rated, and the Summary of Findings of the analysis.
 * An outcome that cannot be rated is a problem; the others are still rated.
 */
/**
 * Every synthesis of the main analysis rated, and the Summary of Findings of the analysis.
 * An outcome that cannot be rated is a problem; the others are still rated. When the spec
 * asks one question (one outcome), included studies that no synthesis selects (narrative
 * only) are listed among its studies as not estimable, so the body of evidence is complete.
 */
export function gradeSyntheses(
  spec: AnalysisSpec,
  index: DataIndex,
  syntheses: readonly SynthesisResult[],
  unselected: readonly NotEstimableEntry[] = [],
): { readonly grade: GradeResult; readonly problems: readonly Problem[] } {
  const problems: Problem[] = [];
  const plain = (text: string) => text.trim().replace(/\.$/, "");
  const question = { population: plain(spec.question.population), intervention: plain(spec.question.intervention), comparison: plain(spec.question.comparator) };
  const extra = spec.question.outcomes.length === 1 ? unselected : [];
  const items: { trace: GradeTrace; spec: OutcomeGradeSpec }[] = [];
  for (const synthesis of syntheses) {
    const notes: string[] = [];
    const measure = gradeMeasureOf(synthesis.measure);
    if (measure === undefined) {
      problems.push({ stage: "grade", synthesis: synthesis.id, message: `GRADE does not rate the measure ${synthesis.measure}` });
      continue;
    }
    const name = outcomeName(synthesis, syntheses, index, spec);
    const entry = gradeEntry(spec, synthesis);
    try {
      const outcomeSpecOf = outcomeSpec(index, synthesis, entry, measure, notes);
      const evidence = evidenceFor(index, synthesis, name, measure, entry, notes, extra);
      rateOutcome(evidence, outcomeSpecOf);
      items.push({ trace: { outcome: name, synthesis: synthesis.id, evidence, notes }, spec: outcomeSpecOf });
    } catch (error) {
      if (!isMetakitError(error)) throw error;
      problems.push({ stage: "grade", synthesis: synthesis.id, code: error.code, message: plainMessage(error.message) });
    }
  }
  for (const outcome of spec.question.outcomes) {
    if (!syntheses.some((s) => s.outcome.id === outcome.id)) {
      problems.push({ stage: "grade", message: `outcome ${outcome.id} has no synthesis, so it cannot be rated` });
    }
  }
  const gradeSpec = { outcomes: recordOf(items.map((i) => [i.trace.outcome, i.spec])) };
  const graded = items.length === 0 ? null : gradeAnalysis(question, items.map((i) => i.trace.evidence), gradeSpec);
  return {
    grade: {
      question,
      ratings: graded?.ratings ?? [],
      summaryOfFindings: graded?.summaryOfFindings ?? null,
      spec: gradeSpec,
      trace: items.map((i) => i.trace),
    },
    problems,
  };
}
