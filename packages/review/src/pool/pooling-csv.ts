/**
 * `metakit pool --format csv`: the per-study table (yi, vi, CI, weight, and the effect on
 * the reporting scale for ratio measures), one row per pooled study, for a spreadsheet.
 * Study labels and group names are text from the user's file: a label that a spreadsheet
 * would run as a formula (=, +, -, @ first) is neutralised as in the report's CSV tables.
 */
import { backTransformOf } from "@metakit/effect-size";
import { neutraliseCsvText } from "@metakit/base/text";
import { toCsv, type Cell } from "./output.js";
import { perStudy, subgroupSummaries, type PoolingSummary, type SubgroupSummary } from "./pooling-json.js";

const ANALYSIS_COLUMNS = ["study", "yi", "vi", "ciLower", "ciUpper", "weight"] as const;
const REPORTING_COLUMNS = ["effect", "effectCiLower", "effectCiUpper"] as const;

function columnsFor(summary: { readonly measure: PoolingSummary["measure"] }, grouped: boolean): string[] {
  const reporting = backTransformOf(summary.measure) === "identity" ? [] : REPORTING_COLUMNS;
  return [...(grouped ? ["group"] : []), ...ANALYSIS_COLUMNS, ...reporting];
}

function rowsOf(summary: PoolingSummary, group?: string): Record<string, Cell>[] {
  return perStudy(summary).map((s) => ({
    ...(group !== undefined && { group: neutraliseCsvText(group) }),
    study: neutraliseCsvText(s.study),
    yi: s.yi,
    vi: s.vi,
    ciLower: s.ciLower,
    ciUpper: s.ciUpper,
    weight: s.weight,
    ...("backTransformed" in s && s.backTransformed && {
      effect: s.backTransformed.effect,
      effectCiLower: s.backTransformed.ciLower,
      effectCiUpper: s.backTransformed.ciUpper,
    }),
  }));
}

export function poolingCsv(summary: PoolingSummary): string {
  return toCsv(columnsFor(summary, false), rowsOf(summary));
}

/** With --by: a group column first; the weights are within each subgroup's model. */
export function subgroupCsv(summary: SubgroupSummary): string {
  return toCsv(columnsFor(summary, true), subgroupSummaries(summary).flatMap(({ group, summary: s }) => rowsOf(s, group)));
}
