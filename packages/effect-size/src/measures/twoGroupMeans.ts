/**
 * Two independent groups with means m1i, m2i, standard deviations sd1i, sd2i and sizes
 * n1i, n2i. Differences are group 1 minus group 2, as in metafor.
 */
import { hedgesCorrection } from "../hedges.js";
import { checkNonNegative, checkSdSampleSize, invalid, req, type StudyRef, type Values } from "../inputs.js";
import type { Measure } from "../measures.js";
import { messages } from "../messages.js";
import { normalQuantile } from "@metakit/base";
import type { MetaforCompat, NormalisedEscalcOptions } from "../options.js";
import type { Computed, Outcome, ValueFamily } from "./family.js";
import { fisherZOf } from "./fisherZ.js";

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
 * yi = J(n1i + n2i - 2) d, d = (m1i - m2i) / s, s = sqrt((sd1i^2 + sd2i^2)/2).
 * "LS": vi = yi^2 (sd1i^4/(n1i-1) + sd2i^4/(n2i-1)) / (8 s^4) + (sd1i^2/(n1i-1) + sd2i^2/(n2i-1)) / s^2
 * (Bonett 2008, eq. 8, with the corrected yi plugged in, as metafor >= 4.6); metafor 3.8-1
 * multiplied this by J^2 ("3.8").
 * "LS2": vi = (sd1i^2/n1i + sd2i^2/n2i) / s^2 + yi^2 (sd1i^4/n1i + sd2i^4/n2i) / (8 s^4)
 * (metafor >= 4.6); metafor 3.8-1's expression ("3.8"),
 * yi^2 (sd1i^2/n1i + sd2i^2/n2i) / (2 (sd1i^2 + sd2i^2)^2) + 2 (sd1i^2/n1i + sd2i^2/n2i)/(sd1i^2 + sd2i^2),
 * is not invariant to the unit of the means (its first term lacks an SD^2).
 * @reference Bonett (2008), Psychol Methods 13:99-109, eqs. 3-4, 8; Bonett (2009), Psychol Methods 14:225-238, eq. 5
 * @metafor escalc("SMDH", ..., vtype = "LS" | "LS2")
 */
export function heteroscedasticSmd(g: TwoGroupMeans, vtype: "LS" | "LS2", compat: MetaforCompat = "current"): Outcome {
  const J = hedgesCorrection(g.n1i + g.n2i - 2);
  const v1 = g.sd1i ** 2;
  const v2 = g.sd2i ** 2;
  const s2 = (v1 + v2) / 2;
  const yi = (J * (g.m1i - g.m2i)) / Math.sqrt(s2);
  if (vtype === "LS2") {
    if (compat === "3.8") {
      return { yi, vi: (yi ** 2 * (v1 / g.n1i + v2 / g.n2i)) / (2 * (v1 + v2) ** 2) + (2 * (v1 / g.n1i + v2 / g.n2i)) / (v1 + v2) };
    }
    return { yi, vi: (v1 / g.n1i + v2 / g.n2i) / s2 + (yi ** 2 * (v1 ** 2 / g.n1i + v2 ** 2 / g.n2i)) / (8 * s2 ** 2) };
  }
  const spread = (yi ** 2 * (v1 ** 2 / (g.n1i - 1) + v2 ** 2 / (g.n2i - 1))) / (8 * s2 ** 2);
  const sampling = (v1 / (g.n1i - 1) + v2 / (g.n2i - 1)) / s2;
  return { yi, vi: compat === "3.8" ? J ** 2 * (spread + sampling) : spread + sampling };
}

/**
 * Standardised mean difference with group 2's SD as the standardiser (e.g. a control
 * group): d = (m1i - m2i)/sd2i, yi = J(n2i - 1) d; vi = 1/n1i + 1/n2i + yi^2/(2 n2i)
 * ("LS"), 1/n1i + 1/n2i + (1 - (m - 2)/(m J^2)) yi^2 with m = n2i - 1 ("UB"), or
 * J^2 (1/n1i + 1/n2i + d^2/(2 n2i)) ("LS2").
 * @reference Glass (1976), Educ Res 5:3-8; Hedges (1981), J Educ Stat 6:107-128, eq. 6e
 * @metafor escalc("SMD1", m1i, m2i, sd2i, n1i, n2i, vtype = "LS" | "UB" | "LS2")
 */
export function glassSmd(g: Omit<TwoGroupMeans, "sd1i">, vtype: "LS" | "UB" | "LS2"): Outcome {
  const m = g.n2i - 1;
  const J = hedgesCorrection(m);
  const d = (g.m1i - g.m2i) / g.sd2i;
  const yi = J * d;
  const base = 1 / g.n1i + 1 / g.n2i;
  if (vtype === "UB") return { yi, vi: base + (1 - (m - 2) / (m * J ** 2)) * yi ** 2 };
  if (vtype === "LS2") return { yi, vi: J ** 2 * (base + d ** 2 / (2 * g.n2i)) };
  return { yi, vi: base + yi ** 2 / (2 * g.n2i) };
}

