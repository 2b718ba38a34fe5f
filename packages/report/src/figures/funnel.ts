/**
 * Funnel plot: each study's effect (x, display scale: a log axis for ratio measures)
 * against its standard error (y, on the analysis scale, 0 at the top), the pooled
 * estimate as a vertical line with the pseudo 95% confidence region around it (dashed),
 * the studies filled in by trim and fill as open circles, and, when contours are given,
 * the regions of statistical significance shaded (contour-enhanced, Peters et al. 2008).
 * Everything drawn is computed elsewhere (@metakit/core's funnelData and trimAndFill).
 */
import type { TopLevelSpec } from "vega-lite";
import { chartAxis } from "../chart/axis.js";
import { layoutChart, type ChartFrame, type ChartOptions, type LegendItem } from "../chart/frame.js";
import { chartSpec, CHART_COLORS, xField, yField, type Layer } from "../chart/spec.js";
import { checkNonNegative, checkNotEmpty, checkValue, fail } from "../chart/validate.js";
import { messages } from "../messages.js";
import type { TextMeasure } from "../text/measure.js";

/** A study on the funnel: its effect (display scale) and standard error (analysis scale). */
export interface FunnelPoint {
  readonly label: string;
  readonly estimate: number;
  readonly se: number;
}

/** A point of a straight line in the funnel: a standard error and the effect there (display scale). */
export interface FunnelLinePoint {
  readonly se: number;
  readonly value: number;
}

/** A pair of straight lines from se = 0 to the largest se, left and right. */
export interface FunnelLines {
  readonly lower: readonly [FunnelLinePoint, FunnelLinePoint];
  readonly upper: readonly [FunnelLinePoint, FunnelLinePoint];
}

/** A significance contour: the effects at which a study's two-sided p equals alpha. */
export interface FunnelContourLines extends FunnelLines {
  readonly alpha: number;
}

export interface FunnelPlotData {
  readonly title: string;
  /** Measure as a reader knows it ("Risk Ratio"); the x-axis title. */
  readonly measure: string;
  readonly scale: "log" | "identity";
  readonly studies: readonly FunnelPoint[];
  /** Studies imputed by trim and fill, drawn as open circles. */
  readonly filled?: readonly FunnelPoint[];
  /** The pooled estimate and its pseudo 95% confidence region (estimate +- 1.96 se). */
  readonly pooled: { readonly estimate: number } & FunnelLines;
  /** Significance contours around the line of no effect (contour-enhanced funnel). */
  readonly contours?: readonly FunnelContourLines[];
  /** The estimate with the filled studies (trim and fill), drawn as a dotted vertical line. */
  readonly adjusted?: { readonly estimate: number; readonly label: string };
  /** Lines under the figure: the tests for asymmetry, the trim-and-fill estimate. */
  readonly notes?: readonly string[];
}

const FIGURE = "funnel plot";
/** Shades from the least to the most significant region (p above the widest contour is white). */
const SHADES = ["#ffffff", "#ececec", "#d9d9d9", "#c4c4c4", "#afafaf"] as const;

function checkLines(scale: "log" | "identity", name: string, lines: FunnelLines): void {
  for (const point of [...lines.lower, ...lines.upper]) {
    checkNonNegative(name, "se", point.se);
    checkValue(scale, name, "value", point.value);
  }
}

/** @throws MetakitError INVALID_INPUT naming the study and field at fault. */
export function validateFunnelPlotData(data: FunnelPlotData): void {
  if (data.scale !== "log" && data.scale !== "identity") fail(messages.figure.scale(FIGURE, data.scale), { field: "scale", value: data.scale });
  checkNotEmpty(FIGURE, "studies", data.studies.length);
  for (const study of [...data.studies, ...(data.filled ?? [])]) {
    checkValue(data.scale, study.label, "estimate", study.estimate);
    checkNonNegative(study.label, "se", study.se);
  }
  checkValue(data.scale, "pooled", "estimate", data.pooled.estimate);
  checkLines(data.scale, "pooled", data.pooled);
  if (data.adjusted !== undefined) checkValue(data.scale, "adjusted", "estimate", data.adjusted.estimate);
  for (const contour of data.contours ?? []) {
    if (!(contour.alpha > 0 && contour.alpha < 1)) fail(messages.pValue(contour.alpha), { study: "contours", field: "alpha", value: contour.alpha });
    checkLines(data.scale, `contour ${contour.alpha}`, contour);
  }
}

