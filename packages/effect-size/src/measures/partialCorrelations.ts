/**
 * Correlations from a regression model with ni observations and mi predictors: the
 * (semi-)partial correlation of a focal predictor from its t statistic ti, and the
 * coefficient of determination r2i. What `mi` counts follows the metafor version chosen
 * (options.metaforCompat): metafor >= 4.4 ("current") counts all predictors, the focal one
 * included; metafor 3.8-1 ("3.8") counted the other predictors only. Either way the
 * residual degrees of freedom of the model are ni - p - 1 with p all its predictors.
 */
import { checkPositive, invalid, req, type StudyRef, type Values } from "../inputs.js";
import type { Measure } from "../measures.js";
import { messages } from "../messages.js";
import type { MetaforCompat, NormalisedEscalcOptions } from "../options.js";
import type { Outcome, ValueFamily } from "./family.js";
import { fisherZOf } from "./fisherZ.js";

/** A regression's focal t statistic, its sample size, and mi as the chosen metafor counts it. */
export interface RegressionT {
  readonly ti: number;
  readonly ni: number;
  readonly mi: number;
}

/** ni - mi - 1, the degrees of freedom metafor's formulas are written with. */
const dfOf = ({ ni, mi }: { ni: number; mi: number }): number => ni - mi - 1;

/**
 * Partial correlation from the focal predictor's t statistic, yi = ti / sqrt(ti^2 + df),
 * df = ni - mi - 1; vi = (1 - yi^2)^2 / (ni - mi) ("current") or / (ni - mi - 1) ("3.8").
 * For the same model both versions give the same vi; yi uses one more df under "3.8".
 * @reference Aloe & Thompson (2013), J Soc Social Work Res 4:390-407, eqs. 1-2
 * @metafor escalc("PCOR", ti, mi, ni)
 */
export function partialCorrelation(g: RegressionT, compat: MetaforCompat = "current"): Outcome {
  const yi = g.ti / Math.sqrt(g.ti ** 2 + dfOf(g));
  return { yi, vi: (1 - yi ** 2) ** 2 / (compat === "3.8" ? g.ni - g.mi - 1 : g.ni - g.mi) };
}

/**
 * Fisher's z of the partial correlation, yi = atanh(r), vi = 1/(ni - mi - 2) ("current",
 * metafor >= 4.4; = 1/(n - p - 3) with p all predictors) or 1/(ni - mi - 1) ("3.8").
 * @reference Fisher (1924), Metron 3:329-332; Aloe & Thompson (2013)
 * @metafor escalc("ZPCOR", ti, mi, ni)
 */
export function fisherZPartialCorrelation(g: RegressionT, compat: MetaforCompat = "current"): Outcome {
  const r = g.ti / Math.sqrt(g.ti ** 2 + dfOf(g));
  return { yi: Math.atanh(r), vi: 1 / (compat === "3.8" ? g.ni - g.mi - 1 : g.ni - g.mi - 2) };
}

/**
 * Semi-partial correlation, yi = ti sqrt(1 - r2i) / sqrt(ni - mi - 1), with r2i the model's
 * R^2; vi = (r2i^2 - 2 r2i + (r2i - yi^2) + 1 - (r2i - yi^2)^2) / ni.
 * @reference Aloe & Becker (2012), J Educ Behav Stat 37:278-297, eqs. 8 and 11
 * @metafor escalc("SPCOR", ti, mi, ni, r2i)
 */
export function semiPartialCorrelation(g: RegressionT, r2i: number): Outcome {
  const yi = (g.ti * Math.sqrt(1 - r2i)) / Math.sqrt(dfOf(g));
  const rest = r2i - yi ** 2;
  return { yi, vi: (r2i ** 2 - 2 * r2i + rest + 1 - rest ** 2) / g.ni };
}

