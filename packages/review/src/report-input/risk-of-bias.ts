/**
 * Risk of bias of a synthesis, from the RoB 2 and ROBINS-I records of the extraction data:
 * the assessments of its results for the traffic-light and summary plots (per tool), the
 * rows with none, and the forest plot's traffic-light columns. Judgements are taken as
 * recorded, never derived or defaulted: a result without a record is "not assessed".
 */
import type { AnalysisRiskOfBias, ForestPlotData, RobAssessment, RobJudgement, RobPlotData, RobTool } from "@metakit/report";
import { OVERALL_DOMAIN, forestRobDomains } from "@metakit/report/rob-tools";
import type { RoB2, RobinsI } from "@metakit/schema";
import type { DataIndex } from "../inputs/dataset.js";
import type { SynthesisResult } from "../types.js";
import { rowLabels } from "./forest.js";

/** Shown when no result of an analysis has a RoB 2 or ROBINS-I record. */
export const NO_RISK_OF_BIAS =
  "No risk-of-bias assessment (RoB 2 or ROBINS-I) is recorded in the extraction data for the studies in this analysis, so no traffic-light or summary plot is drawn (the notes of the analysis say why).";

type Judgement = RoB2["overall"]["judgement"] | RobinsI["overall"]["judgement"];

/** The schema's codes as the figures name them ("some-concerns" -> "some concerns"). */
const level = (judgement: Judgement): RobJudgement => judgement.replace("-", " ") as RobJudgement;

interface RowAssessment {
  readonly tool: RobTool;
  readonly assessment: RobAssessment;
}

function rob2Assessment(record: RoB2, label: string): RobAssessment {
  const domains = [record.randomisation, record.deviations, record.missingData, record.measurement, record.selection];
  return { label, domains: domains.map((d) => level(d.judgement)), overall: level(record.overall.judgement) };
}

function robinsAssessment(record: RobinsI, label: string): RobAssessment {
  const domains = [record.confounding, record.selection, record.classification, record.deviations, record.missingData, record.measurement, record.reportedResult];
  return { label, domains: domains.map((d) => level(d.judgement)), overall: level(record.overall.judgement) };
}

/** Each row's recorded assessment (RoB 2 per result first, then ROBINS-I per result or per study), or null. */
function rowAssessments(synthesis: SynthesisResult, index: DataIndex): (RowAssessment | null)[] {
  const labels = rowLabels(synthesis, index);
  return synthesis.effects.map((effect, i) => {
    const weight = effect.estimable && effect.weight !== undefined ? { weight: effect.weight } : {};
    const rob2 = index.rob2.get(effect.result);
    if (rob2 !== undefined) return { tool: "RoB 2", assessment: { ...rob2Assessment(rob2, labels[i]!), ...weight } };
    const robins = index.robinsI.get(effect.result) ?? index.robinsI.get(effect.study);
    if (robins !== undefined) return { tool: "ROBINS-I", assessment: { ...robinsAssessment(robins, labels[i]!), ...weight } };
    return null;
  });
}

/** Weights only when every assessment of the plot has one (else the summary counts studies). */
function plotOf(tool: RobTool, assessments: readonly RobAssessment[], outcome: string): RobPlotData {
  const weighted = assessments.every((a) => a.weight !== undefined);
  return { tool, title: `Risk of bias (${tool}): ${outcome}`, assessments: weighted ? assessments : assessments.map(({ weight: _, ...a }) => a) };
}

/** The risk of bias of a synthesis as the report shows it. */
export function riskOfBiasOf(synthesis: SynthesisResult, index: DataIndex): AnalysisRiskOfBias {
  const rows = rowAssessments(synthesis, index);
  const labels = rowLabels(synthesis, index);
  const plots = (["RoB 2", "ROBINS-I"] as const).flatMap((tool) => {
    const assessments = rows.flatMap((row) => (row?.tool === tool ? [row.assessment] : []));
    return assessments.length === 0 ? [] : [plotOf(tool, assessments, synthesis.outcome.label)];
  });
  return { plots, notAssessed: labels.filter((_, i) => rows[i] === null), noneStatement: NO_RISK_OF_BIAS };
}

/**
 * The forest plot with traffic-light columns: D1..Dn and the overall judgement when every
 * assessed row uses one tool, only the overall judgement when the rows mix RoB 2 and
 * ROBINS-I. Rows are matched by label; a row without an assessment has no lights.
 * Unchanged when nothing was assessed.
 */
export function withRiskOfBiasColumns(forest: ForestPlotData, rob: AnalysisRiskOfBias): ForestPlotData {
  if (rob.plots.length === 0) return forest;
  const single = rob.plots.length === 1 ? rob.plots[0]!.tool : null;
  const judgements = new Map(rob.plots.flatMap((plot) => plot.assessments.map((a) => [a.label, single === null ? [a.overall] : [...a.domains, a.overall]] as const)));
  return {
    ...forest,
    robDomains: single === null ? [OVERALL_DOMAIN] : forestRobDomains(single),
    rows: forest.rows.map((row) => {
      const rowJudgements = judgements.get(row.label);
      return rowJudgements === undefined ? row : { ...row, rob: rowJudgements };
    }),
  };
}