/**
 * Standardised mean difference by group 2's SD without assuming equal variances:
 * yi = J(n2i - 1)(m1i - m2i)/sd2i; vi = (sd1i^2/sd2i^2)/(n1i - 1) + 1/(n2i - 1) + yi^2/(2 (n2i - 1))
 * (Bonett 2008, eq. 12, as metafor >= 4.6); metafor 3.8-1 ("3.8") had n1i, n2i for n1i - 1, n2i - 1.
 * @reference Bonett (2008), Psychol Methods 13:99-109, eq. 12
 * @metafor escalc("SMD1H", m1i, m2i, sd1i, sd2i, n1i, n2i)
 */
export function heteroscedasticGlassSmd(g: TwoGroupMeans, compat: MetaforCompat = "current"): Outcome {
  const J = hedgesCorrection(g.n2i - 1);
  const yi = (J * (g.m1i - g.m2i)) / g.sd2i;
  const shift = compat === "3.8" ? 0 : 1;
  const n1 = g.n1i - shift;
  const n2 = g.n2i - shift;
  return { yi, vi: g.sd1i ** 2 / g.sd2i ** 2 / n1 + 1 / n2 + yi ** 2 / (2 * n2) };
}

/**
 * Log coefficient-of-variation ratio with the small-sample correction of each log SD:
 * yi = log(sd1i/m1i) + 1/(2(n1i-1)) - log(sd2i/m2i) - 1/(2(n2i-1)),
 * vi = 1/(2(n1i-1)) + sd1i^2/(n1i m1i^2) + 1/(2(n2i-1)) + sd2i^2/(n2i m2i^2).
 * metafor 5.0 adds by default a second-order term for the means (`correct = TRUE`); metakit
 * keeps 3.8-1's yi (README, "metafor versions").
 * @reference Nakagawa et al. (2015), Methods Ecol Evol 6:143-152, eqs. 11-12
 * @metafor escalc("CVR", m1i, m2i, sd1i, sd2i, n1i, n2i)
 */
export function logCvRatio(g: TwoGroupMeans): Outcome {
  const yi = Math.log(g.sd1i / g.m1i) + 1 / (2 * (g.n1i - 1)) - Math.log(g.sd2i / g.m2i) - 1 / (2 * (g.n2i - 1));
  const vi = 1 / (2 * (g.n1i - 1)) + g.sd1i ** 2 / (g.n1i * g.m1i ** 2) + 1 / (2 * (g.n2i - 1)) + g.sd2i ** 2 / (g.n2i * g.m2i ** 2);
  return { yi, vi };
}

/**
 * Log variability ratio, yi = log(sd1i/sd2i) + 1/(2(n1i-1)) - 1/(2(n2i-1)),
 * vi = 1/(2(n1i-1)) + 1/(2(n2i-1)).
 * @reference Nakagawa et al. (2015), Methods Ecol Evol 6:143-152, eqs. 9-10
 * @metafor escalc("VR", sd1i, sd2i, n1i, n2i)
 */
export function logVariabilityRatio(sd1i: number, n1i: number, sd2i: number, n2i: number): Outcome {
  return {
    yi: Math.log(sd1i / sd2i) + 1 / (2 * (n1i - 1)) - 1 / (2 * (n2i - 1)),
    vi: 1 / (2 * (n1i - 1)) + 1 / (2 * (n2i - 1)),
  };
}

/**
 * Point-biserial correlation from two groups' means: d = (m1i - m2i)/sdp (pooled SD),
 * h = m/n1i + m/n2i with m = n1i + n2i - 2, yi = d / sqrt(d^2 + h);
 * vi = h^2/(h + d^2)^3 (1/n1i + 1/n2i + d^2/(2 N)) ("LS" = "ST", fixed group sizes) or
 * (1 - yi^2)^2 (N yi^2/(4 n1i n2i) + (2 - 3 yi^2)/(2 N)) ("CS", group sizes random).
 * @reference Jacobs & Viechtbauer (2017), Res Synth Methods 8:161-180, eqs. 4, 11 and 13
 * @metafor escalc("RPB", m1i, m2i, sd1i, sd2i, n1i, n2i, vtype = "LS" | "ST" | "CS")
 */
