/**
 * The result of `metakit analyze`: what an analysis spec and the extracted data give, for
 * the report (`@metakit/report`) and GRADE. Plain readonly data, JSON-serialisable; every
 * number carries how it was obtained (the conversions and assumptions behind each effect
 * size, the model behind each pooled estimate) and everything that could not be computed
 * carries why.
 *
 * Conventions:
 * - Effects are on the analysis scale of the synthesis measure (metafor's escalc): log
 *   ratios for RR/OR, logits for PLO, ...; `backTransformed` gives the reporting scale.
 * - Difference measures (MD, SMD, ...) are experimental minus control after aligning
 *   directions: `direction.better` says which sign favours the intervention for the synthesis;
 *   results recorded the other way round are negated (`directionFlipped`).
 * - Levels are percentages (95), as @metakit/core reports them.
 */
import type { Conversion } from "@metakit/effect-size";
import type { BayesMetaResult, GlmmModel, GlmmResult, IntervalType, MultilevelResult, TauPrior } from "@metakit/core";
import type {
  BubblePlotData,
  EggerResult,
  FunnelContour,
  FunnelData,
  GoshSummary,
  LeaveOneOutResult,
  MetaAnalysisResult,
  MetaRegressionResult,
  RegressionMethod,
  OddsRatioTestResult,
  RankTestResult,
  SubgroupDifferences,
  TrimAndFillResult,
} from "@metakit/core";
import type { GradeSpec, OutcomeEvidence, OutcomeRating, SummaryOfFindingsTable } from "@metakit/grade";
import type { EffectMeasure, ResultForm, StudyDesign } from "@metakit/schema";

/** The question of the spec, as written there. */
export interface AnalysisQuestion {
  readonly population: string;
  readonly intervention: string;
  /** The intervention's short name for titles and "Favours ..." labels, as the spec gives it. */
  readonly interventionLabel?: string;
  readonly comparator: string;
  /** The comparator's short name, as the spec gives it (else named from the comparator arms). */
  readonly comparatorLabel?: string;
  readonly outcomes: readonly AnalysisOutcome[];
}

export interface AnalysisOutcome {
  readonly id: string;
  readonly label: string;
  readonly type: "continuous" | "dichotomous" | "proportion";
  readonly importance: "critical" | "important" | "not-important";
}

/** The model a synthesis is fitted with (the spec's `model`, after a scenario's changes). */
export interface ModelChoice {
  /** inverse-variance: one result per study (metafor's rma); multilevel: results nested within studies (rma.mv, three levels) where a study gives several. */
  readonly type: "inverse-variance" | "multilevel";
  /** tau2 estimator (metafor's method); EE/FE for a common-effect model. */
  readonly method: RegressionMethod;
  readonly test: "z" | "knha";
  readonly predictionInterval: boolean;
  /** Percent. */
  readonly level: number;
}

/**
 * How a result became the escalc input of its effect size:
 * 2x2 (events/total per arm), arm-means (mean/SD/n per arm), contrast (an estimate with
 * its CI, SE or p, through the effect-size conversions), paired (a within-person
 * difference from a crossover, never as parallel groups), proportion (single arm).
 */
export const EFFECT_ROUTES = ["2x2", "arm-means", "contrast", "paired", "proportion"] as const;
export type EffectRoute = (typeof EFFECT_ROUTES)[number];

/** An assumption used for one effect size, with what it supplied. */
export interface AssumptionUse {
  readonly assumption: string;
  readonly field: string;
  readonly arm?: string;
  readonly value: number | string;
}

/** What every row of a synthesis carries, estimable or not. */
interface EffectRowBase {
  /** Result id (data/). */
  readonly result: string;
  readonly study: string;
  readonly design: StudyDesign | "unknown";
  readonly form: ResultForm | "unknown";
  /** Outcome instrument, e.g. HAM-D-17. */
  readonly instrument: string;
  readonly timepoint?: string;
  /** final values or change from baseline (continuous results). */
  readonly values?: "final" | "change";
  /** Participants behind the effect (for a crossover: the people, each their own control). */
  readonly participants: ParticipantCount;
  /** Subgroup labels of the study (dose class, comparator, design, population). */
  readonly groups: Readonly<Record<string, string>>;
  readonly assumptions: readonly AssumptionUse[];
  readonly notes: readonly string[];
}

