/**
 * A P value as Cochrane reviews print it, the one formatter the report uses everywhere:
 * "< 0.001" below 0.001, three decimals below 0.01 ("0.007"), two decimals otherwise
 * ("0.03", "0.49", "1.00"). A value that rounds up to the next band prints in that band's
 * form (0.00996 -> "0.01").
 * @reference Cochrane Style Manual, "P values" (report exact values to two decimal places,
 *   three below 0.01, and "P < 0.001" below that); Cochrane Handbook v6.4 section 15.3.2.
 * @example formatPValue(2e-26) // "< 0.001"
 * @example formatPValue(0.0264) // "0.03"
 * @example formatPValue(0.00264) // "0.003"
 */
import { MetakitError } from "@metakit/base";

export function formatPValue(p: number): string {
  if (!(p >= 0 && p <= 1)) throw new MetakitError("INVALID_INPUT", `formatPValue: a P value must be between 0 and 1, got ${String(p)}`, { field: "pval", value: p });
  if (p < 0.001) return "< 0.001";
  if (p < 0.01) {
    const three = p.toFixed(3);
    return Number(three) >= 0.01 ? "0.01" : three;
  }
  return p.toFixed(2);
}

/** "P = 0.03", "P < 0.001": the value with its relation, for running text and plots. */
export function formatPWithRelation(p: number, symbol = "P"): string {
  const value = formatPValue(p);
  return value.startsWith("<") ? `${symbol} ${value}` : `${symbol} = ${value}`;
}
