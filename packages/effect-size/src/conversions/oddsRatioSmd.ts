/**
 * Log odds ratio <-> standardised mean difference (Chinn 2000), for combining dichotomous
 * and continuous results of the same outcome: the logistic distribution has SD pi/sqrt(3).
 */
import { check, conversion, type Conversion } from "./conversion.js";

const REFERENCE = "Chinn (2000), Stat Med 19:3127-3131; Cochrane Handbook v6.4, §10.6";
const FACTOR = Math.sqrt(3) / Math.PI;

/**
 * SMD from a log odds ratio: d = ln(OR) × sqrt(3)/pi (≈ ln(OR) / 1.81), v(d) = v(ln OR) × 3/pi^2.
 * @reference Chinn (2000), Stat Med 19:3127-3131
 * @metafor escalc("OR2DL", ai, bi, ci, di)
 */
export function logOrToSmd(input: { readonly logOr: number; readonly vi?: number }): {
  readonly smd: number;
  readonly vi?: number;
  readonly conversion: Conversion;
} {
  const logOr = check.finite("logOr", input.logOr);
  const vi = input.vi === undefined ? undefined : check.positive("vi", input.vi);
  return {
    smd: check.output("smd", logOr * FACTOR),
    ...(vi !== undefined && { vi: check.output("vi", vi * FACTOR ** 2) }),
    conversion: conversion("log-or-to-smd", "d = ln(OR) × sqrt(3)/π; v(d) = v(ln OR) × 3/π^2", REFERENCE, {
      logOr, ...(vi !== undefined && { vi }),
    }),
  };
}

/**
 * Log odds ratio from an SMD: ln(OR) = d × pi/sqrt(3) (≈ 1.81 d), v(ln OR) = v(d) × pi^2/3.
 * @reference Chinn (2000), Stat Med 19:3127-3131
 * @metafor escalc("D2ORL", m1i, sd1i, n1i, m2i, sd2i, n2i) (which converts the uncorrected d)
 */
export function smdToLogOr(input: { readonly smd: number; readonly vi?: number }): {
  readonly logOr: number;
  readonly vi?: number;
  readonly conversion: Conversion;
} {
  const smd = check.finite("smd", input.smd);
  const vi = input.vi === undefined ? undefined : check.positive("vi", input.vi);
  return {
    logOr: check.output("logOr", smd / FACTOR),
    ...(vi !== undefined && { vi: check.output("vi", vi / FACTOR ** 2) }),
    conversion: conversion("smd-to-log-or", "ln(OR) = d × π/sqrt(3); v(ln OR) = v(d) × π^2/3", REFERENCE, {
      smd, ...(vi !== undefined && { vi }),
    }),
  };
}
