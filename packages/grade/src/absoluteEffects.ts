/**
 * Anticipated absolute effects for a Summary of Findings table: the risk with the comparator
 * (an assumed comparator risk, ACR) and with the intervention, per 1,000 people, from the
 * relative effect and each limit of its confidence interval.
 *   RR: risk = ACR x RR
 *   OR: risk = OR x ACR / (1 - ACR + OR x ACR)
 *   HR: risk = 1 - (1 - ACR)^HR        (risk of the event by the same time point)
 *   RD: risk = ACR + RD
 * @reference Cochrane Handbook v6.4, chapter 14 (Summary of findings tables) and section 15.4.4
 *   (v5.1: sections 12.5.4.2-12.5.4.3)
 *   (worked example: ACR 0.3 and RR 0.92 give 24 fewer per 1,000; OR 0.73 gives 62 fewer).
 */
import { requireOpenUnit, requireFinite } from "./checks.js";
import { formatNumber } from "./decisionThresholds.js";
import type { Measure } from "./measures.js";
import { MetakitError } from "@metakit/base";

export interface Interval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

export interface AbsoluteEffect {
  readonly comparatorLabel: string;
  readonly comparatorRisk: number;
  readonly comparatorPer1000: number;
  /** Unrounded; the text rounds to whole people. */
  readonly interventionPer1000: Interval;
  readonly differencePer1000: Interval;
  /** e.g. "24 fewer per 1,000 (from 51 fewer to 6 more)". */
  readonly text: string;
  /** True when a risk above 1 or below 0 (RR or RD far from the null) was capped. */
  readonly capped: boolean;
}

/**
 * Risk with the intervention for a comparator risk and an effect on its natural scale
 * (a ratio for RR, OR, HR; a difference in risk for RD), before capping to [0, 1].
 */
export function riskWithIntervention(measure: Measure, comparatorRisk: number, effect: number): number {
  switch (measure) {
    case "RR":
      return comparatorRisk * effect;
    case "OR":
      return (effect * comparatorRisk) / (1 - comparatorRisk + effect * comparatorRisk);
    case "HR":
      return 1 - Math.pow(1 - comparatorRisk, effect);
    case "RD":
      return comparatorRisk + effect;
    default:
      throw new MetakitError("UNSUPPORTED", `riskWithIntervention: no absolute risk for ${measure}`, { field: "measure", value: measure });
  }
}

/**
 * Absolute effects per 1,000 for one comparator risk, from the relative effect and its CI on
 * the natural scale (ratios for RR, OR, HR).
 * @example absoluteEffect("RR", { label: "study population", risk: 0.3 },
 *   { estimate: 0.92, lower: 0.92, upper: 0.92 }).differencePer1000.estimate // -24
 */
export function absoluteEffect(measure: Measure, comparator: { label: string; risk: number }, effect: Interval): AbsoluteEffect {
  const acr = requireOpenUnit(comparator.risk, "comparatorRisks.risk", { value: comparator.risk, comparator: comparator.label });
  let capped = false;
  const perThousand = (x: number) => {
    const risk = riskWithIntervention(measure, acr, requireFinite(x, "effect"));
    const inRange = Math.min(1, Math.max(0, risk));
    if (inRange !== risk) capped = true;
    return 1000 * inRange;
  };
  const intervention = { estimate: perThousand(effect.estimate), lower: perThousand(effect.lower), upper: perThousand(effect.upper) };
  const base = 1000 * acr;
  const difference = { estimate: intervention.estimate - base, lower: intervention.lower - base, upper: intervention.upper - base };
  return {
    comparatorLabel: comparator.label,
    comparatorRisk: acr,
    comparatorPer1000: base,
    interventionPer1000: intervention,
    differencePer1000: difference,
    text: describeDifferencePer1000(difference),
    capped,
  };
}

/** "24 fewer per 1,000 (from 51 fewer to 6 more)", whole people, GRADEpro's wording. */
export function describeDifferencePer1000(difference: Interval): string {
  const people = (x: number) => `${Math.abs(Math.round(x))} ${x < 0 ? "fewer" : "more"}`;
  return `${people(difference.estimate)} per 1,000 (from ${people(difference.lower)} to ${people(difference.upper)})`;
}

export interface ContinuousEffect {
  readonly measure: "MD" | "SMD";
  /** The comparator group's mean the spec gives; null when the spec gives none. */
  readonly comparatorMean: number | null;
  /** Comparator mean plus MD; null for SMD, or when the comparator mean is not known. */
  readonly interventionMean: Interval | null;
  readonly difference: Interval;
  /** e.g. "MD 0.8 lower (1.5 lower to 0.1 higher)". */
  readonly text: string;
}

export function continuousEffect(measure: "MD" | "SMD", difference: Interval, comparatorMean?: number): ContinuousEffect {
  const mean = comparatorMean === undefined ? null : requireFinite(comparatorMean, "comparatorMean");
  const interventionMean =
    measure === "MD" && mean !== null
      ? { estimate: mean + difference.estimate, lower: mean + difference.lower, upper: mean + difference.upper }
      : null;
  return { measure, comparatorMean: mean, interventionMean, difference, text: describeMeanDifference(measure, difference) };
}

/** "MD 0.8 lower (1.5 lower to 0.1 higher)": GRADEpro's wording for continuous outcomes. */
export function describeMeanDifference(measure: "MD" | "SMD", d: Interval): string {
  const side = (x: number) => `${formatNumber(Math.abs(round2(x)))} ${x < 0 ? "lower" : "higher"}`;
  return `${measure} ${side(d.estimate)} (${side(d.lower)} to ${side(d.upper)})`;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
