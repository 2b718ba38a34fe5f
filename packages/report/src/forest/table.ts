/**
 * The table half of a forest plot, before it has pixels: its columns and the text of
 * every row, in RevMan's order (subgroup heading, studies, subtotal, total events,
 * heterogeneity lines; then the total).
 */
import { messages } from "../messages.js";
import { formatData, formatEffectCi, formatInterval, formatWeight } from "../format/revman.js";
import { isContinuous, isDichotomous, normaliseArm } from "./arms.js";
import { forestLevel } from "./level.js";
import type { ArmData, ForestBayesian, ForestPlotData, ForestRow, ForestSummary } from "./types.js";

/**
 * The arm columns of a plot: Events and Total (dichotomous), Mean, SD and Total (continuous),
 * Total alone (only counts are known: "n = 49"), or one text column when the arms are text.
 */
export type ArmKind = "dichotomous" | "continuous" | "count" | "text" | "none";
export type Align = "left" | "right";

export interface Cell {
  readonly text: string;
  readonly bold?: boolean;
}

/** Cells of one row by column id. */
export type Cells = Readonly<Record<string, Cell>>;

export interface Column {
  readonly id: string;
  readonly header: string;
  readonly align: Align;
  /** Space before the column: a sub-column gap inside an arm group, else a column gap. */
  readonly gap: "none" | "sub" | "column";
}

/** A heading over several columns (an arm's label over its Events and Total). */
export interface ColumnGroup {
  readonly label: string;
  readonly columns: readonly string[];
}

export type ForestLine =
  | { readonly kind: "study"; readonly row: ForestRow; readonly cells: Cells }
  | { readonly kind: "heading"; readonly text: string }
  | { readonly kind: "summary"; readonly cells: Cells; readonly summary: ForestSummary }
  | { readonly kind: "events"; readonly cells: Cells }
  | { readonly kind: "interval"; readonly cells: Cells; readonly lower: number; readonly upper: number }
  | { readonly kind: "note"; readonly text: string }
  | { readonly kind: "space" };

export interface ForestTable {
  readonly armKind: ArmKind;
  readonly columns: readonly Column[];
  readonly groups: readonly ColumnGroup[];
  readonly lines: readonly ForestLine[];
  /** "(a) Smith 2001: not estimable, no events in either arm", one per not-estimable study. */
  readonly footnotes: readonly string[];
}

const ARMS = ["intervention", "comparator"] as const;
type Arm = (typeof ARMS)[number];


/** "n = 49" (or "within-person, n = 28"): the arm's size, shown in its Total column. */
const COUNT = /(?:^|,\s*)n = (\d+)$/;
const countOf = (text: string): number | undefined => {
  const match = COUNT.exec(text.trim());
  return match === null ? undefined : Number(match[1]);
};

/**
 * One kind for the whole plot, as RevMan lays it out: Events/Total when the structured arms
 * are dichotomous, Mean/SD/Total when they are continuous, Total alone when only counts are
 * known; a row whose arm is text (nothing, a count, or words such as "within-person") keeps
 * the columns, its number in Total and its words across the arm's columns. One text column
 * only when structured arms of both kinds are mixed.
 */
function armKind(rows: readonly ForestRow[]): ArmKind {
  const arms = rows.flatMap((row) => (row.arms === undefined ? [] : [row.arms.intervention, ...(row.arms.comparator === undefined ? [] : [row.arms.comparator])]));
  if (arms.length === 0) return "none";
  const structured = arms.filter((arm) => typeof arm !== "string");
  if (structured.length > 0 && structured.every(isDichotomous)) return "dichotomous";
  if (structured.length > 0 && structured.every(isContinuous)) return "continuous";
  if (structured.length > 0) return "text";
  return arms.some((arm) => typeof arm === "string" && countOf(arm) !== undefined) ? "count" : "text";
}

function plotArms(data: ForestPlotData): readonly Arm[] {
  return data.kind === "single-arm proportion" ? ["intervention"] : ARMS;
}

function armColumns(kind: ArmKind, arm: Arm): Column[] {
  const column = (field: string, header: string, first: boolean): Column => ({ id: `${arm}.${field}`, header, align: "right", gap: first ? "column" : "sub" });
  switch (kind) {
    case "dichotomous":
      return [column("events", messages.labels.events, true), column("total", messages.labels.total, false)];
    case "continuous":
      return [column("mean", messages.labels.mean, true), column("sd", messages.labels.sd, false), column("total", messages.labels.total, false)];
    case "count":
      return [column("total", messages.labels.total, true)];
    case "text":
      return [column("data", "", true)];
    case "none":
      return [];
  }
}

