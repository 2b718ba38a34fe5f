/**
 * Back-transformations from an analysis scale to the reporting scale (metafor's
 * transf.* functions): exp for log ratios, inverse logit, tanh (Fisher's z to r),
 * inverse arcsine and inverse Freeman–Tukey for proportions.
 */
import { MetakitError, normalCdf } from "@metakit/base";
import type { Measure } from "./measures.js";
import { messages } from "./messages.js";

export const BACK_TRANSFORMS = ["exp", "ilogit", "tanh", "iarcsin", "ipft", "isqrt", "iirft", "ztor2", "iahw", "iabt", "iprobit", "identity"] as const;

export type BackTransformName = (typeof BACK_TRANSFORMS)[number];

const BY_MEASURE: Partial<Record<Measure, BackTransformName>> = {
  OR: "exp", RR: "exp", PETO: "exp", ROM: "exp",
  PLO: "ilogit", ZCOR: "tanh", PAS: "iarcsin", PFT: "ipft",
  IRR: "exp", IRLN: "exp", CVR: "exp", VR: "exp", MNLN: "exp", CVLN: "exp", SDLN: "exp", PLN: "exp",
  IRS: "isqrt", IRFT: "iirft",
  ZPHI: "tanh", ZTET: "tanh", ZPB: "tanh", ZBIS: "tanh", ZSPCOR: "tanh", PRZ: "iprobit", ZPCOR: "tanh", ZR2: "ztor2",
  AHW: "iahw", ABT: "iabt",
};

/** The back-transformation that puts a measure on its reporting scale ("identity" if none). */
export function backTransformOf(measure: Measure): BackTransformName {
  return BY_MEASURE[measure] ?? "identity";
}

/**
 * Inverse logit, 1 / (1 + exp(-x)).
 * @metafor transf.ilogit(x)
 * @example inverseLogit(0) // 0.5
 */
