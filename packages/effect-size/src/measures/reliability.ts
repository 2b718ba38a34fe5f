/**
 * Reliability: Cronbach's alpha ai of a scale with mi items in ni participants, raw or
 * transformed towards normality (Hakstian–Whalen cube root, Bonett's log).
 */
import { checkPositive, invalid, req, type StudyRef, type Values } from "../inputs.js";
import type { Measure } from "../measures.js";
import { messages } from "../messages.js";
import type { Outcome, ValueFamily } from "./family.js";

/**
 * Raw alpha, yi = ai, vi = 2 mi (1 - ai)^2 / ((mi - 1)(ni - 2)).
 * @reference Bonett (2010), Psychol Methods 15:368-385, eq. 3
 * @metafor escalc("ARAW", ai, mi, ni)
 */
export function rawAlpha(ai: number, mi: number, ni: number): Outcome {
  return { yi: ai, vi: (2 * mi * (1 - ai) ** 2) / ((mi - 1) * (ni - 2)) };
}

/**
 * Hakstian–Whalen transformed alpha, yi = 1 - (1 - ai)^(1/3),
 * vi = 18 mi (ni - 1)(1 - ai)^(2/3) / ((mi - 1)(9 ni - 11)^2).
 * @reference Hakstian & Whalen (1976), Psychometrika 41:219-231; Rodriguez & Maeda (2006), Psychol Methods 11:306-322, eqs. 5-6
 * @metafor escalc("AHW", ai, mi, ni)
 */
export function hakstianWhalenAlpha(ai: number, mi: number, ni: number): Outcome {
  return { yi: 1 - Math.cbrt(1 - ai), vi: (18 * mi * (ni - 1) * Math.cbrt(1 - ai) ** 2) / ((mi - 1) * (9 * ni - 11) ** 2) };
}

/**
 * Bonett's transformed alpha, yi = -log(1 - ai), vi = 2 mi / ((mi - 1)(ni - 2)).
 * @reference Bonett (2002), J Educ Behav Stat 27:335-340, eq. 4
 * @metafor escalc("ABT", ai, mi, ni)
 */
export function bonettAlpha(ai: number, mi: number, ni: number): Outcome {
  return { yi: -Math.log(1 - ai), vi: (2 * mi) / ((mi - 1) * (ni - 2)) };
}

function validate(_measure: Measure, values: Values, ref: StudyRef): void {
  const ai = values.ai;
  if (ai !== undefined && !(ai <= 1)) throw invalid(ref, "ai", ai, messages.alpha("ai", ai));
  const mi = values.mi;
  if (mi !== undefined && !(mi >= 2)) throw invalid(ref, "mi", mi, messages.atLeast("mi", 2, mi));
  checkPositive(values, "ni", ref);
}

function compute(measure: Measure, values: Values): Outcome {
  const args = [req(values, "ai"), req(values, "mi"), req(values, "ni")] as const;
  switch (measure) {
    case "ARAW":
      return rawAlpha(...args);
    case "AHW":
      return hakstianWhalenAlpha(...args);
    case "ABT":
      return bonettAlpha(...args);
    default:
      throw new Error(`internal: ${measure} is not a reliability measure`);
  }
}

export const reliabilityFamily: ValueFamily = { kind: "values", validate, compute };