/** Participants: a number, and where it came from. */
export interface ParticipantCount {
  /** Null when no count is known at all. */
  readonly n: number | null;
  /** e.g. "arms analysed", "paired completers", "randomised (study)", "assumption ...". */
  readonly source: string;
}

export interface EstimableEffect extends EffectRowBase {
  readonly estimable: true;
  readonly route: EffectRoute;
  readonly yi: number;
  readonly vi: number;
  readonly sei: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  /** The escalc measure computed (GEN when the effect came from a conversion). */
  readonly escalcMeasure: string;
  /** Each derivation, in order, with its formula and reference. */
  readonly conversions: readonly Conversion[];
  /** True when the sign was reversed to align the result with the synthesis direction. */
  readonly directionFlipped: boolean;
  /** Percent of the pooled weight (absent when nothing was pooled). */
  readonly weight?: number;
  /** The counts behind a 2x2 or single-arm proportion effect (what a GLMM fits); absent for other routes. */
  readonly counts?: EffectCounts;
}

/** Counts of a 2x2 table (ai/bi events/non-events with the intervention, ci/di with the comparator) or of one arm (xi of ni). */
export type EffectCounts =
  | { readonly ai: number; readonly bi: number; readonly ci: number; readonly di: number }
  | { readonly xi: number; readonly ni: number };

export interface NotEstimableEffect extends EffectRowBase {
  readonly estimable: false;
  /** Why no effect size could be computed: which number is missing, and why it is. */
  readonly reason: string;
  readonly conversions: readonly Conversion[];
}

export type EffectRow = EstimableEffect | NotEstimableEffect;

/** Estimate, CI and PI on the reporting scale (exp for ratios, inverse logit for PLO, ...). */
export interface BackTransformed {
  readonly transform: string;
  readonly estimate: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  /** Prediction interval on the reporting scale; null when the model has none (see model.piLower). */
  readonly piLower: number | null;
  /** null when piLower is null: the model has no prediction interval. */
  readonly piUpper: number | null;
}

/**
 * A pooled estimate. `kind` "single-study" when k = 1: the result is the study itself
 * (common-effect model, z interval), not a pooled estimate.
 */
export interface PooledEstimate {
  readonly kind: "pooled" | "single-study";
  /** @metakit/core's result; piLower/piUpper null when the spec asks for no prediction interval. */
  readonly model: MetaAnalysisResult;
  /** Result ids in the order of model.studies. */
  readonly results: readonly string[];
  /** The reporting scale; null for a measure reported on its analysis scale (MD, SMD, GEN, ...): no back-transformation applies. */
  readonly backTransformed: BackTransformed | null;
  readonly notes: readonly string[];
}

/** Subgroup analysis by one variable of the spec. */
export interface SubgroupsResult {
  readonly variable: string;
  /** null when it could not be run (the reason is in notes). */
  readonly groups: readonly SubgroupEstimate[] | null;
  /** Test for subgroup differences; null when the subgroups could not be run (groups is null, the reason is in notes). */
  readonly differences: SubgroupDifferences | null;
  readonly notes: readonly string[];
}

export interface SubgroupEstimate {
  readonly group: string;
  readonly results: readonly string[];
  readonly pooled: PooledEstimate;
}

/** The crossover (within-person) correlation a synthesis used, and who set it. */
export interface CorrelationUse {
  readonly value: number;
  /** The statement of the assumption record that gives the value. */
  readonly justification: string;
  /** The id of that assumption record (kind within-person-correlation). */
  readonly assumption: string;
  readonly from: "synthesis" | "scenario";
}

/** An estimate with its interval and the prediction (or predictive) interval, on one scale. */
export interface ModelEstimate {
  readonly estimate: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  /** null where the model gives none (a GLMM) or none is asked. */
  readonly piLower: number | null;
  readonly piUpper: number | null;
}

