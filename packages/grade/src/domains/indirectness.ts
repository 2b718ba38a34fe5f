/**
 * Indirectness: how far the studies' population, intervention, comparator and outcome are
 * from the review question, as judged by the analyst for each study. A study's indirectness
 * is the worst of its four judgements; the domain reports the weight each level affects.
 * Rules, in order:
 *   very serious  more than half the weight from studies judged very serious;
 *   serious       more than half the weight from studies judged serious or very serious;
 *   no            otherwise.
 * A study with no recorded judgement counts as direct (a note names it).
 * @reference Guyatt et al. (2011) GRADE guidelines 8: rating the quality of evidence,
 *   indirectness, J Clin Epidemiol 64:1303-1310.
 */
import { MAJORITY_WEIGHT_PERCENT } from "../thresholds.js";
import { formatNumber } from "../decisionThresholds.js";
import { sharePercent, type PreparedOutcome } from "../prepare.js";
import { makeProposal, moreThan, round1, worseConcern } from "../proposal.js";
import type { Concern, Proposal, StudyEvidence } from "../types.js";

const SOURCE = "Guyatt et al. 2011, GRADE guidelines 8 (J Clin Epidemiol 64:1303)";

/** The worst of a study's four indirectness judgements ("no" when none was recorded). */
export function studyIndirectness(study: StudyEvidence): Concern {
  const judged = study.indirectness;
  if (judged === undefined) return "no";
  return [judged.population, judged.intervention, judged.comparator, judged.outcome].reduce(worseConcern, "no");
}

export function indirectnessProposal(p: PreparedOutcome): Proposal {
  const verySeriousPercent = sharePercent(p.shares, (s) => studyIndirectness(s) === "very serious");
  const seriousPercent = sharePercent(p.shares, (s) => studyIndirectness(s) !== "no");
  const signal = {
    verySeriousWeightPercent: round1(verySeriousPercent),
    seriousOrWorseWeightPercent: round1(seriousPercent),
    indirectStudies: p.shares.filter((s) => studyIndirectness(s.study) !== "no").map((s) => s.study.id).join(", "),
    weightBasis: p.weightBasis,
  };
  const threshold = { majorityWeightPercent: MAJORITY_WEIGHT_PERCENT };
  const share = `${formatNumber(round1(seriousPercent))}% of the weight from studies judged indirect (${formatNumber(round1(verySeriousPercent))}% very serious)`;
  if (moreThan(verySeriousPercent, MAJORITY_WEIGHT_PERCENT)) {
    return makeProposal("very serious", "indirectness.majority-weight-very-serious", signal, threshold, `${share}.`, SOURCE);
  }
  if (moreThan(seriousPercent, MAJORITY_WEIGHT_PERCENT)) {
    return makeProposal("serious", "indirectness.majority-weight-serious", signal, threshold, `${share}.`, SOURCE);
  }
  return makeProposal("no", "indirectness.majority-weight-direct", signal, threshold, `${share}.`, SOURCE);
}

/** Studies with no recorded indirectness judgement. */
export function unjudgedIndirectness(p: PreparedOutcome): string[] {
  return p.shares.filter((s) => s.study.indirectness === undefined).map((s) => s.study.id);
}
