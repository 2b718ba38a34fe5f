/** Cluster-randomised trials analysed as if individually randomised: the design effect. */
import { check, conversion, type Conversion } from "./conversion.js";

const REFERENCE = "Cochrane Handbook v6.4, §23.1.4; Donner & Klar (2000), Design and Analysis of Cluster Randomization Trials";

/**
 * Design effect, DE = 1 + (m - 1) ICC, m the average cluster size and ICC the
 * intracluster correlation; the effective sample size is n / DE (and events / DE for
 * dichotomous outcomes), and variances from an analysis ignoring clustering are multiplied by DE.
 * @reference Cochrane Handbook v6.4, §23.1.4
 * @metafor none
 * @example designEffect({ m: 10, icc: 0.05 }).designEffect // 1.45
 */
export function designEffect(input: { readonly m: number; readonly icc: number }): { readonly designEffect: number; readonly conversion: Conversion } {
  const m = check.positive("m", input.m);
  const icc = check.proportion("icc", input.icc);
  return {
    designEffect: check.output("designEffect", 1 + (m - 1) * icc),
    conversion: conversion("design-effect", "DE = 1 + (m - 1) × ICC", REFERENCE, { m, icc }),
  };
}

/**
 * Effective sample size of a cluster trial, n / DE, DE = 1 + (m - 1) ICC; use it (and
 * events / DE) in place of n when the trial's analysis ignored clustering.
 * @reference Cochrane Handbook v6.4, §23.1.4
 * @metafor none
 */
export function effectiveSampleSize(input: { readonly n: number; readonly m: number; readonly icc: number }): {
  readonly n: number;
  readonly designEffect: number;
  readonly conversion: Conversion;
} {
  const n = check.positive("n", input.n);
  const { designEffect: de } = designEffect(input);
  return {
    n: check.output("n", n / de),
    designEffect: de,
    conversion: conversion("design-effect", "n_effective = n / (1 + (m - 1) × ICC)", REFERENCE, { n, m: input.m, icc: input.icc }),
  };
}
