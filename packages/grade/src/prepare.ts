/**
 * Phase 1 of rating: check the evidence and spec once, at the edge, and put every number on
 * the analysis scale (log for ratio measures) so the rules compare like with like.
 */
import { MetakitError, readLevel } from "@metakit/base";
import {
  requireFinite,
  requireInterval,
  requireNonNegative,
  requireOneOf,
  requireRange,
} from "./checks.js";
import { decisionThresholds, type DecisionThresholds } from "./decisionThresholds.js";
import { MEASURES, fromGivenScale, type Measure } from "./measures.js";
import {
  CONCERNS,
  type EffectWithInterval,
  type OutcomeEvidence,
  type OutcomeGradeSpec,
  type StudyEvidence,
} from "./types.js";

export interface AnalysisScaleEffect {
  readonly estimate: number;
  readonly ciLower: number;
  readonly ciUpper: number;
}

export interface PreparedPooled extends AnalysisScaleEffect {
  readonly piLower?: number;
  readonly piUpper?: number;
  readonly I2: number;
  readonly tau2: number;
  readonly QEp: number;
  readonly k: number;
  /** Confidence level in percent. */
  readonly level: number;
}

/** A study's share of the evidence, in percent; the shares sum to 100. */
export interface StudyShare {
  readonly study: StudyEvidence;
  readonly percent: number;
}

export type WeightBasis = "pooled weights" | "participants" | "equal";

export interface PreparedOutcome {
  readonly evidence: OutcomeEvidence;
  readonly spec: OutcomeGradeSpec;
  readonly measure: Measure;
  readonly thresholds: DecisionThresholds;
  readonly pooled?: PreparedPooled;
  readonly lowRiskOnly?: AnalysisScaleEffect;
  /** Shares of the studies that carry the result (the estimable ones when there is one). */
  readonly shares: readonly StudyShare[];
  readonly weightBasis: WeightBasis;
  /** Participants in the studies that carry the result. */
  readonly participants: number;
  readonly notes: readonly string[];
}

export function prepareOutcome(evidence: OutcomeEvidence, spec: OutcomeGradeSpec): PreparedOutcome {
  const outcome = evidence.outcome;
  const measure = requireOneOf(evidence.measure, MEASURES, "measure", { outcome });
  requireOneOf(evidence.design, ["randomised", "non-randomised"], "design", { outcome });
  if (evidence.studies.length === 0) {
    throw new MetakitError("INSUFFICIENT_DATA", "an outcome needs at least one study, estimable or not", { outcome, field: "studies", value: 0 });
  }
  evidence.studies.forEach((study) => checkStudy(study, outcome));
  if (evidence.pooled !== undefined && !evidence.studies.some((s) => s.estimable)) {
    throw new MetakitError("INVALID_INPUT", "a pooled result needs at least one estimable study", { outcome, field: "studies.estimable", value: false });
  }
  if (evidence.comparatorArms !== undefined) checkComparatorArms(evidence.comparatorArms, outcome);
  if (evidence.notPooled !== undefined && evidence.pooled !== undefined) {
    throw new MetakitError("INVALID_INPUT", "a result described without pooling has no pooled estimate", { outcome, field: "notPooled", value: evidence.notPooled });
  }
  const notes: string[] = [];
  const pooled = evidence.pooled === undefined ? undefined : preparePooled(evidence.pooled, outcome, measure);
  const notEstimable = evidence.studies.filter((s) => !s.estimable).map((s) => s.id);
  if (evidence.notPooled !== undefined) {
    notes.push(`Described study by study, not pooled (${evidence.notPooled}): the outcome is rated without a pooled estimate.`);
  } else if (pooled === undefined) {
    notes.push("No study could be estimated: the outcome is rated without an effect estimate.");
  } else if (notEstimable.length > 0) {
    notes.push(`Not estimable, not in the pooled result: ${notEstimable.join(", ")}.`);
  }
  const lowRiskOnly =
    evidence.lowRiskOnly === undefined ? undefined : toAnalysisEffect(evidence.lowRiskOnly, measure, "lowRiskOnly", outcome);
  const thresholds = decisionThresholds(measure, spec, outcome);
  if (thresholds.basis === "null and default ratio thresholds") {
    notes.push("No minimal important difference in the spec: appreciable benefit and harm taken as ratios 0.75 and 1.25 (GRADE guidelines 6).");
  } else if (thresholds.basis === "null only") {
    notes.push("No minimal important difference in the spec: the effect is judged against the null only.");
  } else if (thresholds.basis === "none") {
    notes.push("A single-group proportion has no null effect and the spec gives no decision threshold.");
  }
  const described = evidence.notPooled !== undefined;
  const carrying = pooled === undefined && !described ? evidence.studies : evidence.studies.filter((s) => s.estimable);
  const { shares, basis } = studyShares(carrying, pooled !== undefined);
  if (pooled !== undefined && basis !== "pooled weights") {
    notes.push("Pooled weights not given for every study: shares of the evidence taken from participants.");
  }
  const participants = carrying.reduce((sum, s) => sum + s.n, 0);
  return { evidence, spec, measure, thresholds, shares, weightBasis: basis, participants, notes, ...optional({ pooled, lowRiskOnly }) };
}

