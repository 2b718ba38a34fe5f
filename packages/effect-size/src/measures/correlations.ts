/** Correlation coefficients ri from samples of ni. */
import { checkCorrelation, checkPositive, req, type StudyRef, type Values } from "../inputs.js";
import type { Measure } from "../measures.js";
import { messages } from "../messages.js";
import type { Outcome, ValueFamily } from "./family.js";
import { hypergeometric2F1 } from "../hypergeometric.js";

/**
 * Raw correlation, yi = ri, vi = (1 - ri^2)^2 / (ni - 1) (large-sample, "LS").
 * @reference Olkin & Pratt (1958), Ann Math Stat 29:201-211; Borenstein et al. (2009), eq. 6.1
 * @metafor escalc("COR", ri, ni)
 */
export function rawCorrelation(ri: number, ni: number): Outcome {
  return { yi: ri, vi: (1 - ri ** 2) ** 2 / (ni - 1) };
}

/**
 * Fisher's r-to-z transformed correlation, yi = atanh(ri) = log((1 + ri)/(1 - ri))/2,
 * vi = 1/(ni - 3).
 * @reference Fisher (1921), Metron 1:3-32; Borenstein et al. (2009), eqs. 6.2-6.3
 * @metafor escalc("ZCOR", ri, ni)
 */
export function fisherZ(ri: number, ni: number): Outcome {
  return { yi: 0.5 * Math.log((1 + ri) / (1 - ri)), vi: 1 / (ni - 3) };
}

/**
 * Approximately unbiased correlation, yi = ri 2F1(1/2, 1/2; (ni - 2)/2; 1 - ri^2),
 * vi = (1 - yi^2)^2 / (ni - 1) ("LS"). Needs ni > 4. Not estimable (with the reason)
 * where the series cannot reach full precision: 0 < |ri| below about 0.003 with ni < 8.
 * @reference Olkin & Pratt (1958), Ann Math Stat 29:201-211, eq. 2.3
 * @metafor escalc("UCOR", ri, ni)
 */
export function unbiasedCorrelation(ri: number, ni: number): Outcome {
  const factor = ri === 0 ? 1 : hypergeometric2F1(0.5, 0.5, (ni - 2) / 2, 1 - ri ** 2);
  if (factor === undefined) return { notEstimable: messages.notEstimable.unbiasedCorrelationPrecision(ri, ni) };
  const yi = ri * factor;
  return { yi, vi: (1 - yi ** 2) ** 2 / (ni - 1) };
}

function validate(_measure: Measure, values: Values, ref: StudyRef): void {
  checkCorrelation(values, "ri", ref);
  checkPositive(values, "ni", ref);
}

/**
 * metafor sets vi to NA for ni <= 3 for COR, UCOR and ZCOR, and yi to NA for UCOR with
 * ni <= 4; metakit reports such a study as not estimable.
 */
function compute(measure: Measure, values: Values): Outcome {
  const ri = req(values, "ri");
  const ni = req(values, "ni");
  if (!(ni > 3)) return { notEstimable: messages.notEstimable.smallNForCorrelation(ni) };
  if (measure === "UCOR") return ni > 4 ? unbiasedCorrelation(ri, ni) : { notEstimable: messages.notEstimable.smallNForUnbiasedCorrelation(ni) };
  return measure === "ZCOR" ? fisherZ(ri, ni) : rawCorrelation(ri, ni);
}

export const correlationFamily: ValueFamily = { kind: "values", validate, compute };
