/**
 * One synthesis, in phases: (1) the selected results, minus those a scenario excludes;
 * (2) each one's escalc input by its form (effect-inputs.ts), then its effect size,
 * estimable or not with the reason; (3) directions aligned for difference measures;
 * (4) the pooled model and (5) subgroups. A failure in one phase is recorded as a
 * problem and the rest is still computed.
 */
import { isMetakitError, plainMessage } from "@metakit/base";
import { escalc, type StudyInput } from "@metakit/effect-size";
import { interventionLabelOf, type AnalysisSpec, type Result } from "@metakit/schema";
import type { AssumedValues } from "../inputs/assumed.js";
import type { DataIndex } from "../inputs/dataset.js";
import type { EffectContext, PreparedInput } from "../inputs/draft.js";
import { readEffectInput } from "../inputs/effect-inputs.js";
import { subgroupLabels } from "../inputs/groups.js";
import { poolEffects, subgroupEstimates } from "./pooling.js";
import { fitAlternative, type ModelRole } from "./alternative.js";
import { fitMultilevel, severalPerStudy } from "./multilevel.js";
import type { AlternativeModel } from "@metakit/schema";
import type {
  AlternativeFit,
  EffectCounts,
  MultilevelPooled,
  CorrelationUse,
  EffectRow,
  EstimableEffect,
  ModelChoice,
  PooledEstimate,
  Problem,
  ScenarioExclusion,
  SubgroupsResult,
  SynthesisResult,
} from "../types.js";

export type SynthesisSpec = AnalysisSpec["syntheses"][number];

export interface SynthesisSettings {
  readonly assumed: AssumedValues;
  readonly correlation: CorrelationUse | null;
  readonly model: ModelChoice;
  /** Why a result is left out (a scenario's exclusions), or undefined to keep it. */
  readonly exclude?: (result: Result) => string | undefined;
  readonly scenario?: string;
  /** The Bayesian model or GLMM to fit beside the frequentist model, and its role. */
  readonly alternative?: { readonly model: AlternativeModel; readonly role: ModelRole };
}

export interface SynthesisRun {
  readonly synthesis: SynthesisResult;
  readonly excluded: readonly ScenarioExclusion[];
  readonly problems: readonly Problem[];
}

const DIFFERENCE_MEASURES: readonly string[] = ["MD", "SMD", "SMDH"];

