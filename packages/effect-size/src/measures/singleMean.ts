/** A single group's mean: mi with standard deviation sdi in ni participants. */
import { checkNonNegative, checkSdSampleSize, req, type StudyRef, type Values } from "../inputs.js";
import type { Measure } from "../measures.js";
import type { Outcome, ValueFamily } from "./family.js";

/**
 * Raw mean, yi = mi, vi = sdi^2 / ni.
 * @reference Borenstein et al. (2009), Introduction to Meta-Analysis, ch. 18
 * @metafor escalc("MN", mi, sdi, ni)
 */
export function rawMean(mi: number, sdi: number, ni: number): Outcome {
  return { yi: mi, vi: sdi ** 2 / ni };
}

function validate(_measure: Measure, values: Values, ref: StudyRef): void {
  checkNonNegative(values, "sdi", ref);
  checkSdSampleSize(values, "ni", ref);
}

export const singleMeanFamily: ValueFamily = {
  kind: "values",
  validate,
  compute: (_measure, values) => rawMean(req(values, "mi"), req(values, "sdi"), req(values, "ni")),
};
