/**
 * GOSH plot (graphical display of study heterogeneity, Olkin et al. 2012): the pooled
 * estimate (x, display scale: a log axis for ratio measures) against I² (y, 0-100%) of
 * every subset of the studies that was fitted (@metakit/core's gosh). Up to
 * GOSH_POINT_LIMIT subsets are drawn as small translucent points; more are binned on a
 * fixed pixel grid and drawn as a density (darker = more subsets), so the SVG stays small
 * and the picture is the same on every run.
 */
import type { TopLevelSpec } from "vega-lite";
import { chartAxis, chartPixel } from "../chart/axis.js";
import { layoutChart, type ChartOptions, type LegendItem } from "../chart/frame.js";
import { chartSpec, CHART_COLORS, xField, yField, type Layer } from "../chart/spec.js";
import { checkNotEmpty, checkValue, fail } from "../chart/validate.js";
import { axisWithin } from "../forest/axis.js";
import { messages } from "../messages.js";
import type { TextMeasure } from "../text/measure.js";

export interface GoshPlotData {
  readonly title: string;
  readonly measure: string;
  readonly scale: "log" | "identity";
  /** Estimate of each subset's fit, display scale. */
  readonly estimates: ArrayLike<number>;
  /** I² of each subset's fit, percent, in the same order. */
  readonly I2: ArrayLike<number>;
  /** The fit of all studies, marked on the plot. */
  readonly all?: { readonly estimate: number; readonly I2: number };
  readonly notes?: readonly string[];
}

const FIGURE = "GOSH plot";
/** Above this many subsets the plot is a binned density. */
export const GOSH_POINT_LIMIT = 2000;
/** Size of a density cell, in pixels. */
export const GOSH_CELL = 6;
/** The fit of all studies: a red ring, so it stands out of the blue subsets. */
const ALL_STUDIES_COLOR = "#d7301f";
const LIGHT = [222, 235, 247] as const;
const DARK = [8, 48, 107] as const;

/** @throws MetakitError INVALID_INPUT naming the subset and field at fault. */
export function validateGoshPlotData(data: GoshPlotData): void {
  if (data.scale !== "log" && data.scale !== "identity") fail(messages.figure.scale(FIGURE, data.scale), { field: "scale", value: data.scale });
  checkNotEmpty(FIGURE, "estimates", data.estimates.length);
  if (data.estimates.length !== data.I2.length) fail(messages.figure.lengths(FIGURE, "estimates", "I2"), { field: "I2", value: data.I2.length });
  for (let i = 0; i < data.estimates.length; i++) {
    checkValue(data.scale, `subset ${i + 1}`, "estimate", data.estimates[i]!);
    if (!(data.I2[i]! >= 0 && data.I2[i]! <= 100)) fail(messages.percent("I2", data.I2[i]), { study: `subset ${i + 1}`, field: "I2", value: data.I2[i] });
  }
}

/** A colour between LIGHT and DARK; t in [0, 1]. */
function ramp(t: number): string {
  const channel = (i: number) => Math.round(LIGHT[i]! + (DARK[i]! - LIGHT[i]!) * t).toString(16).padStart(2, "0");
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

interface Cell {
  readonly column: number;
  readonly row: number;
  readonly count: number;
}

/** Counts of subsets per GOSH_CELL x GOSH_CELL pixel cell, in row-major order (deterministic). */
function binCells(data: GoshPlotData, toX: (v: number) => number, toY: (v: number) => number, width: number, height: number): Cell[] {
  const columns = Math.ceil(width / GOSH_CELL);
  const rows = Math.ceil(height / GOSH_CELL);
  const counts = new Uint32Array(columns * rows);
  for (let i = 0; i < data.estimates.length; i++) {
    const c = Math.min(columns - 1, Math.max(0, Math.floor(toX(data.estimates[i]!) / GOSH_CELL)));
    const r = Math.min(rows - 1, Math.max(0, Math.floor(toY(data.I2[i]!) / GOSH_CELL)));
    counts[r * columns + c]! += 1;
  }
  const cells: Cell[] = [];
  counts.forEach((count, index) => {
    if (count > 0) cells.push({ column: index % columns, row: Math.floor(index / columns), count });
  });
  return cells;
}

/** The GOSH plot's vega-lite spec. @throws MetakitError on invalid data. */
export function goshPlotSpec(data: GoshPlotData, measure: TextMeasure, options: ChartOptions = {}): TopLevelSpec {
  validateGoshPlotData(data);
  const estimates = Array.from(data.estimates);
  const x = chartAxis(data.scale, data.all === undefined ? estimates : [...estimates, data.all.estimate], "estimate");
  const y = axisWithin("identity", [0, 100]);
  const n = estimates.length;
  const dense = n > GOSH_POINT_LIMIT;
  const legend: LegendItem[] = [
    dense
      ? { label: messages.figure.binnedSubsets(n), symbol: "swatch", color: ramp(0.6) }
      : { label: messages.figure.subsets(n), symbol: "filled-circle", color: CHART_COLORS.point },
    ...(data.all === undefined ? [] : [{ label: messages.figure.allStudies, symbol: "open-circle", color: ALL_STUDIES_COLOR } as const]),
  ];
  const xTitle = data.scale === "log" ? messages.figure.logScale(data.measure) : data.measure;
  const frame = layoutChart({ title: data.title, xTitle, yTitle: messages.figure.I2, legend, ...(data.notes === undefined ? {} : { notes: data.notes }) }, x, y, measure, options);
  const { width, height } = frame.plot;
  const xs = (field: string) => xField(frame, field);
  const ys = (field: string) => yField(frame, field);
  const layers: Layer[] = [];
  if (dense) {
    const cells = binCells(data, (v) => chartPixel(x, 0, width, v), (v) => chartPixel(y, height, 0, v), width, height);
    const most = Math.max(...cells.map((c) => c.count));
    layers.push({
      name: "gosh_density",
      data: {
        values: cells.map((c) => ({
          x: c.column * GOSH_CELL,
          x2: Math.min(width, (c.column + 1) * GOSH_CELL),
          y: c.row * GOSH_CELL,
          y2: Math.min(height, (c.row + 1) * GOSH_CELL),
          fill: ramp(most > 1 ? Math.log(c.count) / Math.log(most) : 1),
        })),
      },
      mark: { type: "rect", opacity: 1, strokeWidth: 0 },
      encoding: {
        x: { field: "x", type: "quantitative", scale: null },
        x2: { field: "x2" },
        y: { field: "y", type: "quantitative", scale: null },
        y2: { field: "y2" },
        color: { field: "fill", type: "nominal", scale: null },
      },
    });
  }
  layers.push({
    name: "gosh_points",
    data: { values: dense ? [] : estimates.map((v, i) => ({ v, i2: data.I2[i]! })) },
    mark: { type: "point", shape: "circle", filled: true, opacity: n > 200 ? 0.35 : 0.7, color: CHART_COLORS.point, size: n > 200 ? 8 : 18, strokeWidth: 0 },
    encoding: { x: xs("v"), y: ys("i2") },
  });
  layers.push({
    name: "all_studies",
    data: { values: data.all === undefined ? [] : [{ v: data.all.estimate, i2: data.all.I2 }] },
    mark: { type: "point", shape: "circle", filled: false, opacity: 1, color: ALL_STUDIES_COLOR, size: 70, strokeWidth: 2 },
    encoding: { x: xs("v"), y: ys("i2") },
  });
  return chartSpec(frame, layers);
}