export function runSynthesis(spec: AnalysisSpec, synthesis: SynthesisSpec, index: DataIndex, settings: SynthesisSettings): SynthesisRun {
  const problems: Problem[] = [];
  const where = { synthesis: synthesis.id, ...(settings.scenario !== undefined && { scenario: settings.scenario }) };
  const ctx: EffectContext = {
    index,
    measure: synthesis.measure,
    evidence: synthesis.evidence,
    correlation: settings.correlation,
    assumed: settings.assumed,
    doseClasses: spec.doseClasses,
  };
  const excluded: ScenarioExclusion[] = [];
  const selected = synthesis.results.flatMap((id) => {
    const result = index.results.get(id);
    const why = result === undefined ? undefined : settings.exclude?.(result);
    if (result !== undefined && why !== undefined) {
      excluded.push({ result: id, study: result.study, why });
      return [];
    }
    return [{ id, result }];
  });
  const raw = selected.map(({ id, result }) => effectRow(ctx, id, result, settings.model.level, (p) => problems.push({ ...where, ...p })));
  const direction = alignmentReference(synthesis, interventionLabelOf(spec), selected.flatMap((s) => (s.result === undefined ? [] : [s.result])));
  const multilevelAsked = settings.model.type === "multilevel";
  const alignedRows = direction === null ? raw : raw.map((row) => align(row, index, direction.better));
  // the multilevel model keeps every result of a study; otherwise a study enters once
  const aligned = multilevelAsked ? alignedRows : countEachStudyOnce(alignedRows);
  const estimable = aligned.filter((row): row is EstimableEffect => row.estimable);
  const notPooled = synthesis.pool ? null : (synthesis.notPooledReason ?? "the spec describes these results without pooling them");
  const nested = notPooled === null && multilevelAsked && severalPerStudy(estimable);
  const report = (p: Omit<Problem, "synthesis" | "scenario">) => problems.push({ ...where, ...p });
  const multilevel = nested ? multilevelOrNote(estimable, synthesis, settings.model, report) : null;
  const pooled = notPooled === null && !nested ? poolOrNote(estimable, synthesis, settings.model, report) : null;
  const effects = withWeights(aligned, pooled);
  const alternative = notPooled === null && !nested && settings.alternative !== undefined ? fitAlternative(settings.alternative.model, settings.alternative.role, estimable, synthesis.measure) : null;
  if (alternative?.notApplicable != null) report({ stage: "pooling", message: `${alternative.type === "bayes" ? "Bayesian model" : "GLMM"}: ${alternative.notApplicable}` });
  if (nested && settings.alternative !== undefined) report({ stage: "pooling", message: "the Bayesian model or GLMM treats results as independent; with several results per study it is not fitted (the multilevel model pools them)" });
  const subgroups = notPooled !== null || nested ? [] : synthesis.subgroups.map((variable) => subgroupsFor(variable, estimable, synthesis, settings.model, report));
  return {
    synthesis: {
      id: synthesis.id,
      outcome: outcomeOf(spec, synthesis),
      evidence: synthesis.evidence,
      measure: synthesis.measure,
      model: settings.model,
      direction,
      crossoverCorrelation: settings.correlation,
      assumptionsInForce: settings.assumed.inForce,
      effects,
      pooled,
      notPooled,
      subgroups,
      notes: [...synthesisNotes(synthesis, effects, pooled, notPooled), ...multilevelNotes(multilevelAsked, nested, multilevel, synthesis)],
      multilevel,
      alternative,
      primary: primaryOf(alternative, multilevel),
    },
    excluded,
    problems,
  };
}

/** The primary analysis: the spec's primaryModel when it was fitted in its primary role, else the frequentist model. */
function primaryOf(alternative: AlternativeFit | null, multilevel: MultilevelPooled | null): SynthesisResult["primary"] {
  if (alternative !== null && alternative.role === "primary") return alternative.type;
  return multilevel !== null ? "multilevel" : "frequentist";
}

function multilevelNotes(asked: boolean, nested: boolean, multilevel: MultilevelPooled | null, synthesis: SynthesisSpec): string[] {
  if (!asked || synthesis.pool === false) return [];
  if (!nested) return ["the spec asks for the multilevel model, but no study gives more than one estimable result: the ordinary model is used (the within-study level would not be identifiable)"];
  const notes = multilevel === null ? [] : [...multilevel.notes];
  if (synthesis.subgroups.length > 0) notes.push("subgroup analyses are not run with the multilevel model (they would treat a study's results as independent)");
  return notes;
}

function multilevelOrNote(rows: readonly EstimableEffect[], synthesis: SynthesisSpec, model: ModelChoice, report: Report): MultilevelPooled | null {
  try {
    return fitMultilevel(rows, synthesis.measure, model);
  } catch (error) {
    if (!isMetakitError(error)) throw error;
    report({ stage: "pooling", code: error.code, message: `multilevel model: ${error.message}` });
    return null;
  }
}

function outcomeOf(spec: AnalysisSpec, synthesis: SynthesisSpec): SynthesisResult["outcome"] {
  return (
    spec.question.outcomes.find((o) => o.id === synthesis.outcome) ?? {
      id: synthesis.outcome,
      label: synthesis.outcome,
      type: synthesis.evidence === "single-arm" ? "proportion" : "continuous",
      importance: "important",
    }
  );
}

type Report = (problem: Omit<Problem, "synthesis" | "scenario">) => void;

