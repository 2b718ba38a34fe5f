/**
 * The result of pooling 2x2 tables by Mantel–Haenszel or Peto, and the pieces shared by
 * both: the z test and interval, and Cochran's Q with I2 and H2 as rma.mh() and
 * rma.peto() report them.
 */
import { chisqUpperTail, normalQuantile, normalTwoSidedP } from "@metakit/base";
import type { TableEffects } from "./mantel-haenszel-effects.js";
import { studyName } from "./validate-input.js";
import type { TestedEstimate } from "./estimate.js";

/** A chi-square test: statistic, degrees of freedom, upper-tail p-value. */
export interface ChiSquareTest {
  readonly statistic: number;
  readonly df: number;
  readonly pval: number;
}

/**
 * A pooled estimate from 2x2 tables. Field names match the inverse-variance result; the
 * estimate is on the analysis scale (log for OR and RR). tau2 is 0: both are
 * equal-effects methods.
 */
export interface TablePoolingResult extends TestedEstimate {
  /** Tables in the pooled estimate (after drop00 for the pooling stage). */
  readonly k: number;
  readonly method: "MH" | "PETO";
  readonly measure: "OR" | "RR" | "RD";
  readonly test: "z";
  /** Confidence level in percent. */
  readonly level: number;
  readonly tau2: 0;
  /** Cochran's Q, its degrees of freedom (tables with an effect size, minus 1) and p-value. */
  readonly QE: number;
  readonly QEdf: number;
  readonly QEp: number;
  /** I2 = max(0, 100 (QE - df) / QE), in percent. */
  readonly I2: number;
  /** H2 = QE / df. */
  readonly H2: number;
  /** Each table's share of the pooled estimate, in percent, in input order (0 for a dropped table). */
  readonly weights: readonly number[];
  readonly notes: readonly string[];
}

export interface ZInference {
  readonly statistic: number;
  readonly pval: number;
  readonly ciLower: number;
  readonly ciUpper: number;
}

/** z = estimate / se, two-sided p, and estimate -/+ z_{1 - alpha/2} se. */
export function zInference(estimate: number, se: number, alpha: number): ZInference {
  const statistic = estimate / se;
  const crit = normalQuantile(1 - alpha / 2);
  return { statistic, pval: normalTwoSidedP(statistic), ciLower: estimate - crit * se, ciUpper: estimate + crit * se };
}

export interface Heterogeneity {
  readonly QE: number;
  readonly QEdf: number;
  readonly QEp: number;
  readonly I2: number;
  readonly H2: number;
}

/**
 * QEp, I2 and H2 from Q on df degrees of freedom, as rma.mh() and rma.peto():
 * I2 = max(0, 100 (QE - df) / QE), H2 = QE / df. Without a test (df < 1, fewer than two
 * tables with an effect size) metafor reports QEp = 1, I2 = 0, H2 = 1.
 * @reference Higgins & Thompson (2002), Stat Med 21:1539-1558, eqs. 9 (I2) and 6 (H2)
 */
export function heterogeneity(QE: number, df: number): Heterogeneity {
  if (df < 1) return { QE, QEdf: Math.max(df, 0), QEp: 1, I2: 0, H2: 1 };
  const I2 = QE > 0 ? Math.max(0, (100 * (QE - df)) / QE) : 0;
  return { QE, QEdf: df, QEp: chisqUpperTail(QE, df), I2, H2: QE / df };
}

/**
 * Cochran's Q of the per-study estimates about a pooled estimate,
 * QE = sum wi (yi - beta)^2, wi = 1/vi.
 * @reference Cochran (1954), Biometrics 10:101-129
 */
export function cochranQ(yi: readonly number[], vi: readonly number[], beta: number): number {
  let QE = 0;
  for (let i = 0; i < yi.length; i++) QE += (yi[i]! - beta) ** 2 / vi[i]!;
  return Math.max(0, QE);
}

/** Weights in percent, in input order: wi for the tables in `index`, 0 elsewhere. */
export function percentWeights(k: number, index: readonly number[], wi: readonly number[]): number[] {
  let total = 0;
  for (const w of wi) total += w;
  const out = new Array<number>(k).fill(0);
  index.forEach((i, j) => {
    out[i] = total > 0 ? (100 * wi[j]!) / total : 0;
  });
  return out;
}

/**
 * Notes on the per-study effect sizes behind the heterogeneity test: escalc's notes, each
 * table left out with its reason, and the absence of a test with fewer than two tables.
 */
export function heterogeneityNotes(effects: TableEffects, labels: readonly string[] | undefined): string[] {
  const notes = effects.notes.map((note) => `heterogeneity test: ${note}`);
  for (const { index, reason } of effects.excluded) {
    notes.push(`heterogeneity test: study ${studyName(labels, index)} left out (${reason})`);
  }
  if (effects.yi.length < 2) {
    notes.push(`heterogeneity test: ${effects.yi.length} table(s) with an effect size, no test (QEp = 1, I2 = 0, H2 = 1, as metafor)`);
  }
  return notes;
}

/**
 * Notes naming the tables that add nothing to the pooled estimate (`flags[j]` for the
 * pooling-stage table j, `index` maps to input order), such as a table without events.
 */
export function uninformativeNotes(flags: readonly boolean[], index: readonly number[], labels: readonly string[] | undefined): string[] {
  const notes: string[] = [];
  flags.forEach((flag, j) => {
    if (flag) notes.push(`pooled estimate: study ${studyName(labels, index[j]!)} adds no information (weight 0)`);
  });
  return notes;
}
