/**
 * Mean and SD of a group estimated from its median with the quartiles (q1, q3), the
 * range (min, max), or both, for a roughly normal outcome. Scenarios as in Wan et al.:
 * S1 = {min, median, max}, S2 = {min, q1, median, q3, max}, S3 = {q1, median, q3}.
 */
import { normalQuantile } from "@metakit/base";
import { MetakitError } from "@metakit/base";
import { messages } from "../messages.js";
import { check, conversion, type Conversion } from "./conversion.js";

export const MEDIAN_MEAN_METHODS = ["luo", "wan"] as const;
export const MEDIAN_SD_METHODS = ["shi", "wan"] as const;

export type MedianMeanMethod = (typeof MEDIAN_MEAN_METHODS)[number];
export type MedianSdMethod = (typeof MEDIAN_SD_METHODS)[number];

export interface MedianSummary {
  readonly n: number;
  readonly median: number;
  readonly q1?: number;
  readonly q3?: number;
  readonly min?: number;
  readonly max?: number;
}

export interface MedianOptions {
  /** "luo" (default; Luo et al. 2018, optimal weights) or "wan" (Wan et al. 2014). */
  readonly mean?: MedianMeanMethod;
  /** "shi" (default; Shi et al. 2020, optimal weights when all five numbers are given) or "wan". With only the range or only the IQR the two coincide. */
  readonly sd?: MedianSdMethod;
}

/** Wan et al. (2014) eq. 7: ξ(n) = 2 Φ^{-1}((n - 0.375) / (n + 0.25)), expected range of n standard normals (approx.). */
export function wanXi(n: number): number {
  return 2 * normalQuantile((n - 0.375) / (n + 0.25));
}

/** Wan et al. (2014) eq. 13: η(n) = 2 Φ^{-1}((0.75 n - 0.125) / (n + 0.25)), expected IQR of n standard normals (approx.). */
export function wanEta(n: number): number {
  return 2 * normalQuantile((0.75 * n - 0.125) / (n + 0.25));
}

type Scenario = "S1" | "S2" | "S3";

function scenarioOf(s: MedianSummary): Scenario {
  const range = s.min !== undefined && s.max !== undefined;
  const iqr = s.q1 !== undefined && s.q3 !== undefined;
  if (range && iqr) return "S2";
  if (range) return "S1";
  if (iqr) return "S3";
  throw new MetakitError("INVALID_INPUT", messages.quartiles(), { field: "q1", value: s.q1 });
}

function checkOrder(s: MedianSummary): void {
  const named: [string, number | undefined][] = [["min", s.min], ["q1", s.q1], ["median", s.median], ["q3", s.q3], ["max", s.max]];
  const present = named.filter((e): e is [string, number] => e[1] !== undefined);
  for (const [name, value] of present) check.finite(name, value);
  for (let i = 1; i < present.length; i++) {
    const [lowName, low] = present[i - 1]!;
    const [highName, high] = present[i]!;
    if (!(low <= high)) throw new MetakitError("INVALID_INPUT", messages.notBelow(lowName, low, highName, high), { field: lowName, value: low });
  }
}

/** Luo et al. (2018): eqs. 7 (S1), 15 (S2), 11 (S3); Wan et al. (2014): eqs. 2 (S1, Hozo), 10 (S2, Bland), 14 (S3). */
function estimateMean(s: Required<MedianSummary>, scenario: Scenario, method: MedianMeanMethod): { value: number; formula: string } {
  const { n, median: m, q1, q3, min: a, max: b } = s;
  if (method === "wan") {
    if (scenario === "S1") return { value: (a + 2 * m + b) / 4, formula: "mean = (min + 2 median + max) / 4" };
    if (scenario === "S2") return { value: (a + 2 * q1 + 2 * m + 2 * q3 + b) / 8, formula: "mean = (min + 2 q1 + 2 median + 2 q3 + max) / 8" };
    return { value: (q1 + m + q3) / 3, formula: "mean = (q1 + median + q3) / 3" };
  }
  if (scenario === "S1") {
    const w = 4 / (4 + n ** 0.75);
    return { value: (w * (a + b)) / 2 + (1 - w) * m, formula: `mean = w (min + max)/2 + (1 - w) median, w = 4 / (4 + n^0.75) = ${w}` };
  }
  if (scenario === "S2") {
    const w1 = 2.2 / (2.2 + n ** 0.75);
    const w2 = 0.7 - 0.72 / n ** 0.55;
    return {
      value: (w1 * (a + b)) / 2 + (w2 * (q1 + q3)) / 2 + (1 - w1 - w2) * m,
      formula: `mean = w1 (min + max)/2 + w2 (q1 + q3)/2 + (1 - w1 - w2) median, w1 = 2.2 / (2.2 + n^0.75) = ${w1}, w2 = 0.7 - 0.72 / n^0.55 = ${w2}`,
    };
  }
  const w = 0.7 + 0.39 / n;
  return { value: (w * (q1 + q3)) / 2 + (1 - w) * m, formula: `mean = w (q1 + q3)/2 + (1 - w) median, w = 0.7 + 0.39 / n = ${w}` };
}