function effectRow(ctx: EffectContext, id: string, result: Result | undefined, level: number, report: Report): EffectRow {
  if (result === undefined) {
    report({ stage: "data", result: id, message: `no result ${id} in the data` });
    const participants = { n: null, source: "no such result" };
    return { result: id, study: "unknown", design: "unknown", form: "unknown", instrument: "unknown", participants, groups: {}, assumptions: [], notes: [], estimable: false, reason: `no result ${id} in the data`, conversions: [] };
  }
  const prepared = readEffectInput(ctx, result);
  const base = rowBase(ctx, result, prepared);
  if (!prepared.ready) return { ...base, estimable: false, reason: prepared.reason, conversions: prepared.conversions };
  try {
    const row = escalc(prepared.escalcMeasure, [prepared.input], { level })!.studies[0]!;
    if (!row.estimable) return { ...base, estimable: false, reason: row.reason, conversions: prepared.input.conversions ?? [] };
    return {
      ...base,
      notes: [...base.notes, ...row.notes],
      estimable: true,
      route: prepared.route,
      yi: row.yi,
      vi: row.vi,
      sei: row.sei,
      ciLower: row.ciLower,
      ciUpper: row.ciUpper,
      escalcMeasure: prepared.escalcMeasure,
      conversions: row.conversions ?? [],
      directionFlipped: false,
      ...countsOf(prepared.input),
    };
  } catch (error) {
    if (!isMetakitError(error)) throw error;
    report({ stage: "effect-size", result: id, code: error.code, message: plainMessage(error.message) });
    return { ...base, estimable: false, reason: `the effect size could not be computed: ${plainMessage(error.message)}`, conversions: prepared.input.conversions ?? [] };
  }
}

/** The counts behind a 2x2 table or a single-arm proportion (what a GLMM fits), as escalc's input gives them. */
function countsOf(input: StudyInput): { counts?: EffectCounts } {
  const { ai, n1i, ci, n2i, xi, ni } = input;
  if (ai != null && n1i != null && ci != null && n2i != null) return { counts: { ai, bi: n1i - ai, ci, di: n2i - ci } };
  if (xi != null && ni != null) return { counts: { xi, ni } };
  return {};
}

function rowBase({ index, doseClasses }: EffectContext, result: Result, prepared: PreparedInput) {
  return {
    result: result.id,
    study: result.study,
    design: index.studies.get(result.study)?.design ?? ("unknown" as const),
    form: result.form,
    instrument: result.outcome.instrument,
    ...(result.timepoint !== undefined && { timepoint: result.timepoint.label }),
    ...(result.form === "continuous" && { values: result.measure }),
    participants: prepared.participants,
    groups: subgroupLabels(index, result, doseClasses),
    assumptions: prepared.uses,
    notes: prepared.notes,
  };
}

/**
 * The direction that favours the intervention for a difference measure: the `better` of the
 * first selected result; results recorded the other way round are negated so all point the same way.
 */
function alignmentReference(synthesis: SynthesisSpec, intervention: string, results: readonly Result[]): SynthesisResult["direction"] {
  if (!DIFFERENCE_MEASURES.includes(synthesis.measure) || synthesis.evidence !== "comparative") return null;
  const first = results[0];
  if (first === undefined) return null;
  const better = first.outcome.better;
  const meaning = `${better === "lower" ? "negative" : "positive"} values favour ${intervention}`;
  return { better, basis: `as ${first.id}: ${better} is better, so ${meaning}` };
}

function align(row: EffectRow, index: DataIndex, better: "lower" | "higher"): EffectRow {
  const own = index.results.get(row.result)?.outcome.better;
  if (!row.estimable || own === undefined || own === better) return row;
  return {
    ...row,
    yi: -row.yi,
    ciLower: -row.ciUpper,
    ciUpper: -row.ciLower,
    directionFlipped: true,
    notes: [...row.notes, `sign reversed: ${own} is better on this instrument, ${better} in the synthesis`],
  };
}