/** A significance level as printed: two decimals at least (0.10, 0.05, 0.01, 0.001). */
const level = (alpha: number): string => (alpha >= 0.01 ? alpha.toFixed(2) : String(alpha));

/**
 * A straight line of the funnel (straight on the axis's scale: log for ratios) extended
 * from its two points to the standard error `se`; geometry only.
 */
function extendTo(scale: "log" | "identity", line: readonly [FunnelLinePoint, FunnelLinePoint], se: number): FunnelLinePoint[] {
  const [a, b] = line;
  if (!(b.se > a.se) || se <= b.se) return [...line];
  const f = scale === "log" ? Math.log : (v: number) => v;
  const g = scale === "log" ? Math.exp : (v: number) => v;
  return [a, b, { se, value: g(f(a.value) + ((f(b.value) - f(a.value)) * (se - a.se)) / (b.se - a.se)) }];
}

/**
 * The shaded regions. With the levels in decreasing order a0 > a1 > ... (0.10, 0.05,
 * 0.01), the inside of contour i is filled with shade i, widest first so narrower ones
 * paint over it, and the background (p <= the smallest level) with shade n; the legend
 * runs from p > a0 (white) to p <= a(n-1).
 */
function contourShading(contours: readonly FunnelContourLines[]) {
  const byLevel = [...contours].sort((a, b) => b.alpha - a.alpha);
  const n = byLevel.length;
  const shade = (i: number) => SHADES[Math.min(i, SHADES.length - 1)]!;
  const legend: LegendItem[] = byLevel.map((c, i) => ({
    label: i === 0 ? `p > ${level(c.alpha)}` : `${level(c.alpha)} < p ≤ ${level(byLevel[i - 1]!.alpha)}`,
    symbol: "swatch",
    color: shade(i),
  }));
  legend.push({ label: `p ≤ ${level(byLevel[n - 1]!.alpha)}`, symbol: "swatch", color: shade(n) });
  const regions = byLevel.map((contour, i) => ({ contour, color: shade(i) })).reverse();
  return { background: shade(n), regions, legend };
}

/** Points of two lines at the same standard errors, as one area's rows. */
function zipLines(lower: readonly FunnelLinePoint[], upper: readonly FunnelLinePoint[]) {
  return lower.map((p, i) => ({ se: p.se, lower: p.value, upper: upper[i]?.value ?? p.value }));
}

function funnelLegend(data: FunnelPlotData, shading: ReturnType<typeof contourShading> | undefined): LegendItem[] {
  return [
    { label: messages.figure.studies, symbol: "filled-circle", color: CHART_COLORS.ink },
    ...((data.filled ?? []).length > 0 ? [{ label: messages.figure.filled, symbol: "open-circle", color: CHART_COLORS.ink } as const] : []),
    { label: messages.figure.pooledEstimate, symbol: "line", color: CHART_COLORS.ink },
    { label: messages.figure.pseudoRegion, symbol: "dashed-line", color: CHART_COLORS.ink },
    ...(data.adjusted === undefined ? [] : [{ label: data.adjusted.label, symbol: "dotted-line", color: ADJUSTED_COLOR } as const]),
    ...(shading?.legend ?? []),
  ];
}

/** The background and one area per contour, clipped to the plot. */
function shadingLayers(frame: ChartFrame, scale: "log" | "identity", shading: ReturnType<typeof contourShading>): Layer[] {
  const [xs, ys] = [(f: string) => xField(frame, f), (f: string) => yField(frame, f)];
  const bottom = frame.y.domain[1];
  return [
    {
      name: "contour_background",
      data: { values: [{ x: frame.x.domain[0], x2: frame.x.domain[1], y: frame.y.domain[0], y2: bottom }] },
      mark: { type: "rect", color: shading.background, opacity: 1 },
      encoding: { x: xs("x"), x2: { field: "x2" }, y: ys("y"), y2: { field: "y2" } },
    },
    ...shading.regions.map(({ contour, color }, i): Layer => ({
      name: `contour_${i}`,
      data: { values: zipLines(extendTo(scale, contour.lower, bottom), extendTo(scale, contour.upper, bottom)) },
      mark: { type: "area", orient: "horizontal", color, opacity: 1, clip: true },
      encoding: { y: ys("se"), x: xs("lower"), x2: { field: "upper" } },
    })),
  ];
}

