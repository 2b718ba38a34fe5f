/**
 * metafor's conv.wald(): an estimate and its sampling variance from what a paper reports
 * about a Wald-type test — the estimate with a confidence interval, or with a z statistic
 * or a two-sided p-value. Ratios (OR, RR, HR) are log-transformed first (`transf: "log"`).
 */
import { normalQuantile } from "@metakit/base";
import { MetakitError } from "@metakit/base";
import { messages } from "../messages.js";
import { check, conversion, type Conversion } from "./conversion.js";

export interface WaldInput {
  /** The reported estimate (metafor's `out`), on its reported scale. */
  readonly out: number;
  /** Lower and upper confidence limits (`ci.lb`, `ci.ub`); the upper alone is enough. */
  readonly ciLower?: number;
  readonly ciUpper?: number;
  /** The Wald z statistic (`zval`), used when there is no upper limit. */
  readonly zval?: number;
  /** The two-sided p-value (`pval`), used when there is neither an upper limit nor z. */
  readonly pval?: number;
  /** Confidence level of the interval, 95 or 0.95 (default 95). */
  readonly level?: number;
  /** "log" when the estimate and limits are ratios reported on their natural scale. Default "none". */
  readonly transf?: "none" | "log";
}

export interface WaldResult {
  readonly yi: number;
  readonly vi: number;
  readonly conversion: Conversion;
  /** E.g. that the estimate is not halfway between the limits (metafor's check). */
  readonly notes: readonly string[];
}

/** metafor's cifac: an estimate further than 10% of the CI width from its midpoint is flagged. */
const ASYMMETRY = 0.1;

/**
 * yi = transf(out); vi from, in metafor's order of preference:
 * ((ub - lb) / (2 z))^2 with both limits, ((ub - yi) / z)^2 with the upper limit only
 * (z = z_{1-α/2}, limits transformed as yi), else (yi / zval)^2, with
 * zval = z_{1-p/2} from a two-sided p-value. A note says when yi is not halfway between the
 * limits (|(lb + ub)/2 - yi| > 0.1 (ub - lb)), as metafor's warning.
 * @reference Cochrane Handbook v6.4, §6.3.1-6.3.2 (SE from a CI or a p-value); Altman & Bland (2011), BMJ 343:d2090
 * @metafor conv.wald(out, ci.lb, ci.ub, zval, pval, level, transf) (metafor >= 4.0; not in 3.8-1)
 * @example waldToEffect({ out: 0.41, ciLower: 0.13, ciUpper: 1.26, transf: "log" }) // yi -0.8916, vi 0.3361
 */
export function waldToEffect(input: WaldInput): WaldResult {
  const transf = input.transf ?? "none";
  if (transf !== "none" && transf !== "log") {
    throw new MetakitError("INVALID_INPUT", messages.transf(transf), { field: "transf", value: transf });
  }
  const level = check.level(input.level, "waldToEffect");
  const scale = (field: string, x: number) => (transf === "log" ? Math.log(check.positive(field, x)) : check.finite(field, x));
  const yi = scale("out", input.out);
  const z = normalQuantile(1 - (1 - level / 100) / 2);
  const lower = input.ciLower === undefined ? undefined : scale("ciLower", input.ciLower);
  const upper = input.ciUpper === undefined ? undefined : scale("ciUpper", input.ciUpper);
  if (lower !== undefined && upper !== undefined) check.ordered("ciLower", lower, "ciUpper", upper);
  const inputs = { out: input.out, transf, level, ...defined({ ciLower: input.ciLower, ciUpper: input.ciUpper, zval: input.zval, pval: input.pval }) };
  if (upper !== undefined) {
    const vi = lower !== undefined ? ((upper - lower) / (2 * z)) ** 2 : ((upper - yi) / z) ** 2;
    const notes = lower !== undefined && Math.abs((lower + upper) / 2 - yi) / (upper - lower) > ASYMMETRY ? [messages.notes.notHalfway()] : [];
    const formula = lower !== undefined ? "vi = ((ub - lb) / (2 z))^2" : "vi = ((ub - yi) / z)^2";
    return { yi, vi: check.output("vi", positiveVariance(vi)), conversion: conversion("wald", formula, REFERENCE, inputs), notes };
  }
  const zval = input.zval !== undefined ? check.finite("zval", input.zval) : zFromP(input.pval);
  check.nonZero("zval", zval, input.zval ?? input.pval ?? zval);
  const vi = (yi / zval) ** 2;
  return { yi, vi: check.output("vi", positiveVariance(vi)), conversion: conversion("wald", "vi = (yi / zval)^2", REFERENCE, inputs), notes: [] };
}

const REFERENCE = "Cochrane Handbook v6.4, §6.3.1-6.3.2; metafor conv.wald()";

function zFromP(pval: number | undefined): number {
  if (pval === undefined) throw new MetakitError("INVALID_INPUT", messages.waldNeeds(), { field: "ciUpper", value: undefined });
  return normalQuantile(1 - check.pValue("pval", pval) / 2);
}

/** A variance of 0 (e.g. an upper limit equal to the estimate) is no variance. */
function positiveVariance(vi: number): number {
  if (!(vi > 0)) throw new MetakitError("INVALID_INPUT", messages.notPositive("vi", vi), { field: "vi", value: vi });
  return vi;
}

function defined(values: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, number] => e[1] !== undefined));
}
