/**
 * Places a forest plot on a pixel grid: column widths from measured text, one row after
 * another, the plot column with its axis under the last row, and the footer lines beside
 * the axis. The effect axis itself stays a scale (vega draws it); everything else is in
 * pixels, so nothing overlaps and nothing is left to vega's guesses.
 *
 * Print size: the figure is as wide as the narrowest journal width that holds it (85, 120,
 * 170 or 180 mm at 3.5 units to the mm, print/size.ts), the plot column taking up the rest,
 * and every text is 10 units (8.1 pt on paper). Nothing is cut: long labels, headers,
 * headings and footnotes wrap onto as many lines as they need.
 */
import { messages } from "../messages.js";
import { fitText, type TextMeasure, type TextStyle } from "../text/measure.js";
import { forestAxis, tickLabel, type ForestAxis } from "./axis.js";
import { ARM_SPAN, forestTable, type Cells, type Column, type ForestLine, type ForestTable } from "./table.js";
import { ROB_STYLE, robSymbolLegend } from "../rob/palette.js";
import { ROB_JUDGEMENTS, type ForestPlotData, type RobJudgement } from "./types.js";
import { JOURNAL_WIDTHS_MM, unitsForWidth } from "../print/size.js";

/** Sizes of a forest plot, in SVG units (3.5 to the printed mm). */
export interface ForestOptions {
  /** Text size of every text (default 10: 8.1 pt printed). */
  readonly fontSize?: number;
  /** Width of the plot column; default: what fills the narrowest journal width that holds the table (at least 110). */
  readonly plotWidth?: number;
  /** Widest study label before it wraps onto further lines (default 120, narrower when the figure would be wider than 180 mm). */
  readonly labelMaxWidth?: number;
}

/** The forest plot's text size: 10 units, 8.1 pt at 3.5 units to the mm. */
export const FOREST_FONT_SIZE = 10;

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

/** One size for every text (RevMan prints its forest plots in one size too), so each prints at 8-9 pt. */
function theme(options: ForestOptions, labelMaxWidth?: number): Theme {
  const size = options.fontSize ?? FOREST_FONT_SIZE;
  const px = (length: number) => Math.round((length * size) / FOREST_FONT_SIZE);
  return {
    size,
    small: size,
    title: size,
    padding: px(8),
    columnGap: px(7),
    subGap: px(4),
    rowHeight: px(15),
    lineHeight: px(12),
    plotWidth: options.plotWidth ?? px(84),
    labelMaxWidth: labelMaxWidth ?? options.labelMaxWidth ?? px(120),
    groupLabelMaxWidth: Math.min(px(130), labelMaxWidth ?? px(130)),
    maxSquare: px(11),
    minSquare: Math.max(3, px(4)),
    diamondHalfHeight: px(5),
    robColumn: px(15),
  };
}

