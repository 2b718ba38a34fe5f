/**
 * 2x2 tables for the Mantel–Haenszel and Peto methods: checking them, continuity
 * corrections, and metafor's two-stage add/to/drop00 convention.
 *
 * metafor's rma.mh() and rma.peto() take `add`, `to` and `drop00` as pairs. The first
 * element governs the per-study estimates (escalc) that feed only the heterogeneity test;
 * the second governs the tables that the pooled estimate is computed from. The defaults
 * are add = (1/2, 0), to = ("only0", "none"), drop00 = (TRUE, FALSE): the Q test sees
 * log odds ratios with 1/2 added to tables with a zero cell and double-zero tables left
 * out, while the pooled estimate uses the counts as given (nothing needs adding there).
 * A single value sets the first element, as in metafor.
 */
import { invalidOption, isOneOf, MetakitError, readLevel } from "@metakit/base";
import { receivesCorrection, ZERO_CELL_RULES, type ZeroCellRule } from "@metakit/effect-size";
import { studyName } from "./validate-input.js";

/** One study's 2x2 table: events and non-events in the treatment (ai, bi) and control (ci, di) groups. */
export interface Table2x2 {
  readonly ai: number;
  readonly bi: number;
  readonly ci: number;
  readonly di: number;
}

/**
 * Which tables a continuity correction is added to, metafor's `to`: "only0" tables with a
 * zero cell, "all" every table, "if0all" every table when any has a zero cell, "none" none.
 */


/** A setting given once (for the heterogeneity test) or as [heterogeneity test, pooled estimate]. */
export type StagePair<T> = T | readonly [T, T];

/** Options shared by mantelHaenszel() and peto(). */
export interface TablePoolingOptions {
  /** Confidence level: 95 and 0.95 both mean 95%, as metafor reads it. Default 95. */
  readonly level?: number;
  /** Continuity correction added to cells, metafor's `add`. Default [0.5, 0]. */
  readonly add?: StagePair<number>;
  /** Which tables receive the correction, metafor's `to`. Default ["only0", "none"]. */
  readonly to?: StagePair<ZeroCellRule>;
  /** Drop tables with no events (or only events) in both groups, metafor's `drop00`. Default [true, false]. */
  readonly drop00?: StagePair<boolean>;
  /** Study labels, used in errors and notes. Default: 0-based index. */
  readonly labels?: readonly string[];
}

/** The add/to/drop00 settings for one stage. */
export interface CorrectionStage {
  readonly add: number;
  readonly to: ZeroCellRule;
  readonly drop00: boolean;
}

/** Normalised options: stage 1 for the per-study estimates of the Q test, stage 2 for pooling. */
export interface NormalisedTableOptions {
  readonly alpha: number;
  readonly level: number;
  readonly heterogeneity: CorrectionStage;
  readonly pooling: CorrectionStage;
  readonly labels: readonly string[] | undefined;
}

function stagePair<T>(value: StagePair<T> | undefined, defaults: readonly [T, T], fn: string, field: string): readonly [T, T] {
  if (value === undefined) return defaults;
  if (Array.isArray(value)) {
    if (value.length !== 2) throw invalidOption(fn, field, value, "one value or a pair");
    return [value[0] as T, value[1] as T];
  }
  return [value as T, defaults[1]];
}

function checkStage(stage: CorrectionStage, fn: string): void {
  if (!(stage.add >= 0) || !Number.isFinite(stage.add)) {
    throw invalidOption(fn, "add", stage.add, "a finite number >= 0");
  }
  if (!isOneOf(ZERO_CELL_RULES, stage.to)) throw invalidOption(fn, "to", stage.to, `one of ${ZERO_CELL_RULES.join(", ")}`);
  if (typeof stage.drop00 !== "boolean") throw invalidOption(fn, "drop00", stage.drop00, "a boolean");
}

