/**
 * The adapter from `metakit analyze` to `@metakit/report`: AnalysisResults, the extracted
 * records and the claims audit become one ReportInput (plain data), so the report renders
 * without reading anything. Order follows the specs and the data; nothing here depends on
 * time or the machine, so the same inputs give the same report.
 */
import type { AnalysisReport, ClaimAuditRow, IndicationReport, ReportInput, SummaryOfFindings } from "@metakit/report";
import { formatEffectCi } from "@metakit/report/format";
import type { AnalysisSpec, Claim } from "@metakit/schema";
import type { DataIndex } from "../inputs/dataset.js";
import type { AnalysisResult, SynthesisResult } from "../types.js";
import { assumptionsOf, displayEffect, scenarioSummaries, subgroupLines } from "./assumed.js";
import { armLabelsOf, describedEstimates, forestDataOf, subgroupForestsOf } from "./forest.js";
import { measureName, sentence, studyLabel } from "./labels.js";
import { riskOfBiasOf, withRiskOfBiasColumns } from "./risk-of-bias.js";
import { robustnessReportOf } from "./robustness.js";
import { characteristicsOf, narrativeOf } from "./studies.js";
import { methodsOf } from "./methods.js";

/** One analysed spec: the spec as parsed and what `analyzeSpec` made of it. */
export interface AnalysedSpec {
  readonly spec: AnalysisSpec;
  readonly result: AnalysisResult;
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
  const plain = forestDataOf(synthesis, index, labels);
  const forest = plain === null ? null : withRiskOfBiasColumns(plain, riskOfBias);
  return {
    id: synthesis.id,
    title: forest?.title ?? synthesis.outcome.label,
    evidence: synthesis.evidence,
    level: synthesis.model.level,
    forest,
    ...(forest === null && { noForestReason: "the analysis selects no result." }),
    assumptions: assumptionsOf(synthesis, analysed.spec, index),
    subgroups: subgroupLines(synthesis.subgroups, synthesis.measure),
    subgroupForests: subgroupForestsOf(synthesis, index, labels).map((sub) => ({ ...sub, forest: withRiskOfBiasColumns(sub.forest, riskOfBias) })),
    scenarios: scenarioSummaries(analysed.result, synthesis.id, index),
    notes: synthesis.notes.map(sentence),
    riskOfBias,
    ...optional("robustness", robustnessReportOf(synthesis, index, labels)),
  };
}

/** `{ [key]: value }`, or nothing when the value is undefined (exactOptionalPropertyTypes). */
const optional = <K extends string, T>(key: K, value: T | undefined) => (value === undefined ? {} : ({ [key]: value } as { [P in K]: T }));

/**
 * The Summary of Findings with, by outcome, the confidence level of its synthesis and the
 * pooled effect in words for rows that have no absolute or relative effect (proportions).
 */
/** "Not pooled (reason). Per study: A (definition), n = 7: 0.86 [...]; ..." for a synthesis the spec describes without pooling. */
function describedEffectText(synthesis: SynthesisResult, index: DataIndex): string {
  const single = synthesis.evidence === "single-arm" ? " without a comparison group" : "";
  return `${measureName(synthesis.measure)} per study${single}, not pooled: ${describedEstimates(synthesis, index).join("; ")}`;
}

function summaryOfFindings(result: AnalysisResult, index: DataIndex): SummaryOfFindings | null {
  const table = result.grade.summaryOfFindings;
  if (table === null) return null;
  const effectTexts: Record<string, string> = {};
  const levels: Record<string, number> = {};
  for (const trace of result.grade.trace) {
    const synthesis = result.syntheses.find((s) => s.id === trace.synthesis);
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
  return { table, effectTexts, levels };
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

function claimRow(claim: Claim): ClaimAuditRow {
  return {
    id: claim.id,
    source: claim.location === undefined ? claim.file : `${claim.file} (${claim.location})`,
    quote: claim.quote,
    claim: claim.claim ?? claim.quote,
    status: claim.status,
    supporting: claim.supporting,
    contradicting: claim.contradicting,
    note: claim.note ?? "",
  };
}

export function reportInputOf(analysed: readonly AnalysedSpec[], index: DataIndex, claims: readonly Claim[], meta: ReportMeta): ReportInput {
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
    claims: claims.map(claimRow),
    methods: methodsOf(analysed.map((a) => a.spec), meta.generator),
  };
}
