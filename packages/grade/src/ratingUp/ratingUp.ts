/**
 * Reasons to rate up non-randomised evidence: a large effect, a dose-response gradient, and
 * plausible residual confounding that would reduce the effect (a judgement only).
 * Rating up is proposed only for non-randomised evidence, and applied only when nothing was
 * rated down (see rateOutcome).
 * @reference Guyatt et al. (2011) GRADE guidelines 9: rating up the quality of evidence,
 *   J Clin Epidemiol 64:1311-1316.
 */
import {
  DOSE_RESPONSE_P,
  LARGE_EFFECT_MIN_STUDIES,
  LARGE_EFFECT_RATIO,
  VERY_LARGE_EFFECT_RATIO,
} from "../thresholds.js";
import { formatPWithRelation } from "../pValue.js";
import { formatNumber } from "../decisionThresholds.js";
import { measureKind, nullEffect } from "../measures.js";
import type { PreparedOutcome } from "../prepare.js";
import type { RatingUpProposal, RuleValue } from "../types.js";

const SOURCE = "Guyatt et al. 2011, GRADE guidelines 9 (J Clin Epidemiol 64:1311)";

function upProposal(
  levels: number,
  applicable: boolean,
  rule: string,
  signal: Readonly<Record<string, RuleValue>>,
  threshold: Readonly<Record<string, RuleValue>>,
  explanation: string,
): RatingUpProposal {
  return { levels, applicable, rule, signal, threshold, explanation, source: SOURCE };
}

/**
 * Large effect: the pooled ratio beyond 2 (or below 0.5) rates up one level, beyond 5 (or
 * below 0.2) two, from at least two studies. Strict comparisons: a ratio of exactly 2 is not
 * large. Applied to OR and HR as to RR (a note says the cut-offs were set for RR).
 */
export function largeEffectProposal(p: PreparedOutcome): RatingUpProposal {
  const threshold = { large: LARGE_EFFECT_RATIO, veryLarge: VERY_LARGE_EFFECT_RATIO, minimumStudies: LARGE_EFFECT_MIN_STUDIES };
  if (p.evidence.design === "randomised") {
    return upProposal(0, false, "large-effect.randomised", {}, threshold, "Randomised evidence is not rated up.");
  }
  if (measureKind(p.measure) !== "ratio" || p.pooled === undefined) {
    return upProposal(0, false, "large-effect.no-ratio-estimate", {}, threshold, "Needs a pooled ratio (RR, OR, HR); a reviewer may judge it otherwise.");
  }
  const ratio = Math.exp(p.pooled.estimate);
  const magnitude = Math.max(ratio, 1 / ratio);
  const signal = { ratio, magnitude, k: p.pooled.k };
  if (p.pooled.k < LARGE_EFFECT_MIN_STUDIES) {
    return upProposal(0, true, "large-effect.single-study", signal, threshold, `${p.measure} ${formatNumber(ratio)} from a single study.`);
  }
  if (magnitude > VERY_LARGE_EFFECT_RATIO) {
    return upProposal(2, true, "large-effect.very-large", signal, threshold, `${p.measure} ${formatNumber(ratio)}: a very large effect.`);
  }
  if (magnitude > LARGE_EFFECT_RATIO) {
    return upProposal(1, true, "large-effect.large", signal, threshold, `${p.measure} ${formatNumber(ratio)}: a large effect.`);
  }
  return upProposal(0, true, "large-effect.not-large", signal, threshold, `${p.measure} ${formatNumber(ratio)}.`);
}

/**
 * Dose-response: a meta-regression slope on dose with p < 0.05 whose sign moves the effect
 * further from the null in the direction of the pooled effect (more dose, more effect).
 */
export function doseResponseProposal(p: PreparedOutcome): RatingUpProposal {
  const threshold = { pValue: DOSE_RESPONSE_P };
  const dose = p.evidence.doseResponse;
  if (p.evidence.design === "randomised") {
    return upProposal(0, false, "dose-response.randomised", {}, threshold, "Randomised evidence is not rated up.");
  }
  const nullValue = nullEffect(p.measure);
  if (dose === undefined || p.pooled === undefined || nullValue === undefined) {
    return upProposal(0, false, "dose-response.no-regression", {}, threshold, "No meta-regression on dose.");
  }
  const sameDirection = dose.slope * (p.pooled.estimate - nullValue) > 0;
  const signal = { slope: dose.slope, pval: dose.pval, k: dose.k, sameDirectionAsEffect: sameDirection };
  if (dose.pval < DOSE_RESPONSE_P && sameDirection) {
    return upProposal(1, true, "dose-response.gradient", signal, threshold, `Dose slope ${formatNumber(dose.slope)} (${formatPWithRelation(dose.pval)}) strengthens the effect with dose.`);
  }
  return upProposal(0, true, "dose-response.no-gradient", signal, threshold, `Dose slope ${formatNumber(dose.slope)} (${formatPWithRelation(dose.pval)}): no gradient that strengthens the effect.`);
}

/** Residual confounding that would reduce the observed effect: a reviewer's judgement only. */
export function residualConfoundingProposal(p: PreparedOutcome): RatingUpProposal {
  const applicable = p.evidence.design === "non-randomised";
  return upProposal(0, applicable, "residual-confounding.judgement-only", {}, {}, applicable ? "Only a reviewer can judge residual confounding." : "Randomised evidence is not rated up.");
}
