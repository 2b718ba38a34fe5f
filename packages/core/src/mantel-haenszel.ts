/**
 * Mantel–Haenszel pooling of 2x2 tables for the odds ratio, risk ratio and risk difference,
 * as metafor's rma.mh().
 */
import { invalidOption, isOneOf, MetakitError } from "@metakit/base";
import { tableEffects } from "./mantel-haenszel-effects.js";
import { type OddsRatioTests, oddsRatioTests } from "./mantel-haenszel-or-tests.js";
import {
  type ChiSquareTest,
  cochranQ,
  heterogeneity,
  heterogeneityNotes,
  percentWeights,
  type TablePoolingResult,
  uninformativeNotes,
  zInference,
} from "./mantel-haenszel-result.js";
import { checkTables, normaliseTableOptions, poolingTables, type Table2x2, type TablePoolingOptions } from "./mantel-haenszel-tables.js";

export const MANTEL_HAENSZEL_MEASURES = ["OR", "RR", "RD"] as const;

export type MantelHaenszelMeasure = (typeof MANTEL_HAENSZEL_MEASURES)[number];

export interface MantelHaenszelOptions extends TablePoolingOptions {
  readonly measure: MantelHaenszelMeasure;
  /** Continuity correction of 1/2 in the Cochran and CMH tests (OR only), metafor's `correct`. Default true. */
  readonly correct?: boolean;
}

export interface MantelHaenszelResult extends TablePoolingResult {
  readonly method: "MH";
  readonly measure: MantelHaenszelMeasure;
  /** OR only: Cochran's test of OR = 1 (metafor's CO). */
  readonly cochran?: ChiSquareTest;
  /** OR only: the Cochran–Mantel–Haenszel test of OR = 1 (metafor's MH). */
  readonly cmh?: ChiSquareTest;
  /** OR only: the Breslow–Day test of homogeneous odds ratios (metafor's BD). */
  readonly breslowDay?: ChiSquareTest;
  /** OR only: Tarone's test of homogeneous odds ratios (metafor's TA). */
  readonly tarone?: ChiSquareTest;
}

/** A Mantel–Haenszel estimate with its SE and each table's weight (before normalising). */
interface MantelHaenszelFit {
  readonly estimate: number;
  readonly se: number;
  readonly wi: readonly number[];
  /** Per table: true when it adds nothing to any sum of the estimator (e.g. OR with ai di = bi ci = 0). */
  readonly uninformative: readonly boolean[];
}

function insufficient(measure: MantelHaenszelMeasure, why: string): MetakitError {
  return new MetakitError("INSUFFICIENT_DATA", `mantelHaenszel: the MH ${measure} is not estimable: ${why}`, { field: "tables", measure });
}

/**
 * MH odds ratio psi = R / S, R = sum ai di / Ni, S = sum bi ci / Ni, on the log scale, with
 * the Robins–Breslow–Greenland variance
 * Var(log psi) = sum Pi Ri / (2 R^2) + sum (Pi Si + Qi Ri) / (2 R S) + sum Qi Si / (2 S^2),
 * Pi = (ai + di) / Ni, Qi = (bi + ci) / Ni. Weights wi = bi ci / Ni.
 * @reference Robins, Breslow & Greenland (1986), Biometrics 42:311-323, eq. 7
 */
function mhOddsRatio(tables: readonly Table2x2[]): MantelHaenszelFit {
  let R = 0, S = 0, PR = 0, PSQR = 0, QS = 0;
  const wi: number[] = [];
  const uninformative: boolean[] = [];
  for (const { ai, bi, ci, di } of tables) {
    const Ni = ai + bi + ci + di;
    const Pi = (ai + di) / Ni;
    const Qi = (bi + ci) / Ni;
    const Ri = (ai / Ni) * di;
    const Si = (bi / Ni) * ci;
    R += Ri;
    S += Si;
    PR += Pi * Ri;
    PSQR += Pi * Si + Qi * Ri;
    QS += Qi * Si;
    wi.push(Si);
    uninformative.push(Ri === 0 && Si === 0);
  }
  if (!(R > 0 && S > 0)) throw insufficient("OR", "sum(ai di / Ni) or sum(bi ci / Ni) is 0 (no events, or no non-events, in one group of every table)");
  const se = Math.sqrt(0.5 * (PR / R ** 2 + PSQR / (R * S) + QS / S ** 2));
  return { estimate: Math.log(R / S), se, wi, uninformative };
}

/**
 * MH risk ratio R / S, R = sum ai n2i / Ni, S = sum ci n1i / Ni, on the log scale, with
 * Var(log RR) = sum (n1i n2i (ai + ci) / Ni^2 - ai ci / Ni) / (R S). Weights wi = ci n1i / Ni.
 * @reference Greenland & Robins (1985), Biometrics 41:55-68, eq. 13
 */
function mhRiskRatio(tables: readonly Table2x2[]): MantelHaenszelFit {
  let R = 0, S = 0, V = 0;
  const wi: number[] = [];
  const uninformative: boolean[] = [];
  for (const { ai, bi, ci, di } of tables) {
    const n1i = ai + bi;
    const n2i = ci + di;
    const Ni = n1i + n2i;
    R += ai * (n2i / Ni);
    S += ci * (n1i / Ni);
    V += (n1i / Ni) * (n2i / Ni) * (ai + ci) - (ai / Ni) * ci;
    wi.push((ci / Ni) * n1i);
    uninformative.push(ai === 0 && ci === 0);
  }
  if (!(R > 0 && S > 0)) throw insufficient("RR", "no events in the treatment groups or in the control groups");
  return { estimate: Math.log(R / S), se: Math.sqrt(V / (R * S)), wi, uninformative };
}

