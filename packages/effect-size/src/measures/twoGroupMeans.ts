/**
 * Two independent groups with means m1i, m2i, standard deviations sd1i, sd2i and sizes
 * n1i, n2i. Differences are group 1 minus group 2, as in metafor.
 */
import { hedgesCorrection } from "../hedges.js";
import { checkNonNegative, checkSdSampleSize, invalid, req, type StudyRef, type Values } from "../inputs.js";
import type { Measure } from "../measures.js";
import { messages } from "../messages.js";
import type { NormalisedEscalcOptions } from "../options.js";
import type { Outcome, ValueFamily } from "./family.js";

export interface TwoGroupMeans {
  readonly m1i: number;
  readonly sd1i: number;
  readonly n1i: number;
  readonly m2i: number;
  readonly sd2i: number;
  readonly n2i: number;
}

/** Pooled SD, sqrt(((n1i - 1) sd1i^2 + (n2i - 1) sd2i^2) / (n1i + n2i - 2)). */
export function pooledSd({ sd1i, n1i, sd2i, n2i }: TwoGroupMeans): number {
  return Math.sqrt(((n1i - 1) * sd1i ** 2 + (n2i - 1) * sd2i ** 2) / (n1i + n2i - 2));
}

/**
 * Raw mean difference, yi = m1i - m2i. vi = sd1i^2/n1i + sd2i^2/n2i ("LS" = "UB",
 * default: heteroscedastic, no equal-variance assumption) or sdp^2 (1/n1i + 1/n2i) with
 * the pooled SD ("HO", homoscedastic).
 * @reference Borenstein et al. (2009), Introduction to Meta-Analysis, eqs. 4.3-4.5
 * @metafor escalc("MD", ..., vtype = "LS" | "UB" | "HO")
 */
export function meanDifference(g: TwoGroupMeans, vtype: "LS" | "UB" | "HO"): Outcome {
  const vi =
    vtype === "HO"
      ? pooledSd(g) ** 2 * (1 / g.n1i + 1 / g.n2i)
      : g.sd1i ** 2 / g.n1i + g.sd2i ** 2 / g.n2i;
  return { yi: g.m1i - g.m2i, vi };
}

/**
 * Standardised mean difference with Hedges' exact correction: d = (m1i - m2i)/sdp,
 * yi = J(n1i + n2i - 2) d. vi = 1/n1i + 1/n2i + yi^2/(2 N) ("LS", default),
 * 1/n1i + 1/n2i + (1 - (m - 2)/(m J^2)) yi^2 ("UB", unbiased), or
 * J^2 (1/n1i + 1/n2i + d^2/(2 N)) ("LS2"), with N = n1i + n2i, m = N - 2.
 * @reference Hedges (1981), J Educ Stat 6:107-128, eqs. 6e and 8; Hedges & Olkin (1985), ch. 5
 * @metafor escalc("SMD", ..., vtype = "LS" | "UB" | "LS2")
 * @example standardisedMeanDifference({ m1i: 55, sd1i: 47, n1i: 155, m2i: 75, sd2i: 64, n2i: 156 }, "LS") // yi -0.3552, vi 0.0131
 */
export function standardisedMeanDifference(g: TwoGroupMeans, vtype: "LS" | "UB" | "LS2"): Outcome {
  const n = g.n1i + g.n2i;
  const m = n - 2;
  const J = hedgesCorrection(m);
  const d = (g.m1i - g.m2i) / pooledSd(g);
  const yi = J * d;
  const base = 1 / g.n1i + 1 / g.n2i;
  if (vtype === "UB") return { yi, vi: base + (1 - (m - 2) / (m * J ** 2)) * yi ** 2 };
  if (vtype === "LS2") return { yi, vi: J ** 2 * (base + d ** 2 / (2 * n)) };
  return { yi, vi: base + yi ** 2 / (2 * n) };
}