/** A Bayesian model as the spec names it (the spec's `type: bayes`, defaults filled). */
export interface BayesModelSpec {
  readonly type: "bayes";
  readonly tauPrior: TauPrior;
  /** Absent: the improper uniform prior on mu. */
  readonly muPrior?: { readonly mean: number; readonly sd: number };
  readonly interval: IntervalType;
  /** Percent. */
  readonly level: number;
  /** Why this prior, as the spec writes it. */
  readonly justification: string;
  readonly reference?: string;
  /** Draw shrunken study estimates in the forest plot. */
  readonly shrinkage: boolean;
}

/** A GLMM as the spec names it (the spec's `type: glmm`, defaults filled). */
export interface GlmmModelSpec {
  readonly type: "glmm";
  /** Odds ratios only; absent: UM.FS. */
  readonly glmmModel?: GlmmModel;
  readonly test: "z" | "t";
  /** Percent. */
  readonly level: number;
  readonly justification: string;
}

/**
 * A Bayesian model fitted to a synthesis (@metakit/core's bayesMeta, bayesmeta's
 * normal-normal hierarchical model) as its primary analysis or as a sensitivity scenario.
 * `fit` is null when the model could not be fitted (`notApplicable` says why).
 */
export interface BayesFit {
  readonly type: "bayes";
  /** primary: the spec's primaryModel; sensitivity: a scenario's model. */
  readonly role: "primary" | "sensitivity";
  /** The model as the spec names it: prior, its justification and source. */
  readonly spec: BayesModelSpec;
  /** Result ids in the order of the fit (its shrinkage estimates follow this order). */
  readonly results: readonly string[];
  readonly fit: BayesMetaResult | null;
  /** Posterior median of mu with its credible interval and the predictive interval of a new study, analysis scale; null when not fitted. */
  readonly estimate: ModelEstimate | null;
  /** The same on the reporting scale (exp, inverse logit, ...); null when the measure is reported as analysed or nothing was fitted. */
  readonly backTransformed: ModelEstimate | null;
  /** Why fit is null; null when fitted. */
  readonly notApplicable: string | null;
  readonly notes: readonly string[];
}

/**
 * A GLMM fitted to a synthesis (@metakit/core's glmm, metafor's rma.glmm) as its primary
 * analysis or as a sensitivity scenario: the binomial likelihood of the counts, no
 * continuity correction. `fit` is null when it could not be fitted (`notApplicable`).
 */
export interface GlmmFit {
  readonly type: "glmm";
  readonly role: "primary" | "sensitivity";
  readonly spec: GlmmModelSpec;
  /** Result ids with counts, in the order of the fit; results without counts are left out (see notes). */
  readonly results: readonly string[];
  readonly fit: GlmmResult | null;
  /** The estimate and its confidence interval, analysis scale (log OR, logit); piLower/piUpper null (rma.glmm gives no prediction interval here). */
  readonly estimate: ModelEstimate | null;
  readonly backTransformed: ModelEstimate | null;
  readonly notApplicable: string | null;
  readonly notes: readonly string[];
}

export type AlternativeFit = BayesFit | GlmmFit;

/**
 * The three-level model of a synthesis whose spec asks for it (model type multilevel) and
 * in which a study gives several estimable results: results nested within studies,
 * metafor's rma.mv(yi, vi, random = ~ 1 | study/result), @metakit/core's multilevelModel.
 */
export interface MultilevelPooled {
  /** Result ids in the order of the fit. */
  readonly results: readonly string[];
  /** The study (cluster) of each result, in the same order. */
  readonly studies: readonly string[];
  readonly fit: MultilevelResult;
  /** The pooled effect with its confidence and prediction intervals, analysis scale. */
  readonly estimate: ModelEstimate;
  /** The same on the reporting scale; null when the measure is reported as analysed. */
  readonly backTransformed: ModelEstimate | null;
  readonly notes: readonly string[];
}