export function pointBiserial(g: TwoGroupMeans, vtype: "LS" | "CS"): Computed {
  const n = g.n1i + g.n2i;
  const m = n - 2;
  const d = (g.m1i - g.m2i) / pooledSd(g);
  const h = m / g.n1i + m / g.n2i;
  const yi = d / Math.sqrt(d ** 2 + h);
  if (vtype === "CS") return { yi, vi: (1 - yi ** 2) ** 2 * ((n * yi ** 2) / (4 * g.n1i * g.n2i) + (2 - 3 * yi ** 2) / (2 * n)) };
  return { yi, vi: (h ** 2 / (h + d ** 2) ** 3) * (1 / g.n1i + 1 / g.n2i + d ** 2 / (2 * n)) };
}

/**
 * Biserial correlation from two groups' means: yi = sqrt(p1 p2)/phi(z) rpb, with
 * p1 = n1i/N, p2 = n2i/N, z the upper p1-quantile of the standard normal and phi its
 * density; vi = (p1 p2/phi(z)^2 - (3/2 + (1 - p1 z/phi(z))(1 + p2 z/phi(z))) r^2 + r^4)/(N - 1),
 * with r = yi truncated to [-1, 1].
 * @reference Soper (1914), Biometrika 10:384-390; Jacobs & Viechtbauer (2017), Res Synth Methods 8:161-180, eqs. 15 and 17
 * @metafor escalc("RBIS", m1i, m2i, sd1i, sd2i, n1i, n2i)
 */
export function biserial(g: TwoGroupMeans): Outcome {
  const n = g.n1i + g.n2i;
  const p1 = g.n1i / n;
  const p2 = g.n2i / n;
  const z = -normalQuantile(p1);
  const density = Math.exp(-(z ** 2) / 2) / Math.sqrt(2 * Math.PI);
  const rpb = pointBiserial(g, "LS").yi;
  const yi = (Math.sqrt(p1 * p2) / density) * rpb;
  const r = Math.abs(yi) > 1 ? Math.sign(yi) : yi;
  const vi = ((p1 * p2) / density ** 2 - (3 / 2 + (1 - (p1 * z) / density) * (1 + (p2 * z) / density)) * r ** 2 + r ** 4) / (n - 1);
  return { yi, vi };
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

const POSITIVE_MEANS: ReadonlySet<Measure> = new Set(["ROM", "CVR"]);

function validate(measure: Measure, values: Values, ref: StudyRef): void {
  checkNonNegative(values, "sd1i", ref);
  checkNonNegative(values, "sd2i", ref);
  checkSdSampleSize(values, "n1i", ref);
  checkSdSampleSize(values, "n2i", ref);
  if (!POSITIVE_MEANS.has(measure)) return;
  for (const field of ["m1i", "m2i"] as const) {
    const value = values[field];
    if (value !== undefined && !(value > 0)) throw invalid(ref, field, value, messages.positiveMeans(measure, field, value));
  }
}

function compute(measure: Measure, values: Values, options: NormalisedEscalcOptions): Outcome {
  const vtype = options.vtype;
  if (measure === "VR") return logVariabilityRatio(req(values, "sd1i"), req(values, "n1i"), req(values, "sd2i"), req(values, "n2i"));
  if (measure === "SMD1") {
    const g = { m1i: req(values, "m1i"), n1i: req(values, "n1i"), m2i: req(values, "m2i"), sd2i: req(values, "sd2i"), n2i: req(values, "n2i") };
    return glassSmd(g, vtype === "UB" || vtype === "LS2" ? vtype : "LS");
  }
  const g: TwoGroupMeans = {
    m1i: req(values, "m1i"), sd1i: req(values, "sd1i"), n1i: req(values, "n1i"),
    m2i: req(values, "m2i"), sd2i: req(values, "sd2i"), n2i: req(values, "n2i"),
  };
  switch (measure) {
    case "MD":
      return meanDifference(g, vtype === "HO" || vtype === "UB" ? vtype : "LS");
    case "SMD":
      return standardisedMeanDifference(g, vtype === "UB" || vtype === "LS2" ? vtype : "LS");
    case "SMDH":
      return heteroscedasticSmd(g, vtype === "LS2" ? "LS2" : "LS", options.metaforCompat);
    case "ROM":
      return logRatioOfMeans(g, vtype === "HO" ? "HO" : "LS");
    case "SMD1H":
      return heteroscedasticGlassSmd(g, options.metaforCompat);
    case "CVR":
      return logCvRatio(g);
    case "RPB":
      return pointBiserial(g, vtype === "CS" ? "CS" : "LS");
    case "RBIS":
      return biserial(g);
    case "ZPB":
      return fisherZOf(pointBiserial(g, vtype === "CS" ? "CS" : "LS"));
    case "ZBIS":
      return fisherZOf(biserial(g));
    default:
      throw new Error(`internal: ${measure} is not a two-group means measure`);
  }
}

export const twoGroupMeansFamily: ValueFamily = { kind: "values", validate, compute };
