import type { Conversion } from "./conversions/conversion.js";

/**
 * The effect-size measures metakit computes, with metafor's codes, and the input columns
 * (metafor's escalc argument names) each one accepts.
 */

/** Measure codes, as in metafor's `escalc(measure = ...)`. */
export const MEASURES = [
  "OR", "RR", "RD", "PETO",
  "MD", "SMD", "SMDH", "ROM",
  "PR", "PLO", "PAS", "PFT", "MN",
  "COR", "ZCOR",
  "MC", "SMCC", "SMCR",
  "GEN",
  "IRR", "IRD", "IRSD", "IR", "IRLN", "IRS", "IRFT",
  "AS", "PHI", "ZPHI", "YUQ", "YUY", "OR2DN", "OR2DL", "RTET", "ZTET",
  "SMD1", "SMD1H", "CVR", "VR", "RPB", "RBIS",
  "MNLN", "CVLN", "SDLN", "PLN",
  "UCOR", "PCOR", "ZPCOR", "SPCOR", "R2", "ZR2",
  "ZPB", "ZBIS", "ZSPCOR", "PRZ", "SMN", "SMCRP", "SMCRPH", "CLES", "AUC",
  "ARAW", "AHW", "ABT",
] as const;

export type Measure = (typeof MEASURES)[number];

/**
 * Input columns, named as metafor's escalc arguments. `mi` is the count of non-events for
 * the proportion measures (PR, PLN, PLO, PRZ, PAS, PFT), the mean for MN, SMN, MNLN and CVLN, the
 * number of predictors for PCOR, ZPCOR, SPCOR, ZSPCOR, R2 and ZR2, and the number of items for
 * ARAW, AHW and ABT (whose `ai` is Cronbach's alpha; for CLES and AUC `ai` is the CLES or
 * AUC itself), as in metafor. `ti` is a t statistic
 * for PCOR, ZPCOR and SPCOR and a person-time for IR, IRLN, IRS and IRFT; `x1i`, `x2i` are
 * event counts over person-times `t1i`, `t2i`; `r2i` is an R^2.
 */
export const ESCALC_ARGS = [
  "ai", "bi", "ci", "di", "n1i", "n2i",
  "m1i", "sd1i", "m2i", "sd2i",
  "xi", "ni", "mi", "sdi", "ri",
  "yi", "vi", "sei",
  "x1i", "x2i", "t1i", "t2i", "ti", "r2i",
] as const;

export type EscalcArg = (typeof ESCALC_ARGS)[number];

/**
 * One study's inputs; a null or absent field is missing. `conversions` records how any
 * input was derived (e.g. an SD from a CI, by sdFromCi); escalc copies it to the study's
 * row so a report can show it.
 */
export type StudyInput = { readonly study?: string; readonly conversions?: readonly Conversion[] } & {
  readonly [A in EscalcArg]?: number | null;
};

/** Sampling-variance variants (metafor's `vtype`) that metakit implements. */
export const VTYPES = ["LS", "LS2", "UB", "HO", "ST", "CS"] as const;

export type Vtype = (typeof VTYPES)[number];

type ArgSets = readonly (readonly EscalcArg[])[];

const TWO_BY_TWO: ArgSets = [
  ["ai", "bi", "ci", "di"],
  ["ai", "n1i", "ci", "n2i"],
  ["ai", "bi", "ci", "n2i"],
  ["ai", "n1i", "ci", "di"],
];
const TWO_GROUP_MEANS: ArgSets = [["m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i"]];
const PROPORTION: ArgSets = [["xi", "ni"], ["xi", "mi"]];
const INCIDENCE_TWO_GROUPS: ArgSets = [["x1i", "t1i", "x2i", "t2i"]];
const INCIDENCE: ArgSets = [["xi", "ti"]];
const ALPHA: ArgSets = [["ai", "mi", "ni"]];

