/**
 * Places a forest plot on a pixel grid: column widths from measured text, one row after
 * another, the plot column with its axis under the last row, and the footer lines beside
 * the axis. The effect axis itself stays a scale (vega draws it); everything else is in
 * pixels, so nothing overlaps and nothing is left to vega's guesses.
 */
import { messages } from "../messages.js";
import { fitText, type TextMeasure, type TextStyle } from "../text/measure.js";
import { forestAxis, type ForestAxis } from "./axis.js";
import { forestTable, type Cells, type Column, type ForestLine, type ForestTable } from "./table.js";
import type { ForestPlotData, RobJudgement } from "./types.js";

/** Sizes of a forest plot, in pixels. Defaults give RevMan's proportions at 11 px text. */
export interface ForestOptions {
  /** Body text size (default 11). */
  readonly fontSize?: number;
  /** Width of the plot column (default 240). */
  readonly plotWidth?: number;
  /** Widest study label before it wraps to a second line and then is cut with "…" (default 190). */
  readonly labelMaxWidth?: number;
}

interface Theme {
  readonly size: number;
  readonly small: number;
  readonly title: number;
  readonly padding: number;
  readonly columnGap: number;
  readonly subGap: number;
  readonly rowHeight: number;
  readonly lineHeight: number;
  readonly plotWidth: number;
  readonly labelMaxWidth: number;
  readonly groupLabelMaxWidth: number;
  readonly maxSquare: number;
  readonly minSquare: number;
  readonly diamondHalfHeight: number;
  readonly robColumn: number;
}

function theme(options: ForestOptions): Theme {
  const size = options.fontSize ?? 11;
  const k = size / 11;
  return {
    size,
    small: Math.round(10 * k),
    title: Math.round(13 * k),
    padding: Math.round(12 * k),
    columnGap: Math.round(14 * k),
    subGap: Math.round(8 * k),
    rowHeight: Math.round(18 * k),
    lineHeight: Math.round(13 * k),
    plotWidth: options.plotWidth ?? Math.round(240 * k),
    labelMaxWidth: options.labelMaxWidth ?? Math.round(190 * k),
    groupLabelMaxWidth: Math.round(200 * k),
    maxSquare: Math.round(13 * k),
    minSquare: Math.max(3, Math.round(4 * k)),
    diamondHalfHeight: Math.round(6 * k),
    robColumn: Math.round(18 * k),
  };
}

export type TextAlign = "left" | "center" | "right";

/** A text item: `y` is the vertical middle of the line. */
export interface PlacedText {
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly align: TextAlign;
  readonly size: number;
  readonly bold: boolean;
  readonly color?: string;
}

/** A study's square and confidence line; effect values on the display scale. */
export interface StudyMark {
  readonly label: string;
  readonly y: number;
  readonly estimate: number;
  /** Interval cut to the axis limits; arrows mark the cut ends. */
  readonly lower: number;
  readonly upper: number;
  readonly arrowLeft: boolean;
  readonly arrowRight: boolean;
  /** Side of the square in pixels (area proportional to the weight). */
  readonly side: number;
  /** False when the estimate lies beyond the axis: only the line and arrow are drawn. */
  readonly squareVisible: boolean;
}

export interface DiamondMark {
  readonly label: string;
  readonly y: number;
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly halfHeight: number;
}

export interface IntervalMark {
  readonly y: number;
  readonly lower: number;
  readonly upper: number;
  readonly arrowLeft: boolean;
  readonly arrowRight: boolean;
}

export interface PixelLine {
  readonly x1: number;
  readonly x2: number;
  readonly y: number;
}

export interface RobLight {
  readonly x: number;
  readonly y: number;
  readonly judgement: RobJudgement;
}

export interface ForestLayout {
  readonly width: number;
  readonly height: number;
  readonly theme: Theme;
  readonly axis: ForestAxis;
  /** The plot column: the axis maps its domain onto [x1, x2]; rows run from top to axisY. */
  readonly plot: { readonly x1: number; readonly x2: number; readonly top: number; readonly axisY: number };
  readonly texts: readonly PlacedText[];
  readonly studies: readonly StudyMark[];
  readonly diamonds: readonly DiamondMark[];
  readonly intervals: readonly IntervalMark[];
  readonly lines: readonly PixelLine[];
  readonly rob: readonly RobLight[];
}

interface ColumnBox {
  readonly column: Column;
  readonly x: number;
  readonly width: number;
}

const bold = (t: Theme): TextStyle => ({ size: t.size, bold: true });
const regular = (t: Theme): TextStyle => ({ size: t.size });

