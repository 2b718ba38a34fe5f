/** Standard errors of an effect estimate from its confidence interval or its p-value. */
import { normalQuantile, tQuantile } from "@metakit/base";
import { check, conversion, type Conversion } from "./conversion.js";

/** Scale of the reported numbers: "log" for ratio measures (OR, RR, HR), analysed as log ratios. */
export type EffectScale = "identity" | "log";

/** The two-sided critical value: z_{1-α/2}, or t_{1-α/2, df} when df is given. */
function criticalValue(level: number, df: number | undefined): number {
  const p = 1 - (1 - level / 100) / 2;
  return df === undefined ? normalQuantile(p) : tQuantile(p, check.positive("df", df));
}

function onScale(field: string, value: number, scale: EffectScale): number {
  return scale === "log" ? Math.log(check.positive(field, value)) : check.finite(field, value);
}

export interface SeFromCiInput {
  readonly lower: number;
  readonly upper: number;
  /** Confidence level: 95 and 0.95 both mean 95%, as metafor reads it. Default 95. */
  readonly level?: number;
  /** "log" for a ratio (OR, RR, HR) reported on its natural scale. Default "identity". */
  readonly scale?: EffectScale;
  /** Degrees of freedom when the interval came from a t distribution (small-sample means). */
  readonly df?: number;
}

/**
 * Standard error from a confidence interval: SE = (upper - lower) / (2 z_{1-α/2}),
 * 3.92 for a 95% interval; for ratio measures the limits are logged first, giving the SE
 * of the log ratio; with `df`, t_{1-α/2, df} replaces z (intervals from a t test).
 * @reference Cochrane Handbook v6.4 (Higgins, Li, Deeks 2023), §6.3.1 (difference measures) and §6.3.2 (ratio measures)
 * @metafor none (by hand: (log(ub) - log(lb)) / (2 * qnorm(.975)))
 * @example seFromCi({ lower: 0.1343, upper: 1.2574, scale: "log" }).se // 0.5706 (dat.bcg study 1, RR)
 */
export function seFromCi(input: SeFromCiInput): { readonly se: number; readonly estimate: number; readonly conversion: Conversion } {
  const scale = input.scale ?? "identity";
  const level = check.level(input.level, "seFromCi");
  const lower = onScale("lower", input.lower, scale);
  const upper = onScale("upper", input.upper, scale);
  check.ordered("lower", input.lower, "upper", input.upper);
  const crit = criticalValue(level, input.df);
  const se = check.output("se", (upper - lower) / (2 * crit));
  const quantile = input.df === undefined ? "z" : `t(df = ${input.df})`;
  const formula =
    scale === "log"
      ? `SE = (ln(upper) - ln(lower)) / (2 × ${quantile}_{1-α/2}), ${quantile}_{1-α/2} = ${crit}`
      : `SE = (upper - lower) / (2 × ${quantile}_{1-α/2}), ${quantile}_{1-α/2} = ${crit}`;
  return {
    se,
    estimate: (lower + upper) / 2,
    conversion: conversion("se-from-ci", formula, "Cochrane Handbook v6.4, §6.3.1-6.3.2", {
      lower: input.lower, upper: input.upper, level, scale, ...(input.df !== undefined && { df: input.df }),
    }),
  };
}

export interface SeFromPInput {
  /** The estimate (a ratio on its natural scale when scale = "log"). */
  readonly estimate: number;
  /** Two-sided p-value, 0 < p < 1. */
  readonly p: number;
  readonly scale?: EffectScale;
  /** Degrees of freedom when the p-value came from a t test. */
  readonly df?: number;
}

/**
 * Standard error from a two-sided p-value and the estimate: z = Φ^{-1}(1 - p/2) (or the t
 * quantile with `df`), SE = |estimate| / z; for ratio measures the estimate is logged
 * first. An exact p-value is needed: "p < 0.05" gives only a bound.
 * @reference Cochrane Handbook v6.4, §6.3.1-6.3.2; Altman & Bland (2011), BMJ 343:d2090
 * @metafor none (by hand: abs(yi) / qnorm(1 - p/2))
 */
export function seFromP(input: SeFromPInput): { readonly se: number; readonly conversion: Conversion } {
  const scale = input.scale ?? "identity";
  const p = check.pValue("p", input.p);
  const estimate = onScale("estimate", input.estimate, scale);
  const stat = input.df === undefined ? normalQuantile(1 - p / 2) : tQuantile(1 - p / 2, check.positive("df", input.df));
  check.nonZero("estimate", estimate, input.estimate);
  const se = Math.abs(estimate) / stat;
  const quantile = input.df === undefined ? "Φ^{-1}(1 - p/2)" : `t^{-1}(1 - p/2; df = ${input.df})`;
  const logged = scale === "log" ? "ln(estimate)" : "estimate";
  return {
    se: check.output("se", se),
    conversion: conversion("se-from-p", `SE = |${logged}| / ${quantile}, statistic = ${stat}`, "Cochrane Handbook v6.4, §6.3.1-6.3.2", {
      estimate: input.estimate, p, scale, ...(input.df !== undefined && { df: input.df }),
    }),
  };
}

export interface SeFromTInput {
  /** The estimate on its analysis scale (a difference, or a log ratio). */
  readonly estimate: number;
  /** The test statistic of the estimate against 0 (a t or z value; its sign is ignored). */
  readonly t: number;
}

/**
 * Standard error from an estimate and its test statistic: t = estimate / SE, so
 * SE = |estimate / t| (any t or z statistic of the estimate against 0, e.g. a paired t).
 * @reference Cochrane Handbook v6.4, §6.5.2.3 (SE = MD / t); §23.2.7 for a paired t from a crossover trial
 * @metafor none (by hand: abs(yi / t))
 * @example seFromT({ estimate: -1.2, t: -2.4 }).se // 0.5
 */
export function seFromT(input: SeFromTInput): { readonly se: number; readonly conversion: Conversion } {
  const estimate = check.finite("estimate", input.estimate);
  const t = check.notZero("t", input.t);
  const se = check.output("se", Math.abs(estimate / t));
  return { se, conversion: conversion("se-from-t", "SE = |estimate / t|", "Cochrane Handbook v6.4, §6.5.2.3", { estimate, t }) };
}