/** An arm as one line of text, for tables whose arms are not all of one kind. */
function armText(data: ArmData): string {
  if (typeof data === "string") return data;
  if (isDichotomous(data)) return `${data.events}/${data.total}`;
  return `${formatData(data.mean)} (${formatData(data.sd)}), n = ${data.n}`;
}

/** Cell id of words shown across all of an arm's columns (see ARM_SPAN). */
export const armSpanId = (arm: string) => `${arm}${ARM_SPAN}`;
/** Suffix of a cell that spans its arm's columns, left-aligned (layout.ts places it). */
export const ARM_SPAN = ".span";

/** A text arm in structured columns: its count in Total, any other words across the arm's columns. */
function textArmCells(arm: Arm, text: string): Record<string, Cell> {
  const count = countOf(text);
  const words = text.replace(COUNT, "").trim();
  if (words !== "") return { [armSpanId(arm)]: { text: words === text.trim() ? words : text.trim() } };
  return count === undefined ? {} : { [`${arm}.total`]: { text: String(count) } };
}

function armCells(kind: ArmKind, arm: Arm, data: ArmData | undefined): Record<string, Cell> {
  if (data === undefined) return {};
  if (kind === "text") return { [`${arm}.data`]: { text: armText(data) } };
  if (typeof data === "string") return textArmCells(arm, data);
  if (isDichotomous(data)) return { [`${arm}.events`]: { text: String(data.events) }, [`${arm}.total`]: { text: String(data.total) } };
  return { [`${arm}.mean`]: { text: formatData(data.mean) }, [`${arm}.sd`]: { text: formatData(data.sd) }, [`${arm}.total`]: { text: String(data.n) } };
}

/** Sums of one arm over rows, or undefined when any row lacks structured data. */
function armTotals(rows: readonly ForestRow[], arm: Arm, kind: ArmKind): { events?: number; total: number } | undefined {
  if (kind !== "dichotomous" && kind !== "continuous") return undefined;
  let events = 0;
  let total = 0;
  for (const row of rows) {
    const data = row.arms?.[arm];
    if (isDichotomous(data)) {
      events += data.events;
      total += data.total;
    } else if (isContinuous(data)) {
      total += data.n;
    } else {
      return undefined;
    }
  }
  return kind === "dichotomous" ? { events, total } : { total };
}

function sumWeights(rows: readonly ForestRow[]): number | undefined {
  const weights = rows.flatMap((row) => (row.weightPercent === undefined ? [] : [row.weightPercent]));
  return weights.length === 0 ? undefined : weights.reduce((a, b) => a + b, 0);
}

const footnoteMark = (index: number): string => `(${String.fromCharCode(97 + (index % 26))}${index >= 26 ? Math.floor(index / 26) : ""})`;

function studyCells(data: ForestPlotData, kind: ArmKind, row: ForestRow, mark: string | undefined): Cells {
  const cells: Record<string, Cell> = { label: { text: row.label } };
  for (const arm of plotArms(data)) Object.assign(cells, armCells(kind, arm, row.arms?.[arm]));
  if (row.weightPercent !== undefined) cells["weight"] = { text: formatWeight(row.weightPercent) };
  if (row.estimate !== undefined && row.ciLower !== undefined && row.ciUpper !== undefined) {
    cells["effect"] = { text: formatEffectCi(row.estimate, row.ciLower, row.ciUpper) };
  } else {
    cells["effect"] = { text: mark === undefined ? messages.labels.notEstimable : `${messages.labels.notEstimable} ${mark}` };
  }
  return cells;
}

function summaryLines(data: ForestPlotData, kind: ArmKind, rows: readonly ForestRow[], summary: ForestSummary, label: string): ForestLine[] {
  const cells: Record<string, Cell> = { label: { text: summary.label ?? label, bold: true } };
  const events: Record<string, Cell> = { label: { text: messages.labels.totalEvents } };
  for (const arm of plotArms(data)) {
    const totals = armTotals(rows, arm, kind);
    if (totals === undefined) continue;
    cells[`${arm}.total`] = { text: String(totals.total), bold: true };
    if (totals.events !== undefined) events[`${arm}.events`] = { text: String(totals.events) };
  }
  const weight = summary.weightPercent ?? sumWeights(rows);
  if (weight !== undefined) cells["weight"] = { text: formatWeight(weight), bold: true };
  cells["effect"] = { text: formatEffectCi(summary.estimate, summary.ciLower, summary.ciUpper), bold: true };
  const lines: ForestLine[] = [{ kind: "summary", cells, summary }];
  if (Object.keys(events).length > 1) lines.push({ kind: "events", cells: events });
  if (summary.piLower !== undefined && summary.piUpper !== undefined) {
    lines.push({
      kind: "interval",
      cells: { label: { text: messages.labels.predictionInterval }, effect: { text: formatInterval(summary.piLower, summary.piUpper) } },
      lower: summary.piLower,
      upper: summary.piUpper,
    });
  }
  return lines;
}

