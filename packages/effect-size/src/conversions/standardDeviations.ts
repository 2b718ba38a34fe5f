/**
 * Standard deviations from what papers report: the SE or CI of a mean, two subgroups to
 * combine, or baseline and final SDs with a correlation for change scores.
 */
import { normalQuantile, tQuantile } from "@metakit/base";
import { check, conversion, type Conversion } from "./conversion.js";

/**
 * SD of a group from the standard error of its mean: SD = SE × sqrt(n).
 * @reference Cochrane Handbook v6.4, §6.5.2.2
 * @metafor none
 * @example sdFromSe({ se: 1.2, n: 25 }).sd // 6
 */
export function sdFromSe(input: { readonly se: number; readonly n: number }): { readonly sd: number; readonly conversion: Conversion } {
  const se = check.positive("se", input.se);
  const n = check.sampleSizeForSd("n", input.n);
  return {
    sd: check.output("sd", se * Math.sqrt(n)),
    conversion: conversion("sd-from-se", "SD = SE × sqrt(n)", "Cochrane Handbook v6.4, §6.5.2.2", { se, n }),
  };
}

export interface SdFromCiInput {
  readonly lower: number;
  readonly upper: number;
  readonly n: number;
  /** Confidence level: 95 and 0.95 both mean 95%, as metafor reads it. Default 95. */
  readonly level?: number;
  /**
   * "t" (default): the interval used t_{1-α/2, n-1}, as the Handbook advises for small
   * samples and as a t-based CI of a mean is computed; "normal": z_{1-α/2} (3.92 for 95%).
   */
  readonly distribution?: "t" | "normal";
}

/**
 * SD of a group from the confidence interval of its mean: SD = sqrt(n) × (upper - lower)
 * / (2 q), q = t_{1-α/2, n-1} (default) or z_{1-α/2} (3.92 / 2 for 95%, large samples).
 * @reference Cochrane Handbook v6.4, §6.5.2.2
 * @metafor none
 */
export function sdFromCi(input: SdFromCiInput): { readonly sd: number; readonly conversion: Conversion } {
  check.ordered("lower", input.lower, "upper", input.upper);
  const n = check.sampleSizeForSd("n", input.n);
  const level = check.level(input.level, "sdFromCi");
  const distribution = input.distribution ?? "t";
  const p = 1 - (1 - level / 100) / 2;
  const q = distribution === "t" ? tQuantile(p, n - 1) : normalQuantile(p);
  const name = distribution === "t" ? `t_{1-α/2, n-1}` : "z_{1-α/2}";
  return {
    sd: check.output("sd", (Math.sqrt(n) * (input.upper - input.lower)) / (2 * q)),
    conversion: conversion("sd-from-ci", `SD = sqrt(n) × (upper - lower) / (2 × ${name}), ${name} = ${q}`, "Cochrane Handbook v6.4, §6.5.2.2", {
      lower: input.lower, upper: input.upper, n, level, distribution,
    }),
  };
}

export interface GroupSummary {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
}

/**
 * Combines two groups (e.g. two doses) into one: N = N1 + N2, M = (N1 M1 + N2 M2) / N,
 * SD = sqrt(((N1-1) SD1^2 + (N2-1) SD2^2 + N1 N2 / N (M1 - M2)^2) / (N - 1)),
 * which is exactly the SD of the pooled raw data.
 * @reference Cochrane Handbook v6.4, §6.5.2.10, Table 6.5.a
 * @metafor none
 */
export function combineGroups(a: GroupSummary, b: GroupSummary): GroupSummary & { readonly conversion: Conversion } {
  const n1 = check.positive("n1", a.n);
  const n2 = check.positive("n2", b.n);
  const m1 = check.finite("mean1", a.mean);
  const m2 = check.finite("mean2", b.mean);
  const sd1 = check.nonNegative("sd1", a.sd);
  const sd2 = check.nonNegative("sd2", b.sd);
  const n = n1 + n2;
  check.sampleSizeForSd("n1 + n2", n);
  const variance = ((n1 - 1) * sd1 ** 2 + (n2 - 1) * sd2 ** 2 + ((n1 * n2) / n) * (m1 - m2) ** 2) / (n - 1);
  return {
    n,
    mean: check.output("mean", (n1 * m1 + n2 * m2) / n),
    sd: check.output("sd", Math.sqrt(variance)),
    conversion: conversion(
      "combine-groups",
      "N = N1 + N2; M = (N1 M1 + N2 M2) / N; SD = sqrt(((N1-1) SD1^2 + (N2-1) SD2^2 + N1 N2 / N × (M1 - M2)^2) / (N - 1))",
      "Cochrane Handbook v6.4, §6.5.2.10 (Table 6.5.a)",
      { n1, mean1: m1, sd1, n2, mean2: m2, sd2 },
    ),
  };
}

export interface ChangeScoreInput {
  readonly sdBaseline: number;
  readonly sdFinal: number;
  /** Correlation between baseline and final measurements (often assumed; vary it in a sensitivity analysis). */
  readonly r: number;
}

/**
 * SD of change scores from baseline and final SDs and their correlation:
 * SD_change = sqrt(SD_baseline^2 + SD_final^2 - 2 r SD_baseline SD_final).
 * @reference Cochrane Handbook v6.4, §6.5.2.8; Follmann et al. (1992), J Clin Epidemiol 45:769-773
 * @metafor the variance of escalc("MC", ...) is this SD^2 / ni
 */
export function changeScoreSd(input: ChangeScoreInput): { readonly sd: number; readonly conversion: Conversion } {
  const sdBaseline = check.nonNegative("sdBaseline", input.sdBaseline);
  const sdFinal = check.nonNegative("sdFinal", input.sdFinal);
  const r = check.correlation("r", input.r);
  const sd = Math.sqrt(sdBaseline ** 2 + sdFinal ** 2 - 2 * r * sdBaseline * sdFinal);
  return {
    sd: check.output("sd", sd),
    conversion: conversion(
      "change-score-sd",
      "SD_change = sqrt(SD_baseline^2 + SD_final^2 - 2 × r × SD_baseline × SD_final)",
      "Cochrane Handbook v6.4, §6.5.2.8",
      { sdBaseline, sdFinal, r },
    ),
  };
}

/**
 * The correlation implied by a study that reports all three SDs, to impute for others:
 * r = (SD_baseline^2 + SD_final^2 - SD_change^2) / (2 SD_baseline SD_final).
 * @reference Cochrane Handbook v6.4, §6.5.2.8
 * @metafor none
 */
export function correlationFromChangeSd(input: {
  readonly sdBaseline: number;
  readonly sdFinal: number;
  readonly sdChange: number;
}): { readonly r: number; readonly conversion: Conversion } {
  const sdBaseline = check.positive("sdBaseline", input.sdBaseline);
  const sdFinal = check.positive("sdFinal", input.sdFinal);
  const sdChange = check.nonNegative("sdChange", input.sdChange);
  const r = (sdBaseline ** 2 + sdFinal ** 2 - sdChange ** 2) / (2 * sdBaseline * sdFinal);
  return {
    r: check.correlation("r", r),
    conversion: conversion(
      "correlation-from-change-sd",
      "r = (SD_baseline^2 + SD_final^2 - SD_change^2) / (2 × SD_baseline × SD_final)",
      "Cochrane Handbook v6.4, §6.5.2.8",
      { sdBaseline, sdFinal, sdChange },
    ),
  };
}
