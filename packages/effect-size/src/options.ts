/**
 * escalc's options: one typed object with documented defaults, normalised once at the
 * edge (metafor's defaults: add = 1/2, to = "only0", drop00 = FALSE, vtype = "LS").
 */
import { MetakitError, readLevel } from "@metakit/base";
import { MEASURE_VTYPES, MEASURES, isMeasure, type Measure, type Vtype } from "./measures.js";
import { messages } from "./messages.js";

/** Which studies receive the continuity correction `add` (metafor's `to`). */
export const ZERO_CELL_RULES = ["only0", "all", "if0all", "none"] as const;

export type ZeroCellRule = (typeof ZERO_CELL_RULES)[number];

/**
 * Whether a 2x2 table gets the continuity correction `add` under metafor's `to` rule:
 * "only0" a table with a zero cell, "all" every table, "if0all" every table when any
 * table (of those kept) has a zero cell, "none" no table.
 * @metafor escalc(..., add, to)
 */
export function receivesCorrection(to: ZeroCellRule, add: number, tableHasZero: boolean, anyTableHasZero: boolean): boolean {
  if (!(add > 0)) return false;
  return to === "all" || (to === "only0" && tableHasZero) || (to === "if0all" && anyTableHasZero);
}

/**
 * Which metafor's numbers to reproduce where metafor changed a formula after 3.8-1
 * (README, "metafor versions"): "current" (default) follows metafor 5.0-1, "3.8" metafor
 * 3.8-1. Affects SMDH and SMD1H sampling variances and the meaning of `mi` (and so the
 * degrees of freedom) for PCOR, ZPCOR and SPCOR.
 */
export const METAFOR_COMPAT = ["current", "3.8"] as const;

export type MetaforCompat = (typeof METAFOR_COMPAT)[number];

/** Reads a metafor-compatibility setting ("current", "3.8"; "3.8-1" is read as "3.8"). */
export function normaliseMetaforCompat(value: unknown): MetaforCompat {
  if (value === undefined) return "current";
  const text = value === "3.8-1" || value === 3.8 ? "3.8" : value;
  if (text === "current" || text === "3.8") return text;
  throw new MetakitError("INVALID_INPUT", messages.metaforCompat(value), { field: "metaforCompat", value, allowed: METAFOR_COMPAT });
}

export interface EscalcOptions {
  /**
   * Continuity correction added to the cells of 2x2 tables, to events and non-events of
   * proportions, and to the event counts of incidence rates. Default 1/2, but 0 for PAS,
   * PFT, AS, PHI, ZPHI, RTET, ZTET, IRSD, IRS and IRFT, as in metafor (whose transformations handle
   * zero counts themselves).
   */
  readonly add?: number;
  /**
   * Which studies get `add`: "only0" (default) those with a zero cell; "all" every study;
   * "if0all" every study when any has a zero cell; "none" no study.
   */
  readonly to?: ZeroCellRule;
  /** Treat double-zero 2x2 studies (no events, or only events, in both groups) as not estimable. Default false. */
  readonly drop00?: boolean;
  /**
   * Sampling-variance variant (metafor's `vtype`): "LS" (default, large-sample), "UB"
   * (unbiased; RD, PR, MD, SMD), "LS2" (SMD, SMDH, SMCC, SMCR), "HO" (homoscedastic
   * pooled SD; MD, ROM). For MD, "LS" is the heteroscedastic sd1i^2/n1i + sd2i^2/n2i.
   */
  readonly vtype?: Vtype;
  /**
   * Confidence level of the per-study intervals. Default 95. Read as metafor reads it
   * (readLevel in @metakit/base): 95 and 0.95 both mean 95%.
   */
  readonly level?: number;
  /** metafor version whose formulas to follow where they changed after 3.8-1; default "current". */
  readonly metaforCompat?: MetaforCompat;
}

export interface NormalisedEscalcOptions {
  readonly add: number;
  readonly to: ZeroCellRule;
  readonly drop00: boolean;
  readonly vtype: Vtype;
  readonly level: number;
  readonly metaforCompat: MetaforCompat;
}

/** Measures whose transformations handle zero counts themselves: metafor's default add is 0. */
const ADD_ZERO_BY_DEFAULT: ReadonlySet<Measure> = new Set(["PAS", "PFT", "AS", "PHI", "ZPHI", "RTET", "ZTET", "IRSD", "IRS", "IRFT"]);

export function checkMeasure(measure: unknown): asserts measure is Measure {
  if (typeof measure !== "string" || !isMeasure(measure)) {
    throw new MetakitError("INVALID_INPUT", messages.unknownMeasure(measure), {
      field: "measure",
      value: measure,
      allowed: MEASURES,
    });
  }
}

/** Fills defaults and checks each option; throws INVALID_INPUT or UNSUPPORTED. */
export function normaliseOptions(measure: Measure, options: EscalcOptions = {}): NormalisedEscalcOptions {
  const add = options.add ?? (ADD_ZERO_BY_DEFAULT.has(measure) ? 0 : 0.5);
  if (!(typeof add === "number" && Number.isFinite(add) && add >= 0)) {
    throw new MetakitError("INVALID_INPUT", messages.add(add), { field: "add", value: add });
  }
  const to = options.to ?? "only0";
  if (!(ZERO_CELL_RULES as readonly string[]).includes(to)) {
    throw new MetakitError("INVALID_INPUT", messages.to(to), { field: "to", value: to });
  }
  const level = readLevel(options.level, "escalc");
  const allowed = MEASURE_VTYPES[measure];
  const vtype = options.vtype ?? "LS";
  if (!allowed.includes(vtype)) {
    throw new MetakitError("UNSUPPORTED", messages.vtype(measure, vtype, allowed), { field: "vtype", value: vtype });
  }
  const metaforCompat = normaliseMetaforCompat(options.metaforCompat);
  return { add, to, drop00: options.drop00 ?? false, vtype, level, metaforCompat };
}
