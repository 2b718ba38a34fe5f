/**
 * Measures for 2x2 tables: group 1 has ai events and bi non-events (n1i = ai + bi),
 * group 2 has ci events and di non-events (n2i = ci + di). Cells arrive here after the
 * zero-cell rule. Ratios are on the log scale, as in metafor.
 */
import { checkEventsWithinN, checkNonNegative, checkSizeIsSum, req, type StudyRef, type Values } from "../inputs.js";
import type { Measure } from "../measures.js";
import type { NormalisedEscalcOptions } from "../options.js";
import type { CountFamily, Outcome } from "./family.js";

/**
 * Log odds ratio, yi = log(p1/(1-p1)) - log(p2/(1-p2)), vi = 1/ai + 1/bi + 1/ci + 1/di.
 * @reference Woolf (1955), Ann Hum Genet 19:251-253
 * @metafor escalc("OR", ai, bi, ci, di)
 * @example logOddsRatio(4, 119, 11, 128) // yi -0.9387, vi 0.3571 (dat.bcg, Aronson 1948)
 */
export function logOddsRatio(ai: number, bi: number, ci: number, di: number): Outcome {
  const p1 = ai / (ai + bi);
  const p2 = ci / (ci + di);
  return { yi: Math.log(p1 / (1 - p1)) - Math.log(p2 / (1 - p2)), vi: 1 / ai + 1 / bi + 1 / ci + 1 / di };
}

/**
 * Log risk ratio, yi = log(p1) - log(p2), vi = 1/ai - 1/n1i + 1/ci - 1/n2i.
 * @reference Katz et al. (1978), Biometrics 34:469-474
 * @metafor escalc("RR", ai, bi, ci, di)
 * @example logRiskRatio(4, 119, 11, 128) // yi -0.8893, vi 0.3256 (dat.bcg, Aronson 1948)
 */
export function logRiskRatio(ai: number, bi: number, ci: number, di: number): Outcome {
  const n1 = ai + bi;
  const n2 = ci + di;
  return { yi: Math.log(ai / n1) - Math.log(ci / n2), vi: 1 / ai - 1 / n1 + 1 / ci - 1 / n2 };
}

/**
 * Risk difference, yi = p1 - p2. vi = p1(1-p1)/n1i + p2(1-p2)/n2i ("LS", default) or
 * with n - 1 in the denominators ("UB", unbiased).
 * @reference Fleiss & Berlin (2009), in The Handbook of Research Synthesis, 2nd ed., eq. 13.14
 * @metafor escalc("RD", ai, bi, ci, di, vtype = "LS" | "UB")
 */
export function riskDifference(ai: number, bi: number, ci: number, di: number, vtype: "LS" | "UB"): Outcome {
  const n1 = ai + bi;
  const n2 = ci + di;
  const p1 = ai / n1;
  const p2 = ci / n2;
  const shrink = vtype === "UB" ? 1 : 0;
  return { yi: p1 - p2, vi: (p1 * (1 - p1)) / (n1 - shrink) + (p2 * (1 - p2)) / (n2 - shrink) };
}

/**
 * Peto's one-step log odds ratio, yi = (ai - E[ai]) / V, vi = 1 / V, with the
 * hypergeometric mean E[ai] = (ai + ci) n1i / N and variance
 * V = (ai + ci)(bi + di) n1i n2i / (N^2 (N - 1)), N = n1i + n2i.
 * metafor's escalc applies the zero-cell rule to PETO as to the other 2x2 measures
 * (rma.peto does not); metakit follows escalc here.
 * @reference Yusuf et al. (1985), Prog Cardiovasc Dis 27:335-371
 * @metafor escalc("PETO", ai, bi, ci, di)
 */
export function petoLogOddsRatio(ai: number, bi: number, ci: number, di: number): Outcome {
  const n1 = ai + bi;
  const n2 = ci + di;
  const n = n1 + n2;
  const events = ai + ci;
  const expected = (events * n1) / n;
  const variance = (events * (bi + di) * (n1 / n) * (n2 / n)) / (n - 1);
  return { yi: (ai - expected) / variance, vi: 1 / variance };
}

function validate(_measure: Measure, values: Values, ref: StudyRef): void {
  for (const field of ["ai", "bi", "ci", "di", "n1i", "n2i"] as const) checkNonNegative(values, field, ref);
  checkEventsWithinN(values, "ai", "n1i", ref);
  checkEventsWithinN(values, "ci", "n2i", ref);
  checkSizeIsSum(values, "n1i", ["ai", "bi"], ref);
  checkSizeIsSum(values, "n2i", ["ci", "di"], ref);
}

/** [ai, bi, ci, di], filling bi = n1i - ai and di = n2i - ci as metafor does. */
function cells(values: Values): readonly number[] {
  const ai = req(values, "ai");
  const ci = req(values, "ci");
  return [ai, values.bi ?? req(values, "n1i") - ai, ci, values.di ?? req(values, "n2i") - ci];
}

/** metafor's drop00 test: no events in both groups, or no non-events in both groups. */
function isDoubleZero([ai, bi, ci, di]: readonly number[]): boolean {
  return (ai === 0 && ci === 0) || (bi === 0 && di === 0);
}

function fromCells(measure: Measure, [ai, bi, ci, di]: readonly number[], options: NormalisedEscalcOptions): Outcome {
  const table = [ai!, bi!, ci!, di!] as const;
  switch (measure) {
    case "OR":
      return logOddsRatio(...table);
    case "RR":
      return logRiskRatio(...table);
    case "RD":
      return riskDifference(...table, options.vtype === "UB" ? "UB" : "LS");
    case "PETO":
      return petoLogOddsRatio(...table);
    default:
      throw new Error(`internal: ${measure} is not a 2x2 measure`);
  }
}

export const twoByTwoFamily: CountFamily = { kind: "counts", validate, cells, isDoubleZero, fromCells };