/** Checks and fills in the options of mantelHaenszel() or peto(). */
export function normaliseTableOptions(options: TablePoolingOptions, k: number, fn: string): NormalisedTableOptions {
  const level = readLevel(options.level, fn);
  const alpha = (100 - level) / 100;
  const add = stagePair<number>(options.add, [0.5, 0], fn, "add");
  const to = stagePair<ZeroCellRule>(options.to, ["only0", "none"], fn, "to");
  const drop00 = stagePair<boolean>(options.drop00, [true, false], fn, "drop00");
  const heterogeneity = { add: add[0], to: to[0], drop00: drop00[0] };
  const pooling = { add: add[1], to: to[1], drop00: drop00[1] };
  checkStage(heterogeneity, fn);
  checkStage(pooling, fn);
  if (options.labels !== undefined && options.labels.length !== k) {
    throw invalidOption(fn, "labels", options.labels.length, `one label per table (${k})`);
  }
  return { alpha, level, heterogeneity, pooling, labels: options.labels };
}

const CELLS = ["ai", "bi", "ci", "di"] as const;

/**
 * Throws INVALID_INPUT, naming study, field and value, for a count that is negative or not
 * finite, or a group with no participants. Counts need not be integers (metafor allows
 * non-integer counts, e.g. from imputation). Throws INSUFFICIENT_DATA when there are no tables.
 */
export function checkTables(tables: readonly Table2x2[], labels: readonly string[] | undefined, fn: string): void {
  if (tables.length === 0) throw new MetakitError("INSUFFICIENT_DATA", `${fn}: no tables`, { field: "tables", value: 0 });
  tables.forEach((table, i) => {
    const study = studyName(labels, i);
    for (const cell of CELLS) {
      const value: unknown = table[cell];
      if (typeof value !== "number" || !Number.isFinite(value) || !(value >= 0)) {
        throw new MetakitError("INVALID_INPUT", `${fn}: ${cell} must be a finite count >= 0, got ${String(value)} (study ${study})`, {
          study,
          field: cell,
          value,
        });
      }
    }
    if (!(table.ai + table.bi > 0)) {
      throw new MetakitError("INVALID_INPUT", `${fn}: the treatment group (ai + bi) is empty (study ${study})`, { study, field: "bi", value: table.bi });
    }
    if (!(table.ci + table.di > 0)) {
      throw new MetakitError("INVALID_INPUT", `${fn}: the control group (ci + di) is empty (study ${study})`, { study, field: "di", value: table.di });
    }
  });
}

/** No events in both groups, or only events in both groups: the table carries no information on a ratio. */
export function isDoubleZero(table: Table2x2): boolean {
  return (table.ai === 0 && table.ci === 0) || (table.bi === 0 && table.di === 0);
}

function hasZeroCell(table: Table2x2): boolean {
  return table.ai === 0 || table.bi === 0 || table.ci === 0 || table.di === 0;
}

function addToCells(table: Table2x2, add: number): Table2x2 {
  return { ai: table.ai + add, bi: table.bi + add, ci: table.ci + add, di: table.di + add };
}

/**
 * The tables with metafor's continuity correction applied: `add` to every cell of the
 * tables `to` selects. Returns the tables and whether any was changed.
 */
export function applyCorrection(tables: readonly Table2x2[], add: number, to: ZeroCellRule): { tables: readonly Table2x2[]; corrected: number } {
  if (add === 0 || to === "none") return { tables, corrected: 0 };
  const anyZero = tables.some(hasZeroCell);
  const selected = (table: Table2x2): boolean => receivesCorrection(to, add, hasZeroCell(table), anyZero);
  let corrected = 0;
  const out = tables.map((table) => {
    if (!selected(table)) return table;
    corrected += 1;
    return addToCells(table, add);
  });
  return { tables: out, corrected };
}

/** The tables the pooled estimate uses: drop00 and the continuity correction of the pooling stage. */
export function poolingTables(
  tables: readonly Table2x2[],
  stage: CorrectionStage,
  labels: readonly string[] | undefined,
): { tables: readonly Table2x2[]; index: readonly number[]; notes: readonly string[] } {
  const index: number[] = [];
  const notes: string[] = [];
  tables.forEach((table, i) => {
    if (stage.drop00 && isDoubleZero(table)) notes.push(`pooled estimate: study ${studyName(labels, i)} dropped (no events, or only events, in both groups)`);
    else index.push(i);
  });
  const corrected = applyCorrection(
    index.map((i) => tables[i]!),
    stage.add,
    stage.to,
  );
  if (corrected.corrected > 0) notes.push(`pooled estimate: ${stage.add} added to each cell of ${corrected.corrected} table(s) (continuity correction)`);
  return { tables: corrected.tables, index, notes };
}