/** The pooled line, the pseudo-confidence lines, the trim-and-fill estimate, and the studies. */
function markLayers(frame: ChartFrame, data: FunnelPlotData): Layer[] {
  const [xs, ys] = [(f: string) => xField(frame, f), (f: string) => yField(frame, f)];
  const bottom = frame.y.domain[1];
  const { pooled } = data;
  const point = (name: string, points: readonly FunnelPoint[], open: boolean): Layer => ({
    name,
    data: { values: points.map((p) => ({ v: p.estimate, se: p.se })) },
    mark: open
      ? { type: "point", shape: "circle", filled: false, fill: "white", opacity: 1, color: CHART_COLORS.ink, size: 36, strokeWidth: 1.2 }
      : { type: "point", shape: "circle", filled: true, opacity: 1, color: CHART_COLORS.ink, size: 36, strokeWidth: 0 },
    encoding: { x: xs("v"), y: ys("se") },
  });
  return [
    {
      name: "pooled_line",
      data: { values: [{ v: pooled.estimate, se: 0, se2: bottom }] },
      mark: { type: "rule", color: CHART_COLORS.ink, strokeWidth: 1 },
      encoding: { x: xs("v"), y: ys("se"), y2: { field: "se2" } },
    },
    {
      name: "pseudo_confidence_region",
      data: { values: [pooled.lower, pooled.upper].flatMap((line, id) => extendTo(data.scale, line, bottom).map((p) => ({ v: p.value, se: p.se, id }))) },
      mark: { type: "line", color: CHART_COLORS.ink, strokeWidth: 1, strokeDash: [4, 3], clip: true },
      encoding: { x: xs("v"), y: ys("se"), detail: { field: "id", type: "nominal" } },
    },
    {
      name: "adjusted_line",
      data: { values: data.adjusted === undefined ? [] : [{ v: data.adjusted.estimate, se: 0, se2: bottom }] },
      mark: { type: "rule", color: ADJUSTED_COLOR, strokeWidth: 1.5, strokeDash: [1.5, 2.5] },
      encoding: { x: xs("v"), y: ys("se"), y2: { field: "se2" } },
    },
    point("studies", data.studies, false),
    point("filled_studies", data.filled ?? [], true),
  ];
}

/** The funnel plot's vega-lite spec. @throws MetakitError on invalid data. */
export function funnelPlotSpec(data: FunnelPlotData, measure: TextMeasure, options: ChartOptions = {}): TopLevelSpec {
  validateFunnelPlotData(data);
  const points = [...data.studies, ...(data.filled ?? [])];
  const lineValues = [data.pooled.estimate, ...data.pooled.lower.map((p) => p.value), ...data.pooled.upper.map((p) => p.value), ...(data.adjusted === undefined ? [] : [data.adjusted.estimate])];
  const x = chartAxis(data.scale, [...points.map((p) => p.estimate), ...lineValues], "estimate");
  const seMax = Math.max(...points.map((p) => p.se), ...data.pooled.lower.map((p) => p.se));
  const y = chartAxis("identity", [0, seMax > 0 ? seMax : 1], "se");
  const contours = data.contours ?? [];
  const shading = contours.length > 0 ? contourShading(contours) : undefined;
  const xTitle = data.scale === "log" ? messages.figure.logScale(data.measure) : data.measure;
  const texts = { title: data.title, xTitle, yTitle: messages.figure.standardError, legend: funnelLegend(data, shading), ...(data.notes === undefined ? {} : { notes: data.notes }) };
  const frame = layoutChart(texts, x, y, measure, options, true);
  return chartSpec(frame, [...(shading === undefined ? [] : shadingLayers(frame, data.scale, shading)), ...markLayers(frame, data)]);
}

const ADJUSTED_COLOR = "#b2182b";
