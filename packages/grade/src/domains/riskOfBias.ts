/**
 * Risk of bias: how much of the pooled weight comes from studies at high risk of bias or
 * with some concerns (RoB 2 overall), and whether the estimate from low-risk studies alone
 * falls in another decision region than the pooled estimate.
 * Rules, in order:
 *   very serious  more than half the weight at high risk AND either the low-risk-only
 *                 estimate crosses a decision threshold or no weight is at low risk;
 *   serious       more than half the weight at high risk or some concerns, or the
 *                 low-risk-only estimate crosses a decision threshold;
 *   no            otherwise.
 * A study without a RoB judgement counts with "some concerns" (a note says so); when no
 * study carrying the outcome was assessed at all, "not assessed" is its own state: serious
 * (one level down by default), and the footnote says that nothing was assessed rather than
 * quoting shares of judgements that do not exist. Shares are of the pooled weight when
 * there is a pooled result, else of the participants (or of the studies), and the text
 * says which.
 * @reference Guyatt et al. (2011) GRADE guidelines 4: rating the quality of evidence, study
 *   limitations (risk of bias), J Clin Epidemiol 64:407-415; Cochrane Handbook v6.4
 *   section 14.2.2 (summarise across studies by their contribution; use the low-risk
 *   sensitivity analysis when results differ).
 */
import { MAJORITY_WEIGHT_PERCENT } from "../thresholds.js";
import { describeThresholds, formatNumber, thresholdRegion } from "../decisionThresholds.js";
import { sharePercent, type PreparedOutcome } from "../prepare.js";
import { makeProposal, moreThan, round1 } from "../proposal.js";
import type { Proposal, StudyEvidence } from "../types.js";

const SOURCE = "Guyatt et al. 2011, GRADE guidelines 4 (J Clin Epidemiol 64:407); Cochrane Handbook 14.2.2";

const isHigh = (s: StudyEvidence) => s.riskOfBias === "high";
const isLimited = (s: StudyEvidence) => s.riskOfBias !== "low";

/** What the shares are shares of, in words. */
const BASIS_WORDS: Readonly<Record<PreparedOutcome["weightBasis"], string>> = {
  "pooled weights": "of the weight",
  participants: "of the participants",
  equal: "of the studies",
};

const isAssessed = (s: StudyEvidence) => s.riskOfBias !== undefined;

/** Why there is no pooled weight, before the shares of an outcome without a pooled result. */
function sharePrefix(p: PreparedOutcome): string {
  if (p.pooled !== undefined) return "";
  return p.evidence.studies.some((s) => s.estimable) ? "not pooled, so there is no pooled weight; " : "no study was estimable, so there is no pooled weight; ";
}

/** "1 of 3 studies not assessed (counted as some concerns)", or "". */
function unassessedText(p: PreparedOutcome): string {
  const missing = p.shares.filter((s) => !isAssessed(s.study)).length;
  if (missing === 0) return "";
  return `; ${missing} of ${p.shares.length} ${p.shares.length === 1 ? "study" : "studies"} not assessed, counted as some concerns`;
}

export function riskOfBiasProposal(p: PreparedOutcome): Proposal {
  if (!p.shares.some((s) => isAssessed(s.study))) {
    const studies = p.shares.length === 1 ? "the study" : `any of the ${p.shares.length} studies`;
    const signal = { assessedStudies: 0, studies: p.shares.length, weightBasis: p.weightBasis };
    return makeProposal("serious", "risk-of-bias.not-assessed", signal, { majorityWeightPercent: MAJORITY_WEIGHT_PERCENT }, `risk of bias not assessed for ${studies} (no RoB 2 or ROBINS-I judgement recorded); rated down one level by default.`, SOURCE);
  }
  const highPercent = sharePercent(p.shares, isHigh);
  const limitedPercent = sharePercent(p.shares, isLimited);
  const lowPercent = 100 - limitedPercent;
  const crosses = lowRiskEstimateCrossesThreshold(p);
  const signal = {
    highRiskWeightPercent: round1(highPercent),
    highOrSomeConcernsWeightPercent: round1(limitedPercent),
    lowRiskOnlyCrossesThreshold: crosses,
    weightBasis: p.weightBasis,
  };
  const threshold = {
    majorityWeightPercent: MAJORITY_WEIGHT_PERCENT,
    decisionThresholds: describeThresholds(p.measure, p.thresholds.values),
  };
  const share = `${sharePrefix(p)}${formatNumber(round1(limitedPercent))}% ${BASIS_WORDS[p.weightBasis]} from studies at high risk or with some concerns (${formatNumber(round1(highPercent))}% at high risk)${unassessedText(p)}`;
  if (moreThan(highPercent, MAJORITY_WEIGHT_PERCENT) && (crosses === true || !moreThan(lowPercent, 0))) {
    const why = crosses === true ? "the low-risk studies alone point to another conclusion" : "no study is at low risk";
    return makeProposal("very serious", "risk-of-bias.high-weight-and-no-low-risk-support", signal, threshold, `${share}; ${why}.`, SOURCE);
  }
  if (moreThan(limitedPercent, MAJORITY_WEIGHT_PERCENT)) {
    return makeProposal("serious", "risk-of-bias.majority-weight-limited", signal, threshold, `${share}.`, SOURCE);
  }
  if (crosses === true) {
    return makeProposal("serious", "risk-of-bias.low-risk-only-crosses-threshold", signal, threshold, `${share}, but the estimate from low-risk studies alone crosses a decision threshold.`, SOURCE);
  }
  return makeProposal("no", "risk-of-bias.majority-weight-low-risk", signal, threshold, `${share}.`, SOURCE);
}

/** Null when there is no low-risk-only estimate (or nothing to compare it with). */
function lowRiskEstimateCrossesThreshold(p: PreparedOutcome): boolean | null {
  if (p.lowRiskOnly === undefined || p.pooled === undefined || p.thresholds.values.length === 0) return null;
  return thresholdRegion(p.lowRiskOnly.estimate, p.thresholds.values) !== thresholdRegion(p.pooled.estimate, p.thresholds.values);
}

/** Studies counted as limited because no RoB judgement was recorded. */
export function unassessedRiskOfBias(p: PreparedOutcome): string[] {
  return p.shares.filter((s) => s.study.riskOfBias === undefined).map((s) => s.study.id);
}
