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
 * A study without a RoB judgement counts with "some concerns" (a note says so).
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

export function riskOfBiasProposal(p: PreparedOutcome): Proposal {
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
  const share = `${formatNumber(round1(limitedPercent))}% of the weight from studies at high risk or with some concerns (${formatNumber(round1(highPercent))}% at high risk)`;
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