export function inverseLogit(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/**
 * Fisher's z back to a correlation, r = tanh(z).
 * @metafor transf.ztor(x)
 */
export function zToR(z: number): number {
  return Math.tanh(z);
}

/**
 * Inverse of the arcsine square-root transformation, p = sin(x)^2, with x < 0 mapped to 0
 * and x > pi/2 to 1 (as metafor).
 * @metafor transf.iarcsin(x)
 */
export function inverseArcsine(x: number): number {
  if (x < 0) return 0;
  if (x > Math.PI / 2) return 1;
  return Math.sin(x) ** 2;
}

/**
 * The Freeman–Tukey transformation on metafor's scale,
 * (asin(sqrt(p n/(n+1))) + asin(sqrt((p n + 1)/(n+1)))) / 2.
 * @metafor transf.pft(p, n)
 */
export function freemanTukey(p: number, n: number): number {
  return (Math.asin(Math.sqrt((p * n) / (n + 1))) + Math.asin(Math.sqrt((p * n + 1) / (n + 1)))) / 2;
}

/**
 * Inverse Freeman–Tukey transformation for sample size n:
 * p = (1 - sign(cos 2x) sqrt(1 - (sin 2x + (sin 2x - 1/sin 2x)/n)^2)) / 2,
 * with values beyond the transform of 0 and 1 mapped to 0 and 1 (as metafor).
 * @reference Miller (1978), Am Stat 32:138
 * @metafor transf.ipft(x, ni)
 */
export function inverseFreemanTukey(x: number, n: number): number {
  if (!(n > 0)) throw new MetakitError("INVALID_INPUT", messages.notPositive("ni", n), { field: "ni", value: n });
  if (x > freemanTukey(1, n)) return 1;
  if (x < freemanTukey(0, n)) return 0;
  const s = Math.sin(2 * x);
  const p = 0.5 * (1 - Math.sign(Math.cos(2 * x)) * Math.sqrt(1 - (s + (s - 1 / s) / n) ** 2));
  if (!Number.isFinite(p)) throw new MetakitError("INVALID_INPUT", messages.notFinite("x", x), { field: "x", value: x });
  return Math.min(1, Math.max(0, p));
}

/** Harmonic mean of sample sizes, 1 / mean(1/ni). */
export function harmonicMean(ni: readonly number[]): number {
  if (ni.length === 0) throw new MetakitError("INVALID_INPUT", messages.needsNi("PFT"), { field: "ni", value: ni });
  let sum = 0;
  for (const n of ni) {
    if (!(n > 0)) throw new MetakitError("INVALID_INPUT", messages.notPositive("ni", n), { field: "ni", value: n });
    sum += 1 / n;
  }
  return ni.length / sum;
}

/**
 * Inverse Freeman–Tukey with the harmonic mean of the studies' sample sizes, the usual
 * choice for a pooled estimate.
 * @reference Miller (1978), Am Stat 32:138
 * @metafor transf.ipft.hm(x, targs = list(ni = ni))
 */
export function inverseFreemanTukeyHarmonic(x: number, ni: readonly number[]): number {
  return inverseFreemanTukey(x, harmonicMean(ni));
}

/**
 * Inverse of the square-root transformation, x^2, with x < 0 mapped to 0 (as metafor).
 * @metafor transf.isqrt(x)
 */
export function inverseSqrt(x: number): number {
  return x < 0 ? 0 : x * x;
}

/**
 * The Freeman–Tukey transformation of an incidence rate for person-time t,
 * (sqrt(ir) + sqrt(ir + 1/t)) / 2.
 * @metafor transf.irft(ir, ti)
 */
export function freemanTukeyRate(rate: number, t: number): number {
  return (Math.sqrt(rate) + Math.sqrt(rate + 1 / t)) / 2;
}

/**
 * Inverse Freeman–Tukey transformation of an incidence rate for person-time t:
 * ir = (1/t - 8 x^2 + 16 t x^4) / (16 x^2 t), with x below the transform of 0 (and values
 * at or below machine epsilon) mapped to 0, as metafor.
 * @metafor transf.iirft(x, ti)
 */
export function inverseFreemanTukeyRate(x: number, t: number): number {
  if (!(t > 0)) throw new MetakitError("INVALID_INPUT", messages.notPositive("ti", t), { field: "ti", value: t });
  if (x < freemanTukeyRate(0, t)) return 0;
  const rate = (1 / t - 8 * x ** 2 + 16 * t * x ** 4) / (16 * x ** 2 * t);
  return rate <= Number.EPSILON ? 0 : rate;
}

/**
 * Fisher's z of a multiple correlation back to R^2, tanh(x)^2 (x < 0 mapped to 0).
 * @metafor transf.ztor(x)^2
 */
export function zToR2(x: number): number {
  return x < 0 ? 0 : Math.tanh(x) ** 2;
}

/**
 * Inverse Hakstian–Whalen transformation, 1 - (1 - x)^3, with x < 0 mapped to 0 and x > 1 to 1 (as metafor).
 * @metafor transf.iahw(x)
 */
export function inverseHakstianWhalen(x: number): number {
  if (x < 0) return 0;
  if (x > 1) return 1;
  return 1 - (1 - x) ** 3;
}

/**
 * Inverse Bonett transformation, 1 - exp(-x), with x < 0 mapped to 0 (as metafor).
 * @metafor transf.iabt(x)
 */
export function inverseBonett(x: number): number {
  return x < 0 ? 0 : 1 - Math.exp(-x);
}

export interface BackTransformOptions {
  /**
   * Sample size(s) for PFT, or person-time(s) for IRFT (metafor keeps ti as the `ni` of
   * incidence rates): one value, or the studies' values (their harmonic mean is used).
   */
  readonly ni?: number | readonly number[];
}

/**
 * A value (an estimate or a CI limit) on the measure's reporting scale: exp for OR, RR,
 * PETO and ROM; inverse logit for PLO; tanh for ZCOR; inverse arcsine for PAS; inverse
 * Freeman–Tukey for PFT (needs `ni`); unchanged for the others.
 * @example backTransform("OR", Math.log(2)) // 2
 */
export function backTransform(measure: Measure, value: number, options: BackTransformOptions = {}): number {
  if (!Number.isFinite(value)) throw new MetakitError("INVALID_INPUT", messages.notFinite("value", value), { field: "value", value });
  const result = applyBackTransform(measure, value, options);
  if (!Number.isFinite(result)) throw new MetakitError("INVALID_INPUT", messages.overflow(measure, value), { field: "value", value });
  return result;
}

function applyBackTransform(measure: Measure, value: number, options: BackTransformOptions): number {
  switch (backTransformOf(measure)) {
    case "exp":
      return Math.exp(value);
    case "ilogit":
      return inverseLogit(value);
    case "tanh":
      return zToR(value);
    case "iarcsin":
      return inverseArcsine(value);
    case "ipft": {
      const ni = options.ni;
      if (ni === undefined) throw new MetakitError("INVALID_INPUT", messages.needsNi(measure), { field: "ni", value: ni });
      return typeof ni === "number" ? inverseFreemanTukey(value, ni) : inverseFreemanTukeyHarmonic(value, ni);
    }
    case "isqrt":
      return inverseSqrt(value);
    case "iirft": {
      const ti = options.ni;
      if (ti === undefined) throw new MetakitError("INVALID_INPUT", messages.needsNi(measure), { field: "ni", value: ti });
      return inverseFreemanTukeyRate(value, typeof ti === "number" ? ti : harmonicMean(ti));
    }
    case "ztor2":
      return zToR2(value);
    case "iahw":
      return inverseHakstianWhalen(value);
    case "iabt":
      return inverseBonett(value);
    case "iprobit":
      return normalCdf(value);
    case "identity":
      return value;
  }
}
