/**
 * Rate the certainty of the evidence for one outcome, GRADE's way, as a pipeline:
 *   1. prepare: check inputs, put numbers on the analysis scale, weigh the studies;
 *   2. propose: each of the five rate-down domains and three rate-up reasons proposes a
 *      judgement from the numbers (rule id, signal, threshold);
 *   3. judge: the reviewer's judgements (with written reasons) replace proposals;
 *   4. combine: start from the design, subtract levels down, add levels up (only for
 *      non-randomised evidence not rated down), clamp to very low .. high.
 * @reference Guyatt et al. (2011) GRADE guidelines 1-9, J Clin Epidemiol 64; Schünemann
 *   et al. (eds), GRADE Handbook (2013), section 5; Schünemann et al. (2019) GRADE
 *   guidelines 18 (ROBINS-I: non-randomised studies start at high), J Clin Epidemiol
 *   111:105-114.
 */
import { certaintyFromRank, certaintyPhrase, certaintyRank, certaintySymbols, type Certainty } from "./levels.js";
import { inconsistencyProposal } from "./domains/inconsistency.js";
import { imprecisionProposal, outcomeOptimalInformationSize } from "./domains/imprecision.js";
import { indirectnessProposal, unjudgedIndirectness } from "./domains/indirectness.js";
import { publicationBiasProposal, smallStudyTestNote } from "./domains/publicationBias.js";
import { riskOfBiasProposal, unassessedRiskOfBias } from "./domains/riskOfBias.js";
import { assessDomain, assessRatingUp, checkJudgementDomains } from "./judgements.js";
import { nullEffect } from "./measures.js";
import { effectDirection, type EffectDirection } from "./plainLanguage.js";
import { prepareOutcome, type PreparedOutcome } from "./prepare.js";
import { doseResponseProposal, largeEffectProposal, residualConfoundingProposal } from "./ratingUp/ratingUp.js";
import type {
  DomainAssessment,
  LevelChange,
  OutcomeEvidence,
  OutcomeGradeSpec,
  OutcomeRating,
  RatingUpAssessment,
} from "./types.js";

/**
 * The GRADE rating of one outcome: every proposal (rule, signal, threshold), every final
 * judgement, the changes of level in order, the certainty, and notes on what was assumed.
 * @example rateOutcome({ outcome: "remission", measure: "RR", design: "randomised",
 *   studies: [{ id: "A", n: 120, estimable: true, weightPercent: 100, riskOfBias: "high" }],
 *   pooled: { estimate: Math.log(0.8), ciLower: Math.log(0.6), ciUpper: Math.log(1.07),
 *   I2: 0, tau2: 0, QEp: 1, k: 1, scale: "log" } }).certainty
 *   // "very low": risk of bias very serious (all weight at high risk), imprecision very
 *   // serious (the CI crosses 0.75 and 1)
 */
