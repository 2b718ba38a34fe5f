/**
 * Pre/post (paired) designs in one group of ni: means m1i (e.g. post) and m2i (e.g. pre),
 * standard deviations sd1i, sd2i and their correlation ri. Changes are m1i - m2i.
 */
import { hedgesCorrection } from "../hedges.js";
import { checkCorrelation, checkNonNegative, checkSdSampleSize, req, type StudyRef, type Values } from "../inputs.js";
import type { Measure } from "../measures.js";
import type { NormalisedEscalcOptions } from "../options.js";
import type { Outcome, ValueFamily } from "./family.js";

export interface PrePost {
  readonly m1i: number;
  readonly m2i: number;
  readonly sd1i: number;
  readonly sd2i: number;
  readonly ri: number;
  readonly ni: number;
}

/** SD of the change scores, sqrt(sd1i^2 + sd2i^2 - 2 ri sd1i sd2i). */
export function changeSd(sd1i: number, sd2i: number, ri: number): number {
  return Math.sqrt(sd1i ** 2 + sd2i ** 2 - 2 * ri * sd1i * sd2i);
}

/**
 * Raw mean change, yi = m1i - m2i, vi = (sd1i^2 + sd2i^2 - 2 ri sd1i sd2i) / ni.
 * @reference Morris & DeShon (2002), Psychol Methods 7:105-125, Table 2
 * @metafor escalc("MC", m1i, m2i, sd1i, sd2i, ni, ri)
 */
export function meanChange(g: PrePost): Outcome {
  return { yi: g.m1i - g.m2i, vi: changeSd(g.sd1i, g.sd2i, g.ri) ** 2 / g.ni };
}

/**
 * Standardised mean change with change-score standardisation: d = (m1i - m2i)/sd_change,
 * yi = J(ni - 1) d; vi = 1/ni + yi^2/(2 ni) ("LS") or J^2 (1/ni + d^2/(2 ni)) ("LS2").
 * @reference Gibbons, Hedeker & Davis (1993), J Educ Stat 18:271-279; Morris & DeShon (2002)
 * @metafor escalc("SMCC", m1i, m2i, sd1i, sd2i, ni, ri, vtype = "LS" | "LS2")
 */
export function standardisedMeanChange(g: PrePost, vtype: "LS" | "LS2"): Outcome {
  const J = hedgesCorrection(g.ni - 1);
  const d = (g.m1i - g.m2i) / changeSd(g.sd1i, g.sd2i, g.ri);
  const yi = J * d;
  const vi = vtype === "LS2" ? J ** 2 * (1 / g.ni + d ** 2 / (2 * g.ni)) : 1 / g.ni + yi ** 2 / (2 * g.ni);
  return { yi, vi };
}

/**
 * Standardised mean change with raw-score standardisation (by sd1i, the SD at one time
 * point, usually pre-test): d = (m1i - m2i)/sd1i, yi = J(ni - 1) d;
 * vi = 2(1 - ri)/ni + yi^2/(2 ni) ("LS") or J^2 (2(1 - ri)/ni + d^2/(2 ni)) ("LS2").
 * @reference Becker (1988), Br J Math Stat Psychol 41:257-278; Morris (2008), Organ Res Methods 11:364-386, eq. 8
 * @metafor escalc("SMCR", m1i, m2i, sd1i, ni, ri, vtype = "LS" | "LS2")
 * @example standardisedMeanChangeRaw({ m1i: 38.5, m2i: 30.6, sd1i: 15, ri: 0.47, ni: 20 }, "LS") // yi 0.5056, vi 0.0594 (Morris 2008)
 */
export function standardisedMeanChangeRaw(g: Omit<PrePost, "sd2i">, vtype: "LS" | "LS2"): Outcome {
  const J = hedgesCorrection(g.ni - 1);
  const d = (g.m1i - g.m2i) / g.sd1i;
  const yi = J * d;
  const spread = (2 * (1 - g.ri)) / g.ni;
  const vi = vtype === "LS2" ? J ** 2 * (spread + d ** 2 / (2 * g.ni)) : spread + yi ** 2 / (2 * g.ni);
  return { yi, vi };
}

/**
 * Standardised mean change with raw-score standardisation by the pooled SD of the two time
 * points, sdp = sqrt((sd1i^2 + sd2i^2)/2): yi = J(m) (m1i - m2i)/sdp with Hedges' exact
 * correction at m = 2(ni - 1)/(1 + ri^2). SMCRP (equal variances):
 * vi = 2(1 - ri)/ni + yi^2 (1 + ri^2)/(4 ni) (Cousineau 2020, eq. 2). SMCRPH (unequal
 * variances): vi = sd_change^2/(sdp^2 (ni - 1)) + yi^2 (sd1i^4 + sd2i^4 + 2 ri^2 sd1i^2 sd2i^2)/(8 sdp^4 (ni - 1))
 * (Bonett 2008, eq. 10; "LS2": ni for ni - 1).
 * @reference Cousineau (2020), Quant Methods Psychol 16(4), eq. 2; Bonett (2008), Psychol Methods 13:99-109, eq. 10
 * @metafor escalc("SMCRP" | "SMCRPH", m1i, m2i, sd1i, sd2i, ni, ri, vtype) (metafor 4.6-0 and later; correct = TRUE)
 */
export function standardisedMeanChangePooled(g: PrePost, heteroscedastic: boolean, vtype: "LS" | "LS2"): Outcome {
  const sdp = Math.sqrt((g.sd1i ** 2 + g.sd2i ** 2) / 2);
  const yi = (hedgesCorrection((2 * (g.ni - 1)) / (1 + g.ri ** 2)) * (g.m1i - g.m2i)) / sdp;
  if (!heteroscedastic) return { yi, vi: (2 * (1 - g.ri)) / g.ni + (yi ** 2 * (1 + g.ri ** 2)) / (4 * g.ni) };
  const n = vtype === "LS2" ? g.ni : g.ni - 1;
  const fourth = g.sd1i ** 4 + g.sd2i ** 4 + 2 * g.ri ** 2 * g.sd1i ** 2 * g.sd2i ** 2;
  return { yi, vi: changeSd(g.sd1i, g.sd2i, g.ri) ** 2 / (sdp ** 2 * n) + (yi ** 2 * fourth) / (8 * sdp ** 4 * n) };
}

function validate(_measure: Measure, values: Values, ref: StudyRef): void {
  checkNonNegative(values, "sd1i", ref);
  checkNonNegative(values, "sd2i", ref);
  checkCorrelation(values, "ri", ref);
  checkSdSampleSize(values, "ni", ref);
}

function compute(measure: Measure, values: Values, options: NormalisedEscalcOptions): Outcome {
  const vtype = options.vtype === "LS2" ? "LS2" : "LS";
  const base = { m1i: req(values, "m1i"), m2i: req(values, "m2i"), sd1i: req(values, "sd1i"), ri: req(values, "ri"), ni: req(values, "ni") };
  if (measure === "SMCR") return standardisedMeanChangeRaw(base, vtype);
  const g: PrePost = { ...base, sd2i: req(values, "sd2i") };
  if (measure === "SMCRP" || measure === "SMCRPH") return standardisedMeanChangePooled(g, measure === "SMCRPH", vtype);
  return measure === "MC" ? meanChange(g) : standardisedMeanChange(g, vtype);
}

export const prePostFamily: ValueFamily = { kind: "values", validate, compute };
