/**
 * Small-study tests designed for odds ratios from 2x2 tables: Harbord's score-based test
 * and Peters' test, both free of the correlation between log OR and its standard error
 * that inflates Egger's test for binary outcomes.
 */
import { invalidOption, MetakitError } from "@metakit/base";
import type { RandomEffectsFit } from "../random-effects-model.js";
import { coefficientRow } from "../random-effects-model.js";
import { fitWithPredictor, weightedLeastSquaresSpec } from "./regression-test.js";
import { smallStudyNotes } from "./small-k-note.js";

/** A 2x2 table: events ai / non-events bi in the treatment arm, ci / di in the control arm. */
export interface OddsRatioTable {
  readonly ai: number;
  readonly bi: number;
  readonly ci: number;
  readonly di: number;
}

export interface OddsRatioTestResult {
  readonly test: "Harbord" | "Peters";
  /** Studies used (tables without information excluded; see notes). */
  readonly k: number;
  /** The asymmetry coefficient (Harbord: intercept of Z/sqrt(V) on sqrt(V); Peters: slope on 1/n) and its SE. */
  readonly coefficient: number;
  readonly se: number;
  /** t statistic on df = k - 2. */
  readonly statistic: number;
  readonly pval: number;
  readonly df: number;
  readonly notes: readonly string[];
}

/**
 * Harbord's test: Z_i = a_i - (a_i + b_i)(a_i + c_i) / N_i (efficient score of log OR at
 * OR = 1) and V_i = n1 n2 m1 m2 / (N^2 (N - 1)) (its variance, the hypergeometric
 * variance of a_i); regress Z/sqrt(V) on sqrt(V) by ordinary least squares and test the
 * intercept with t(k - 2). Computed as the classic Egger regression of Z/V on sqrt(1/V)
 * with weights V, which is the same least-squares problem. Tables with V = 0 (no events
 * or no non-events at all) carry no information and are left out with a note.
 * @reference Harbord, Egger & Sterne (2006), Stat Med 25:3443-3457, section 2.2
 * @metafor regtest(Z/V, vi = 1/V, model = "lm", predictor = "sei")
 */
export function harbordTest(tables: readonly OddsRatioTable[], labels?: readonly string[]): OddsRatioTestResult {
  const used: number[] = [];
  const y: number[] = [];
  const v: number[] = [];
  tables.forEach((t, i) => {
    checkTable(t, i, labels, "harbordTest");
    const { ai, bi, ci, di } = t;
    const n1 = ai + bi;
    const n2 = ci + di;
    const m1 = ai + ci;
    const m2 = bi + di;
    const N = n1 + n2;
    const V = (n1 * n2 * m1 * m2) / (N * N * (N - 1));
    if (!(V > 0)) return;
    used.push(i);
    y.push((ai - (n1 * m1) / N) / V);
    v.push(1 / V);
  });
  const fit = regression(Float64Array.from(y), Float64Array.from(v), Float64Array.from(v, Math.sqrt), "harbordTest");
  return result("Harbord", fit, 1, dropped(tables.length, used, labels, "no events or no non-events"));
}

/**
 * Peters' test: weighted least squares of log OR on 1/N_i (N_i the total sample size),
 * weights 1 / (1/(a_i + c_i) + 1/(b_i + d_i)), testing the slope with t(k - 2). yi are
 * the log odds ratios (e.g. escalc's, with its zero-cell correction). Tables with no
 * events or no non-events get weight 0 and are left out with a note.
 * @reference Peters et al. (2006), JAMA 295:676-680 (methods, "linear regression test")
 * @metafor lm(yi ~ I(1/ni), weights = 1/(1/(ai+ci) + 1/(bi+di))) (regtest(model = "lm", predictor = "ninv") uses weights 1/vi instead)
 */
export function petersTest(
  tables: readonly OddsRatioTable[],
  yi: ArrayLike<number>,
  labels?: readonly string[],
): OddsRatioTestResult {
  if (yi.length !== tables.length) throw invalidOption("petersTest", "yi", yi.length, `one value per table (${tables.length})`);
  const used: number[] = [];
  const y: number[] = [];
  const v: number[] = [];
  const x: number[] = [];
  tables.forEach((t, i) => {
    checkTable(t, i, labels, "petersTest");
    const events = t.ai + t.ci;
    const nonEvents = t.bi + t.di;
    if (!(events > 0 && nonEvents > 0)) return;
    if (!Number.isFinite(yi[i])) throw invalidOption("petersTest", `yi[${i}]`, yi[i], "a finite number");
    used.push(i);
    y.push(yi[i]!);
    v.push(1 / events + 1 / nonEvents);
    x.push(1 / (events + nonEvents));
  });
  const fit = regression(Float64Array.from(y), Float64Array.from(v), Float64Array.from(x), "petersTest");
  return result("Peters", fit, 1, dropped(tables.length, used, labels, "no events or no non-events"));
}

function regression(y: Float64Array, v: Float64Array, x: Float64Array, fn: string): RandomEffectsFit {
  if (y.length < 3) {
    throw new MetakitError("INSUFFICIENT_DATA", `${fn}: needs at least 3 informative tables, got ${y.length}`, {
      field: "tables",
      value: y.length,
    });
  }
  return fitWithPredictor(y, v, x, weightedLeastSquaresSpec({}, fn));
}

function result(test: "Harbord" | "Peters", fit: RandomEffectsFit, j: number, notes: string[]): OddsRatioTestResult {
  const { estimate, se, statistic, pval } = coefficientRow(fit, j);
  if (fit.df === undefined) throw new Error(`${test}'s test: the weighted least squares fit has no df (internal)`);
  return {
    test,
    k: fit.k,
    coefficient: estimate,
    se,
    statistic,
    pval,
    df: fit.df,
    notes: [...notes, ...smallStudyNotes(fit.k, `${test}'s test`)],
  };
}

function dropped(k: number, used: readonly number[], labels: readonly string[] | undefined, why: string): string[] {
  const kept = new Set(used);
  const left = Array.from({ length: k }, (_, i) => i).filter((i) => !kept.has(i));
  if (left.length === 0) return [];
  return [`left out (${why}): ${left.map((i) => labels?.[i] ?? String(i + 1)).join(", ")}`];
}

function checkTable(t: OddsRatioTable, i: number, labels: readonly string[] | undefined, fn: string): void {
  for (const field of ["ai", "bi", "ci", "di"] as const) {
    if (!(t[field] >= 0 && Number.isFinite(t[field]))) {
      const study = labels?.[i] ?? i;
      throw new MetakitError("INVALID_INPUT", `${fn}: ${field} of study ${study} is not a count`, { study, field, value: t[field] });
    }
  }
}
