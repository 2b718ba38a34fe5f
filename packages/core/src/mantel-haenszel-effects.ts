/**
 * Per-study effect sizes of 2x2 tables for the heterogeneity test of rma.mh() and
 * rma.peto(): metafor computes Q from escalc()'s yi and vi of the same measure, with the
 * first-stage add/to/drop00. The pooled Mantel–Haenszel and Peto estimates never use them.
 */
import { escalc } from "@metakit/effect-size";
import type { CorrectionStage, Table2x2 } from "./mantel-haenszel-tables.js";

export type TableEffectMeasure = "OR" | "RR" | "RD" | "PETO";

export interface TableEffects {
  /** Effect sizes of the tables that have one, in input order. */
  readonly yi: readonly number[];
  readonly vi: readonly number[];
  /** The input index of each yi. */
  readonly index: readonly number[];
  /** Tables without an effect size, with escalc's reason. */
  readonly excluded: readonly { readonly index: number; readonly reason: string }[];
  /** escalc's notes (continuity corrections, dropped tables). */
  readonly notes: readonly string[];
}

/**
 * The effect sizes that enter the heterogeneity test: escalc(measure) with the stage's
 * add/to/drop00 (RD with vtype "LS", as metafor). A table whose yi or vi is not finite, or
 * whose vi is 0, has none (metafor's escalc recodes non-finite values to NA; with vi = 0,
 * possible for RD without a correction, metafor's Q would be NaN, metakit leaves the table out).
 */
export function tableEffects(
  tables: readonly Table2x2[],
  measure: TableEffectMeasure,
  stage: CorrectionStage,
  labels: readonly string[] | undefined,
): TableEffects {
  const studies = tables.map(({ ai, bi, ci, di }, i) => ({ ai, bi, ci, di, study: labels?.[i] ?? `Study ${i + 1}` }));
  const result = escalc(measure, studies, { add: stage.add, to: stage.to, drop00: stage.drop00 });
  const yi: number[] = [];
  const vi: number[] = [];
  const index: number[] = [];
  const excluded: { index: number; reason: string }[] = [];
  for (const row of result.studies) {
    if (row.estimable) {
      yi.push(row.yi);
      vi.push(row.vi);
      index.push(row.index);
    } else {
      excluded.push({ index: row.index, reason: row.reason });
    }
  }
  return { yi, vi, index, excluded, notes: result.notes };
}
