/**
 * The common language effect size (CLES) or area under the ROC curve (AUC) of two groups
 * of n1i and n2i, given as ai = P(X1 > X2) (+ half the ties): CLES and AUC are the same
 * number under two names.
 */
import { checkSdSampleSize, invalid, req, type StudyRef, type Values } from "../inputs.js";
import type { Measure } from "../measures.js";
import { messages } from "../messages.js";
import type { Outcome, ValueFamily } from "./family.js";

/**
 * CLES / AUC, yi = ai, vi = ai (1 - ai) (2 n - 1 - (3 n - 3) / ((2 - ai)(1 + ai))) / ((n1i - 1)(n2i - 1)),
 * n = (n1i + n2i)/2: Newcombe's variance with (n1i - 1)(n2i - 1) in the denominator (Cho
 * et al. 2019, section 2.4).
 * @reference Newcombe (2006), Stat Med 25:559-573; Cho, Matthews & Harel (2019), J Educ Behav Stat 44:473-493, section 2.4
 * @metafor escalc("CLES" | "AUC", ai, n1i, n2i) (metafor 4.8-0 and later; vtype = "LS")
 */
export function commonLanguageEffect(ai: number, n1i: number, n2i: number): Outcome {
  const n = (n1i + n2i) / 2;
  const vi = ((ai * (1 - ai)) / ((n1i - 1) * (n2i - 1))) * (2 * n - 1 - (3 * n - 3) / ((2 - ai) * (1 + ai)));
  return { yi: ai, vi };
}

/** ai a probability, each group at least 2 (its n - 1 divides). */
function validate(_measure: Measure, values: Values, ref: StudyRef): void {
  const ai = values.ai;
  if (ai !== undefined && !(ai >= 0 && ai <= 1)) throw invalid(ref, "ai", ai, messages.proportion("ai", ai));
  checkSdSampleSize(values, "n1i", ref);
  checkSdSampleSize(values, "n2i", ref);
}

function compute(_measure: Measure, values: Values): Outcome {
  return commonLanguageEffect(req(values, "ai"), req(values, "n1i"), req(values, "n2i"));
}

export const commonLanguageFamily: ValueFamily = { kind: "values", validate, compute };
