/** What each measure family provides to escalc's pipeline. */
import type { StudyRef, Values } from "../inputs.js";
import type { Measure } from "../measures.js";
import type { NormalisedEscalcOptions } from "../options.js";

/** An effect size and its sampling variance, before the output guard. */
export interface Computed {
  readonly yi: number;
  readonly vi: number;
  readonly notes?: readonly string[];
}

/** A study that has its inputs but whose effect cannot be computed (reason given). */
export interface NotComputed {
  readonly notEstimable: string;
}

export type Outcome = Computed | NotComputed;

/** Measures computed directly from a study's values. */
export interface ValueFamily {
  readonly kind: "values";
  /** Throws INVALID_INPUT for a value the measure cannot take. */
  validate(measure: Measure, values: Values, ref: StudyRef, options: NormalisedEscalcOptions): void;
  compute(measure: Measure, values: Values, options: NormalisedEscalcOptions): Outcome;
}

/**
 * Measures computed from counts (2x2 tables, events out of n), where escalc first applies
 * the zero-cell rule (`add`, `to`, `drop00`) across studies.
 */
export interface CountFamily {
  readonly kind: "counts";
  validate(measure: Measure, values: Values, ref: StudyRef): void;
  /** The cells that the continuity correction adds to: [ai, bi, ci, di] or [xi, mi]. */
  cells(values: Values): readonly number[];
  /** True for a table with no events, or only events, in both groups (drop00). */
  isDoubleZero(cells: readonly number[]): boolean;
  /** The effect from the (corrected) cells; `values` gives the study's other inputs (e.g. person-times). */
  fromCells(measure: Measure, cells: readonly number[], options: NormalisedEscalcOptions, values: Values): Outcome;
}

export type MeasureFamily = ValueFamily | CountFamily;
