/**
 * Plain-language statements of a finding, combining its certainty with the size and
 * direction of the effect, in GRADE's informative-statement wording.
 * @reference Santesso et al. (2020) GRADE guidelines 26: informative statements to
 *   communicate the findings of systematic reviews of interventions, J Clin Epidemiol
 *   119:126-135.
 */
import { certaintyPhrase, type Certainty } from "./levels.js";

/** Where the point estimate lies: within the MID of the null, or beyond it either way. */
export type EffectDirection = "reduction" | "increase" | "little or no difference";

/**
 * The direction of an effect on the analysis scale (log for ratios), relative to the null
 * and the MID: an estimate strictly inside the trivial range (between the MID thresholds)
 * is "little or no difference"; with no MID, only an estimate exactly at the null is.
 */
export function effectDirection(
  estimate: number,
  nullValue: number,
  trivialRange?: { readonly lower: number; readonly upper: number },
): EffectDirection {
  const inside = trivialRange !== undefined && trivialRange.lower < estimate && estimate < trivialRange.upper;
  if (inside || estimate === nullValue) return "little or no difference";
  return estimate < nullValue ? "reduction" : "increase";
}

export interface StatementInput {
  readonly certainty: Certainty;
  readonly intervention: string;
  readonly outcome: string;
  /** Null when there is no estimate, or no null effect (a single-group proportion). */
  readonly direction: EffectDirection | null;
  readonly estimable: boolean;
  /** A single-group proportion (no comparator): a proportion is described, never an effect. */
  readonly singleGroup?: boolean;
  /** The studies' results are described one by one, not pooled. */
  readonly described?: boolean;
}

/**
 * A name as it reads inside a sentence: a capital that only starts the text is lowered
 * ("Low-dose aspirin" -> "low-dose aspirin"), an acronym or a name whose second
 * letter is a capital too ("BCG vaccine", "NIMH-TSS") is kept.
 * @example midSentence("Depressive symptoms") // "depressive symptoms"
 */
export function midSentence(text: string): string {
  const [first, second] = [text.charAt(0), text.charAt(1)];
  const startsSentenceOnly = first !== first.toLowerCase() && second !== "" && second === second.toLowerCase() && second !== second.toUpperCase();
  return startsSentenceOnly ? first.toLowerCase() + text.slice(1) : text;
}

/**
 * e.g. "BCG vaccine may result in a reduction in tuberculosis." or "The evidence
 * is very uncertain about the effect of the drug on symptoms." Single-group proportions
 * say what they are: with no comparison group no effect of the intervention can be
 * estimated, whatever the certainty.
 */
export function certaintyStatement(input: StatementInput): string {
  const { certainty, direction } = input;
  const [intervention, outcome] = [midSentence(input.intervention), midSentence(input.outcome)];
  const subjectOf = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  if (input.estimable && input.singleGroup === true) {
    const what = input.described === true ? "the proportion of participants in each study (described, not pooled)" : "the proportion of participants";
    return `${subjectOf(outcome)}: ${what}, without a comparison group, so no effect of ${intervention} can be estimated (certainty of the evidence: ${certainty}).`;
  }
  if (input.estimable && input.described === true) {
    return `${subjectOf(outcome)}: results described study by study, not pooled, so there is no single estimate of the effect of ${intervention} (certainty of the evidence: ${certainty}).`;
  }
  if (!input.estimable) {
    return `The effect of ${intervention} on ${outcome} could not be estimated: no study gave usable numbers (certainty of the evidence: ${certainty}).`;
  }
  if (certainty === "very low" || direction === null) {
    const sentence = `the evidence is ${certainty === "very low" ? "very uncertain" : `of ${certainty} certainty`} about the effect of ${intervention} on ${outcome}.`;
    return sentence.charAt(0).toUpperCase() + sentence.slice(1);
  }
  const what = direction === "little or no difference" ? "little to no difference in" : `${direction === "reduction" ? "a reduction" : "an increase"} in`;
  const subject = intervention.charAt(0).toUpperCase() + intervention.slice(1);
  return `${subject} ${certaintyPhrase(certainty)} ${what} ${outcome}.`;
}
