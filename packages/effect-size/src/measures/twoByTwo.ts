/**
 * Measures for 2x2 tables: group 1 has ai events and bi non-events (n1i = ai + bi),
 * group 2 has ci events and di non-events (n2i = ci + di). Cells arrive here after the
 * zero-cell rule. Ratios are on the log scale, as in metafor.
 */
import { checkEventsWithinN, checkNonNegative, checkSizeIsSum, req, type StudyRef, type Values } from "../inputs.js";
import type { Measure } from "../measures.js";
import type { NormalisedEscalcOptions } from "../options.js";
import type { Computed, CountFamily, Outcome } from "./family.js";
import { fisherZTetrachoric, tetrachoricCorrelation } from "./tetrachoric.js";

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

/**
 * Arcsine square-root risk difference, yi = asin(sqrt(p1)) - asin(sqrt(p2)),
 * vi = 1/(4 n1i) + 1/(4 n2i).
 * @reference Rücker et al. (2009), Stat Med 28:721-738, eq. 4
 * @metafor escalc("AS", ai, bi, ci, di)
 */
export function arcsineRiskDifference(ai: number, bi: number, ci: number, di: number): Outcome {
  const n1 = ai + bi;
  const n2 = ci + di;
  return { yi: Math.asin(Math.sqrt(ai / n1)) - Math.asin(Math.sqrt(ci / n2)), vi: 1 / (4 * n1) + 1 / (4 * n2) };
}

/**
 * Phi coefficient, yi = (ai di - bi ci) / sqrt(n1i n2i (ai + ci)(bi + di)). vi for
 * cross-sectional (multinomial) sampling, "LS" = "CS" (Yule 1912, p. 603):
 * (1 - phi^2 + phi (1 + phi^2/2) (p1. - p2.)(p.1 - p.2) / sqrt(p1. p2. p.1 p.2)
 *  - 3/4 phi^2 ((p1. - p2.)^2/(p1. p2.) + (p.1 - p.2)^2/(p.1 p.2))) / N;
 * or for stratified sampling with fixed group sizes ("ST", Bonett 2007, eq. 6).
 * @reference Yule (1912), J R Stat Soc 75:579-652, p. 603; Bonett (2007), Psychol Methods 12:434-447
 * @metafor escalc("PHI", ai, bi, ci, di, vtype = "LS" | "CS" | "ST")
 */
export function phiCoefficient(ai: number, bi: number, ci: number, di: number, vtype: "LS" | "ST"): Computed {
  const n1 = ai + bi;
  const n2 = ci + di;
  const n = n1 + n2;
  const yi = (ai * di - bi * ci) / Math.sqrt(n1 * n2 * (ai + ci) * (bi + di));
  if (vtype === "ST") return { yi, vi: phiVarianceStratified(ai, bi, ci, di) };
  const [r1, r2, c1, c2] = [n1 / n, n2 / n, (ai + ci) / n, (bi + di) / n];
  const skew = (yi * (1 + yi ** 2 / 2) * (r1 - r2) * (c1 - c2)) / Math.sqrt(r1 * r2 * c1 * c2);
  const margins = (3 / 4) * yi ** 2 * ((r1 - r2) ** 2 / (r1 * r2) + (c1 - c2) ** 2 / (c1 * c2));
  return { yi, vi: (1 - yi ** 2 + skew - margins) / n };
}

/** Bonett (2007), eq. 6: the phi coefficient's variance when n1i and n2i are fixed by design. */
function phiVarianceStratified(ai: number, bi: number, ci: number, di: number): number {
  const n1 = ai + bi;
  const n2 = ci + di;
  const p1 = ai / n1;
  const p2 = ci / n2;
  const q1 = 1 - p1;
  const q2 = 1 - p2;
  const cross = p2 * q1 + p1 * q2;
  const numerator =
    4 * n1 ** 3 * p1 ** 2 * p2 * q1 ** 2 * q2 +
    4 * n2 ** 3 * p1 * p2 ** 2 * q1 * q2 ** 2 +
    n1 * n2 ** 2 * p2 * q2 * cross * (p2 * q1 + p1 * (4 * q1 + q2)) +
    n1 ** 2 * n2 * p1 * q1 * cross * (p1 * q2 + p2 * (q1 + 4 * q2));
  return ((n1 + n2) ** 2 * numerator) / (4 * (ai + ci) ** 3 * (bi + di) ** 3);
}