/** Wan et al. (2014): eqs. 7 (S1), 13 (S3), 9 (S2, equal weights); Shi et al. (2020): eq. 10 (S2, optimal weight). */
function estimateSd(s: Required<MedianSummary>, scenario: Scenario, method: MedianSdMethod): { value: number; formula: string } {
  const { n, q1, q3, min: a, max: b } = s;
  if (scenario === "S1") {
    const xi = wanXi(n);
    return { value: (b - a) / xi, formula: `SD = (max - min) / ξ(n), ξ(n) = 2 Φ^{-1}((n - 0.375)/(n + 0.25)) = ${xi}` };
  }
  if (scenario === "S3") {
    const eta = wanEta(n);
    return { value: (q3 - q1) / eta, formula: `SD = (q3 - q1) / η(n), η(n) = 2 Φ^{-1}((0.75 n - 0.125)/(n + 0.25)) = ${eta}` };
  }
  const xi = wanXi(n);
  const eta = wanEta(n);
  const w = method === "wan" ? 0.5 : 1 / (1 + 0.07 * n ** 0.6);
  const weight = method === "wan" ? "w = 1/2" : `w = 1 / (1 + 0.07 n^0.6) = ${w}`;
  return {
    value: (w * (b - a)) / xi + ((1 - w) * (q3 - q1)) / eta,
    formula: `SD = w (max - min)/ξ(n) + (1 - w)(q3 - q1)/η(n), ${weight}, ξ(n) = ${xi}, η(n) = ${eta}`,
  };
}

const REFERENCES: Readonly<Record<MedianMeanMethod | MedianSdMethod, string>> = {
  luo: "Luo, Wan, Liu & Tong (2018), Stat Methods Med Res 27:1785-1805",
  wan: "Wan, Wang, Liu & Tong (2014), BMC Med Res Methodol 14:135",
  shi: "Shi, Luo, Wan et al. (2020), Res Synth Methods 11:641-654",
};

/**
 * Estimated mean and SD from a median with the IQR and/or the range and the sample size,
 * assuming a roughly normal outcome (check for skew before use; the Cochrane Handbook
 * §6.5.2.5 cautions against it for skewed data).
 * Mean: Luo et al. (2018) (default) or Wan et al. (2014). SD: Wan et al. (2014) from
 * the range or the IQR; with both, Shi et al. (2020) optimal weights (default) or Wan's
 * equal weights. ξ(n) and η(n) use Wan's closed-form approximations for every n (the R
 * package meta tabulates exact values for n <= 50; they differ in the third decimal for
 * very small n).
 * @reference Wan et al. (2014), BMC Med Res Methodol 14:135; Luo et al. (2018), Stat Methods Med Res 27:1785; Shi et al. (2020), Res Synth Methods 11:641
 * No skewness test and no n >= 5 rule: convFivenum() applies metafor's.
 * @metafor conv.fivenum(min, q1, median, q3, max, n, test = FALSE) (metafor >= 4.0; not in 3.8-1)
 */
export function meanSdFromMedian(
  summary: MedianSummary,
  options: MedianOptions = {},
): { readonly mean: number; readonly sd: number; readonly conversion: Conversion } {
  const n = check.sampleSizeForSd("n", summary.n);
  check.finite("median", summary.median);
  checkOrder(summary);
  const scenario = scenarioOf(summary);
  const meanMethod = options.mean ?? "luo";
  const sdMethod = options.sd ?? "shi";
  const full = { n, median: summary.median, q1: summary.q1 ?? Number.NaN, q3: summary.q3 ?? Number.NaN, min: summary.min ?? Number.NaN, max: summary.max ?? Number.NaN };
  const mean = estimateMean(full, scenario, meanMethod);
  const sd = estimateSd(full, scenario, sdMethod);
  const sdReference = scenario === "S2" ? REFERENCES[sdMethod] : REFERENCES.wan;
  const given: Record<string, number | string> = { scenario, meanMethod, sdMethod };
  for (const [name, value] of Object.entries(summary)) if (typeof value === "number") given[name] = value;
  return {
    mean: check.output("mean", mean.value),
    sd: check.output("sd", sd.value),
    conversion: conversion("mean-sd-from-median", `${mean.formula}; ${sd.formula}`, `mean: ${REFERENCES[meanMethod]}; SD: ${sdReference}`, given),
  };
}