/** Widths of the table's columns: widest cell or header, labels capped at labelMaxWidth. */
function columnWidths(table: ForestTable, t: Theme, measure: TextMeasure): Map<string, number> {
  const widths = new Map<string, number>();
  const grow = (id: string, width: number) => widths.set(id, Math.max(widths.get(id) ?? 0, width));
  for (const column of table.columns) grow(column.id, measure.width(column.header, bold(t)));
  const cellsOf = (line: ForestLine): Cells | undefined => ("cells" in line ? line.cells : undefined);
  for (const line of table.lines) {
    const cells = cellsOf(line);
    if (cells === undefined) continue;
    for (const [id, cell] of Object.entries(cells)) grow(id, measure.width(cell.text, cell.bold === true ? bold(t) : regular(t)));
  }
  widths.set("label", Math.min(widths.get("label") ?? 0, t.labelMaxWidth));
  for (const group of table.groups) {
    const label = Math.min(measure.width(group.label, bold(t)), t.groupLabelMaxWidth);
    const span = group.columns.reduce((sum, id) => sum + (widths.get(id) ?? 0), 0) + t.subGap * (group.columns.length - 1);
    if (label > span) for (const id of group.columns) grow(id, (widths.get(id) ?? 0) + (label - span) / group.columns.length);
  }
  return widths;
}

function placeColumns(table: ForestTable, widths: Map<string, number>, t: Theme): ColumnBox[] {
  let x = t.padding;
  return table.columns.map((column) => {
    x += column.gap === "none" ? 0 : column.gap === "sub" ? t.subGap : t.columnGap;
    const box = { column, x, width: Math.ceil(widths.get(column.id) ?? 0) };
    x += box.width;
    return box;
  });
}

const anchor = (box: ColumnBox): number => (box.column.align === "right" ? box.x + box.width : box.x);

/** Cut to the axis limits, with arrows where a limit is cut. */
function clip(axis: ForestAxis, lower: number, upper: number) {
  const [min, max] = axis.domain;
  return { lower: Math.max(lower, min), upper: Math.min(upper, max), arrowLeft: lower < min, arrowRight: upper > max };
}

const clamp = (axis: ForestAxis, value: number): number => Math.min(Math.max(value, axis.domain[0]), axis.domain[1]);

/** Square side: area proportional to the weight (RevMan), never smaller than minSquare. */
function squareSide(weight: number | undefined, maxWeight: number, t: Theme): number {
  if (weight === undefined || !(maxWeight > 0)) return t.minSquare;
  return Math.max(t.minSquare, t.maxSquare * Math.sqrt(weight / maxWeight));
}