export interface SynthesisResult {
  readonly id: string;
  readonly outcome: AnalysisOutcome;
  readonly evidence: "comparative" | "single-arm";
  readonly measure: EffectMeasure;
  readonly model: ModelChoice;
  /** For difference measures: which sign favours the intervention after alignment; null for ratio measures, single-arm evidence, or no selected result, where no sign is aligned. */
  readonly direction: { readonly better: "lower" | "higher"; readonly basis: string } | null;
  /** The within-person correlation used for crossover trials; null when the synthesis uses none (no crossover result needs one). */
  readonly crossoverCorrelation: CorrelationUse | null;
  /** Assumption ids in force (empty outside scenarios). */
  readonly assumptionsInForce: readonly string[];
  /** Every selected result, in the spec's order, estimable or not. */
  readonly effects: readonly EffectRow[];
  /** null when no result is estimable (k = 0), when the spec describes the results without pooling (notPooled), or when the multilevel model pools them (`multilevel`). */
  readonly pooled: PooledEstimate | null;
  /** The three-level model; null when the spec does not ask for it or no study gives several estimable results. */
  readonly multilevel: MultilevelPooled | null;
  /** Why the results are described study by study and not pooled (the spec's pool: false), or null when pooled. */
  readonly notPooled: string | null;
  readonly subgroups: readonly SubgroupsResult[];
  readonly notes: readonly string[];
  /**
   * The Bayesian model or GLMM fitted beside the frequentist model: the spec's primaryModel
   * (role primary), or in a scenario the scenario's model (role sensitivity); null when
   * neither names one.
   */
  readonly alternative: AlternativeFit | null;
  /** Which analysis is primary: frequentist (`pooled`), multilevel (`multilevel`), or the alternative (the spec's primaryModel); GRADE reads its interval. */
  readonly primary: "frequentist" | "multilevel" | "bayes" | "glmm";
  /** Main analyses only: leave-one-out, GOSH, small-study effects and meta-regressions. */
  readonly robustness?: Robustness;
}

/**
 * What a main synthesis adds beyond its pooled estimate, each run only when its condition
 * holds (see robustness.ts); `notes` says what was not run and why. Every number is
 * @metakit/core's result as returned; result ids give the model's study order.
 */
export interface Robustness {
  /** null unless k >= 3 and the spec does not turn it off (the reason is in notes). */
  readonly leaveOneOut: { readonly results: readonly string[]; readonly fit: LeaveOneOutResult } | null;
  /** null unless the spec asks for it and 3 <= k <= 15 (the reason is in notes). */
  readonly gosh: GoshRun | null;
  /** null unless the evidence is comparative with k >= 10 (Cochrane Handbook v6.4, 13.3.5.4; the reason is in notes). */
  readonly smallStudyEffects: SmallStudyEffects | null;
  /** One per moderator the spec names, run with k >= 10 studies that have its value. */
  readonly metaRegressions: readonly MetaRegressionRun[];
  readonly notes: readonly string[];
}

/** Every fitted subset's estimate and I2 (analysis scale), in the order gosh() streamed them. */
export interface GoshRun {
  readonly results: readonly string[];
  readonly summary: GoshSummary;
  readonly estimates: readonly number[];
  readonly I2: readonly number[];
}

export interface SmallStudyEffects {
  readonly results: readonly string[];
  /** The regression test read for publication bias: Harbord's for odds ratios from 2x2 tables, else Egger's. */
  readonly test: { readonly name: "Egger" | "Harbord"; readonly k: number; readonly statistic: number; readonly pval: number; readonly df?: number };
  /** Egger's regression test (metafor's regtest with the synthesis model, SE as predictor). */
  readonly egger: EggerResult;
  /** Odds ratios from 2x2 tables only; null for other measures, where Harbord's test does not apply. */
  readonly harbord: OddsRatioTestResult | null;
  /** Odds ratios from 2x2 tables with sample sizes only; null for other measures, where Peters' test does not apply. */
  readonly peters: OddsRatioTestResult | null;
  readonly rankTest: RankTestResult;
  readonly trimAndFill: TrimAndFillResult;
  /** Points and significance contours (p = 0.10, 0.05, 0.01 around no effect). */
  readonly funnel: FunnelData;
  /** The pseudo 95% confidence region: funnelData's contour at alpha 0.05 around the pooled estimate. */
  readonly pseudoConfidence: FunnelContour;
}

