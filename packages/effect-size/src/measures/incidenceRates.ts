/**
 * Incidence rates: xi events over person-time ti in one group, or x1i over t1i and x2i
 * over t2i in two groups (differences are group 1 minus group 2). The event counts arrive
 * here after the zero-cell rule (metafor adds `add` to the counts, default 1/2, but 0 for
 * IRSD, IRS and IRFT); person-times are never corrected.
 */
import { checkNonNegative, checkPositive, req, type StudyRef, type Values } from "../inputs.js";
import type { Measure } from "../measures.js";
import type { CountFamily, Outcome } from "./family.js";

/**
 * Log incidence rate ratio, yi = log(x1i/t1i) - log(x2i/t2i), vi = 1/x1i + 1/x2i.
 * @reference Rothman, Greenland & Lash (2008), Modern Epidemiology, 3rd ed., eq. 14-10
 * @metafor escalc("IRR", x1i, x2i, t1i, t2i)
 */
export function logIncidenceRateRatio(x1i: number, t1i: number, x2i: number, t2i: number): Outcome {
  return { yi: Math.log(x1i / t1i) - Math.log(x2i / t2i), vi: 1 / x1i + 1 / x2i };
}

/**
 * Incidence rate difference, yi = x1i/t1i - x2i/t2i, vi = x1i/t1i^2 + x2i/t2i^2.
 * @reference Rothman, Greenland & Lash (2008), Modern Epidemiology, 3rd ed., eq. 14-6
 * @metafor escalc("IRD", x1i, x2i, t1i, t2i)
 */
export function incidenceRateDifference(x1i: number, t1i: number, x2i: number, t2i: number): Outcome {
  const ir1 = x1i / t1i;
  const ir2 = x2i / t2i;
  return { yi: ir1 - ir2, vi: ir1 / t1i + ir2 / t2i };
}

/**
 * Square-root incidence rate difference (variance stabilising),
 * yi = sqrt(x1i/t1i) - sqrt(x2i/t2i), vi = 1/(4 t1i) + 1/(4 t2i).
 * @reference Bartlett (1936), Suppl J R Stat Soc 3:68-78 (square root of a Poisson count)
 * @metafor escalc("IRSD", x1i, x2i, t1i, t2i)
 */
export function sqrtIncidenceRateDifference(x1i: number, t1i: number, x2i: number, t2i: number): Outcome {
  return { yi: Math.sqrt(x1i / t1i) - Math.sqrt(x2i / t2i), vi: 1 / (4 * t1i) + 1 / (4 * t2i) };
}

/**
 * Incidence rate of one group: raw ("IR": yi = xi/ti, vi = xi/ti^2), log ("IRLN":
 * yi = log(xi/ti), vi = 1/xi), square root ("IRS": yi = sqrt(xi/ti), vi = 1/(4 ti)) or
 * Freeman–Tukey ("IRFT": yi = (sqrt(xi/ti) + sqrt((xi + 1)/ti))/2, vi = 1/(4 ti)).
 * @reference Freeman & Tukey (1950), Ann Math Stat 21:607-611; Bartlett (1936)
 * @metafor escalc("IR" | "IRLN" | "IRS" | "IRFT", xi, ti)
 */
export function incidenceRate(xi: number, ti: number, scale: "IR" | "IRLN" | "IRS" | "IRFT"): Outcome {
  const rate = xi / ti;
  switch (scale) {
    case "IR":
      return { yi: rate, vi: rate / ti };
    case "IRLN":
      return { yi: Math.log(rate), vi: 1 / xi };
    case "IRS":
      return { yi: Math.sqrt(rate), vi: 1 / (4 * ti) };
    case "IRFT":
      return { yi: (Math.sqrt(rate) + Math.sqrt(rate + 1 / ti)) / 2, vi: 1 / (4 * ti) };
  }
}

function validateTwoGroups(_measure: Measure, values: Values, ref: StudyRef): void {
  checkNonNegative(values, "x1i", ref);
  checkNonNegative(values, "x2i", ref);
  checkPositive(values, "t1i", ref);
  checkPositive(values, "t2i", ref);
}

function fromTwoGroups(measure: Measure, [x1i, x2i]: readonly number[], _options: unknown, values: Values): Outcome {
  const args = [x1i!, req(values, "t1i"), x2i!, req(values, "t2i")] as const;
  switch (measure) {
    case "IRR":
      return logIncidenceRateRatio(...args);
    case "IRD":
      return incidenceRateDifference(...args);
    case "IRSD":
      return sqrtIncidenceRateDifference(...args);
    default:
      throw new Error(`internal: ${measure} is not a two-group incidence measure`);
  }
}

/** Two groups' counts over person-times; drop00 drops studies with no events in either group. */
export const incidenceRateTwoGroupFamily: CountFamily = {
  kind: "counts",
  validate: validateTwoGroups,
  cells: (values) => [req(values, "x1i"), req(values, "x2i")],
  isDoubleZero: ([x1i, x2i]) => x1i === 0 && x2i === 0,
  fromCells: fromTwoGroups,
};

function validateOneGroup(_measure: Measure, values: Values, ref: StudyRef): void {
  checkNonNegative(values, "xi", ref);
  checkPositive(values, "ti", ref);
}

function fromOneGroup(measure: Measure, [xi]: readonly number[], _options: unknown, values: Values): Outcome {
  if (measure !== "IR" && measure !== "IRLN" && measure !== "IRS" && measure !== "IRFT") {
    throw new Error(`internal: ${measure} is not a one-group incidence measure`);
  }
  return incidenceRate(xi!, req(values, "ti"), measure);
}

/** One group's events over person-time. */
export const incidenceRateFamily: CountFamily = {
  kind: "counts",
  validate: validateOneGroup,
  cells: (values) => [req(values, "xi")],
  isDoubleZero: () => false,
  fromCells: fromOneGroup,
};
