import type { Concern, Proposal, RuleValue } from "./types.js";

/** Levels a concern costs: 0, -1, -2 ("not assessable" costs nothing). */
export function concernLevels(concern: Concern | "not assessable"): number {
  if (concern === "serious") return -1;
  if (concern === "very serious") return -2;
  return 0;
}

/** The worse of two concerns. */
export function worseConcern(a: Concern, b: Concern): Concern {
  return concernLevels(a) <= concernLevels(b) ? a : b;
}

export function concernFromLevels(levels: number): Concern {
  if (levels <= -2) return "very serious";
  if (levels === -1) return "serious";
  return "no";
}

export function makeProposal(
  concern: Concern | "not assessable",
  rule: string,
  signal: Readonly<Record<string, RuleValue>>,
  threshold: Readonly<Record<string, RuleValue>>,
  explanation: string,
  source: string,
): Proposal {
  return { concern, levels: concernLevels(concern), rule, signal, threshold, explanation, source };
}

/**
 * Shares of evidence are sums of floating-point percents; a share that is 50 up to rounding
 * must count as 50, not as "more than half". Tolerance in percentage points.
 */
export const SHARE_TOLERANCE = 1e-9;

export function moreThan(share: number, percent: number): boolean {
  return share - percent > SHARE_TOLERANCE;
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export function maybe(value: number | undefined): RuleValue {
  return value === undefined ? null : value;
}
