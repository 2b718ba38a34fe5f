/**
 * metafor's conv.2x2() for comparative studies: the cells of a 2x2 table from its total
 * ni, its margins n1i (group 1's size, ai + bi) and n2i (the events in both groups,
 * ai + ci), and one statistic of association: an odds ratio, a phi coefficient, or a
 * signed chi-square statistic (with or without Yates' correction).
 */
import { MetakitError } from "@metakit/base";
import { messages } from "../messages.js";
import { check, conversion, type Conversion } from "./conversion.js";

export interface TableFromMarginsInput {
  /** Total sample size (rounded, as metafor). */
  readonly ni: number;
  /** Row margin: the size of group 1, ai + bi. */
  readonly n1i: number;
  /** Column margin: the events in both groups, ai + ci. */
  readonly n2i: number;
  /** The odds ratio (metafor's `ori`); used first when given. */
  readonly or?: number;
  /** The phi coefficient (metafor's `ri`). */
  readonly phi?: number;
  /** The chi-square statistic, signed as the association (metafor's `x2i`). */
  readonly chisq?: number;
  /** Whether the chi-square statistic had Yates' continuity correction. Default true, as metafor. */
  readonly correct?: boolean;
}

export interface TableFromMarginsResult {
  readonly ai: number;
  readonly bi: number;
  readonly ci: number;
  readonly di: number;
  readonly conversion: Conversion;
}

/**
 * p11 = ai/ni from the odds ratio as the root of OR = p11 (1 - p1 - p2 + p11) / ((p1 - p11)(p2 - p11)):
 * p11 = (x - sqrt(x^2 - 4 p1 p2 OR (OR - 1))) / (2 (OR - 1)), x = OR (p1 + p2) + 1 - p1 - p2
 * (p11 = p1 p2 for OR = 1), with p1 = n1i/ni, p2 = n2i/ni; or from phi,
 * p11 = p1 p2 + phi sqrt(p1 (1 - p1) p2 (1 - p2)), with phi from a chi-square statistic as
 * sign(X2) (sqrt(|X2|/ni) + [Yates] ni / (2 sqrt(n1i (ni - n1i) n2i (ni - n2i)))).
 * ai = round(ni p11) (to even at .5, as R), bi = n1i - ai, ci = n2i - ai, di = the rest.
 * @reference Bonett (2007), Psychol Methods 12:434-447 (phi and its margins); Yule (1912), J R Stat Soc 75:579-652 (the odds ratio's quadratic)
 * @metafor conv.2x2(ori, ri, x2i, ni, n1i, n2i, correct) (metafor >= 4.0; not in 3.8-1)
 * @example tableFromMargins({ ni: 200, n1i: 100, n2i: 60, or: 2.5 }) // ai 39, bi 61, ci 21, di 79
 */
export function tableFromMargins(input: TableFromMarginsInput): TableFromMarginsResult {
  const ni = Math.round(check.positive("ni", input.ni));
  const n1i = Math.round(check.nonNegative("n1i", input.n1i));
  const n2i = Math.round(check.nonNegative("n2i", input.n2i));
  if (n1i > ni) throw bad("n1i", n1i, messages.eventsExceedN("n1i", n1i, "ni", ni));
  if (n2i > ni) throw bad("n2i", n2i, messages.eventsExceedN("n2i", n2i, "ni", ni));
  const p1 = n1i / ni;
  const p2 = n2i / ni;
  const { p11, field, formula } = jointProportion(input, ni, n1i, n2i, p1, p2);
  const ai = roundHalfEven(ni * p11);
  const cells = { ai, bi: n1i - ai, ci: n2i - ai, di: ni - n1i - n2i + ai };
  if (!Object.values(cells).every((c) => c >= 0)) {
    throw bad(field, input[field as "or" | "phi" | "chisq"], messages.negativeCell(field));
  }
  const inputs = { ni, n1i, n2i, ...definedOf(input) };
  return { ...cells, conversion: conversion("table-from-margins", formula, "metafor conv.2x2(); Bonett (2007)", inputs) };
}

function jointProportion(input: TableFromMarginsInput, ni: number, n1i: number, n2i: number, p1: number, p2: number) {
  if (input.or !== undefined) {
    const or = check.positive("or", input.or);
    if (or === 1) return { p11: p1 * p2, field: "or", formula: "OR = 1: ai = round(n1i n2i / ni)" };
    const x = or * (p1 + p2) + (1 - p1) - p2;
    const y = Math.sqrt(x ** 2 - 4 * p1 * p2 * or * (or - 1));
    return { p11: (x - y) / (2 * (or - 1)), field: "or", formula: "ai = round(ni (x - sqrt(x^2 - 4 p1 p2 OR (OR - 1))) / (2 (OR - 1)))" };
  }
  let phi = input.phi;
  let field = "phi";
  if (phi === undefined && input.chisq !== undefined) {
    const x2 = check.finite("chisq", input.chisq);
    const yates = (input.correct ?? true) ? ni / (2 * Math.sqrt(n1i * (ni - n1i) * n2i * (ni - n2i))) : 0;
    phi = Math.sign(x2) * (Math.sqrt(Math.abs(x2) / ni) + yates);
    field = "chisq";
  }
  if (phi === undefined) throw bad("or", undefined, messages.marginsNeed());
  if (field === "phi" && !(phi >= -1 && phi <= 1)) throw bad("phi", phi, messages.correlation("phi", phi));
  const p11 = p1 * p2 + phi * Math.sqrt(p1 * (1 - p1) * p2 * (1 - p2));
  return { p11, field, formula: "ai = round(ni (p1 p2 + phi sqrt(p1 (1 - p1) p2 (1 - p2))))" };
}

/** R's round(): to the nearest integer, halves to even (IEC 60559). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function definedOf(input: TableFromMarginsInput): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  if (input.or !== undefined) out["or"] = input.or;
  if (input.phi !== undefined) out["phi"] = input.phi;
  if (input.chisq !== undefined) out["chisq"] = input.chisq;
  if (input.chisq !== undefined) out["correct"] = input.correct ?? true;
  return out;
}

function bad(field: string, value: unknown, message: string): MetakitError {
  return new MetakitError("INVALID_INPUT", message, { field, value });
}
