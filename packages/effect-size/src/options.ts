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

export interface EscalcOptions {
  /**
   * Continuity correction added to the cells of 2x2 tables (OR, RR, RD, PETO) and to
   * events and non-events (PR, PLO, PAS, PFT). Default 1/2, but 0 for PAS and PFT, as in
   * metafor (whose transformations handle zero cells themselves).
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
}

export interface NormalisedEscalcOptions {
  readonly add: number;
  readonly to: ZeroCellRule;
  readonly drop00: boolean;
  readonly vtype: Vtype;
  readonly level: number;
}

const ADD_ZERO_BY_DEFAULT: ReadonlySet<Measure> = new Set(["PAS", "PFT"]);

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
  return { add, to, drop00: options.drop00 ?? false, vtype, level };
}
