/**
 * Optimal information size (OIS): the number of participants one adequately powered trial
 * would need. GRADE rates down for imprecision when a meta-analysis has fewer participants
 * than that, even if its confidence interval looks satisfactory.
 * @reference Guyatt et al. (2011) GRADE guidelines 6: rating the quality of evidence,
 *   imprecision, J Clin Epidemiol 64:1283-1293; Pogue & Yusuf (1997) Control Clin Trials
 *   18:580-593.
 */
import { normalQuantile } from "@metakit/base";
import { requireOpenUnit, requirePositive } from "./checks.js";

export interface BinaryOisInputs {
  /** Risk in the comparator group, p0. */
  readonly controlRisk: number;
  /** Relative risk reduction to detect: p1 = p0 (1 - RRR). */
  readonly relativeRiskReduction: number;
  readonly alpha: number;
  readonly power: number;
}

export interface ContinuousOisInputs {
  /** Difference in means to detect (delta). */
  readonly difference: number;
  readonly sd: number;
  readonly alpha: number;
  readonly power: number;
}

export interface OptimalInformationSize {
  /** Participants per group, unrounded. */
  readonly perGroup: number;
  /** Both groups, each rounded up to a whole participant. */
  readonly total: number;
  readonly formula: string;
}

/**
 * OIS for a binary outcome: two groups, risks p0 and p1 = p0 (1 - RRR), two-sided alpha,
 * normal approximation with the pooled variance under the null and no continuity correction,
 *   n per group = [z(1-a/2) sqrt(2 pbar qbar) + z(1-b) sqrt(p0 q0 + p1 q1)]^2 / (p0 - p1)^2,
 *   pbar = (p0 + p1) / 2.
 * @reference Fleiss, Levin & Paik (2003) Statistical Methods for Rates and Proportions, 3rd
 *   ed., section 4.2 (the formula without the continuity correction).
 * @example binaryOptimalInformationSize({ controlRisk: 0.2, relativeRiskReduction: 0.25,
 *   alpha: 0.05, power: 0.8 }).perGroup // 905.37, as R's power.prop.test(0.2, 0.15, power = 0.8)
 */
export function binaryOptimalInformationSize(inputs: BinaryOisInputs): OptimalInformationSize {
  const p0 = requireOpenUnit(inputs.controlRisk, "optimalInformationSize.controlRisk");
  const rrr = requireOpenUnit(inputs.relativeRiskReduction, "optimalInformationSize.relativeRiskReduction");
  const { za, zb } = quantiles(inputs.alpha, inputs.power);
  const p1 = p0 * (1 - rrr);
  const pbar = (p0 + p1) / 2;
  const numerator = za * Math.sqrt(2 * pbar * (1 - pbar)) + zb * Math.sqrt(p0 * (1 - p0) + p1 * (1 - p1));
  const perGroup = (numerator * numerator) / ((p0 - p1) * (p0 - p1));
  return { perGroup, total: 2 * Math.ceil(perGroup), formula: "two proportions, normal approximation (Fleiss 2003 section 4.2, R power.prop.test)" };
}

/**
 * OIS for a continuous outcome: two groups, difference delta, common SD sigma, two-sided
 * alpha; the normal formula with Guenther's correction for the t test,
 *   n per group = 2 (z(1-a/2) + z(1-b))^2 sigma^2 / delta^2 + z(1-a/2)^2 / 4,
 * which is within 0.15 participants per group of R's power.t.test (exact noncentral t)
 * for n per group >= 8.
 * @reference Guenther (1981) Sample size formulas for normal theory t tests, Am Stat
 *   35:243-244; Cohen (1988) Statistical Power Analysis, table 2.4.1 (64 per group for
 *   d = 0.5, alpha 0.05, power 0.80).
 * @example continuousOptimalInformationSize({ difference: 0.5, sd: 1, alpha: 0.05,
 *   power: 0.8 }).total // 128
 */
export function continuousOptimalInformationSize(inputs: ContinuousOisInputs): OptimalInformationSize {
  const delta = requirePositive(Math.abs(inputs.difference), "optimalInformationSize.difference");
  const sd = requirePositive(inputs.sd, "optimalInformationSize.sd");
  const { za, zb } = quantiles(inputs.alpha, inputs.power);
  const perGroup = (2 * (za + zb) * (za + zb) * sd * sd) / (delta * delta) + (za * za) / 4;
  return { perGroup, total: 2 * Math.ceil(perGroup), formula: "two means, normal approximation with Guenther's t correction (R power.t.test)" };
}

function quantiles(alpha: number, power: number): { za: number; zb: number } {
  requireOpenUnit(alpha, "optimalInformationSize.alpha");
  requireOpenUnit(power, "optimalInformationSize.power");
  return { za: normalQuantile(1 - alpha / 2), zb: normalQuantile(power) };
}