const ARG_SETS: Readonly<Record<Measure, ArgSets>> = {
  OR: TWO_BY_TWO, RR: TWO_BY_TWO, RD: TWO_BY_TWO, PETO: TWO_BY_TWO,
  MD: TWO_GROUP_MEANS, SMD: TWO_GROUP_MEANS, SMDH: TWO_GROUP_MEANS, ROM: TWO_GROUP_MEANS,
  PR: PROPORTION, PLO: PROPORTION, PAS: PROPORTION, PFT: PROPORTION,
  MN: [["mi", "sdi", "ni"]],
  COR: [["ri", "ni"]], ZCOR: [["ri", "ni"]],
  MC: [["m1i", "m2i", "sd1i", "sd2i", "ri", "ni"]],
  SMCC: [["m1i", "m2i", "sd1i", "sd2i", "ri", "ni"]],
  SMCR: [["m1i", "m2i", "sd1i", "ri", "ni"]],
  GEN: [["yi", "vi"], ["yi", "sei"]],
  IRR: INCIDENCE_TWO_GROUPS, IRD: INCIDENCE_TWO_GROUPS, IRSD: INCIDENCE_TWO_GROUPS,
  IR: INCIDENCE, IRLN: INCIDENCE, IRS: INCIDENCE, IRFT: INCIDENCE,
  AS: TWO_BY_TWO, PHI: TWO_BY_TWO, ZPHI: TWO_BY_TWO, YUQ: TWO_BY_TWO, YUY: TWO_BY_TWO, OR2DN: TWO_BY_TWO, OR2DL: TWO_BY_TWO,
  RTET: TWO_BY_TWO, ZTET: TWO_BY_TWO,
  SMD1: [["m1i", "n1i", "m2i", "sd2i", "n2i"]], SMD1H: TWO_GROUP_MEANS, CVR: TWO_GROUP_MEANS,
  VR: [["sd1i", "n1i", "sd2i", "n2i"]], RPB: TWO_GROUP_MEANS, RBIS: TWO_GROUP_MEANS,
  MNLN: [["mi", "sdi", "ni"]], CVLN: [["mi", "sdi", "ni"]], SDLN: [["sdi", "ni"]],
  PLN: PROPORTION,
  UCOR: [["ri", "ni"]],
  PCOR: [["ti", "mi", "ni"]], ZPCOR: [["ti", "mi", "ni"]], SPCOR: [["ti", "mi", "ni", "r2i"]],
  R2: [["r2i", "mi", "ni"]], ZR2: [["r2i", "mi", "ni"]],
  ARAW: ALPHA, AHW: ALPHA, ABT: ALPHA,
  ZPB: TWO_GROUP_MEANS, ZBIS: TWO_GROUP_MEANS, ZSPCOR: [["ti", "mi", "ni", "r2i"]], PRZ: PROPORTION, SMN: [["mi", "sdi", "ni"]],
  SMCRP: [["m1i", "m2i", "sd1i", "sd2i", "ri", "ni"]], SMCRPH: [["m1i", "m2i", "sd1i", "sd2i", "ri", "ni"]],
  CLES: [["ai", "n1i", "n2i"]], AUC: [["ai", "n1i", "n2i"]],
};

/**
 * The column sets a measure accepts: a study is computable when every column of one set
 * is present. For 2x2 tables each group may give its non-events (`bi`, `di`) or its size
 * (`n1i`, `n2i`), as metafor fills `bi = n1i - ai`.
 * @example requiredArgs("OR") // [["ai","bi","ci","di"], ["ai","n1i","ci","n2i"], ...]
 */
export function requiredArgs(measure: Measure): readonly (readonly EscalcArg[])[] {
  return ARG_SETS[measure];
}

/** Every column a measure reads (the union of its accepted sets). */
export function measureArgs(measure: Measure): readonly EscalcArg[] {
  return ESCALC_ARGS.filter((arg) => ARG_SETS[measure].some((set) => set.includes(arg)));
}

const RATIO_MEASURES: ReadonlySet<Measure> = new Set([
  "OR", "RR", "PETO", "ROM", "IRR", "CVR", "VR", "IRLN", "MNLN", "CVLN", "SDLN", "PLN",
]);

/**
 * True for measures analysed on the log scale and reported exponentiated, on a log axis:
 * the ratios (OR, RR, PETO, ROM, IRR, CVR, VR) and the log rate, mean, CV, SD and
 * proportion (IRLN, MNLN, CVLN, SDLN, PLN).
 */
export function isRatioMeasure(measure: Measure): boolean {
  return RATIO_MEASURES.has(measure);
}

/** Type guard for a measure code given as a string. */
export function isMeasure(value: string): value is Measure {
  return (MEASURES as readonly string[]).includes(value);
}

/** The vtypes each measure supports (metafor's; the first is the default). */
export const MEASURE_VTYPES: Readonly<Record<Measure, readonly Vtype[]>> = {
  OR: ["LS"], RR: ["LS"], RD: ["LS", "UB"], PETO: ["LS"],
  MD: ["LS", "UB", "HO"], SMD: ["LS", "UB", "LS2"], SMDH: ["LS", "LS2"], ROM: ["LS", "HO"],
  PR: ["LS", "UB"], PLO: ["LS"], PAS: ["LS"], PFT: ["LS"], MN: ["LS"],
  COR: ["LS"], ZCOR: ["LS"],
  MC: ["LS"], SMCC: ["LS", "LS2"], SMCR: ["LS", "LS2"],
  GEN: ["LS"],
  IRR: ["LS"], IRD: ["LS"], IRSD: ["LS"], IR: ["LS"], IRLN: ["LS"], IRS: ["LS"], IRFT: ["LS"],
  AS: ["LS"], PHI: ["LS", "ST", "CS"], ZPHI: ["LS", "ST", "CS"], YUQ: ["LS"], YUY: ["LS"], OR2DN: ["LS"], OR2DL: ["LS"],
  RTET: ["LS"], ZTET: ["LS"],
  SMD1: ["LS", "UB", "LS2"], SMD1H: ["LS"], CVR: ["LS"], VR: ["LS"], RPB: ["LS", "ST", "CS"], RBIS: ["LS"],
  MNLN: ["LS"], CVLN: ["LS"], SDLN: ["LS"], PLN: ["LS"],
  UCOR: ["LS"], PCOR: ["LS"], ZPCOR: ["LS"], SPCOR: ["LS"], R2: ["LS", "LS2"], ZR2: ["LS"],
  ARAW: ["LS"], AHW: ["LS"], ABT: ["LS"],
  ZPB: ["LS", "ST", "CS"], ZBIS: ["LS"], ZSPCOR: ["LS"], PRZ: ["LS"], SMN: ["LS"], SMCRP: ["LS"], SMCRPH: ["LS", "LS2"], CLES: ["LS"], AUC: ["LS"],
};
