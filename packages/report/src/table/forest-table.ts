/**
 * The numbers of a forest plot as a table (one row per study, then each subtotal and the
 * total), for CSV and Markdown next to the figure: a text alternative a screen reader or
 * a spreadsheet can use. Values on the display scale, rounded to a stated precision (the
 * headers say it): effects and intervals to 4 decimals, weights to 2, data as reported.
 */
import { messages } from "../messages.js";
import { normaliseArm } from "../forest/arms.js";
import { forestLevel } from "../forest/level.js";
import type { ArmData, ForestPlotData, ForestSummary } from "../forest/types.js";
import type { Table, TableCell, TableColumn } from "./types.js";

/** Decimals of the effect columns and of the weight column (stated in their headers). */
const EFFECT_DECIMALS = 4;
const WEIGHT_DECIMALS = 2;

/** A number rounded to `digits` decimals (no "-0"), or the cell as it is. */
function rounded(x: number | undefined, digits: number): TableCell {
  if (x === undefined) return undefined;
  const r = Number(x.toFixed(digits));
  return r === 0 ? 0 : r;
}

/** An arm as "events/total" or "mean (SD)", and its size. */
function armCells(given: ArmData | undefined): [TableCell, TableCell] {
  if (given === undefined) return ["", undefined];
  const arm = normaliseArm(given);
  if (typeof arm === "string") return [arm, undefined];
  if ("events" in arm) return [`${arm.events}/${arm.total}`, arm.total];
  return [`${arm.mean} (${arm.sd})`, arm.n];
}

/** Columns: subgroup, study, per arm "data" and "n", weight, estimate, CI, PI, note. */
export function forestPlotTable(data: ForestPlotData): Table {
  const single = data.kind === "single-arm proportion";
  const level = forestLevel(data);
  const ci = messages.labels.ci(level);
  const arms = single ? [data.columns.intervention] : [data.columns.intervention, data.columns.comparator ?? ""];
  const columns: TableColumn[] = [
    { header: "Subgroup" },
    { header: messages.labels.study },
    ...arms.flatMap((label) => [{ header: `${label}: data` }, { header: `${label}: n`, align: "right" as const }]),
    { header: `${messages.labels.weight} (%, ${WEIGHT_DECIMALS} decimals)`, align: "right" },
    { header: `${data.measure} (${EFFECT_DECIMALS} decimals)`, align: "right" },
    { header: `${ci} lower`, align: "right" },
    { header: `${ci} upper`, align: "right" },
    { header: "Prediction interval lower", align: "right" },
    { header: "Prediction interval upper", align: "right" },
    { header: "Note" },
  ];
  const armColumns = (row: { arms?: { intervention: ArmData; comparator?: ArmData } } | undefined) => {
    const cells = [row?.arms?.intervention, ...(single ? [] : [row?.arms?.comparator])].map(armCells);
    return cells.flat();
  };
  const summary = (group: string, label: string, s: ForestSummary): TableCell[] => [
    group,
    s.label ?? label,
    ...armColumns(undefined),
    rounded(s.weightPercent, WEIGHT_DECIMALS),
    ...[s.estimate, s.ciLower, s.ciUpper, s.piLower, s.piUpper].map((x) => rounded(x, EFFECT_DECIMALS)),
    "",
  ];
  const rows: TableCell[][] = [];
  const groups = data.subgroups ?? [];
  const ordered = groups.length === 0 ? [{ name: "", rows: data.rows, pooled: undefined }] : groups.map((g) => ({ name: g.name, rows: data.rows.filter((r) => r.group === g.name), pooled: g.pooled }));
  for (const group of ordered) {
    for (const row of group.rows) {
      rows.push([group.name, row.label, ...armColumns(row), rounded(row.weightPercent, WEIGHT_DECIMALS), ...[row.estimate, row.ciLower, row.ciUpper].map((x) => rounded(x, EFFECT_DECIMALS)), undefined, undefined, row.notEstimable === undefined ? "" : `${messages.labels.notEstimable}: ${row.notEstimable}`]);
    }
    if (group.pooled !== undefined) rows.push(summary(group.name, messages.labels.subtotalRow(level), group.pooled));
  }
  if (data.pooled !== undefined) rows.push(summary("", messages.labels.totalRow(level), data.pooled));
  return { columns, rows };
}