/** The skewness test of a five-number summary: statistic, critical value, verdict. */
export interface SkewnessTest {
  /** null where it cannot be computed (max = min, or q3 = q1): then not skewed, as metafor. */
  readonly statistic: number | null;
  readonly critical: number;
  readonly skewed: boolean;
}

/**
 * Shi et al. (2023)'s test of skewness from the five-number summary, as metafor 5.0-1's
 * conv.fivenum: the statistic against a critical value that depends on n; skewed when
 * statistic >= critical (a statistic that cannot be computed, e.g. max = min, is not).
 * S1: |min + max - 2 median| / (max - min) against 1/log(n + 9) + 2.5/(n + 1);
 * S3: |q1 + q3 - 2 median| / (q3 - q1) against 2.65/sqrt(n) - 6/n^2;
 * S2: max(2.65 log(0.6 n)/sqrt(n) x the S1 statistic, the S3 statistic) against 3/sqrt(n) - 40/n^3.
 * @reference Shi, Luo, Wan et al. (2023), Stat Methods Med Res 32:1338-1360 (the critical values metafor 5.0-1 uses)
 * @metafor attr(conv.fivenum(...)$mean, "tval"), "crit", "sig"
 */
export function fivenumSkewnessTest(summary: MedianSummary): SkewnessTest {
  const { n, median: m } = summary;
  const scenario = scenarioOf(summary);
  const rangeStatistic = (): number => Math.abs((summary.min! + summary.max! - 2 * m) / (summary.max! - summary.min!));
  const iqrStatistic = (): number => Math.abs((summary.q1! + summary.q3! - 2 * m) / (summary.q3! - summary.q1!));
  const [statistic, critical] =
    scenario === "S1"
      ? [rangeStatistic(), 1 / Math.log(n + 9) + 2.5 / (n + 1)]
      : scenario === "S3"
        ? [iqrStatistic(), 2.65 / Math.sqrt(n) - 6 / n ** 2]
        : [Math.max(((2.65 * Math.log(0.6 * n)) / Math.sqrt(n)) * rangeStatistic(), iqrStatistic()), 3 / Math.sqrt(n) - 40 / n ** 3];
  return Number.isFinite(statistic) ? { statistic, critical, skewed: statistic >= critical } : { statistic: null, critical, skewed: false };
}

export interface ConvFivenumOptions extends MedianOptions {
  /** Shi et al.'s skewness test first (default true, as metafor's test = TRUE); false converts skewed summaries too. */
  readonly test?: boolean;
}

export type ConvFivenumResult =
  | { readonly estimable: true; readonly mean: number; readonly sd: number; readonly conversion: Conversion; readonly skewness: SkewnessTest }
  | { readonly estimable: false; readonly reason: string; readonly skewness?: SkewnessTest };

/** metafor's conv.fivenum converts no summary with n < 5. */
const FIVENUM_MIN_N = 5;

/**
 * metafor 5.0-1's conv.fivenum: the mean and SD from a median with the range and/or the
 * quartiles (meanSdFromMedian), after its rules: n < 5 is not converted, and (test = true,
 * the default) a summary that Shi et al.'s test finds skewed is not converted, since the
 * normal-theory estimates are biased there; the reason says so, with the statistic.
 * test = false converts it anyway (metafor's test = FALSE).
 * @reference Shi et al. (2023), Stat Methods Med Res 32:1338-1360; Luo et al. (2018); Wan et al. (2014); Shi et al. (2020)
 * @metafor conv.fivenum(min, q1, median, q3, max, n, method = "default" | "wan2014", test = TRUE)
 * @example convFivenum({ median: 2, n: 30, min: 1, max: 20 }).estimable // false (skewed: 0.895 >= 0.354)
 */
export function convFivenum(summary: MedianSummary, options: ConvFivenumOptions = {}): ConvFivenumResult {
  check.finite("n", summary.n);
  check.finite("median", summary.median);
  checkOrder(summary);
  if (summary.n < FIVENUM_MIN_N) return { estimable: false, reason: messages.fivenumSmallN(summary.n) };
  const skewness = fivenumSkewnessTest(summary);
  if ((options.test ?? true) && skewness.skewed) {
    return { estimable: false, reason: messages.fivenumSkewed(skewness.statistic!, skewness.critical), skewness };
  }
  const { mean, sd, conversion: record } = meanSdFromMedian(summary, options);
  return { estimable: true, mean, sd, conversion: record, skewness };
}
