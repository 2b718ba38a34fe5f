/**
 * Numbers as RevMan prints them under a forest plot. Formatting only: every statistic is
 * computed elsewhere and passed in.
 *
 * Conventions (RevMan 5 and RevMan Web, as printed in Cochrane reviews):
 * - P values: the report's one formatter, @metakit/grade's formatPValue, in the Cochrane
 *   style manual's form: "P < 0.001", "P = 0.003", "P = 0.04", "P = 1.00".
 * - Tau², Chi², Z and effects with two decimals; I² as a whole percentage; df as an integer.
 * - I² under a forest plot is RevMan's, from Q and its df: I² = max(0, (Q - df) / Q)
 *   (Higgins & Thompson 2002, Stat Med 21:1539, eq. 10; Deeks et al., Cochrane Handbook
 *   v6.4 section 10.10.2), so the same Chi² and df always print the same I². metafor's
 *   I² from tau² is printed only where its output is mirrored, labelled as such.
 * - Z is printed as its absolute value, as RevMan does.
 */
import { MetakitError } from "@metakit/base";
import { formatPWithRelation } from "@metakit/grade";
import { messages } from "../messages.js";

function requireFinite(field: string, value: number): void {
  if (!Number.isFinite(value)) throw new MetakitError("INVALID_INPUT", messages.notFinite(field, value), { field, value });
}

/** A fixed-point text of zero with a minus sign: "-0", "-0.00". */
const NEGATIVE_ZERO = /^-0(\.0*)?$/;

/** Fixed decimals without "-0.00": a value that rounds to zero prints as zero. */
export function formatFixed(value: number, digits: number): string {
  requireFinite("value", value);
  const text = value.toFixed(digits);
  // "-0.00" (a small negative rounded to zero) is shown as "0.00"; only a text with a sign can be one
  return text.charCodeAt(0) === 45 && NEGATIVE_ZERO.test(text) ? text.slice(1) : text;
}

/**
 * A P value with its "P" and relation, in the report's one format (@metakit/grade's
 * formatPValue).
 * @example formatP(2e-26) // "P < 0.001"
 * @example formatP(0.00264) // "P = 0.003"
 * @example formatP(0.0412) // "P = 0.04"
 */
export function formatP(p: number): string {
  if (!(p >= 0 && p <= 1)) throw new MetakitError("INVALID_INPUT", messages.pValue(p), { field: "pval", value: p });
  return formatPWithRelation(p);
}

/**
 * RevMan's I² in percent from Cochran's Q and its degrees of freedom: max(0, (Q - df) / Q).
 * @reference Higgins & Thompson (2002), Stat Med 21:1539-1558, eq. 10; Cochrane Handbook
 *   v6.4 section 10.10.2
 * @example i2FromQ(152.233, 12) // 92.1 (dat.bcg; metafor's tau²-based I² is 92.2)
 */
export function i2FromQ(Q: number, df: number): number {
  requireFinite("Q", Q);
  return Q > df && Q > 0 ? (100 * (Q - df)) / Q : 0;
}

/** Q test of heterogeneity, and tau² when a random-effects model was fitted; I² is computed from Q and df. */
export interface HeterogeneityNumbers {
  readonly tau2?: number;
  readonly QE: number;
  readonly df: number;
  readonly QEp: number;
  /** metafor's I² (from tau²) in percent; not printed under a plot (RevMan's I² from Q is). */
  readonly I2?: number;
}

function formatI2(I2: number): string {
  if (!(I2 >= 0 && I2 <= 100)) throw new MetakitError("INVALID_INPUT", messages.percent("I2", I2), { field: "I2", value: I2 });
  return `I² = ${Math.round(I2)}%`;
}

function formatDf(df: number): string {
  if (!(Number.isInteger(df) && df >= 0)) throw new MetakitError("INVALID_INPUT", messages.df(df), { field: "df", value: df });
  return String(df);
}

/**
 * RevMan's heterogeneity line; I² from Q and df (i2FromQ), as RevMan computes it.
 * @example heterogeneityText({ tau2: 0.3132, QE: 152.233, df: 12, QEp: 2e-26 })
 * // "Heterogeneity: Tau² = 0.31; Chi² = 152.23, df = 12 (P < 0.001); I² = 92%"
 */
export function heterogeneityText(h: HeterogeneityNumbers): string {
  requireFinite("QE", h.QE);
  const tau = h.tau2 === undefined ? "" : `Tau² = ${formatTau2(h.tau2)}; `;
  return `Heterogeneity: ${tau}Chi² = ${formatFixed(h.QE, 2)}, df = ${formatDf(h.df)} (${formatP(h.QEp)}); ${formatI2(i2FromQ(h.QE, h.df))}`;
}

function formatTau2(tau2: number): string {
  if (!(tau2 >= 0)) throw new MetakitError("INVALID_INPUT", messages.negative("tau2", tau2), { field: "tau2", value: tau2 });
  return formatFixed(tau2, 2);
}

/** The test of the pooled effect: a z test, or a t test with its df (Knapp–Hartung). */
export type OverallEffectNumbers =
  | { readonly statistic: "z"; readonly value: number; readonly pval: number }
  | { readonly statistic: "t"; readonly value: number; readonly df: number; readonly pval: number };

/**
 * @example overallEffectText({ statistic: "z", value: -3.974, pval: 7.05e-5 })
 * // "Test for overall effect: Z = 3.97 (P < 0.0001)"
 */
export function overallEffectText(test: OverallEffectNumbers): string {
  requireFinite("statistic", test.value);
  const size = formatFixed(Math.abs(test.value), 2);
  const stat = test.statistic === "z" ? `Z = ${size}` : `t = ${size}, df = ${formatDf(test.df)}`;
  return `Test for overall effect: ${stat} (${formatP(test.pval)})`;
}

/** Q test for differences between subgroups; its I² is computed from QM and df, as RevMan does. */
export interface SubgroupDifferenceNumbers {
  readonly QM: number;
  readonly df: number;
  readonly QMp: number;
  /** Ignored: RevMan's I² from QM and df is printed (i2FromQ). */
  readonly I2?: number;
}

/**
 * @example subgroupDifferencesText({ QM: 1.86, df: 2, QMp: 0.394, I2: 0 })
 * // "Test for subgroup differences: Chi² = 1.86, df = 2 (P = 0.39), I² = 0%"
 */
export function subgroupDifferencesText(s: SubgroupDifferenceNumbers): string {
  requireFinite("QM", s.QM);
  return `Test for subgroup differences: Chi² = ${formatFixed(s.QM, 2)}, df = ${formatDf(s.df)} (${formatP(s.QMp)}), ${formatI2(i2FromQ(s.QM, s.df))}`;
}

/** An effect with its interval, "0.41 [0.13, 1.26]". */
export function formatEffectCi(estimate: number, lower: number, upper: number, digits = 2): string {
  return `${formatFixed(estimate, digits)} [${formatFixed(lower, digits)}, ${formatFixed(upper, digits)}]`;
}

/** An interval alone, "[0.15, 1.55]" (prediction intervals). */
export function formatInterval(lower: number, upper: number, digits = 2): string {
  return `[${formatFixed(lower, digits)}, ${formatFixed(upper, digits)}]`;
}

/** A weight in percent with one decimal, "10.2%". */
export function formatWeight(percent: number): string {
  return `${formatFixed(percent, 1)}%`;
}

/** A data value (mean, SD) as short as it can be: at most `digits` decimals, no trailing zeros. */
export function formatData(value: number, digits = 2): string {
  requireFinite("value", value);
  return String(Number(formatFixed(value, digits)));
}