/** Drop undefined fields, so optional properties stay absent (exactOptionalPropertyTypes-safe). */
function optional<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function checkStudy(study: StudyEvidence, outcome: string): void {
  const details = { outcome, study: study.id };
  requireNonNegative(study.n, "n", details);
  if (study.weightPercent !== undefined) requireRange(study.weightPercent, 0, 100, "weightPercent", details);
  if (study.riskOfBias !== undefined) {
    requireOneOf(study.riskOfBias, ["low", "some concerns", "high"], "riskOfBias", details);
  }
  if (study.indirectness !== undefined) {
    for (const aspect of ["population", "intervention", "comparator", "outcome"] as const) {
      requireOneOf(study.indirectness[aspect], CONCERNS, `indirectness.${aspect}`, details);
    }
  }
}

function checkComparatorArms(arms: NonNullable<OutcomeEvidence["comparatorArms"]>, outcome: string): void {
  requireNonNegative(arms.events, "comparatorArms.events", { outcome });
  requireNonNegative(arms.total, "comparatorArms.total", { outcome });
  if (arms.events > arms.total) {
    throw new MetakitError("INVALID_INPUT", "comparatorArms.events must not exceed comparatorArms.total", {
      outcome,
      field: "comparatorArms.events",
      value: arms.events,
    });
  }
}

function toAnalysisEffect(effect: EffectWithInterval, measure: Measure, field: string, outcome: string): AnalysisScaleEffect {
  const details = { outcome };
  const estimate = fromGivenScale(measure, effect.scale, requireFinite(effect.estimate, `${field}.estimate`, details), `${field}.estimate`);
  const ciLower = fromGivenScale(measure, effect.scale, requireFinite(effect.ciLower, `${field}.ciLower`, details), `${field}.ciLower`);
  const ciUpper = fromGivenScale(measure, effect.scale, requireFinite(effect.ciUpper, `${field}.ciUpper`, details), `${field}.ciUpper`);
  requireInterval(estimate, ciLower, ciUpper, field, details);
  return { estimate, ciLower, ciUpper };
}

function preparePooled(pooled: NonNullable<OutcomeEvidence["pooled"]>, outcome: string, measure: Measure): PreparedPooled {
  const details = { outcome };
  const effect = toAnalysisEffect(pooled, measure, "pooled", outcome);
  requireRange(pooled.I2, 0, 100, "pooled.I2", details);
  requireNonNegative(pooled.tau2, "pooled.tau2", details);
  requireRange(pooled.QEp, 0, 1, "pooled.QEp", details);
  if (!(Number.isInteger(pooled.k) && pooled.k >= 1)) {
    throw new MetakitError("INVALID_INPUT", "pooled.k must be a positive whole number", { outcome, field: "pooled.k", value: pooled.k });
  }
  const piLower = pooled.piLower ?? undefined;
  const piUpper = pooled.piUpper ?? undefined;
  if ((piLower === undefined) !== (piUpper === undefined)) {
    throw new MetakitError("INVALID_INPUT", "pooled prediction interval needs both limits", {
      outcome,
      field: "pooled.piLower",
      value: { piLower: pooled.piLower, piUpper: pooled.piUpper },
    });
  }
  const level = readLevel(pooled.level, "grade", "pooled.level");
  if (piLower === undefined || piUpper === undefined) {
    return { ...effect, I2: pooled.I2, tau2: pooled.tau2, QEp: pooled.QEp, k: pooled.k, level };
  }
  const pi = toAnalysisEffect(
    { estimate: pooled.estimate, ciLower: piLower, ciUpper: piUpper, scale: pooled.scale },
    measure,
    "pooled.pi",
    outcome,
  );
  return { ...effect, piLower: pi.ciLower, piUpper: pi.ciUpper, I2: pooled.I2, tau2: pooled.tau2, QEp: pooled.QEp, k: pooled.k, level };
}

/**
 * Each study's share of the evidence: its pooled weight when every study has one, else its
 * share of the participants, else equal shares (when no study reports participants).
 */
function studyShares(studies: readonly StudyEvidence[], hasPooled: boolean): { shares: StudyShare[]; basis: WeightBasis } {
  const weights = studies.map((s) => s.weightPercent);
  const allWeighted = hasPooled && studies.length > 0 && weights.every((w) => w !== undefined);
  const totalWeight = allWeighted ? weights.reduce((a: number, w) => a + (w as number), 0) : 0;
  if (allWeighted && totalWeight > 0) {
    return { shares: studies.map((s) => ({ study: s, percent: (100 * (s.weightPercent as number)) / totalWeight })), basis: "pooled weights" };
  }
  const totalN = studies.reduce((a, s) => a + s.n, 0);
  if (totalN > 0) return { shares: studies.map((s) => ({ study: s, percent: (100 * s.n) / totalN })), basis: "participants" };
  return { shares: studies.map((s) => ({ study: s, percent: 100 / studies.length })), basis: "equal" };
}

/** Percent of the evidence from studies that satisfy `predicate`. */
export function sharePercent(shares: readonly StudyShare[], predicate: (study: StudyEvidence) => boolean): number {
  return shares.reduce((sum, s) => (predicate(s.study) ? sum + s.percent : sum), 0);
}
