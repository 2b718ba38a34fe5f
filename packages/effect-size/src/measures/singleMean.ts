/** A single group's mean mi and standard deviation sdi in ni participants: the mean, its log, the log CV, the log SD. */
import { checkNonNegative, checkSdSampleSize, invalid, req, type StudyRef, type Values } from "../inputs.js";
import { messages } from "../messages.js";
import type { Measure } from "../measures.js";
import type { Outcome, ValueFamily } from "./family.js";
import { hedgesCorrection } from "../hedges.js";

/**
 * Raw mean, yi = mi, vi = sdi^2 / ni.
 * @reference Borenstein et al. (2009), Introduction to Meta-Analysis, ch. 18
 * @metafor escalc("MN", mi, sdi, ni)
 */
export function rawMean(mi: number, sdi: number, ni: number): Outcome {
  return { yi: mi, vi: sdi ** 2 / ni };
}

/**
 * Log mean, yi = log(mi), vi = sdi^2 / (ni mi^2) (delta method).
 * @reference Lajeunesse (2011), Ecology 92:2049-2055 (log response ratio, one group)
 * @metafor escalc("MNLN", mi, sdi, ni)
 */
export function logMean(mi: number, sdi: number, ni: number): Outcome {
  return { yi: Math.log(mi), vi: sdi ** 2 / (ni * mi ** 2) };
}

/**
 * Log coefficient of variation with the small-sample correction of the log SD:
 * yi = log(sdi/mi) + 1/(2(ni - 1)), vi = 1/(2(ni - 1)) + sdi^2/(ni mi^2).
 * @reference Nakagawa et al. (2015), Methods Ecol Evol 6:143-152, eqs. 7-8 (without the correlation term)
 * @metafor escalc("CVLN", mi, sdi, ni)
 */
export function logCoefficientOfVariation(mi: number, sdi: number, ni: number): Outcome {
  return { yi: Math.log(sdi / mi) + 1 / (2 * (ni - 1)), vi: 1 / (2 * (ni - 1)) + sdi ** 2 / (ni * mi ** 2) };
}

/**
 * Log standard deviation with its small-sample correction, yi = log(sdi) + 1/(2(ni - 1)),
 * vi = 1/(2(ni - 1)).
 * @reference Bartlett & Kendall (1946), Suppl J R Stat Soc 8:128-138; Nakagawa et al. (2015), eqs. 5-6
 * @metafor escalc("SDLN", sdi, ni)
 */
export function logStandardDeviation(sdi: number, ni: number): Outcome {
  return { yi: Math.log(sdi) + 1 / (2 * (ni - 1)), vi: 1 / (2 * (ni - 1)) };
}

/**
 * Single-group standardised mean, yi = J(ni - 1) mi / sdi with Hedges' exact correction
 * J, vi = 1/ni + yi^2 / (2 ni).
 * @reference Hedges (1981), J Educ Stat 6:107-128; Borenstein et al. (2009), ch. 4
 * @metafor escalc("SMN", mi, sdi, ni) (metafor 4.6-0 and later; correct = TRUE)
 */
export function standardisedMean(mi: number, sdi: number, ni: number): Outcome {
  const yi = (hedgesCorrection(ni - 1) * mi) / sdi;
  return { yi, vi: 1 / ni + yi ** 2 / (2 * ni) };
}

function validate(measure: Measure, values: Values, ref: StudyRef): void {
  checkNonNegative(values, "sdi", ref);
  checkSdSampleSize(values, "ni", ref);
  const mi = values.mi;
  if ((measure === "MNLN" || measure === "CVLN") && mi !== undefined && !(mi >= 0)) {
    throw invalid(ref, "mi", mi, messages.nonNegativeMean("mi", measure, mi));
  }
}

function compute(measure: Measure, values: Values): Outcome {
  if (measure === "SDLN") return logStandardDeviation(req(values, "sdi"), req(values, "ni"));
  const args = [req(values, "mi"), req(values, "sdi"), req(values, "ni")] as const;
  switch (measure) {
    case "MN":
      return rawMean(...args);
    case "MNLN":
      return logMean(...args);
    case "SMN":
      return standardisedMean(...args);
    case "CVLN":
      return logCoefficientOfVariation(...args);
    default:
      throw new Error(`internal: ${measure} is not a single-group mean measure`);
  }
}

export const singleMeanFamily: ValueFamily = { kind: "values", validate, compute };
