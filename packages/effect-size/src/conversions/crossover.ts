/**
 * Paired (crossover or pre/post) standardised mean differences from a paired t statistic
 * or p-value and the number of completers n.
 */
import { tQuantile } from "@metakit/base";
import { hedgesCorrection } from "../hedges.js";
import { check, conversion, type Conversion } from "./conversion.js";

export interface PairedSmdOptions {
  /**
   * Assumed within-person correlation r between the two periods (or times). With it the
   * result is also given on the between-groups scale, d = d_z sqrt(2 (1 - r)).
   */
  readonly r?: number;
  /** Multiply by Hedges' exact J(n - 1) (and the variances by J^2). Default false. */
  readonly hedges?: boolean;
}

export interface PairedSmdResult {
  /** Standardised by the SD of the differences: d_z = t / sqrt(n). */
  readonly dz: number;
  /** Variance of d_z, 1/n + d_z^2 / (2 n). */
  readonly vdz: number;
  /** Between-groups scale d = d_z sqrt(2 (1 - r)), when r is given. */
  readonly d?: number;
  /** Variance of d, (1/n + d^2 / (2 n)) × 2 (1 - r), when r is given. */
  readonly vd?: number;
  readonly conversion: Conversion;
}

const REFERENCE =
  "Borenstein et al. (2009), Introduction to Meta-Analysis, eqs. 4.25-4.28; Cochrane Handbook v5.1, §16.4.6 (v6.4, §23.2.7); Elbourne et al. (2002), Int J Epidemiol 31:140-149";

function paired(t: number, n: number, options: PairedSmdOptions): Omit<PairedSmdResult, "conversion"> {
  const J = options.hedges === true ? hedgesCorrection(n - 1) : 1;
  const dzRaw = t / Math.sqrt(n);
  const dz = J * dzRaw;
  const vdz = J ** 2 * (1 / n + dzRaw ** 2 / (2 * n));
  const out = { dz: check.output("dz", dz), vdz: check.output("vdz", vdz) };
  if (options.r === undefined) return out;
  const r = check.correlation("r", options.r);
  const scale = Math.sqrt(2 * (1 - r));
  const dRaw = dzRaw * scale;
  return { ...out, d: check.output("d", J * dRaw), vd: check.output("vd", J ** 2 * (1 / n + dRaw ** 2 / (2 * n)) * 2 * (1 - r)) };
}

function formula(options: PairedSmdOptions): string {
  const base = "d_z = t / sqrt(n); v(d_z) = 1/n + d_z^2 / (2n)";
  const between = options.r === undefined ? "" : "; d = d_z × sqrt(2 (1 - r)); v(d) = (1/n + d^2 / (2n)) × 2 (1 - r)";
  const hedges = options.hedges === true ? "; all multiplied by J(n - 1), variances by J^2" : "";
  return base + between + hedges;
}

function inputsOf(options: PairedSmdOptions): Record<string, number | boolean> {
  return { ...(options.r !== undefined && { r: options.r }), hedges: options.hedges === true };
}

/**
 * Paired SMD from a paired t statistic and the number of completers n (each contributes
 * both measurements). d_z standardises by the SD of the within-person differences; with
 * an assumed correlation r, d = d_z sqrt(2 (1 - r)) is on the scale of a parallel-group SMD
 * (SD of one period), which is what a meta-analysis mixing designs needs.
 * @reference Borenstein et al. (2009), eqs. 4.25-4.28; Cochrane Handbook v5.1, §16.4.6.2-16.4.6.4
 * @metafor escalc("SMCC", ...) is d_z from means; none from t
 * @example pairedSmdFromT({ t: 0.5 / 0.583, n: 10 }, { r: 0.68 }).d // 0.217 (Handbook v5.1 §16.4.6.4)
 */
export function pairedSmdFromT(input: { readonly t: number; readonly n: number }, options: PairedSmdOptions = {}): PairedSmdResult {
  const t = check.finite("t", input.t);
  const n = check.sampleSizeForSd("n", input.n);
  return { ...paired(t, n, options), conversion: conversion("paired-smd-from-t", formula(options), REFERENCE, { t, n, ...inputsOf(options) }) };
}

/**
 * Paired SMD from the exact two-sided p-value of a paired t test: |t| = t_{n-1} quantile
 * at 1 - p/2, `sign` (1 or -1) the direction; then as pairedSmdFromT.
 * @reference Borenstein et al. (2009), eqs. 4.25-4.28; Cochrane Handbook v6.4, §6.5.2.3 and §23.2.7
 * @metafor none
 */
export function pairedSmdFromP(
  input: { readonly p: number; readonly n: number; readonly sign: 1 | -1 },
  options: PairedSmdOptions = {},
): PairedSmdResult {
  const p = check.pValue("p", input.p);
  const n = check.sampleSizeForSd("n", input.n);
  const sign = check.sign(input.sign);
  const t = sign * tQuantile(1 - p / 2, n - 1);
  return {
    ...paired(t, n, options),
    conversion: conversion("paired-smd-from-p", `t = sign × t^{-1}(1 - p/2; n - 1) = ${t}; ${formula(options)}`, REFERENCE, {
      p, n, sign, ...inputsOf(options),
    }),
  };
}

export interface PairedMdVarianceInput {
  /** SD of the within-person differences. */
  readonly sdDifference: number;
  /** Number of participants with both measurements. */
  readonly n: number;
}

/**
 * Sampling variance (and SE) of a mean within-person difference (crossover or pre/post)
 * from the SD of the differences: vi = SD_diff^2 / n, SE = SD_diff / sqrt(n), the paired
 * analysis of a crossover trial; never the parallel-group variance, which ignores the
 * within-person correlation.
 * @reference Cochrane Handbook v6.4, §23.2.7 (paired analysis, SE(MD) = SD_diff / sqrt(n)); Elbourne et al. (2002), Int J Epidemiol 31:140-149
 * @metafor escalc("MC", ...)$vi = sdi^2 / ni, with sdi the SD of the differences
 * @example pairedMdVarianceFromSd({ sdDifference: 2, n: 16 }).vi // 0.25
 */
export function pairedMdVarianceFromSd(input: PairedMdVarianceInput): { readonly vi: number; readonly se: number; readonly conversion: Conversion } {
  const sd = check.nonNegative("sdDifference", input.sdDifference);
  const n = check.positive("n", input.n);
  return {
    vi: check.output("vi", (sd * sd) / n),
    se: check.output("se", sd / Math.sqrt(n)),
    conversion: conversion(
      "paired-md-variance-from-sd",
      "vi = SD_diff^2 / n; SE = SD_diff / sqrt(n)",
      "Cochrane Handbook v6.4, §23.2.7; Elbourne et al. (2002), Int J Epidemiol 31:140-149",
      { sdDifference: sd, n },
    ),
  };
}
