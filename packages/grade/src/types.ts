/**
 * What @metakit/grade reads and what it returns. The inputs are small and explicit so that
 * an adapter can fill them from `metakit analyze` results and the analysis spec; every
 * field is documented with where it comes from.
 */
import type { Certainty } from "./levels.js";
import type { Measure, Scale } from "./measures.js";
import type { EffectDirection } from "./plainLanguage.js";

export type Design = "randomised" | "non-randomised";

/** A study's risk of bias on RoB 2's overall scale; gradeRiskOfBias() maps the tools' judgements to it. */
export type RiskOfBias = "low" | "some concerns" | "high";

/** A GRADE concern in a rate-down domain: "serious" costs one level, "very serious" two. */
export const CONCERNS = ["no", "serious", "very serious"] as const;
export type Concern = (typeof CONCERNS)[number];

export interface Indirectness {
  readonly population: Concern;
  readonly intervention: Concern;
  readonly comparator: Concern;
  readonly outcome: Concern;
}

export interface StudyEvidence {
  readonly id: string;
  /** Participants analysed (for a crossover trial: the participants, each their own control). */
  readonly n: number;
  /** False for a study that reports the outcome but gives no usable numbers. */
  readonly estimable: boolean;
  /** Percent of the pooled weight (metafor's weights()); only for estimable studies. */
  readonly weightPercent?: number;
  readonly riskOfBias?: RiskOfBias;
  /** The analyst's recorded judgement of indirectness; absent means none was recorded. */
  readonly indirectness?: Indirectness;
}

/** A pooled result, field for field as @metakit/core's MetaAnalysisResult. `scale` says how
 * estimate and limits are expressed: for OR/RR/HR, "log" (metafor's yi) or "identity" (the
 * ratios); for other measures always "identity". */
export interface PooledEffect {
  readonly estimate: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  /** Prediction interval; null or absent when the model gives none (metafor: k too small). */
  readonly piLower?: number | null;
  /** null or absent when piLower is: the model gives no prediction interval (metafor: k too small). */
  readonly piUpper?: number | null;
  /** I2 in percent. */
  readonly I2: number;
  readonly tau2: number;
  /** p-value of Cochran's Q test of heterogeneity. */
  readonly QEp: number;
  /** Number of studies pooled. */
  readonly k: number;
  readonly scale: Scale;
  /** Confidence level of the interval, in percent (0.95 and 95 both read as 95%); 95 when absent. */
  readonly level?: number;
}

export interface EffectWithInterval {
  readonly estimate: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly scale: Scale;
}

/** A small-study (funnel asymmetry) test as computed by the core: Egger, Harbord, Peters... */
export interface SmallStudyTest {
  readonly method: string;
  readonly k: number;
  readonly pval: number;
}

/** A meta-regression of the effect on dose (analysis scale per unit of dose). */
export interface DoseResponse {
  readonly slope: number;
  readonly pval: number;
  /** Number of studies in the regression. */
  readonly k: number;
}

/** Events and participants in the comparator arms, summed over studies. */
export interface ComparatorArms {
  readonly events: number;
  readonly total: number;
}

export interface OutcomeEvidence {
  /** The outcome's name as it appears in the spec and the table, e.g. "symptom score (0-10)". */
  readonly outcome: string;
  readonly measure: Measure;
  readonly design: Design;
  /** Non-randomised evidence assessed with ROBINS-I starts at high (GRADE guidelines 18). */
  readonly robinsI?: boolean;
  readonly studies: readonly StudyEvidence[];
  /** Absent when no study could be estimated, or when the results are described and not pooled (notPooled). */
  readonly pooled?: PooledEffect;
  /**
   * Why the studies' results are described one by one and not pooled (e.g. incommensurable
   * definitions): the rating then has no pooled estimate although studies are estimable, and
   * inconsistency and imprecision are left to the reviewer's written judgement.
   */
  readonly notPooled?: string;
  /** The same model restricted to studies at low risk of bias (a sensitivity analysis). */
  readonly lowRiskOnly?: EffectWithInterval;
  readonly smallStudyTest?: SmallStudyTest;
  readonly doseResponse?: DoseResponse;
  /** Observed comparator risk, used for the OIS when the spec gives none. */
  readonly comparatorArms?: ComparatorArms;
}

/** A reviewer's judgement that replaces a proposal; the reason is required. */
export interface DomainJudgement {
  readonly concern: Concern;
  readonly reason: string;
}

export interface RatingUpJudgement {
  /** Levels to rate up: 0, 1 or (large effect only) 2. */
  readonly levels: number;
  readonly reason: string;
}

export const RATE_DOWN_DOMAINS = [
  "riskOfBias",
  "inconsistency",
  "indirectness",
  "imprecision",
  "publicationBias",
] as const;
export type RateDownDomain = (typeof RATE_DOWN_DOMAINS)[number];

export const RATE_UP_DOMAINS = ["largeEffect", "doseResponse", "residualConfounding"] as const;
export type RateUpDomain = (typeof RATE_UP_DOMAINS)[number];