export interface MetaRegressionRun {
  readonly moderator: string;
  readonly kind: "numeric" | "categorical";
  /** Results in the model, in order (those without the moderator's value are left out, see notes). */
  readonly results: readonly string[];
  readonly model: MetaRegressionResult;
  /** Numeric moderators: the bubble plot's data (metafor's regplot). */
  readonly bubble: BubblePlotData | null;
  readonly notes: readonly string[];
}

/** A result left out of a scenario's refit, and why. */
export interface ScenarioExclusion {
  readonly result: string;
  readonly study: string;
  readonly why: string;
}

export interface ScenarioSynthesis {
  readonly synthesis: SynthesisResult;
  /** True when the scenario names this synthesis; false when it runs on every synthesis (it names none). */
  readonly named: boolean;
  /** For a scenario that excludes on risk of bias: the synthesis's selected results with no RoB 2 or ROBINS-I judgement recorded; else empty. */
  readonly unjudged: readonly string[];
  readonly excluded: readonly ScenarioExclusion[];
  /** Scenario estimate minus main estimate, analysis scale; null when either is missing. */
  readonly estimateChange: number | null;
}

export interface ScenarioResult {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** The assumptions the scenario applies, with what they state. */
  readonly assumptions: readonly { readonly id: string; readonly statement: string; readonly rationale: string }[];
  /** The risk-of-bias judgements the scenario excludes (empty: none). */
  readonly excludeRiskOfBias: readonly string[];
  readonly syntheses: readonly ScenarioSynthesis[];
  readonly notes: readonly string[];
}

/**
 * A result not estimable in the main analysis; or (synthesis null) an included study none
 * of whose results any synthesis selects (narrative only), with its results' reasons.
 */
export interface NotEstimableEntry {
  /** The synthesis the result was left out of; null for an included study none of whose results any synthesis selects. */
  readonly synthesis: string | null;
  /** The result id; for an unselected study, its result ids joined by ", " (empty if none). */
  readonly result: string;
  /** Participants as the data give them, for the evidence table. */
  readonly participants?: ParticipantCount;
  readonly study: string;
  readonly reason: string;
}

/** Something that could not be computed; the rest was computed. */
export interface Problem {
  readonly stage: "data" | "effect-size" | "pooling" | "subgroups" | "scenario" | "grade" | "sensitivity" | "small-study effects" | "meta-regression";
  readonly message: string;
  readonly synthesis?: string;
  readonly scenario?: string;
  readonly result?: string;
  /** MetakitError code when there was one. */
  readonly code?: string;
}

/** How one GRADE outcome row was built: which synthesis, which inputs, what was missing. */
export interface GradeTrace {
  /** The outcome name in the ratings and the Summary of Findings. */
  readonly outcome: string;
  readonly synthesis: string;
  readonly evidence: OutcomeEvidence;
  readonly notes: readonly string[];
}

export interface GradeResult {
  readonly question: { readonly population: string; readonly intervention: string; readonly comparison: string };
  readonly ratings: readonly OutcomeRating[];
  readonly summaryOfFindings: SummaryOfFindingsTable | null;
  /** The spec GRADE was given, per outcome name (thresholds, comparator risks, judgements). */
  readonly spec: GradeSpec;
  readonly trace: readonly GradeTrace[];
}

export interface AnalysisResult {
  readonly spec: {
    readonly id: string;
    readonly title: string;
    readonly indication: string;
    readonly file?: string;
  };
  readonly question: AnalysisQuestion;
  /** Studies included, with why (the spec's include list). */
  readonly included: readonly { readonly study: string; readonly why: string }[];
  /** Studies excluded, with the reason (the spec's exclude list). */
  readonly excluded: readonly { readonly study: string; readonly reason: string }[];
  /** The main analyses: no assumption applied. Comparative before single-arm. */
  readonly syntheses: readonly SynthesisResult[];
  readonly scenarios: readonly ScenarioResult[];
  /** Every result of the main analyses that could not be estimated, with why. */
  readonly notEstimable: readonly NotEstimableEntry[];
  readonly grade: GradeResult;
  readonly problems: readonly Problem[];
  readonly notes: readonly string[];
}