/** A study with several estimable results in one synthesis enters once: with the first one listed. */
function countEachStudyOnce(rows: readonly EffectRow[]): EffectRow[] {
  const first = new Map<string, string>();
  return rows.map((row) => {
    if (!row.estimable) return row;
    const earlier = first.get(row.study);
    if (earlier === undefined) {
      first.set(row.study, row.result);
      return row;
    }
    const reason = `${row.study} already enters this synthesis with ${earlier}; a study is counted once (the first result listed is used)`;
    return { ...rowBaseOf(row), estimable: false, reason, conversions: row.conversions };
  });
}

function rowBaseOf(row: EstimableEffect) {
  const { result, study, design, form, instrument, participants, groups, assumptions, notes } = row;
  return {
    result, study, design, form, instrument, participants, groups, assumptions, notes,
    ...(row.timepoint !== undefined && { timepoint: row.timepoint }),
    ...(row.values !== undefined && { values: row.values }),
  };
}

function poolOrNote(rows: readonly EstimableEffect[], synthesis: SynthesisSpec, model: ModelChoice, report: Report): PooledEstimate | null {
  if (rows.length === 0) return null;
  try {
    return poolEffects(rows, synthesis.measure, model);
  } catch (error) {
    if (!isMetakitError(error)) throw error;
    report({ stage: "pooling", code: error.code, message: plainMessage(error.message) });
    return null;
  }
}

function withWeights(rows: readonly EffectRow[], pooled: PooledEstimate | null): EffectRow[] {
  if (pooled === null) return [...rows];
  const weightOf = new Map(pooled.results.map((id, i) => [id, pooled.model.weights[i]!]));
  return rows.map((row) => {
    const weight = weightOf.get(row.result);
    return row.estimable && weight !== undefined ? { ...row, weight } : row;
  });
}

function subgroupsFor(variable: string, rows: readonly EstimableEffect[], synthesis: SynthesisSpec, model: ModelChoice, report: Report): SubgroupsResult {
  if (rows.length < 2) {
    return { variable, groups: null, differences: null, notes: [`${rows.length} estimable result${rows.length === 1 ? "" : "s"}: no subgroup analysis`] };
  }
  const labels = rows.map((r) => r.groups[variable] ?? "not known");
  try {
    const { groups, differences } = subgroupEstimates(rows, labels, synthesis.measure, model);
    const notes = groups.length === 1 ? [`every estimable result is in one subgroup (${groups[0]!.group}): no test for subgroup differences`] : [];
    return { variable, groups, differences, notes };
  } catch (error) {
    if (!isMetakitError(error)) throw error;
    report({ stage: "subgroups", code: error.code, message: `${variable}: ${plainMessage(error.message)}` });
    return { variable, groups: null, differences: null, notes: [`could not be computed: ${plainMessage(error.message)}`] };
  }
}

function synthesisNotes(synthesis: SynthesisSpec, effects: readonly EffectRow[], pooled: PooledEstimate | null, notPooled: string | null): string[] {
  const notes: string[] = [];
  const estimable = effects.filter((e) => e.estimable);
  if (synthesis.evidence === "single-arm") notes.push("single-arm evidence: proportions without a comparator, kept apart from comparative syntheses");
  if (notPooled !== null) notes.push(`described study by study, not pooled: ${notPooled}`);
  else if (estimable.length === 0) notes.push(`no result could be estimated (${effects.length} selected): nothing pooled`);
  const kinds = new Set(estimable.flatMap((e) => (e.values === undefined ? [] : [e.values])));
  if (kinds.size > 1 && synthesis.measure.startsWith("SMD")) {
    notes.push("final values and change scores are mixed on the SMD scale (Cochrane Handbook v6.4, 10.5.2 advises against it)");
  }
  if (estimable.some((e) => e.route === "paired")) notes.push("crossover results analysed as paired (within-person) data");
  if (pooled !== null) notes.push(...pooled.notes);
  return notes;
}