/** Wrap onto as many lines as the text needs: nothing in a figure is cut. */
const ALL_LINES = Number.POSITIVE_INFINITY;

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
  /** A dashed vertical line at this value (display scale), for example the estimate from all studies. */
  readonly referenceLine?: number;
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
  // A header wraps onto further lines: its column is as wide as its widest word.
  for (const column of table.columns) grow(column.id, Math.max(0, ...column.header.split(/\s+/).map((word) => measure.width(word, bold(t)))));
  const cellsOf = (line: ForestLine): Cells | undefined => ("cells" in line ? line.cells : undefined);
  for (const line of table.lines) {
    const cells = cellsOf(line);
    if (cells === undefined) continue;
    for (const [id, cell] of Object.entries(cells)) grow(id, measure.width(cell.text, cell.bold === true ? bold(t) : regular(t)));
  }
  // Study labels wrap at labelMaxWidth; the total and subtotal labels ("Subtotal (95% CI)") do not need to.
  const summaryLabels = table.lines.flatMap((line) => (line.kind !== "study" && "cells" in line ? [line.cells["label"]!] : []));
  const labelWidth = Math.max(t.labelMaxWidth, ...summaryLabels.map((cell) => measure.width(cell.text, cell.bold === true ? bold(t) : regular(t))));
  widths.set("label", Math.min(widths.get("label") ?? 0, labelWidth));
  const spanOf = (columns: readonly string[]) => columns.reduce((sum, id) => sum + (widths.get(id) ?? 0), 0) + t.subGap * (columns.length - 1);
  const widen = (columns: readonly string[], needed: number) => {
    const span = spanOf(columns);
    if (needed > span) for (const id of columns) widths.set(id, (widths.get(id) ?? 0) + (needed - span) / columns.length);
  };
  for (const group of table.groups) {
    // An arm's words ("within-person") run across its columns.
    const arm = group.columns[0]!.split(".")[0]!;
    widen(group.columns, widths.get(`${arm}${ARM_SPAN}`) ?? 0);
    // A long arm label wraps at groupLabelMaxWidth; its longest word always fits.
    const longestWord = Math.max(...group.label.split(/\s+/).map((word) => measure.width(word, bold(t))));
    widen(group.columns, Math.max(Math.min(measure.width(group.label, bold(t)), t.groupLabelMaxWidth), longestWord));
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

/**
 * Square side: area proportional to the weight (RevMan), never smaller than minSquare;
 * when no row has a weight (a leave-one-out plot), every square has the middle size.
 */
function squareSide(weight: number | undefined, maxWeight: number, t: Theme): number {
  if (!(maxWeight > 0)) return (t.minSquare + t.maxSquare) / 2;
  if (weight === undefined) return t.minSquare;
  return Math.max(t.minSquare, t.maxSquare * Math.sqrt(weight / maxWeight));
}

/** The horizontal frame every part of the layout shares. */
interface Frame {
  readonly t: Theme;
  readonly measure: TextMeasure;
  readonly data: ForestPlotData;
  readonly axis: ForestAxis;
  readonly table: ForestTable;
  readonly byId: ReadonlyMap<string, ColumnBox>;
  readonly plot: { readonly x1: number; readonly x2: number };
  /** Centre of risk-of-bias column i. */
  readonly robX: (i: number) => number;
  /** Right end of the table's rules (the last column, or the last tick label). */
  readonly right: number;
  /** Width for text lines that span the table columns but stay clear of the plot and its first tick label. */
  readonly noteWidth: number;
  readonly width: number;
  /** Footnotes the layout adds (the traffic-light columns were left out). */
  readonly notes: readonly string[];
}

/** What the layout places; `text` adds a text item. */
class Scene {
  readonly texts: PlacedText[] = [];
  readonly studies: StudyMark[] = [];
  readonly diamonds: DiamondMark[] = [];
  readonly intervals: IntervalMark[] = [];
  readonly lines: PixelLine[] = [];
  readonly rob: RobLight[] = [];

  text(x: number, y: number, value: string, align: TextAlign, style: TextStyle, color?: string): void {
    this.texts.push({ x, y, text: value, align, size: style.size, bold: style.bold === true, ...(color === undefined ? {} : { color }) });
  }

  /** Left-aligned lines of wrapped text, from `y` down; returns the y below them. */
  paragraph(f: Frame, y: number, text: string, maxWidth: number): number {
    for (const part of fitText(text, maxWidth, { size: f.t.small }, f.measure, ALL_LINES)) {
      this.text(f.t.padding, y + f.t.lineHeight / 2, part, "left", { size: f.t.small });
      y += f.t.lineHeight;
    }
    return y;
  }
}

function frame(data: ForestPlotData, measure: TextMeasure, t: Theme, plotWidth: number, width?: number, notes: readonly string[] = []): Frame {
  const axis = forestAxis(data);
  const table = forestTable(data);
  const boxes = placeColumns(table, columnWidths(table, t, measure), t);
  const last = boxes[boxes.length - 1]!;
  // The measure and method over the plot wrap; the plot is at least as wide as their longest word.
  const longestWord = Math.max(...`${data.measure} ${data.method ?? ""}`.split(/\s+/).map((word) => measure.width(word, bold(t))));
  const x1 = last.x + last.width + t.columnGap;
  // Room for the tick labels side by side, a label's width apart.
  const ticks = axis.ticks.reduce((sum, v) => sum + measure.width(tickLabel(v), { size: t.small }), 0);
  const x2 = x1 + Math.max(plotWidth, Math.ceil(longestWord), Math.ceil(ticks * 1.6));
  const domains = data.robDomains?.length ?? 0;
  // A traffic-light column is as wide as its light, or its key ("D1") with room either side.
  const robPitch = Math.max(t.robColumn, ...(data.robDomains ?? []).map((d) => Math.ceil(measure.width(d.key, bold(t))) + 2));
  const robX = (i: number) => x2 + t.columnGap + robPitch * (i + 0.5);
  // The last tick label is centred on the axis end and may reach past the plot column.
  const lastTick = measure.width(tickLabel(axis.domain[1]), { size: t.small }) / 2;
  const right = domains > 0 ? robX(domains - 1) + robPitch / 2 : x2 + lastTick;
  const firstTick = measure.width(tickLabel(axis.domain[0]), { size: t.small }) / 2;
  const noteWidth = x1 - Math.max(t.columnGap / 2, firstTick + 4) - t.padding;
  const byId = new Map(boxes.map((box) => [box.column.id, box]));
  return { t, measure, data, axis, table, byId, plot: { x1, x2 }, robX, right, noteWidth, width: width ?? Math.ceil(right + t.padding), notes };
}

/** The widest study label on one line. */
function widestStudyLabel(data: ForestPlotData, measure: TextMeasure, t: Theme): number {
  return Math.ceil(Math.max(0, ...data.rows.map((row) => measure.width(row.label, regular(t)))));
}

/** Label widths tried, widest first, when a figure is wider than the widest journal width. */
const NARROWER_LABELS = [100, 80, 64];

/**
 * The frame at print width: with the narrowest plot column, the narrowest journal width
 * that holds the table (narrowing the label column first if none does, then leaving out
 * the traffic-light columns with a footnote), then the plot column widened to fill that
 * width exactly. An explicit plotWidth is kept as given.
 */
function printFrame(given: ForestPlotData, measure: TextMeasure, options: ForestOptions): Frame {
  let data = given;
  let notes: string[] = [];
  const widths = JOURNAL_WIDTHS_MM.map(unitsForWidth);
  const widest = widths[widths.length - 1]!;
  let t = theme(options);
  if (options.plotWidth !== undefined) return frame(data, measure, t, t.plotWidth);
  let natural = frame(data, measure, t, t.plotWidth);
  const px = (length: number) => Math.round((length * t.size) / FOREST_FONT_SIZE);
  for (const label of NARROWER_LABELS.map(px)) {
    if (natural.width <= widest || label >= t.labelMaxWidth) continue;
    t = theme(options, label);
    natural = frame(data, measure, t, t.plotWidth);
  }
  if (natural.width > widest && (data.robDomains?.length ?? 0) > 0) {
    const { robDomains: _columns, ...rest } = data;
    data = { ...rest, rows: data.rows.map(({ rob: _judgements, ...row }) => row) };
    notes = [messages.labels.robElsewhere];
    natural = frame(data, measure, t, t.plotWidth, undefined, notes);
  }
  const target = widths.find((w) => w >= natural.width);
  if (target === undefined) return natural;
  // Room to spare: wrapped study labels get up to half of it, the plot column the rest.
  const wrapped = widestStudyLabel(data, measure, t) - t.labelMaxWidth;
  if (wrapped > 0 && target > natural.width) {
    t = theme(options, t.labelMaxWidth + Math.min(wrapped, Math.floor((target - natural.width) / 2)));
    natural = frame(data, measure, t, t.plotWidth, undefined, notes);
  }
  return frame(data, measure, t, natural.plot.x2 - natural.plot.x1 + (target - natural.width), target, notes);
}

/** The title, and for single-arm plots the line that says so; returns the y below. */
function placeTitle(f: Frame, scene: Scene, y: number): number {
  const { t } = f;
  const style: TextStyle = { size: t.title, bold: true };
  for (const line of fitText(f.data.title, f.width - 2 * t.padding, style, f.measure, ALL_LINES)) {
    scene.text(t.padding, y + t.title * 0.6, line, "left", style);
    y += Math.round(t.title * 1.35);
  }
  if (f.data.kind === "single-arm proportion") {
    scene.text(t.padding, y + t.small * 0.6, messages.labels.singleArm, "left", { size: t.small });
    y += Math.round(t.small * 1.5);
  }
  return y + Math.round(t.lineHeight * 0.5);
}

/** A header text wrapped to a width, its lines stacked upwards from the bottom of its band. */
interface HeaderItem {
  readonly x: number;
  readonly align: TextAlign;
  readonly lines: readonly string[];
}

/**
 * Two header bands: arm labels, the measure and "Risk of Bias" over their columns, then the
 * column names, the method line and the domain keys; every header wraps within its column
 * (upwards, so each band's last lines share a baseline), and a rule under them. Returns its y.
 */
function placeHeader(f: Frame, scene: Scene, y: number): number {
  const { t, byId, plot } = f;
  const wrap = (text: string, width: number) => fitText(text, Math.max(width, 1), bold(t), f.measure, ALL_LINES);
  const plotMiddle = (plot.x1 + plot.x2) / 2;
  const top: HeaderItem[] = f.table.groups.map((group) => {
    const first = byId.get(group.columns[0]!)!;
    const last = byId.get(group.columns[group.columns.length - 1]!)!;
    const span = last.x + last.width - first.x;
    const isEffect = group.columns[0] === "effect";
    return { x: isEffect ? first.x : first.x + span / 2, align: isEffect ? "left" : "center", lines: wrap(group.label, span) };
  });
  top.push({ x: plotMiddle, align: "center", lines: wrap(f.data.measure, plot.x2 - plot.x1) });
  const bottom: HeaderItem[] = [...byId.values()].filter((box) => box.column.header !== "").map((box) => ({ x: anchor(box), align: box.column.align, lines: wrap(box.column.header, box.width) }));
  if (f.data.method !== undefined) bottom.push({ x: plotMiddle, align: "center", lines: wrap(f.data.method, plot.x2 - plot.x1) });
  const domains = f.data.robDomains ?? [];
  domains.forEach((domain, i) => bottom.push({ x: f.robX(i), align: "center", lines: [domain.key] }));
  if (domains.length > 0) {
    const span = f.robX(domains.length - 1) - f.robX(0) + t.robColumn;
    top.push({ x: (f.robX(0) + f.robX(domains.length - 1)) / 2, align: "center", lines: wrap(messages.labels.robHeader, span) });
  }
  const height = (items: readonly HeaderItem[]) => Math.max(1, ...items.map((item) => item.lines.length));
  const y1 = y + t.lineHeight / 2 + (height(top) - 1) * t.lineHeight;
  const y2 = y1 + t.lineHeight + 1 + (height(bottom) - 1) * t.lineHeight;
  const place = (items: readonly HeaderItem[], baseline: number) => {
    for (const item of items) item.lines.forEach((line, i) => scene.text(item.x, baseline - (item.lines.length - 1 - i) * t.lineHeight, line, item.align, bold(t)));
  };
  place(top, y1);
  place(bottom, y2);
  const ruleY = y2 + t.lineHeight / 2 + 3;
  scene.lines.push({ x1: t.padding, x2: f.right, y: ruleY });
  return ruleY;
}

/** One table row with cells: label (wrapped), cells, and its marks. Returns its height. */
function placeRow(f: Frame, scene: Scene, line: Exclude<ForestLine, { kind: "space" | "heading" | "note" }>, rowY: number): number {
  const { t, axis } = f;
  const labelCell = line.cells["label"]!;
  const labelStyle = labelCell.bold === true ? bold(t) : regular(t);
  const labelLines = fitText(labelCell.text, f.byId.get("label")!.width, labelStyle, f.measure, ALL_LINES);
  labelLines.forEach((part, i) => scene.text(t.padding, rowY + i * t.lineHeight, part, "left", labelStyle));
  for (const [id, cell] of Object.entries(line.cells)) {
    const style = cell.bold === true ? bold(t) : regular(t);
    const box = f.byId.get(id);
    if (id.endsWith(ARM_SPAN)) {
      const first = [...f.byId.values()].find((b) => b.column.id.startsWith(`${id.slice(0, -ARM_SPAN.length)}.`));
      if (first !== undefined) scene.text(first.x, rowY, cell.text, "left", style);
    } else if (id !== "label" && box !== undefined) {
      scene.text(anchor(box), rowY, cell.text, box.column.align, style);
    }
  }
  if (line.kind === "study") {
    const row = line.row;
    if (row.estimate !== undefined && row.ciLower !== undefined && row.ciUpper !== undefined) {
      const maxWeight = f.data.rows.reduce((m, r) => Math.max(m, r.weightPercent ?? 0), 0);
      const squareVisible = row.estimate >= axis.domain[0] && row.estimate <= axis.domain[1];
      const side = squareSide(row.weightPercent, maxWeight, t);
      scene.studies.push({ label: row.label, y: rowY, estimate: row.estimate, ...clip(axis, row.ciLower, row.ciUpper), side, squareVisible });
    }
    (row.rob ?? []).forEach((judgement, i) => {
      scene.rob.push({ x: f.robX(i), y: rowY, judgement });
      scene.text(f.robX(i), rowY, ROB_SYMBOL[judgement], "center", { size: t.small, bold: true }, ROB_STYLE[judgement].ink);
    });
  } else if (line.kind === "summary") {
    const s = line.summary;
    scene.diamonds.push({ label: labelCell.text, y: rowY, estimate: clamp(axis, s.estimate), lower: clamp(axis, s.ciLower), upper: clamp(axis, s.ciUpper), halfHeight: t.diamondHalfHeight });
  } else if (line.kind === "interval") {
    scene.intervals.push({ y: rowY, ...clip(axis, line.lower, line.upper) });
  }
  return t.rowHeight + (labelLines.length - 1) * t.lineHeight;
}

/** Every row of the table from `y` down; returns the y below the last. */
function placeRows(f: Frame, scene: Scene, y: number): number {
  const { t } = f;
  for (const line of f.table.lines) {
    if (line.kind === "space") {
      y += Math.round(t.rowHeight * 0.5);
    } else if (line.kind === "heading") {
      const available = (f.byId.get("effect")?.x ?? f.plot.x1) - t.columnGap - t.padding;
      const lines = fitText(line.text, available, bold(t), f.measure, ALL_LINES);
      lines.forEach((part, i) => scene.text(t.padding, y + t.rowHeight / 2 + i * t.lineHeight, part, "left", bold(t)));
      y += t.rowHeight + (lines.length - 1) * t.lineHeight;
    } else if (line.kind === "note") {
      y = scene.paragraph(f, y + 2, line.text, f.noteWidth) + 2;
    } else {
      y += placeRow(f, scene, line, y + t.rowHeight / 2);
    }
  }
  return y;
}

/**
 * Under the axis: favours labels under its tick labels, the heterogeneity, overall-effect
 * and subgroup-difference lines beside it, then footnotes and the risk-of-bias legend.
 * Returns the y below everything.
 */
function placeFooter(f: Frame, scene: Scene, axisY: number): number {
  const { t, data } = f;
  let favoursBottom = axisY + 20;
  if (f.axis.nullValue !== undefined && data.favours !== undefined) {
    favoursBottom = placeFavours(f, scene, data.favours, axisY + 30);
  }
  let y = axisY + 2;
  for (const line of [data.heterogeneityText, data.overallEffectText, data.subgroupDifferencesText]) {
    if (line !== undefined) y = scene.paragraph(f, y, line, f.noteWidth);
  }
  y = Math.max(favoursBottom, y) + t.lineHeight / 2;
  const notes = [...f.table.footnotes, ...f.notes, ...robLegend(data)];
  if (notes.length > 0) y += t.lineHeight / 2;
  for (const note of notes) y = scene.paragraph(f, y, note, f.width - 2 * t.padding);
  return y;
}

/** Lays out a validated forest plot (see validateForestPlotData). */
export function layoutForest(data: ForestPlotData, measure: TextMeasure, options: ForestOptions = {}): ForestLayout {
  const f = printFrame(data, measure, options);
  const scene = new Scene();
  const plotTop = placeHeader(f, scene, placeTitle(f, scene, f.t.padding));
  const axisY = Math.round(placeRows(f, scene, plotTop + 4) + 4);
  const height = Math.ceil(placeFooter(f, scene, axisY) + f.t.padding);
  const { texts, studies, diamonds, intervals, lines, rob } = scene;
  return { width: f.width, height, theme: f.t, axis: f.axis, plot: { ...f.plot, top: plotTop, axisY }, texts, studies, diamonds, intervals, lines, rob };
}

/** Symbols inside the traffic lights, so they read in grey scale too (robvis' symbols, rob/palette.ts). */
export const ROB_SYMBOL: Readonly<Record<RobJudgement, string>> = Object.fromEntries(Object.entries(ROB_STYLE).map(([judgement, style]) => [judgement, style.symbol])) as Record<RobJudgement, string>;

/** The symbols of the judgements drawn (in ROB_JUDGEMENTS order), then one line per domain. */
function robLegend(data: ForestPlotData): string[] {
  const domains = data.robDomains ?? [];
  if (domains.length === 0) return [];
  const drawn = new Set(data.rows.flatMap((row) => row.rob ?? []));
  return [
    `${messages.labels.robLegend}: ${robSymbolLegend(ROB_JUDGEMENTS.filter((j) => drawn.has(j)))}`,
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
function placeFavours(f: Frame, scene: Scene, favours: { readonly left: string; readonly right: string }, y: number): number {
  const { t, axis, plot } = f;
  const style: TextStyle = { size: t.small };
  const nullX = axisPixel(axis, plot, axis.nullValue!);
  const gap = 4;
  const left = fitText(messages.labels.favours(favours.left), Math.max(nullX - plot.x1 - gap + t.columnGap / 2, 40), style, f.measure, ALL_LINES);
  const right = fitText(messages.labels.favours(favours.right), Math.max(plot.x2 - nullX - gap + t.columnGap / 2, 40), style, f.measure, ALL_LINES);
  left.forEach((part, i) => scene.text(nullX - gap, y + i * t.lineHeight, part, "right", style));
  right.forEach((part, i) => scene.text(nullX + gap, y + i * t.lineHeight, part, "left", style));
  return y + (Math.max(left.length, right.length) - 1) * t.lineHeight + t.lineHeight / 2;
}