/**
 * Fisher's z of the phi coefficient: yi = atanh(phi), vi = v(phi) / (1 - phi^2)^2 (delta
 * method; not a variance-stabilising transformation for phi). Not in metafor 3.8-1; as in
 * metafor >= 4.0.
 * @metafor escalc("ZPHI", ai, bi, ci, di) (metafor 4.0-0 and later)
 */
export function fisherZPhi(ai: number, bi: number, ci: number, di: number, vtype: "LS" | "ST"): Outcome {
  const phi = phiCoefficient(ai, bi, ci, di, vtype);
  return { yi: Math.atanh(phi.yi), vi: phi.vi / (1 - Math.min(1, phi.yi ** 2)) ** 2 };
}

/**
 * Yule's Q, yi = (OR - 1)/(OR + 1), vi = (1 - Q^2)^2 (1/ai + 1/bi + 1/ci + 1/di) / 4.
 * @reference Yule (1900), Philos Trans R Soc A 194:257-319, p. 285; Yule (1912), p. 593
 * @metafor escalc("YUQ", ai, bi, ci, di)
 */
export function yulesQ(ai: number, bi: number, ci: number, di: number): Outcome {
  const or = ai / bi / (ci / di);
  const yi = (or - 1) / (or + 1);
  return { yi, vi: ((1 - yi ** 2) ** 2 * (1 / ai + 1 / bi + 1 / ci + 1 / di)) / 4 };
}

/**
 * Yule's Y (coefficient of colligation), yi = (sqrt(OR) - 1)/(sqrt(OR) + 1),
 * vi = (1 - Y^2)^2 (1/ai + 1/bi + 1/ci + 1/di) / 16.
 * @reference Yule (1912), J R Stat Soc 75:579-652, p. 593
 * @metafor escalc("YUY", ai, bi, ci, di)
 */
export function yulesY(ai: number, bi: number, ci: number, di: number): Outcome {
  const root = Math.sqrt(ai / bi / (ci / di));
  const yi = (root - 1) / (root + 1);
  return { yi, vi: ((1 - yi ** 2) ** 2 * (1 / ai + 1 / bi + 1 / ci + 1 / di)) / 16 };
}

/**
 * A log odds ratio as a standardised mean difference: logistic ("OR2DL": yi = sqrt(3)/pi
 * log OR, vi = 3/pi^2 v) or normal ("OR2DN", Cox: yi = log OR / 1.65, vi = v / 1.65^2).
 * @reference Chinn (2000), Stat Med 19:3127-3131; Cox (1970), Analysis of Binary Data; Sánchez-Meca et al. (2003), Psychol Methods 8:448-467, eqs. 16 and 18
 * @metafor escalc("OR2DL" | "OR2DN", ai, bi, ci, di)
 */
export function oddsRatioAsSmd(ai: number, bi: number, ci: number, di: number, link: "logistic" | "normal"): Outcome {
  const p1 = ai / (ai + bi);
  const p2 = ci / (ci + di);
  const yi = Math.log(p1 / (1 - p1)) - Math.log(p2 / (1 - p2));
  const vi = 1 / ai + 1 / bi + 1 / ci + 1 / di;
  const factor = link === "logistic" ? Math.sqrt(3) / Math.PI : 1 / 1.65;
  return { yi: factor * yi, vi: factor ** 2 * vi };
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
    case "AS":
      return arcsineRiskDifference(...table);
    case "PHI":
      return phiCoefficient(...table, options.vtype === "ST" ? "ST" : "LS");
    case "ZPHI":
      return fisherZPhi(...table, options.vtype === "ST" ? "ST" : "LS");
    case "YUQ":
      return yulesQ(...table);
    case "YUY":
      return yulesY(...table);
    case "OR2DL":
      return oddsRatioAsSmd(...table, "logistic");
    case "OR2DN":
      return oddsRatioAsSmd(...table, "normal");
    case "RTET":
      return tetrachoricCorrelation(...table);
    case "ZTET":
      return fisherZTetrachoric(...table);
    default:
      throw new Error(`internal: ${measure} is not a 2x2 measure`);
  }
}

export const twoByTwoFamily: CountFamily = { kind: "counts", validate, cells, isDoubleZero, fromCells };
