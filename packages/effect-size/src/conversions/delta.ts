/**
 * metafor's conv.delta(): an effect and its sampling variance moved to another scale by the
 * (first-order) delta method, yi' = f(yi), vi' = f'(yi)^2 vi, for the transformations
 * metafor's transf.* functions name. metakit uses the exact derivative where metafor
 * differentiates numerically (numDeriv::grad, Richardson extrapolation).
 */
import { MetakitError } from "@metakit/base";
import { messages } from "../messages.js";
import { inverseLogit } from "../transforms.js";
import { check, conversion, type Conversion } from "./conversion.js";

/** Transformations by metafor's names: exp, log, ztor (tanh), rtoz (atanh), logit, ilogit. */
export const DELTA_TRANSFORMS = ["exp", "log", "ztor", "rtoz", "logit", "ilogit"] as const;

export type DeltaTransform = (typeof DELTA_TRANSFORMS)[number];

interface Differentiable {
  readonly f: (x: number) => number;
  readonly df: (x: number) => number;
  /** Where f is defined; NaN-safe (false for NaN). */
  readonly domain: (x: number) => boolean;
  readonly formula: string;
}

const TRANSFORMS: Readonly<Record<DeltaTransform, Differentiable>> = {
  exp: { f: Math.exp, df: Math.exp, domain: () => true, formula: "exp(y); vi' = exp(y)^2 vi" },
  log: { f: Math.log, df: (x) => 1 / x, domain: (x) => x > 0, formula: "log(y); vi' = vi / y^2" },
  ztor: { f: Math.tanh, df: (x) => 1 - Math.tanh(x) ** 2, domain: () => true, formula: "tanh(y); vi' = (1 - tanh(y)^2)^2 vi" },
  rtoz: { f: Math.atanh, df: (x) => 1 / (1 - x * x), domain: (x) => x > -1 && x < 1, formula: "atanh(y); vi' = vi / (1 - y^2)^2" },
  logit: { f: (x) => Math.log(x / (1 - x)), df: (x) => 1 / (x * (1 - x)), domain: (x) => x > 0 && x < 1, formula: "log(y/(1-y)); vi' = vi / (y(1-y))^2" },
  ilogit: {
    f: inverseLogit,
    df: (x) => inverseLogit(x) * (1 - inverseLogit(x)),
    domain: () => true,
    formula: "1/(1+exp(-y)); vi' = (p(1-p))^2 vi",
  },
};

/**
 * yi' = f(yi), vi' = f'(yi)^2 vi (first-order delta method).
 * @reference Oehlert (1992), Am Stat 46:27-29; Ver Hoef (2012), Am Stat 66:124-127
 * @metafor conv.delta(yi, vi, transf = exp | log | transf.ztor | transf.rtoz | transf.logit | transf.ilogit) (metafor >= 4.0; not in 3.8-1)
 * @example deltaMethod({ yi: 0.5, vi: 0.04 }, "ztor") // yi 0.4621, vi 0.02518
 */
export function deltaMethod(
  input: { readonly yi: number; readonly vi: number },
  transform: DeltaTransform,
): { readonly yi: number; readonly vi: number; readonly conversion: Conversion } {
  const t = TRANSFORMS[transform];
  if (t === undefined) {
    throw new MetakitError("INVALID_INPUT", messages.deltaTransform(transform, DELTA_TRANSFORMS), { field: "transf", value: transform });
  }
  const yi = check.finite("yi", input.yi);
  const vi = check.nonNegative("vi", input.vi);
  if (!t.domain(yi)) throw new MetakitError("INVALID_INPUT", messages.outsideDomain("yi", yi, transform), { field: "yi", value: yi });
  return {
    yi: check.output("yi", t.f(yi)),
    vi: check.output("vi", t.df(yi) ** 2 * vi),
    conversion: conversion("delta", `y' = ${t.formula}`, "Oehlert (1992), Am Stat 46:27-29; metafor conv.delta()", { yi, vi, transf: transform }),
  };
}