export type Judgements = Partial<Record<RateDownDomain, DomainJudgement>> &
  Partial<Record<RateUpDomain, RatingUpJudgement>>;

/** Inputs of the optimal information size; each has a documented default. */
export interface OptimalInformationSizeInputs {
  /** Two-sided significance level; default 0.05. */
  readonly alpha?: number;
  /** Default 0.80. */
  readonly power?: number;
  /** Binary outcomes: comparator risk (default: the first assumed comparator risk, else the
   * observed comparator risk). */
  readonly controlRisk?: number;
  /** Binary outcomes: relative risk reduction to detect; default 0.25. */
  readonly relativeRiskReduction?: number;
  /** Continuous outcomes: difference to detect, in the measure's units; default the MID. */
  readonly difference?: number;
  /** Continuous outcomes: standard deviation (for SMD it is 1, and the difference is in SDs). */
  readonly sd?: number;
}

export interface ComparatorRisk {
  /** e.g. "study population", "low-risk population". */
  readonly label: string;
  /** Risk in the comparator group, a proportion in (0, 1). */
  readonly risk: number;
}

/** The reviewer's GRADE inputs for one outcome, from the analysis spec. */
export interface OutcomeGradeSpec {
  /**
   * Minimal important difference, on the natural scale: in the outcome's units for MD and RD
   * (risk as a proportion), in SDs for SMD, a ratio above 1 for OR/RR/HR (1.25 means 0.8 and
   * 1.25 are the thresholds). With the null it gives the decision thresholds.
   */
  readonly importantDifference?: number;
  /** Explicit decision thresholds on the natural scale; replace null and +/- MID. Required
   * for a single-group proportion to be judged against anything. */
  readonly decisionThresholds?: readonly number[];
  readonly comparatorRisks?: readonly ComparatorRisk[];
  /** Mean in the comparator group, for continuous outcomes. */
  readonly comparatorMean?: number;
  readonly followUp?: string;
  readonly optimalInformationSize?: OptimalInformationSizeInputs;
  readonly judgements?: Judgements;
  readonly comment?: string;
}

/** A spec per outcome, keyed by `OutcomeEvidence.outcome`. */
export interface GradeSpec {
  readonly outcomes: Readonly<Record<string, OutcomeGradeSpec>>;
}

/**
 * A value a rule looked at, or compared it with; null when the value does not exist for
 * this evidence (no prediction interval, no optimal information size, no low-risk-only
 * estimate to compare), so the rule did not use it.
 */
export type RuleValue = number | string | boolean | null;

/** What a rule proposes for a rate-down domain, and why. */
export interface Proposal {
  readonly concern: Concern | "not assessable";
  /** 0, -1 or -2. */
  readonly levels: number;
  /** Stable id of the rule that fired, e.g. "imprecision.ci-crosses-one-threshold". */
  readonly rule: string;
  /** The computed signals the rule read. */
  readonly signal: Readonly<Record<string, RuleValue>>;
  /** The thresholds it compared them with. */
  readonly threshold: Readonly<Record<string, RuleValue>>;
  readonly explanation: string;
  /** Where the rule comes from. */
  readonly source: string;
}

export interface DomainAssessment {
  readonly domain: RateDownDomain;
  readonly proposal: Proposal;
  /** The judgement that counts: the proposal, or the reviewer's override. */
  readonly final: {
    readonly concern: Concern | "not assessable";
    readonly levels: number;
    readonly by: "rule" | "reviewer";
    readonly reason: string;
  };
}

export interface RatingUpProposal {
  /** 0, 1 or 2 levels up. */
  readonly levels: number;
  readonly applicable: boolean;
  readonly rule: string;
  readonly signal: Readonly<Record<string, RuleValue>>;
  readonly threshold: Readonly<Record<string, RuleValue>>;
  readonly explanation: string;
  readonly source: string;
}

export interface RatingUpAssessment {
  readonly domain: RateUpDomain;
  readonly proposal: RatingUpProposal;
  readonly final: { readonly levels: number; readonly by: "rule" | "reviewer"; readonly reason: string };
}

/** One change of level, in order: the start, then each domain that moved the level. */
export interface LevelChange {
  readonly domain: RateDownDomain | RateUpDomain;
  /** Negative for rating down. */
  readonly levels: number;
  readonly by: "rule" | "reviewer";
  readonly reason: string;
}

export interface OutcomeRating {
  readonly outcome: string;
  readonly measure: Measure;
  readonly design: Design;
  readonly estimable: boolean;
  readonly start: Certainty;
  readonly startReason: string;
  readonly domains: readonly DomainAssessment[];
  readonly ratingUp: readonly RatingUpAssessment[];
  /** Rating up is applied only to non-randomised evidence not rated down for anything. */
  readonly ratingUpApplied: boolean;
  readonly levelsDown: number;
  readonly levelsUp: number;
  readonly certainty: Certainty;
  readonly symbols: string;
  readonly phrase: string;
  /** Where the pooled estimate lies against the null and the MID; null without an estimate
   * or without a null effect (a single-group proportion). */
  readonly direction: EffectDirection | null;
  readonly changes: readonly LevelChange[];
  readonly notes: readonly string[];
}
