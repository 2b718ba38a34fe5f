/**
 * The adapter from `metakit analyze` to `@metakit/report`: AnalysisResults, the extracted
 * records and the claims audit become one ReportInput (plain data), so the report renders
 * without reading anything. Order follows the specs and the data; nothing here depends on
 * time or the machine, so the same inputs give the same report.
 */
import { recordOf } from "@metakit/base";
import type { AnalysisReport, ClaimAuditRow, IndicationReport, ReportInput, SummaryOfFindings } from "@metakit/report";
import { formatEffectCi } from "@metakit/report/format";
import type { AnalysisSpec, Claim, Screening, SecondarySource } from "@metakit/schema";
import type { DataIndex } from "../inputs/dataset.js";
import type { AnalysisResult, SynthesisResult } from "../types.js";
import { assumptionsOf, displayEffect, scenarioSummaries, subgroupLines } from "./assumed.js";
import { armLabelsOf, describedEstimates, forestDataOf, rowLabels, subgroupForestsOf } from "./forest.js";
import { measureName, sentence, studyLabel } from "./labels.js";
import { participantsOf, participantsTotalText } from "./participants.js";
import { readerLabels, readerText, type ReaderLabels } from "./reader-text.js";
import { riskOfBiasOf, withRiskOfBiasColumns } from "./risk-of-bias.js";
import { robustnessReportOf } from "./robustness.js";
import { characteristicsOf, narrativeOf } from "./studies.js";
import { methodsOf } from "./methods.js";
import { prismaFlowOf } from "./prisma.js";
import { secondarySourceTexts } from "./secondary-sources.js";
import { forestBayesianOf, modelSummaries, withMultilevel } from "./models.js";

/** One analysed spec: the spec as parsed and what `analyzeSpec` made of it. */
export interface AnalysedSpec {
  readonly spec: AnalysisSpec;
  readonly result: AnalysisResult;
}

/** Records of data/ that belong to the review rather than to a study. */
export interface ReviewRecords {
  /** The screening record (PRISMA 2020); the first is drawn. */
  readonly screening?: readonly Screening[];
  /** The secondary sources the claims name. */
  readonly secondarySources?: readonly SecondarySource[];
}

export interface ReportMeta {
  readonly title: string;
  readonly generator: string;
  /** Input files, as the user named them. */
  readonly sources: readonly string[];
}

function analysisReport(analysed: AnalysedSpec, synthesis: SynthesisResult, index: DataIndex): AnalysisReport {
  const riskOfBias = riskOfBiasOf(synthesis, index);
  const labels = armLabelsOf(analysed.spec);
  const ordinary = forestDataOf(synthesis, index, labels);
  const drawn = ordinary === null ? null : withMultilevel(ordinary, synthesis, synthesis.effects.map((e) => studyLabel(index.studies.get(e.study), e.study)));
  const bayesian = drawn === null ? undefined : forestBayesianOf(analysed.result, synthesis, rowLabels(synthesis, index));
  const plain = drawn === null || bayesian === undefined ? drawn : { ...drawn, bayesian };
  const models = modelSummaries(analysed.result, synthesis.id);
  // A plot with an axis and nothing on it says less than a sentence: with no estimable row, the reasons are given in words.
  const estimable = plain !== null && plain.rows.some((r) => r.notEstimable === undefined);
  const forest = plain === null || !estimable ? null : withRiskOfBiasColumns(plain, riskOfBias);
  return {
    id: synthesis.id,
    title: plain?.title ?? synthesis.outcome.label,
    evidence: synthesis.evidence,
    level: synthesis.model.level,
    forest,
    ...(forest === null && { noForestReason: plain === null ? "the analysis selects no result." : notEstimableWords(plain) }),
    assumptions: assumptionsOf(synthesis, analysed.spec, index),
    subgroups: subgroupLines(synthesis.subgroups, synthesis.measure),
    subgroupForests: subgroupForestsOf(synthesis, index, labels).map((sub) => ({ ...sub, forest: withRiskOfBiasColumns(sub.forest, riskOfBias) })),
    scenarios: scenarioSummaries(analysed.result, synthesis.id, index),
    ...(models.length > 0 && { models }),
    notes: synthesis.notes.map(sentence),
    riskOfBias,
    ...optional("robustness", robustnessReportOf(synthesis, index, labels)),
  };
}

/** "not estimable: no study gave usable numbers. Grant 2014: no SDs ...". */
function notEstimableWords(forest: NonNullable<ReturnType<typeof forestDataOf>>): string {
  const reasons = forest.rows.map((r) => `${r.label}: ${r.notEstimable ?? "not estimable"}`);
  return `not estimable, no study gave usable numbers (${reasons.join("; ")}).`;
}

/** `{ [key]: value }`, or nothing when the value is undefined (exactOptionalPropertyTypes). */
const optional = <K extends string, T>(key: K, value: T | undefined) => (value === undefined ? {} : ({ [key]: value } as { [P in K]: T }));