/** Lays out a validated forest plot (see validateForestPlotData). */
export function layoutForest(data: ForestPlotData, measure: TextMeasure, options: ForestOptions = {}): ForestLayout {
  const t = theme(options);
  const axis = forestAxis(data);
  const table = forestTable(data);
  const boxes = placeColumns(table, columnWidths(table, t, measure), t);
  const byId = new Map(boxes.map((box) => [box.column.id, box]));
  const tableRight = boxes[boxes.length - 1]!.x + boxes[boxes.length - 1]!.width;
  const measureHeader = Math.max(measure.width(data.measure, bold(t)), measure.width(data.method ?? "", bold(t)));
  const plotX1 = tableRight + t.columnGap;
  const plotX2 = plotX1 + Math.max(t.plotWidth, Math.ceil(measureHeader));
  const domains = data.robDomains ?? [];
  const robX = (i: number) => plotX2 + t.columnGap + t.robColumn * (i + 0.5);
  const right = domains.length > 0 ? robX(domains.length - 1) + t.robColumn / 2 : plotX2;
  const width = Math.ceil(right + t.padding);

  const texts: PlacedText[] = [];
  const studies: StudyMark[] = [];
  const diamonds: DiamondMark[] = [];
  const intervals: IntervalMark[] = [];
  const lines: PixelLine[] = [];
  const rob: RobLight[] = [];
  const text = (x: number, y: number, value: string, align: TextAlign, style: TextStyle, color?: string) =>
    texts.push({ x, y, text: value, align, size: style.size, bold: style.bold === true, ...(color === undefined ? {} : { color }) });

  // Title, and for single-arm plots the line that says so.
  let y = t.padding;
  const titleStyle: TextStyle = { size: t.title, bold: true };
  for (const line of fitText(data.title, width - 2 * t.padding, titleStyle, measure, 2)) {
    text(t.padding, y + t.title * 0.6, line, "left", titleStyle);
    y += Math.round(t.title * 1.35);
  }
  if (data.kind === "single-arm proportion") {
    text(t.padding, y + t.small * 0.6, messages.labels.singleArm, "left", { size: t.small });
    y += Math.round(t.small * 1.5);
  }
  y += Math.round(t.lineHeight * 0.5);

  // Two header lines: arm labels and the measure over their columns (a long arm label
  // wraps upwards onto a second line), then column names.
  const groupLines = table.groups.map((group) => {
    const first = byId.get(group.columns[0]!)!;
    const last = byId.get(group.columns[group.columns.length - 1]!)!;
    const span = last.x + last.width - first.x;
    return { group, first, span, lines: fitText(group.label, Math.max(span, 1), bold(t), measure, 2) };
  });
  const extraHeaderLines = Math.max(0, ...groupLines.map((g) => g.lines.length - 1));
  const headerY1 = y + t.lineHeight / 2 + extraHeaderLines * t.lineHeight;
  const headerY2 = headerY1 + t.lineHeight + 1;
  for (const { group, first, span, lines: parts } of groupLines) {
    parts.forEach((part, i) => {
      const lineY = headerY1 - (parts.length - 1 - i) * t.lineHeight;
      if (group.columns[0] === "effect") text(first.x, lineY, part, "left", bold(t));
      else text(first.x + span / 2, lineY, part, "center", bold(t));
    });
  }
  for (const box of boxes) if (box.column.header !== "") text(anchor(box), headerY2, box.column.header, box.column.align, bold(t));
  text((plotX1 + plotX2) / 2, headerY1, data.measure, "center", bold(t));
  if (data.method !== undefined) text((plotX1 + plotX2) / 2, headerY2, data.method, "center", bold(t));
  domains.forEach((domain, i) => text(robX(i), headerY2, domain.key, "center", bold(t)));
  if (domains.length > 0) text((robX(0) + robX(domains.length - 1)) / 2, headerY1, messages.labels.robHeader, "center", bold(t));
  y = headerY2 + t.lineHeight / 2 + 3;
  lines.push({ x1: t.padding, x2: right, y });
  const plotTop = y;
  y += 4;

  const maxWeight = data.rows.reduce((m, row) => Math.max(m, row.weightPercent ?? 0), 0);
  const noteWidth = plotX1 - t.columnGap / 2 - t.padding;
  const cellsText = (cells: Cells, rowY: number) => {
    for (const [id, cell] of Object.entries(cells)) {
      if (id === "label") continue;
      const box = byId.get(id);
      if (box !== undefined) text(anchor(box), rowY, cell.text, box.column.align, cell.bold === true ? bold(t) : regular(t));
    }
  };

  for (const line of table.lines) {
    const rowY = y + t.rowHeight / 2;
    switch (line.kind) {
      case "space":
        y += Math.round(t.rowHeight * 0.5);
        continue;
      case "heading": {
        const available = (byId.get("effect")?.x ?? plotX1) - t.columnGap - t.padding;
        text(t.padding, rowY, fitText(line.text, available, bold(t), measure, 1)[0]!, "left", bold(t));
        y += t.rowHeight;
        continue;
      }
      case "note": {
        const wrapped = fitText(line.text, noteWidth, { size: t.small }, measure, 3);
        wrapped.forEach((part, i) => text(t.padding, y + t.lineHeight / 2 + 2 + i * t.lineHeight, part, "left", { size: t.small }));
        y += wrapped.length * t.lineHeight + 4;
        continue;
      }
      default:
        break;
    }
    const labelCell = line.cells["label"]!;
    const labelStyle = labelCell.bold === true ? bold(t) : regular(t);
    const labelLines = fitText(labelCell.text, byId.get("label")!.width, labelStyle, measure, 2);
    labelLines.forEach((part, i) => text(t.padding, rowY + i * t.lineHeight, part, "left", labelStyle));
    cellsText(line.cells, rowY);
    if (line.kind === "study") {
      const row = line.row;
      if (row.estimate !== undefined && row.ciLower !== undefined && row.ciUpper !== undefined) {
        const inside = row.estimate >= axis.domain[0] && row.estimate <= axis.domain[1];
        studies.push({ label: row.label, y: rowY, estimate: row.estimate, ...clip(axis, row.ciLower, row.ciUpper), side: squareSide(row.weightPercent, maxWeight, t), squareVisible: inside });
      }
      (row.rob ?? []).forEach((judgement, i) => {
        rob.push({ x: robX(i), y: rowY, judgement });
        text(robX(i), rowY, ROB_SYMBOL[judgement], "center", { size: t.small, bold: true }, "white");
      });
    } else if (line.kind === "summary") {
      const s = line.summary;
      diamonds.push({ label: labelCell.text, y: rowY, estimate: clamp(axis, s.estimate), lower: clamp(axis, s.ciLower), upper: clamp(axis, s.ciUpper), halfHeight: t.diamondHalfHeight });
    } else if (line.kind === "interval") {
      intervals.push({ y: rowY, ...clip(axis, line.lower, line.upper) });
    }
    y += t.rowHeight + (labelLines.length - 1) * t.lineHeight;
  }

  // The axis under the last row; favours labels under its tick labels; footer lines beside.
  const axisY = Math.round(y + 4);
  let bottom = axisY + 20;
  if (axis.nullValue !== undefined && data.favours !== undefined) bottom = placeFavours(data.favours, axis, { x1: plotX1, x2: plotX2 }, axisY + 30, t, measure, text);
  const footer = [data.heterogeneityText, data.overallEffectText, data.subgroupDifferencesText].filter((s): s is string => s !== undefined);
  let footerY = axisY + t.lineHeight / 2 + 2;
  for (const line of footer) {
    for (const part of fitText(line, noteWidth, { size: t.small }, measure, 3)) {
      text(t.padding, footerY, part, "left", { size: t.small });
      footerY += t.lineHeight;
    }
  }
  y = Math.max(bottom, footerY) + t.lineHeight / 2;

  // Footnotes for studies that could not be estimated, then the risk-of-bias legend.
  const notes = [...table.footnotes, ...robLegend(data)];
  if (notes.length > 0) y += t.lineHeight / 2;
  for (const note of notes) {
    for (const part of fitText(note, width - 2 * t.padding, { size: t.small }, measure, 3)) {
      text(t.padding, y + t.lineHeight / 2, part, "left", { size: t.small });
      y += t.lineHeight;
    }
  }
  const height = Math.ceil(y + t.padding);
  return { width, height, theme: t, axis, plot: { x1: plotX1, x2: plotX2, top: plotTop, axisY }, texts, studies, diamonds, intervals, lines, rob };
}

