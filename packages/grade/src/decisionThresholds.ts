/**
 * Decision thresholds: the values of the effect at which a decision would change. GRADE's
 * minimally contextualised approach uses the null and the minimal important difference
 * (MID) on either side of it; a rule "crosses" a threshold when the threshold lies strictly
 * inside an interval (an interval that only touches a threshold does not cross it).
 * @reference Hultcrantz et al. (2017) The GRADE Working Group clarifies the construct of
 *   certainty of evidence, J Clin Epidemiol 87:4-13; Zeng et al. (2022) GRADE guidance 34:
 *   update on rating imprecision using a minimally contextualized approach, J Clin
 *   Epidemiol 150:216-224; Guyatt et al. (2025) Core GRADE 2, BMJ 389:e081904.
 */
import { DEFAULT_RATIO_THRESHOLDS } from "./thresholds.js";
import { measureKind, nullEffect, toAnalysisScale, toNaturalScale, type Measure } from "./measures.js";
import { requirePositive } from "./checks.js";
import type { OutcomeGradeSpec } from "./types.js";

export type ThresholdBasis =
  | "spec thresholds"
  | "null and MID"
  | "null and default ratio thresholds"
  | "null only"
  | "none";

export interface DecisionThresholds {
  /** Sorted ascending, on the analysis scale (log for ratios). */
  readonly values: readonly number[];
  readonly basis: ThresholdBasis;
  /**
   * The range of effects too small to matter (between the MID thresholds either side of
   * the null), on the analysis scale, when there is one.
   */
  readonly trivialRange?: { readonly lower: number; readonly upper: number };
}

/**
 * The thresholds for an outcome: the spec's explicit ones; else the null and +/- MID (for a
 * ratio MID r: 1/r and r, symmetric on the log scale); else, for ratio measures, the null
 * and ratios 0.75 and 1.25 (GRADE guidelines 6); else the null.
 */
export function decisionThresholds(measure: Measure, spec: OutcomeGradeSpec, outcome: string): DecisionThresholds {
  const details = { outcome };
  if (spec.decisionThresholds !== undefined && spec.decisionThresholds.length > 0) {
    const values = spec.decisionThresholds.map((t, i) =>
      toAnalysisScale(measure, t, `decisionThresholds[${i}]`),
    );
    return { values: [...values].sort((a, b) => a - b), basis: "spec thresholds" };
  }
  const nullValue = nullEffect(measure);
  if (nullValue === undefined) return { values: [], basis: "none" };
  const mid = spec.importantDifference;
  if (mid !== undefined) {
    requirePositive(mid, "importantDifference", details);
    const m = measureKind(measure) === "ratio" ? Math.abs(toAnalysisScale(measure, mid, "importantDifference")) : mid;
    requirePositive(m, "importantDifference (a ratio other than 1)", details);
    const trivialRange = { lower: nullValue - m, upper: nullValue + m };
    return { values: [trivialRange.lower, nullValue, trivialRange.upper], basis: "null and MID", trivialRange };
  }
  if (measureKind(measure) === "ratio") {
    const trivialRange = { lower: Math.log(DEFAULT_RATIO_THRESHOLDS.benefit), upper: Math.log(DEFAULT_RATIO_THRESHOLDS.harm) };
    return { values: [trivialRange.lower, nullValue, trivialRange.upper], basis: "null and default ratio thresholds", trivialRange };
  }
  return { values: [nullValue], basis: "null only" };
}

/**
 * A value within this distance of a threshold is at the threshold, not across it: log(0.8)
 * and -log(1.25) differ in the last bit, and a CI limit of exactly 0.8 must not "cross" the
 * lower threshold of an MID of 1.25. Relative to the threshold's size, absolute near zero.
 */
export const THRESHOLD_TOLERANCE = 1e-9;

function slack(t: number): number {
  return THRESHOLD_TOLERANCE * Math.max(1, Math.abs(t));
}

/** Thresholds strictly inside (lower, upper), beyond the tolerance. */
export function thresholdsCrossed(lower: number, upper: number, thresholds: readonly number[]): number[] {
  return thresholds.filter((t) => lower < t - slack(t) && t + slack(t) < upper);
}

/**
 * Which region between thresholds x falls in: the number of thresholds clearly below it
 * (a value at a threshold belongs to the region below).
 */
export function thresholdRegion(x: number, thresholds: readonly number[]): number {
  return thresholds.filter((t) => t + slack(t) < x).length;
}

/** Thresholds as the reader knows them (ratios for OR/RR/HR), rounded for messages. */
export function describeThresholds(measure: Measure, values: readonly number[]): string {
  if (values.length === 0) return "none";
  return values.map((t) => formatNumber(toNaturalScale(measure, t))).join(", ");
}

/** Three significant digits, without trailing zeros: 0.1234 -> "0.123", 1250 -> "1250". */
export function formatNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(3)));
}