/** "Not pooled (reason). Per study: A (definition), n = 7: 0.86 [...]; ..." for a synthesis the spec describes without pooling. */
function describedEffectText(synthesis: SynthesisResult, index: DataIndex): string {
  const single = synthesis.evidence === "single-arm" ? " without a comparison group" : "";
  return `${measureName(synthesis.measure)} per study${single}, not pooled: ${describedEstimates(synthesis, index).join("; ")}`;
}

/**
 * The Summary of Findings with, by outcome, the confidence level of its synthesis and the
 * pooled effect in words for rows that have no absolute or relative effect (proportions).
 */
function summaryOfFindings(result: AnalysisResult, index: DataIndex): SummaryOfFindings | null {
  const table = result.grade.summaryOfFindings;
  if (table === null) return null;
  const effectTexts = recordOf<string>();
  const levels = recordOf<number>();
  const participantsTexts = recordOf<string>();
  for (const trace of result.grade.trace) {
    const synthesis = result.syntheses.find((s) => s.id === trace.synthesis);
    participantsTexts[trace.outcome] = sofParticipantsText(trace.evidence.studies, synthesis, result, index);
    if (synthesis !== undefined) levels[trace.outcome] = synthesis.model.level;
    if (synthesis !== undefined && synthesis.notPooled !== null) {
      effectTexts[trace.outcome] = describedEffectText(synthesis, index);
      continue;
    }
    const effect = synthesis === undefined ? null : displayEffect(synthesis.pooled);
    if (synthesis === undefined || effect === null) continue;
    const single = synthesis.evidence === "single-arm" ? " (single-arm, no comparator)" : "";
    effectTexts[trace.outcome] = `${measureName(synthesis.measure)} ${formatEffectCi(effect.estimate, effect.ciLower, effect.ciUpper)}${single}`;
  }
  return { table, effectTexts, levels, participantsTexts };
}

const studiesWord = (k: number) => `${k} ${k === 1 ? "study" : "studies"}`;

/**
 * The Summary of Findings' participants cell, from the one participant count per study and
 * outcome (participantsOf): "99 analysed (1 study); not estimable: 3 studies, 109 participants".
 */
function sofParticipantsText(studies: readonly { id: string; estimable: boolean }[], synthesis: SynthesisResult | undefined, result: AnalysisResult, index: DataIndex): string {
  const countOf = (study: string) => {
    const rows = synthesis?.effects.filter((e) => e.study === study).map((e) => e.participants) ?? [];
    const unselected = result.notEstimable.filter((e) => e.synthesis === null && e.study === study).flatMap((e) => (e.participants === undefined ? [] : [e.participants]));
    return participantsOf(index, study, [...rows, ...unselected]);
  };
  const estimable = studies.filter((s) => s.estimable).map((s) => countOf(s.id));
  const rest = studies.filter((s) => !s.estimable).map((s) => countOf(s.id));
  if (estimable.length === 0) return `${participantsTotalText(rest)} (${studiesWord(rest.length)}, none estimable)`;
  const notEstimable = rest.length === 0 ? "" : `; not estimable: ${studiesWord(rest.length)}, ${participantsTotalText(rest)}`;
  return `${participantsTotalText(estimable)} (${studiesWord(estimable.length)})${notEstimable}`;
}

function indicationReport(analysed: AnalysedSpec, index: DataIndex): IndicationReport {
  const { result } = analysed;
  return {
    id: result.spec.id,
    title: result.spec.title,
    question: {
      population: result.question.population,
      intervention: result.question.intervention,
      comparator: result.question.comparator,
      outcomes: result.question.outcomes.map((o) => `${o.label} (${o.importance})`),
    },
    analyses: result.syntheses.map((s) => analysisReport(analysed, s, index)),
    characteristics: characteristicsOf(result, index, analysed.spec.doseClasses),
    narrative: narrativeOf(result, index),
    summaryOfFindings: summaryOfFindings(result, index),
    excluded: result.excluded.map((e) => ({ study: studyLabel(index.studies.get(e.study), e.study), reason: e.reason })),
    problems: result.problems.map((p) => sentence(`${p.stage}${p.synthesis === undefined ? "" : ` (${p.synthesis})`}: ${p.message}`)),
  };
}

function claimRow(claim: Claim, sources: ReadonlyMap<string, string>): ClaimAuditRow {
  const source = sources.get(claim.file) ?? claim.file;
  return {
    id: claim.id,
    source: claim.location === undefined ? source : `${source} (${claim.location})`,
    quote: claim.quote,
    claim: claim.claim ?? claim.quote,
    status: claim.status,
    supporting: claim.supporting,
    contradicting: claim.contradicting,
    note: claim.note ?? "",
  };
}

