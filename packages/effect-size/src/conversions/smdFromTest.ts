/** Standardised mean differences from a two-sample t statistic or p-value and the group sizes. */
import { tQuantile } from "@metakit/base";
import { hedgesCorrection } from "../hedges.js";
import { check, conversion, type Conversion } from "./conversion.js";

export interface SmdFromTestResult {
  /** Cohen's d, t sqrt(1/n1 + 1/n2). */
  readonly d: number;
  /** Hedges' g, J(n1 + n2 - 2) d: metafor's SMD. */
  readonly yi: number;
  /** Large-sample variance of g, 1/n1 + 1/n2 + g^2 / (2 (n1 + n2)) (metafor's vtype "LS"). */
  readonly vi: number;
  readonly conversion: Conversion;
}

function fromT(t: number, n1: number, n2: number): Omit<SmdFromTestResult, "conversion"> {
  const d = t * Math.sqrt(1 / n1 + 1 / n2);
  const yi = hedgesCorrection(n1 + n2 - 2) * d;
  const vi = 1 / n1 + 1 / n2 + yi ** 2 / (2 * (n1 + n2));
  return { d: check.output("d", d), yi: check.output("yi", yi), vi: check.output("vi", vi) };
}

const SMD_FORMULA = "d = t × sqrt(1/n1 + 1/n2); g = J(n1 + n2 - 2) × d; v = 1/n1 + 1/n2 + g^2 / (2 (n1 + n2))";
const SMD_REFERENCE = "Borenstein et al. (2009), Introduction to Meta-Analysis, eqs. 4.18-4.24; Cochrane Handbook v6.4, §6.5.2.3";

/**
 * SMD (Hedges' g, exact correction) and its variance from an independent-samples t
 * statistic (equal-variance t test) and the group sizes; the sign of t gives the direction
 * (group 1 minus group 2).
 * @reference Borenstein et al. (2009), eqs. 4.18-4.24; Cochrane Handbook v6.4, §6.5.2.3
 * @metafor escalc("SMD", ti = t, n1i = n1, n2i = n2)
 */
export function smdFromT(input: { readonly t: number; readonly n1: number; readonly n2: number }): SmdFromTestResult {
  const t = check.finite("t", input.t);
  const n1 = check.positive("n1", input.n1);
  const n2 = check.positive("n2", input.n2);
  check.sampleSizeForSd("n1 + n2 - 1", n1 + n2 - 1);
  return { ...fromT(t, n1, n2), conversion: conversion("smd-from-t", SMD_FORMULA, SMD_REFERENCE, { t, n1, n2 }) };
}

/**
 * SMD from an exact two-sided p-value of an independent-samples t test: |t| is the
 * t_{n1+n2-2} quantile at 1 - p/2, and `sign` (1 or -1) gives the direction, which a
 * p-value does not carry. Then as smdFromT.
 * @reference Cochrane Handbook v6.4, §6.5.2.3; Borenstein et al. (2009), eqs. 4.18-4.24
 * @metafor escalc("SMD", ti = sign * qt(p/2, n1 + n2 - 2, lower.tail = FALSE), n1i, n2i)
 */
export function smdFromP(input: { readonly p: number; readonly n1: number; readonly n2: number; readonly sign: 1 | -1 }): SmdFromTestResult {
  const p = check.pValue("p", input.p);
  const n1 = check.positive("n1", input.n1);
  const n2 = check.positive("n2", input.n2);
  const sign = check.sign(input.sign);
  check.sampleSizeForSd("n1 + n2 - 1", n1 + n2 - 1);
  const t = sign * tQuantile(1 - p / 2, n1 + n2 - 2);
  return {
    ...fromT(t, n1, n2),
    conversion: conversion("smd-from-p", `t = sign × t^{-1}(1 - p/2; n1 + n2 - 2) = ${t}; ${SMD_FORMULA}`, SMD_REFERENCE, { p, n1, n2, sign }),
  };
}