/**
 * MH risk difference RD = sum (ai n2i - ci n1i) / Ni / W, W = sum n1i n2i / Ni, with the
 * Sato–Greenland–Robins variance (the one metafor uses; Greenland & Robins 1985 give
 * another, which Stata's metan reports):
 * Var = [RD sum (ci n1i^2 - ai n2i^2 + n1i n2i (n2i - n1i) / 2) / Ni^2
 *        + sum (ai (n2i - ci) + ci (n1i - ai)) / (2 Ni)] / W^2.
 * Weights wi = n1i n2i / Ni.
 * @reference Sato, Greenland & Robins (1989), Biometrics 45:1323-1324
 */
function mhRiskDifference(tables: readonly Table2x2[]): MantelHaenszelFit {
  let numerator = 0, W = 0, slope = 0, constant = 0;
  const wi: number[] = [];
  for (const { ai, bi, ci, di } of tables) {
    const n1i = ai + bi;
    const n2i = ci + di;
    const Ni = n1i + n2i;
    numerator += ai * (n2i / Ni) - ci * (n1i / Ni);
    W += n1i * (n2i / Ni);
    slope += ci * (n1i / Ni) ** 2 - ai * (n2i / Ni) ** 2 + ((n1i / Ni) * (n2i / Ni) * (n2i - n1i)) / 2;
    constant += (ai * (n2i - ci)) / Ni + (ci * (n1i - ai)) / Ni;
    wi.push((n1i / Ni) * n2i);
  }
  const estimate = numerator / W;
  const variance = (estimate * slope + constant / 2) / W ** 2;
  if (!(variance > 0)) throw insufficient("RD", "its variance is 0 (no events, or only events, in every table)");
  return { estimate, se: Math.sqrt(variance), wi, uninformative: wi.map(() => false) };
}

const ESTIMATORS: Readonly<Record<MantelHaenszelMeasure, (tables: readonly Table2x2[]) => MantelHaenszelFit>> = {
  OR: mhOddsRatio,
  RR: mhRiskRatio,
  RD: mhRiskDifference,
};

function testsOfOddsRatio(tables: readonly Table2x2[], estimate: number, correct: boolean): Partial<OddsRatioTests> {
  const tests = oddsRatioTests(tables, Math.exp(estimate), correct);
  const present: { -readonly [K in keyof OddsRatioTests]?: ChiSquareTest } = {};
  for (const key of ["cochran", "cmh", "breslowDay", "tarone"] as const) {
    const test = tests[key];
    if (test !== undefined) present[key] = test;
  }
  return present;
}

/**
 * Mantel–Haenszel pooled odds ratio, risk ratio or risk difference of 2x2 tables, with a z
 * test and interval, and Cochran's Q about the MH estimate computed, as metafor does, from
 * the per-study estimates of the same measure (escalc, inverse-variance weights).
 *
 * The estimate is on the log scale for OR and RR. The continuity correction and dropping
 * of double-zero tables follow metafor's two-stage convention (see TablePoolingOptions):
 * by default the estimate uses the counts as given, and the Q test adds 1/2 to tables with
 * a zero cell and leaves double-zero tables out. Weights are each table's share of the
 * MH weights (OR: bi ci / Ni; RR: ci n1i / Ni; RD: n1i n2i / Ni), as metafor's weights().
 * For OR the result also carries Cochran's, the CMH, Breslow–Day and Tarone tests.
 *
 * Throws INVALID_INPUT for a bad table (negative or non-finite count, empty group) or
 * option, INSUFFICIENT_DATA when the estimate is not estimable (e.g. no events at all),
 * where metafor returns NA.
 * @reference Mantel & Haenszel (1959), J Natl Cancer Inst 22:719-748
 * @metafor rma.mh(ai, bi, ci, di, measure, add, to, drop00, correct, level)
 * @example mantelHaenszel(bcgTables, { measure: "RR" }).estimate // -0.4537 (dat.bcg)
 */
export function mantelHaenszel(tables: readonly Table2x2[], options: MantelHaenszelOptions): MantelHaenszelResult {
  const { measure } = options;
  if (!isOneOf(MANTEL_HAENSZEL_MEASURES, measure)) {
    throw invalidOption("mantelHaenszel", "measure", measure, `one of ${MANTEL_HAENSZEL_MEASURES.join(", ")}`);
  }
  const opts = normaliseTableOptions(options, tables.length, "mantelHaenszel");
  const correct = options.correct ?? true;
  if (typeof correct !== "boolean") {
    throw invalidOption("mantelHaenszel", "correct", correct, "a boolean");
  }
  checkTables(tables, opts.labels, "mantelHaenszel");
  const pooled = poolingTables(tables, opts.pooling, opts.labels);
  if (pooled.tables.length === 0) throw insufficient(measure, "every table was dropped as double-zero");
  const fit = ESTIMATORS[measure](pooled.tables);
  const effects = tableEffects(tables, measure, opts.heterogeneity, opts.labels);
  const QE = effects.yi.length > 1 ? cochranQ(effects.yi, effects.vi, fit.estimate) : 0;
  return {
    k: pooled.tables.length,
    method: "MH",
    measure,
    test: "z",
    level: opts.level,
    estimate: fit.estimate,
    se: fit.se,
    ...zInference(fit.estimate, fit.se, opts.alpha),
    tau2: 0,
    ...heterogeneity(QE, effects.yi.length - 1),
    weights: percentWeights(tables.length, pooled.index, fit.wi),
    notes: [
      ...pooled.notes,
      ...uninformativeNotes(fit.uninformative, pooled.index, opts.labels),
      ...heterogeneityNotes(effects, opts.labels),
    ],
    ...(measure === "OR" ? testsOfOddsRatio(pooled.tables, fit.estimate, correct) : {}),
  };
}
