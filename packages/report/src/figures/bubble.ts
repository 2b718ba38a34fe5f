/**
 * Bubble plot of a meta-regression: each study's moderator value (x) against its effect
 * (y, display scale: a log axis for ratio measures), the bubble's area proportional to
 * the study's weight in the model, and the fitted line with its confidence band. The
 * line and band are @metakit/core's bubblePlotData (metafor's regplot), drawn as given.
 */
import { readLevel } from "@metakit/base";
import type { TopLevelSpec } from "vega-lite";
import { chartAxis } from "../chart/axis.js";
import { layoutChart, type ChartOptions, type LegendItem } from "../chart/frame.js";
import { chartSpec, CHART_COLORS, xField, yField, type Layer } from "../chart/spec.js";
import { checkNonNegative, checkNotEmpty, checkValue, fail } from "../chart/validate.js";
import { messages } from "../messages.js";
import type { TextMeasure } from "../text/measure.js";

export interface BubblePlotPoint {
  readonly label: string;
  /** The moderator's value. */
  readonly x: number;
  /** The effect, display scale. */
  readonly y: number;
  /** Weight in the model (percent or any non-negative unit): the bubble's area. */
  readonly weight: number;
}

/** A point of the fitted line: the prediction and its confidence interval at x (display scale). */
export interface BubbleLinePoint {
  readonly x: number;
  readonly estimate: number;
  readonly ciLower: number;
  readonly ciUpper: number;
}

export interface BubblePlotFigureData {
  readonly title: string;
  /** The moderator as a reader knows it ("Absolute latitude", "Daily dose (mg)"). */
  readonly moderator: string;
  /** The effect measure ("Risk Ratio"): the y-axis title. */
  readonly measure: string;
  readonly scale: "log" | "identity";
  readonly points: readonly BubblePlotPoint[];
  /** The fitted line over the moderator's range, in increasing x. */
  readonly line: readonly BubbleLinePoint[];
  /** A horizontal line of no effect (1 for ratios, 0 for differences); none when absent. */
  readonly nullValue?: number;
  /** Confidence level of the line's band, as metafor reads it (95 or 0.95; 95 when absent): names it in the legend. */
  readonly level?: number;
  readonly notes?: readonly string[];
}

const FIGURE = "bubble plot";
/** Area of the heaviest study's bubble, in square pixels. */
const MAX_AREA = 700;
const MIN_AREA = 16;

/** The band's confidence level in percent, read in this one place. */
const bubbleLevel = (data: BubblePlotFigureData): number => readLevel(data.level, "bubblePlotSpec");

/** @throws MetakitError INVALID_INPUT naming the study and field at fault. */
export function validateBubblePlotData(data: BubblePlotFigureData): void {
  if (data.scale !== "log" && data.scale !== "identity") fail(messages.figure.scale(FIGURE, data.scale), { field: "scale", value: data.scale });
  checkNotEmpty(FIGURE, "points", data.points.length);
  for (const p of data.points) {
    checkValue("identity", p.label, "x", p.x);
    checkValue(data.scale, p.label, "y", p.y);
    checkNonNegative(p.label, "weight", p.weight);
  }
  for (const p of data.line) {
    const at = `line at ${p.x}`;
    checkValue("identity", at, "x", p.x);
    for (const [field, v] of [["estimate", p.estimate], ["ciLower", p.ciLower], ["ciUpper", p.ciUpper]] as const) checkValue(data.scale, at, field, v);
    if (!(p.ciLower <= p.estimate && p.estimate <= p.ciUpper)) fail(messages.forest.ciOrder(at), { study: at, field: "ciLower", value: [p.ciLower, p.estimate, p.ciUpper] });
  }
  if (data.nullValue !== undefined) checkValue(data.scale, "nullValue", "nullValue", data.nullValue);
  bubbleLevel(data);
}

/** Bubble area in square pixels: proportional to the weight, the heaviest MAX_AREA, none below MIN_AREA. */
export function bubbleArea(weight: number, maxWeight: number): number {
  return maxWeight > 0 ? Math.max(MIN_AREA, (MAX_AREA * weight) / maxWeight) : MIN_AREA;
}

/** The bubble plot's vega-lite spec. @throws MetakitError on invalid data. */
export function bubblePlotSpec(data: BubblePlotFigureData, measure: TextMeasure, options: ChartOptions = {}): TopLevelSpec {
  validateBubblePlotData(data);
  const xValues = [...data.points.map((p) => p.x), ...data.line.map((p) => p.x)];
  const yValues = [...data.points.map((p) => p.y), ...data.line.flatMap((p) => [p.ciLower, p.ciUpper]), ...(data.nullValue === undefined ? [] : [data.nullValue])];
  const x = chartAxis("identity", xValues, "x");
  const y = chartAxis(data.scale, yValues, "y");
  const legend: LegendItem[] = [
    { label: messages.figure.bubble, symbol: "open-circle", color: CHART_COLORS.point },
    ...(data.line.length > 0 ? [{ label: messages.figure.regressionLine, symbol: "line", color: CHART_COLORS.ink } as const, { label: messages.figure.confidenceBand(bubbleLevel(data)), symbol: "swatch", color: BAND } as const] : []),
  ];
  const yTitle = data.scale === "log" ? messages.figure.logScale(data.measure) : data.measure;
  const frame = layoutChart({ title: data.title, xTitle: data.moderator, yTitle, legend, ...(data.notes === undefined ? {} : { notes: data.notes }) }, x, y, measure, options);
  const xs = (field: string) => xField(frame, field);
  const ys = (field: string) => yField(frame, field);
  const maxWeight = Math.max(...data.points.map((p) => p.weight));
  // Heaviest first, so small bubbles are drawn over large ones and stay visible.
  const bubbles = data.points
    .map((p, i) => ({ x: p.x, y: p.y, size: bubbleArea(p.weight, maxWeight), i }))
    .sort((a, b) => b.size - a.size || a.i - b.i);
  const layers: Layer[] = [
    {
      name: "confidence_band",
      data: { values: data.line.map((p) => ({ x: p.x, lo: p.ciLower, hi: p.ciUpper })) },
      mark: { type: "area", color: BAND, opacity: 1, clip: true },
      encoding: { x: xs("x"), y: ys("lo"), y2: { field: "hi" } },
    },
    {
      name: "null_line",
      data: { values: data.nullValue === undefined ? [] : [{ x: x.domain[0], x2: x.domain[1], y: data.nullValue }] },
      mark: { type: "rule", color: "#7f7f7f", strokeWidth: 1, strokeDash: [2, 2] },
      encoding: { x: xs("x"), x2: { field: "x2" }, y: ys("y") },
    },
    {
      name: "regression_line",
      data: { values: data.line.map((p) => ({ x: p.x, y: p.estimate })) },
      mark: { type: "line", color: CHART_COLORS.ink, strokeWidth: 1.5, clip: true },
      encoding: { x: xs("x"), y: ys("y") },
    },
    {
      name: "bubbles",
      data: { values: bubbles.map(({ x, y, size }) => ({ x, y, size })) },
      mark: { type: "point", shape: "circle", filled: false, fill: "white", fillOpacity: 0.6, opacity: 1, color: CHART_COLORS.point, strokeWidth: 1.2 },
      encoding: { x: xs("x"), y: ys("y"), size: { field: "size", type: "quantitative", scale: null } },
    },
  ];
  return chartSpec(frame, layers);
}

const BAND = "#dbe4f3";
