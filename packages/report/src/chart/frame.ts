/**
 * The frame of a scatter figure (funnel, GOSH, bubble), placed with measured text: the
 * title over the plot, the y-axis title above the y axis (horizontal, so it reads without
 * turning the head), tick labels measured to size the left margin, the x-axis title under
 * the axis, a legend row and notes under it. Positions are pixels relative to the plot's
 * top-left corner, which the spec puts at (padding.left, padding.top).
 */
import type { PlacedText } from "../forest/layout.js";
import { tickLabel } from "../forest/axis.js";
import { fitText, type TextMeasure, type TextStyle } from "../text/measure.js";
import type { ChartAxis } from "./axis.js";
import { textScale } from "../text/scale.js";

/** Sizes of a scatter figure, in pixels. */
export interface ChartOptions {
  /** Body text size (default 11). */
  readonly fontSize?: number;
  /** Width of the plotting area (default 420). */
  readonly plotWidth?: number;
  /** Height of the plotting area (default 300). */
  readonly plotHeight?: number;
}

/** A legend entry: its symbol as drawn in the plot, and its label. */
export interface LegendItem {
  readonly label: string;
  readonly symbol: "filled-circle" | "open-circle" | "swatch" | "line" | "dashed-line" | "dotted-line";
  readonly color: string;
}

export interface ChartTexts {
  readonly title: string;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly legend?: readonly LegendItem[];
  /** Lines under the figure (test results, what was drawn), each wrapped to the width. */
  readonly notes?: readonly string[];
}

export interface ChartTheme {
  readonly size: number;
  readonly small: number;
  readonly title: number;
  readonly padding: number;
  readonly lineHeight: number;
}

export interface PlacedLegendItem {
  /** Centre of the symbol. */
  readonly x: number;
  readonly y: number;
  readonly item: LegendItem;
}

export interface ChartFrame {
  readonly theme: ChartTheme;
  readonly x: ChartAxis;
  readonly y: ChartAxis;
  /** True when the y axis runs downwards (a funnel plot's standard error). */
  readonly yReversed: boolean;
  readonly plot: { readonly width: number; readonly height: number };
  readonly padding: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  readonly texts: readonly PlacedText[];
  readonly legend: readonly PlacedLegendItem[];
}

function chartTheme(options: ChartOptions): ChartTheme {
  const { size, small, title, padding, px } = textScale(options.fontSize);
  return { size, small, title, padding, lineHeight: px(14) };
}

const LEGEND_SYMBOL = 10;
/** Wrap onto as many lines as the text needs: nothing in a figure is cut. */
const ALL_LINES = Number.POSITIVE_INFINITY;

/** Lays out the frame; the caller draws the marks inside [0, plot.width] x [0, plot.height]. */
export function layoutChart(texts: ChartTexts, x: ChartAxis, y: ChartAxis, measure: TextMeasure, options: ChartOptions = {}, yReversed = false): ChartFrame {
  const t = chartTheme(options);
  const plot = { width: options.plotWidth ?? Math.round(420 * (t.size / 11)), height: options.plotHeight ?? Math.round(300 * (t.size / 11)) };
  const small: TextStyle = { size: t.small };
  const yLabels = Math.max(0, ...y.ticks.map((v) => measure.width(tickLabel(v), small)));
  const lastX = measure.width(tickLabel(x.ticks[x.ticks.length - 1] ?? x.domain[1]), small);
  const left = Math.ceil(t.padding + yLabels + 8);
  const right = Math.ceil(t.padding + Math.max(lastX / 2, 4));
  const width = left + plot.width + right;
  const placed: PlacedText[] = [];
  const text = (px: number, py: number, value: string, align: PlacedText["align"], style: TextStyle) =>
    placed.push({ x: px, y: py, text: value, align, size: style.size, bold: style.bold === true });

  const titleStyle: TextStyle = { size: t.title, bold: true };
  // Nothing is cut: every text wraps onto as many lines as it needs.
  const titleLines = fitText(texts.title, width - 2 * t.padding, titleStyle, measure, ALL_LINES);
  const titleStep = Math.round(t.title * 1.35);
  const titleYs = titleLines.map((_, i) => t.padding + t.title * 0.6 + i * titleStep);
  const yTitle = fitText(texts.yTitle, width - 2 * t.padding, { size: t.small, bold: true }, measure, ALL_LINES);
  const yTitleY = t.padding + titleLines.length * titleStep + t.lineHeight / 2 + t.small * 0.6;
  const top = Math.ceil(yTitleY + yTitle.length * t.lineHeight);
  titleLines.forEach((line, i) => text(t.padding - left, titleYs[i]! - top, line, "left", titleStyle));
  yTitle.forEach((line, i) => text(t.padding - left, yTitleY + i * t.lineHeight - top, line, "left", { size: t.small, bold: true }));

  let below = plot.height + 4 + 2 + t.small + t.lineHeight * 0.9;
  for (const line of fitText(texts.xTitle, plot.width + right, { size: t.small, bold: true }, measure, ALL_LINES)) {
    text(plot.width / 2, below, line, "center", { size: t.small, bold: true });
    below += t.lineHeight;
  }
  const legend: PlacedLegendItem[] = [];
  const legendItems = texts.legend ?? [];
  if (legendItems.length > 0) {
    below += t.lineHeight * 0.4;
    let cursor = t.padding - left;
    for (const item of legendItems) {
      const lines = fitText(item.label, width - 2 * t.padding - LEGEND_SYMBOL - 6, small, measure, ALL_LINES);
      const span = LEGEND_SYMBOL + 5 + Math.max(...lines.map((line) => measure.width(line, small)));
      if (cursor > t.padding - left && (cursor + span > width - t.padding - left || lines.length > 1)) {
        cursor = t.padding - left;
        below += t.lineHeight;
      }
      legend.push({ x: cursor + LEGEND_SYMBOL / 2, y: below, item });
      lines.forEach((line, i) => text(cursor + LEGEND_SYMBOL + 5, below + i * t.lineHeight, line, "left", small));
      below += (lines.length - 1) * t.lineHeight;
      cursor = lines.length > 1 ? width : cursor + span + 16;
    }
    below += t.lineHeight;
  }
  if ((texts.notes ?? []).length > 0) below += t.lineHeight * 0.3;
  for (const note of texts.notes ?? []) {
    for (const line of fitText(note, width - 2 * t.padding, small, measure, ALL_LINES)) {
      text(t.padding - left, below, line, "left", small);
      below += t.lineHeight;
    }
  }
  const bottom = Math.ceil(below - plot.height + t.padding / 2);
  return { theme: t, x, y, yReversed, plot, padding: { left, top, right, bottom }, texts: placed, legend };
}