export function reportInputOf(analysed: readonly AnalysedSpec[], index: DataIndex, claims: readonly Claim[], meta: ReportMeta, records: ReviewRecords = {}): ReportInput {
  const labels = readerLabels(index, analysed.map((a) => a.spec), claims);
  return withReaderText(reportInput(analysed, index, claims, meta, records), labels);
}

/**
 * The prose of the report with ids replaced by reader labels (readerText): every field a
 * reader sees that spec or data prose can reach; ids, file names and keys stay as they are.
 */
function withReaderText(input: ReportInput, labels: ReaderLabels): ReportInput {
  const t = (text: string) => readerText(text, labels);
  const all = (texts: readonly string[]) => texts.map(t);
  const analysis = (a: AnalysisReport): AnalysisReport => ({
    ...a,
    forest: a.forest === null ? null : { ...a.forest, rows: a.forest.rows.map((r) => (r.notEstimable === undefined ? r : { ...r, notEstimable: t(r.notEstimable) })) },
    ...(a.noForestReason !== undefined && { noForestReason: t(a.noForestReason) }),
    assumptions: all(a.assumptions),
    subgroups: a.subgroups.map((g) => ({ ...g, lines: all(g.lines) })),
    scenarios: a.scenarios.map((s) => ({ ...s, label: t(s.label), description: t(s.description), changes: all(s.changes) })),
    ...(a.models !== undefined && { models: a.models.map((m) => ({ ...m, label: t(m.label), assumes: all(m.assumes), ...(m.notFitted !== undefined && { notFitted: t(m.notFitted) }) })) }),
    notes: all(a.notes),
    ...(a.robustness !== undefined && { robustness: { ...a.robustness, smallStudyLines: all(a.robustness.smallStudyLines), notRun: all(a.robustness.notRun), ...(a.robustness.leaveOneOutLines !== undefined && { leaveOneOutLines: all(a.robustness.leaveOneOutLines) }) } }),
  });
  const sof = (s: SummaryOfFindings | null): SummaryOfFindings | null =>
    s === null
      ? null
      : {
          ...s,
          table: {
            ...s.table,
            rows: s.table.rows.map((r) => ({ ...r, comments: all(r.comments), statement: t(r.statement) })),
            footnotes: s.table.footnotes.map((f) => ({ ...f, text: t(f.text) })),
          },
        };
  return {
    ...input,
    indications: input.indications.map((i) => ({
      ...i,
      analyses: i.analyses.map(analysis),
      characteristics: i.characteristics.map((c) => ({ ...c, result: t(c.result), riskOfBias: t(c.riskOfBias) })),
      narrative: i.narrative.map((n) => ({ ...n, finding: t(n.finding), reason: t(n.reason) })),
      summaryOfFindings: sof(i.summaryOfFindings),
      excluded: i.excluded.map((e) => ({ ...e, reason: t(e.reason) })),
      problems: all(i.problems),
    })),
    ...(input.methods !== undefined && {
      methods: { ...input.methods, ...(input.methods.results !== undefined && { results: input.methods.results.map((r) => ({ ...r, text: t(r.text) })) }) },
    }),
    ...(input.prisma !== undefined && {
      prisma: { ...input.prisma, excluded: input.prisma.excluded.map((g) => ({ ...g, reason: t(g.reason) })) },
    }),
    ...(input.claims !== undefined && {
      claims: input.claims.map((c) => ({ ...c, claim: t(c.claim), note: t(c.note), supporting: all(c.supporting), contradicting: all(c.contradicting) })),
    }),
  };
}

function reportInput(analysed: readonly AnalysedSpec[], index: DataIndex, claims: readonly Claim[], meta: ReportMeta, records: ReviewRecords): ReportInput {
  // The first screening record that covers an analysed spec (all, when it names none).
  const screening = (records.screening ?? []).find((r) => r.specs === undefined || analysed.some((a) => r.specs!.includes(a.spec.id)));
  const titles = new Map(analysed.map((a) => [a.result.spec.id, a.result.spec.title]));
  const sources = secondarySourceTexts(records.secondarySources ?? []);
  const names = analysed.map((a) => a.result.spec.title);
  return {
    title: meta.title,
    introduction: [
      `${names.length} ${names.length === 1 ? "analysis" : "analyses"}: ${names.join("; ")}.`,
      "Each section gives the review question, the Summary of Findings with GRADE certainty, a forest plot per analysis with what was assumed, subgroups and sensitivity analyses, the characteristics of the studies, and the results that could not be pooled, described in words.",
    ],
    generator: meta.generator,
    sources: meta.sources,
    indications: analysed.map((a) => indicationReport(a, index)),
    claims: claims.map((c) => claimRow(c, sources)),
    methods: methodsOf(analysed.map((a) => a.spec), meta.generator, index, analysed.map((a) => a.result)),
    ...(screening !== undefined && { prisma: prismaFlowOf(screening, analysed.map((a) => a.spec), index, titles) }),
  };
}
