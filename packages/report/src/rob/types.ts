/**
 * The input of the risk-of-bias figures (robvis style): one assessment per study (or per
 * result, for RoB 2), made elsewhere by reviewers and recorded in the extraction data.
 * The figures only draw judgements; they never derive or default one.
 */
import type { RobJudgement } from "./judgements.js";

export const ROB_TOOLS = ["RoB 2", "ROBINS-I"] as const;
/** RoB 2 for randomised trials (per result), ROBINS-I for non-randomised studies. */
export type RobTool = (typeof ROB_TOOLS)[number];

export interface RobAssessment {
  /** Study label as in the forest plot, for example "Younger 2013". */
  readonly label: string;
  /** One judgement per domain of the tool, D1 first. */
  readonly domains: readonly RobJudgement[];
  readonly overall: RobJudgement;
  /** Weight in the pooled analysis (any non-negative unit, e.g. percent); when every assessment has one, the summary plot shows shares of weight. */
  readonly weight?: number;
}

export interface RobPlotData {
  readonly tool: RobTool;
  readonly title: string;
  readonly assessments: readonly RobAssessment[];
}

/** The risk of bias of one analysis's results, as the report shows it. */
export interface AnalysisRiskOfBias {
  /** One per tool with at least one assessment (RoB 2, then ROBINS-I); empty when none was recorded. */
  readonly plots: readonly RobPlotData[];
  /** Labels of the analysis's rows that have no assessment. */
  readonly notAssessed: readonly string[];
  /** Shown instead of figures when `plots` is empty: that no assessment was recorded, and why. */
  readonly noneStatement: string;
}