/** Symbols inside the traffic lights, so they read in grey scale too. */
export const ROB_SYMBOL: Readonly<Record<RobJudgement, string>> = {
  low: "+",
  unclear: "?",
  "some concerns": "!",
  high: "−",
  "not applicable": "",
};

function robLegend(data: ForestPlotData): string[] {
  const domains = data.robDomains ?? [];
  if (domains.length === 0) return [];
  return [
    `${messages.labels.robLegend}: ${messages.labels.robSymbols}`,
    ...domains.map((domain) => `(${domain.key}) ${domain.name}`),
  ];
}

/** The value-to-pixel map of the axis (the same map vega's scale uses). */
export function axisPixel(axis: ForestAxis, plot: { readonly x1: number; readonly x2: number }, value: number): number {
  const f = axis.scale === "log" ? Math.log : (v: number) => v;
  const [a, b] = axis.domain;
  return plot.x1 + ((f(value) - f(a)) / (f(b) - f(a))) * (plot.x2 - plot.x1);
}

/**
 * "Favours left" ends just left of the line of no effect and "Favours right" starts just
 * right of it; each wraps to two lines within its side of the plot column.
 */
function placeFavours(
  favours: { readonly left: string; readonly right: string },
  axis: ForestAxis,
  plot: { readonly x1: number; readonly x2: number },
  y: number,
  t: Theme,
  measure: TextMeasure,
  text: (x: number, y: number, value: string, align: TextAlign, style: TextStyle) => void,
): number {
  const style: TextStyle = { size: t.small };
  const nullX = axisPixel(axis, plot, axis.nullValue!);
  const gap = 4;
  const left = fitText(messages.labels.favours(favours.left), Math.max(nullX - plot.x1 - gap + t.columnGap / 2, 40), style, measure, 2);
  const right = fitText(messages.labels.favours(favours.right), Math.max(plot.x2 - nullX - gap + t.columnGap / 2, 40), style, measure, 2);
  left.forEach((part, i) => text(nullX - gap, y + i * t.lineHeight, part, "right", style));
  right.forEach((part, i) => text(nullX + gap, y + i * t.lineHeight, part, "left", style));
  return y + (Math.max(left.length, right.length) - 1) * t.lineHeight + t.lineHeight / 2;
}