export function rateOutcome(evidence: OutcomeEvidence, spec: OutcomeGradeSpec = {}): OutcomeRating {
  const prepared = prepareOutcome(evidence, spec);
  const judgements = spec.judgements ?? {};
  checkJudgementDomains(judgements, evidence.outcome);
  const ois = outcomeOptimalInformationSize(prepared);
  const outcome = evidence.outcome;
  const domains: DomainAssessment[] = [
    assessDomain("riskOfBias", riskOfBiasProposal(prepared), judgements, outcome),
    assessDomain("inconsistency", inconsistencyProposal(prepared), judgements, outcome),
    assessDomain("indirectness", indirectnessProposal(prepared), judgements, outcome),
    assessDomain("imprecision", imprecisionProposal(prepared, ois), judgements, outcome),
    assessDomain("publicationBias", publicationBiasProposal(prepared), judgements, outcome),
  ];
  const ratingUp: RatingUpAssessment[] = [
    assessRatingUp("largeEffect", largeEffectProposal(prepared), judgements, outcome),
    assessRatingUp("doseResponse", doseResponseProposal(prepared), judgements, outcome),
    assessRatingUp("residualConfounding", residualConfoundingProposal(prepared), judgements, outcome),
  ];
  const start = startingLevel(evidence);
  const levelsDown = domains.reduce((sum, d) => sum - d.final.levels, 0);
  const ratingUpApplied = evidence.design === "non-randomised" && levelsDown === 0;
  const levelsUp = ratingUpApplied ? ratingUp.reduce((sum, r) => sum + r.final.levels, 0) : 0;
  const certainty = certaintyFromRank(certaintyRank(start.level) - levelsDown + levelsUp);
  return {
    outcome,
    measure: prepared.measure,
    design: evidence.design,
    estimable: prepared.pooled !== undefined || (evidence.notPooled !== undefined && evidence.studies.some((s) => s.estimable)),
    start: start.level,
    startReason: start.reason,
    domains,
    ratingUp,
    ratingUpApplied,
    levelsDown,
    levelsUp,
    certainty,
    symbols: certaintySymbols(certainty),
    phrase: certaintyPhrase(certainty),
    direction: pooledDirection(prepared),
    changes: levelChanges(domains, ratingUpApplied ? ratingUp : []),
    notes: ratingNotes(prepared, ois.notes, ratingUp, ratingUpApplied),
  };
}

/** Randomised trials start high; non-randomised studies low, or high with ROBINS-I. */
export function startingLevel(evidence: OutcomeEvidence): { level: Certainty; reason: string } {
  if (evidence.design === "randomised") return { level: "high", reason: "Randomised trials start at high certainty." };
  if (evidence.robinsI === true) {
    return { level: "high", reason: "Non-randomised studies assessed with ROBINS-I start at high certainty (GRADE guidelines 18)." };
  }
  return { level: "low", reason: "Non-randomised studies start at low certainty." };
}

function pooledDirection(p: PreparedOutcome): EffectDirection | null {
  const nullValue = nullEffect(p.measure);
  if (p.pooled === undefined || nullValue === undefined) return null;
  return effectDirection(p.pooled.estimate, nullValue, p.thresholds.trivialRange);
}

function levelChanges(domains: readonly DomainAssessment[], ups: readonly RatingUpAssessment[]): LevelChange[] {
  const down = domains
    .filter((d) => d.final.levels !== 0)
    .map((d) => ({ domain: d.domain, levels: d.final.levels, by: d.final.by, reason: d.final.reason }));
  const up = ups
    .filter((u) => u.final.levels !== 0)
    .map((u) => ({ domain: u.domain, levels: u.final.levels, by: u.final.by, reason: u.final.reason }));
  return [...down, ...up];
}

function ratingNotes(
  p: PreparedOutcome,
  oisNotes: readonly string[],
  ratingUp: readonly RatingUpAssessment[],
  ratingUpApplied: boolean,
): string[] {
  const notes = [...p.notes, ...oisNotes];
  const unassessed = unassessedRiskOfBias(p);
  if (unassessed.length > 0) notes.push(`No risk-of-bias judgement, counted as some concerns: ${unassessed.join(", ")}.`);
  const unjudged = unjudgedIndirectness(p);
  if (unjudged.length > 0) notes.push(`No indirectness judgement recorded, counted as direct: ${unjudged.join(", ")}.`);
  const testNote = smallStudyTestNote(p);
  if (testNote !== undefined) notes.push(testNote);
  if (p.measure !== "RR" && ratingUp.some((r) => r.domain === "largeEffect" && r.proposal.levels > 0)) {
    notes.push(`The large-effect cut-offs were set for RR; applied here to ${p.measure}.`);
  }
  const proposedUp = ratingUp.some((r) => r.final.levels > 0);
  if (proposedUp && !ratingUpApplied) {
    notes.push(
      p.evidence.design === "randomised"
        ? "Rating up applies only to non-randomised evidence; not applied."
        : "Rating up not applied: the evidence was rated down (GRADE guidelines 9 rates up only evidence without reasons to rate down).",
    );
  }
  return notes;
}