/**
 * Standardised mean difference without assuming equal variances (Bonett 2008):
 * yi = J(n1i + n2i - 2) (m1i - m2i) / s, s = sqrt((sd1i^2 + sd2i^2)/2);
 * "LS": vi = J^2 [yi^2 (sd1i^4/(n1i-1) + sd2i^4/(n2i-1)) / (2 (sd1i^2 + sd2i^2)^2)
 *        + (sd1i^2/(n1i-1) + sd2i^2/(n2i-1)) / s^2];
 * "LS2": vi = yi^2 (sd1i^2/n1i + sd2i^2/n2i) / (2 (sd1i^2+sd2i^2)^2) + 2 (sd1i^2/n1i + sd2i^2/n2i)/(sd1i^2+sd2i^2),
 * metafor 3.8-1's expression as written (its first term is not invariant to the unit of
 * the means; kept for agreement with metafor).
 * @reference Bonett (2008), Psychol Methods 13:99-109, eqs. 3-4; Bonett (2009), Psychol Methods 14:225-238
 * @metafor escalc("SMDH", ..., vtype = "LS" | "LS2")
 */
export function heteroscedasticSmd(g: TwoGroupMeans, vtype: "LS" | "LS2"): Outcome {
  const J = hedgesCorrection(g.n1i + g.n2i - 2);
  const v1 = g.sd1i ** 2;
  const v2 = g.sd2i ** 2;
  const yi = (J * (g.m1i - g.m2i)) / Math.sqrt((v1 + v2) / 2);
  if (vtype === "LS2") {
    const vi =
      (yi ** 2 * (v1 / g.n1i + v2 / g.n2i)) / (2 * (v1 + v2) ** 2) + (2 * (v1 / g.n1i + v2 / g.n2i)) / (v1 + v2);
    return { yi, vi };
  }
  const spread = (yi ** 2 * (v1 ** 2 / (g.n1i - 1) + v2 ** 2 / (g.n2i - 1))) / (2 * (v1 + v2) ** 2);
  const sampling = (v1 / (g.n1i - 1) + v2 / (g.n2i - 1)) / ((v1 + v2) / 2);
  return { yi, vi: J ** 2 * (spread + sampling) };
}

/**
 * Log ratio of means, yi = log(m1i/m2i); vi = sd1i^2/(n1i m1i^2) + sd2i^2/(n2i m2i^2)
 * ("LS", default) or with the pooled SD for both ("HO"). Means must be positive.
 * @reference Hedges, Gurevitch & Curtis (1999), Ecology 80:1150-1156, eqs. 1 and 9
 * @metafor escalc("ROM", ..., vtype = "LS" | "HO")
 */
export function logRatioOfMeans(g: TwoGroupMeans, vtype: "LS" | "HO"): Outcome {
  const s1 = vtype === "HO" ? pooledSd(g) : g.sd1i;
  const s2 = vtype === "HO" ? pooledSd(g) : g.sd2i;
  return {
    yi: Math.log(g.m1i / g.m2i),
    vi: s1 ** 2 / (g.n1i * g.m1i ** 2) + s2 ** 2 / (g.n2i * g.m2i ** 2),
  };
}

function validate(measure: Measure, values: Values, ref: StudyRef): void {
  checkNonNegative(values, "sd1i", ref);
  checkNonNegative(values, "sd2i", ref);
  checkSdSampleSize(values, "n1i", ref);
  checkSdSampleSize(values, "n2i", ref);
  if (measure !== "ROM") return;
  for (const field of ["m1i", "m2i"] as const) {
    const value = values[field];
    if (value !== undefined && !(value > 0)) throw invalid(ref, field, value, messages.positiveMeansForRom(field, value));
  }
}

function compute(measure: Measure, values: Values, options: NormalisedEscalcOptions): Outcome {
  const g: TwoGroupMeans = {
    m1i: req(values, "m1i"), sd1i: req(values, "sd1i"), n1i: req(values, "n1i"),
    m2i: req(values, "m2i"), sd2i: req(values, "sd2i"), n2i: req(values, "n2i"),
  };
  const vtype = options.vtype;
  switch (measure) {
    case "MD":
      return meanDifference(g, vtype === "HO" || vtype === "UB" ? vtype : "LS");
    case "SMD":
      return standardisedMeanDifference(g, vtype === "UB" || vtype === "LS2" ? vtype : "LS");
    case "SMDH":
      return heteroscedasticSmd(g, vtype === "LS2" ? "LS2" : "LS");
    case "ROM":
      return logRatioOfMeans(g, vtype === "HO" ? "HO" : "LS");
    default:
      throw new Error(`internal: ${measure} is not a two-group means measure`);
  }
}

export const twoGroupMeansFamily: ValueFamily = { kind: "values", validate, compute };
