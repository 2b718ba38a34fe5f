/**
 * The input of a forest plot: plain data, already computed elsewhere (effect sizes by
 * `@metakit/effect-size`, pooling by `@metakit/core`). Every effect value is on the
 * display scale: the caller back-transforms (exp of a log risk ratio, and so on), so the
 * plot never does statistics.
 */
import type { RobJudgement } from "../rob/judgements.js";

/** Events out of a total, one arm of a dichotomous outcome: shown as `Events  Total`. */
export interface DichotomousArm {
  readonly events: number;
  readonly total: number;
}

/** Mean, standard deviation and size of one arm of a continuous outcome. */
export interface ContinuousArm {
  readonly mean: number;
  readonly sd: number;
  readonly n: number;
}

/** One arm's data: structured, or a string; "12/50" is read as 12 events of 50, other text is shown as given. */
export type ArmData = DichotomousArm | ContinuousArm | string;

/** Risk-of-bias judgement of one domain, drawn as a traffic light (RoB 2, ROBINS-I and RoB 1 levels). */
export { ROB_JUDGEMENTS, type RobJudgement } from "../rob/judgements.js";

export const FOREST_KINDS = ["comparative", "single-arm proportion"] as const;
export type ForestKind = (typeof FOREST_KINDS)[number];

export const FOREST_SCALES = ["log", "identity"] as const;
/** "log" for ratio measures (OR, RR, HR, ROM), "identity" for differences and proportions. */
export type ForestScale = (typeof FOREST_SCALES)[number];

export interface ForestRow {
  /** Study label, for example "Aronson 1948". */
  readonly label: string;
  /** Subgroup name; must match one of `subgroups[].name` when subgroups are given. */
  readonly group?: string;
  /** Per-arm data; `comparator` is absent in a single-arm plot. */
  readonly arms?: { readonly intervention: ArmData; readonly comparator?: ArmData };
  /** Effect and its confidence limits, on the display scale. */
  readonly estimate?: number;
  readonly ciLower?: number;
  readonly ciUpper?: number;
  /** Weight in the pooled analysis, in percent (0 to 100). */
  readonly weightPercent?: number;
  /** Why the study has no effect estimate (for example "no events in either arm"). */
  readonly notEstimable?: string;
  /** One judgement per risk-of-bias domain, in the order of `robDomains`. */
  readonly rob?: readonly RobJudgement[];
}

/** A pooled summary, drawn as a diamond. */
export interface ForestSummary {
  readonly estimate: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  /** Prediction interval; drawn on its own row when given. */
  readonly piLower?: number;
  readonly piUpper?: number;
  /** Row label; defaults to "Total (95% CI)" or "Subtotal (95% CI)" at the plot's `level`. */
  readonly label?: string;
  /** Sum of weights in percent; defaults to the sum of the rows' weights. */
  readonly weightPercent?: number;
}

export interface ForestSubgroup {
  /** Name shown as the subgroup heading, for example "Random allocation". */
  readonly name: string;
  readonly pooled?: ForestSummary;
  /** Lines such as "Heterogeneity: …" and "Test for overall effect: …" (see `format`). */
  readonly heterogeneityText?: string;
  readonly overallEffectText?: string;
}

export interface RobDomain {
  /** Column heading, one or two characters ("A", "D1"). */
  readonly key: string;
  /** Full name, listed in the legend under the plot. */
  readonly name: string;
}

/** A shrunken study estimate of a Bayesian model: the study's posterior median and interval. */
export interface ForestShrunken {
  /** The label of the study's row. */
  readonly label: string;
  readonly estimate: number;
  readonly ciLower: number;
  readonly ciUpper: number;
}

/**
 * A Bayesian random-effects estimate drawn under the total: the posterior median of the
 * overall effect with its credible interval (a diamond) and the predictive interval of a
 * new study; with `shrinkage`, each study's shrunken estimate on a row under its own.
 */
export interface ForestBayesian {
  /** Row label, e.g. "Bayesian, half-normal(0.5) prior (95% CrI)". */
  readonly label: string;
  readonly estimate: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly piLower?: number;
  readonly piUpper?: number;
  readonly shrinkage?: readonly ForestShrunken[];
}

export interface ForestPlotData {
  readonly title: string;
  /** Measure name as a reader knows it: "Risk Ratio", "Mean Difference", "Proportion". */
  readonly measure: string;
  /** Method line under the measure, for example "IV, Random, 95% CI". */
  readonly method?: string;
  /**
   * Confidence level of the intervals, as metafor reads it (95 or 0.95; 95 when absent):
   * names the "Total (95% CI)" and "Subtotal (95% CI)" rows and the interval columns.
   */
  readonly level?: number;
  readonly scale: ForestScale;
  readonly kind: ForestKind;
  /** Arm headings: the intervention and comparator labels ("BCG vaccine", "Placebo"). */
  readonly columns: { readonly intervention: string; readonly comparator?: string };
  readonly rows: readonly ForestRow[];
  readonly subgroups?: readonly ForestSubgroup[];
  /** Line under the plot: "Test for subgroup differences: Chi² = …". */
  readonly subgroupDifferencesText?: string;
  readonly pooled?: ForestSummary;
  /** A Bayesian estimate under the total (and shrunken study estimates), drawn beside the frequentist result. */
  readonly bayesian?: ForestBayesian;
  readonly heterogeneityText?: string;
  readonly overallEffectText?: string;
  /** Labels under the axis, left and right of the line of no effect. */
  readonly favours?: { readonly left: string; readonly right: string };
  /** Risk-of-bias domains; each row's `rob` then has one judgement per domain. */
  readonly robDomains?: readonly RobDomain[];
  /** Heading of the label column; default "Study or Subgroup". */
  readonly labelHeader?: string;
  /** Axis limits on the display scale; chosen from the data when absent. */
  readonly axisLimits?: readonly [number, number];
}