/** A study's shrunken estimate as a row under its own (drawn as a study mark without weight). */
function shrunkenLine(bayesian: ForestBayesian | undefined, row: ForestRow): ForestLine[] {
  const s = bayesian?.shrinkage?.find((x) => x.label === row.label);
  if (s === undefined) return [];
  const shrunken: ForestRow = { label: `   ${messages.labels.shrunken}`, estimate: s.estimate, ciLower: s.ciLower, ciUpper: s.ciUpper };
  return [{ kind: "study", row: shrunken, cells: { label: { text: shrunken.label }, effect: { text: formatEffectCi(s.estimate, s.ciLower, s.ciUpper) } } }];
}

/** The Bayesian estimate under the total: a diamond row, then its predictive interval. */
function bayesianLines(bayesian: ForestBayesian): ForestLine[] {
  const { label, estimate, ciLower, ciUpper } = bayesian;
  const lines: ForestLine[] = [{ kind: "summary", cells: { label: { text: label, bold: true }, effect: { text: formatEffectCi(estimate, ciLower, ciUpper), bold: true } }, summary: { estimate, ciLower, ciUpper, label } }];
  if (bayesian.piLower !== undefined && bayesian.piUpper !== undefined) {
    const cells = { label: { text: messages.labels.predictiveInterval }, effect: { text: formatInterval(bayesian.piLower, bayesian.piUpper) } };
    lines.push({ kind: "interval", cells, lower: bayesian.piLower, upper: bayesian.piUpper });
  }
  return lines;
}

function withNormalisedArms(row: ForestRow): ForestRow {
  if (row.arms === undefined) return row;
  const { intervention, comparator } = row.arms;
  return { ...row, arms: { intervention: normaliseArm(intervention), ...(comparator === undefined ? {} : { comparator: normaliseArm(comparator) }) } };
}

/** Columns, column groups and rows of the table, in display order. */
export function forestTable(given: ForestPlotData): ForestTable {
  const data: ForestPlotData = { ...given, rows: given.rows.map(withNormalisedArms) };
  const kind = armKind(data.rows);
  const subgroups = data.subgroups ?? [];
  const hasSubgroups = subgroups.length > 0;
  const level = forestLevel(data);
  const columns: Column[] = [{ id: "label", header: data.labelHeader ?? messages.labels.study, align: "left", gap: "none" }];
  const groups: ColumnGroup[] = [];
  for (const arm of plotArms(data)) {
    const armCols = armColumns(kind, arm);
    columns.push(...armCols);
    const label = arm === "intervention" ? data.columns.intervention : data.columns.comparator ?? "";
    if (armCols.length > 0) groups.push({ label, columns: armCols.map((c) => c.id) });
  }
  if (data.rows.some((row) => row.weightPercent !== undefined) || data.pooled?.weightPercent !== undefined) {
    columns.push({ id: "weight", header: messages.labels.weight, align: "right", gap: "column" });
  }
  columns.push({ id: "effect", header: data.method ?? messages.labels.ci(level), align: "left", gap: "column" });
  groups.push({ label: data.measure, columns: ["effect"] });

  const footnotes: string[] = [];
  const study = (row: ForestRow): ForestLine => {
    let mark: string | undefined;
    if (row.notEstimable !== undefined) {
      mark = footnoteMark(footnotes.length);
      footnotes.push(`${mark} ${row.label}: ${messages.labels.notEstimable.toLowerCase()}, ${row.notEstimable}`);
    }
    return { kind: "study", row, cells: studyCells(data, kind, row, mark) };
  };
  const studyWithShrunken = (row: ForestRow): ForestLine[] => [study(row), ...shrunkenLine(data.bayesian, row)];

  const lines: ForestLine[] = [];
  if (hasSubgroups) {
    for (const subgroup of subgroups) {
      const rows = data.rows.filter((row) => row.group === subgroup.name);
      lines.push({ kind: "heading", text: subgroup.name });
      lines.push(...rows.flatMap(studyWithShrunken));
      if (subgroup.pooled !== undefined) lines.push(...summaryLines(data, kind, rows, subgroup.pooled, messages.labels.subtotalRow(level)));
      for (const text of [subgroup.heterogeneityText, subgroup.overallEffectText]) if (text !== undefined) lines.push({ kind: "note", text });
      lines.push({ kind: "space" });
    }
  } else {
    lines.push(...data.rows.flatMap(studyWithShrunken));
  }
  if (data.pooled !== undefined) lines.push(...summaryLines(data, kind, data.rows, data.pooled, messages.labels.totalRow(level)));
  if (data.bayesian !== undefined) lines.push(...bayesianLines(data.bayesian));
  return { armKind: kind, columns, groups, lines, footnotes };
}