/**
 * Coefficient of determination, yi = r2i; vi = 4 R^2 (1 - R^2)^2 / ni ("LS") or
 * 4 R^2 (1 - R^2)^2 (ni - mi - 1)^2 / ((ni^2 - 1)(ni + 3)) ("LS2"), mi all predictors.
 * Not in metafor 3.8-1; as metafor >= 4.4.
 * @reference Kendall & Stuart (1979), The Advanced Theory of Statistics, vol. 2, eqs. 27.87-27.88
 * @metafor escalc("R2", r2i, mi, ni) (metafor 4.4-0 and later)
 */
export function coefficientOfDetermination(r2i: number, mi: number, ni: number, vtype: "LS" | "LS2"): Outcome {
  const spread = 4 * r2i * (1 - r2i) ** 2;
  if (vtype === "LS2") return { yi: r2i, vi: (spread * (ni - mi - 1) ** 2) / ((ni ** 2 - 1) * (ni + 3)) };
  return { yi: r2i, vi: spread / ni };
}

/**
 * Fisher's z of the multiple correlation, yi = atanh(sqrt(r2i)), vi = 1/ni.
 * Not in metafor 3.8-1; as metafor >= 4.4.
 * @reference Olkin & Finn (1995), Psychol Bull 118:155-164, p. 162
 * @metafor escalc("ZR2", r2i, mi, ni) (metafor 4.4-0 and later)
 */
export function fisherZMultipleCorrelation(r2i: number, ni: number): Outcome {
  return { yi: Math.atanh(Math.sqrt(r2i)), vi: 1 / ni };
}

/** The measures whose mi counted the other predictors only in metafor 3.8-1 (ZSPCOR, new in 4.0-0, follows SPCOR). */
const OTHER_PREDICTORS_IN_3_8: ReadonlySet<Measure> = new Set(["PCOR", "ZPCOR", "SPCOR", "ZSPCOR"]);

/** Fewest predictors mi may be: 1 (the focal one) where mi counts all, 0 under "3.8" for PCOR, ZPCOR, SPCOR, ZSPCOR. */
function minPredictors(measure: Measure, compat: MetaforCompat): number {
  return compat === "3.8" && OTHER_PREDICTORS_IN_3_8.has(measure) ? 0 : 1;
}

/** r2i in [0, 1], ni > 0, mi at least its minimum (which depends on what mi counts), ni - mi - 1 > 0. */
function validate(measure: Measure, values: Values, ref: StudyRef, options: NormalisedEscalcOptions): void {
  checkPositive(values, "ni", ref);
  const r2i = values.r2i;
  if (r2i !== undefined && !(r2i >= 0 && r2i <= 1)) throw invalid(ref, "r2i", r2i, messages.proportion("r2i", r2i));
  const mi = values.mi;
  if (mi === undefined) return;
  const min = minPredictors(measure, options.metaforCompat);
  if (!(mi >= min)) throw invalid(ref, "mi", mi, messages.atLeast("mi", min, mi));
  const ni = values.ni;
  if (ni !== undefined && !(dfOf({ ni, mi }) > 0)) throw invalid(ref, "mi", mi, messages.residualDf(dfOf({ ni, mi })));
}

function compute(measure: Measure, values: Values, options: NormalisedEscalcOptions): Outcome {
  const compat = options.metaforCompat;
  const ni = req(values, "ni");
  const mi = req(values, "mi");
  if (measure === "R2") return coefficientOfDetermination(req(values, "r2i"), mi, ni, options.vtype === "LS2" ? "LS2" : "LS");
  if (measure === "ZR2") return fisherZMultipleCorrelation(req(values, "r2i"), ni);
  const g: RegressionT = { ti: req(values, "ti"), ni, mi };
  switch (measure) {
    case "PCOR":
      return partialCorrelation(g, compat);
    case "ZPCOR":
      return fisherZPartialCorrelation(g, compat);
    case "SPCOR":
      return semiPartialCorrelation(g, req(values, "r2i"));
    case "ZSPCOR":
      return fisherZOf(semiPartialCorrelation(g, req(values, "r2i")));
    default:
      throw new Error(`internal: ${measure} is not a regression-based measure`);
  }
}

export const partialCorrelationFamily: ValueFamily = { kind: "values", validate, compute };
