/**
 * Single-group proportions: xi events out of ni (mi = ni - xi non-events). Counts arrive
 * here after the zero-cell rule (metafor adds `add` to xi and mi; default 1/2 for PR and
 * PLO, 0 for PAS and PFT).
 */
import { normalQuantile } from "@metakit/base";
import { checkEventsWithinN, checkNonNegative, checkPositive, checkSizeIsSum, req, type StudyRef, type Values } from "../inputs.js";
import type { Measure } from "../measures.js";
import type { NormalisedEscalcOptions } from "../options.js";
import type { CountFamily, Outcome } from "./family.js";

/**
 * Raw proportion, yi = xi/ni, vi = yi(1 - yi)/ni ("LS") or /(ni - 1) ("UB").
 * @reference Lipsey & Wilson (2001), Practical Meta-Analysis, Table 3.7
 * @metafor escalc("PR", xi, ni)
 */
export function rawProportion(xi: number, mi: number, vtype: "LS" | "UB"): Outcome {
  const ni = xi + mi;
  const p = xi / ni;
  return { yi: p, vi: (p * (1 - p)) / (vtype === "UB" ? ni - 1 : ni) };
}

/**
 * Log proportion, yi = log(xi/ni), vi = 1/xi - 1/ni.
 * @reference Sutton et al. (2000), Methods for Meta-Analysis in Medical Research, §15.2 (as for the log risk ratio)
 * @metafor escalc("PLN", xi, ni)
 */
export function logProportion(xi: number, mi: number): Outcome {
  const ni = xi + mi;
  return { yi: Math.log(xi / ni), vi: 1 / xi - 1 / ni };
}

/**
 * Logit proportion, yi = log(p/(1-p)), vi = 1/xi + 1/mi.
 * @reference Sutton et al. (2000), Methods for Meta-Analysis in Medical Research, §15.2
 * @metafor escalc("PLO", xi, ni)
 */
export function logitProportion(xi: number, mi: number): Outcome {
  const p = xi / (xi + mi);
  return { yi: Math.log(p / (1 - p)), vi: 1 / xi + 1 / mi };
}

/**
 * Arcsine square-root proportion, yi = asin(sqrt(p)), vi = 1/(4 ni).
 * @reference Anscombe (1948), Biometrika 35:246-254
 * @metafor escalc("PAS", xi, ni)
 */
export function arcsineProportion(xi: number, mi: number): Outcome {
  const ni = xi + mi;
  return { yi: Math.asin(Math.sqrt(xi / ni)), vi: 1 / (4 * ni) };
}

/**
 * Freeman–Tukey double arcsine proportion,
 * yi = (asin(sqrt(xi/(ni+1))) + asin(sqrt((xi+1)/(ni+1)))) / 2, vi = 1/(4 ni + 2).
 * This is metafor's scale (half the original Freeman–Tukey sum).
 * @reference Freeman & Tukey (1950), Ann Math Stat 21:607-611; Miller (1978), Am Stat 32:138
 * @metafor escalc("PFT", xi, ni)
 */
export function freemanTukeyProportion(xi: number, mi: number): Outcome {
  const ni = xi + mi;
  const yi = (Math.asin(Math.sqrt(xi / (ni + 1))) + Math.asin(Math.sqrt((xi + 1) / (ni + 1)))) / 2;
  return { yi, vi: 1 / (4 * ni + 2) };
}

/**
 * Probit proportion, yi = Phi^{-1}(p), vi = 2 pi p (1 - p) exp(yi^2) / ni (delta method:
 * p (1 - p) / (ni phi(yi)^2)).
 * @reference Sutton et al. (2000), Methods for Meta-Analysis in Medical Research; delta method
 * @metafor escalc("PRZ", xi, ni) (metafor 4.8-0 and later)
 */
export function probitProportion(xi: number, mi: number): Outcome {
  const ni = xi + mi;
  const p = xi / ni;
  const yi = normalQuantile(p);
  return { yi, vi: (2 * Math.PI * p * (1 - p) * Math.exp(yi ** 2)) / ni };
}

function validate(_measure: Measure, values: Values, ref: StudyRef): void {
  checkNonNegative(values, "xi", ref);
  checkNonNegative(values, "mi", ref);
  checkPositive(values, "ni", ref);
  checkEventsWithinN(values, "xi", "ni", ref);
  checkSizeIsSum(values, "ni", ["xi", "mi"], ref);
}

function cells(values: Values): readonly number[] {
  const xi = req(values, "xi");
  return [xi, values.mi ?? req(values, "ni") - xi];
}

function fromCells(measure: Measure, [xi, mi]: readonly number[], options: NormalisedEscalcOptions): Outcome {
  const x = xi!;
  const m = mi!;
  switch (measure) {
    case "PR":
      return rawProportion(x, m, options.vtype === "UB" ? "UB" : "LS");
    case "PLO":
      return logitProportion(x, m);
    case "PLN":
      return logProportion(x, m);
    case "PAS":
      return arcsineProportion(x, m);
    case "PRZ":
      return probitProportion(x, m);
    case "PFT":
      return freemanTukeyProportion(x, m);
    default:
      throw new Error(`internal: ${measure} is not a proportion measure`);
  }
}

export const proportionFamily: CountFamily = { kind: "counts", validate, cells, isDoubleZero: () => false, fromCells };
