/**
 * The vega-lite spec of a laid-out forest plot. Text, rules and traffic lights are placed
 * in pixels (`scale: null`); the marks that carry effects — confidence lines, squares,
 * diamonds, prediction intervals and arrows — go through one effect scale (log for
 * ratios), whose axis vega draws under the last row. Composite marks in vega-lite's sense:
 * a study is rule + square, a summary is a diamond (an area through three points).
 */
import type { TopLevelSpec } from "vega-lite";
import { FONT_FAMILY } from "../text/fonts.js";
import { TICK_FORMAT } from "./axis.js";
import type { ForestLayout, PlacedText } from "./layout.js";
import { ROB_OUTLINE, ROB_STYLE } from "../rob/palette.js";
import type { RobJudgement } from "./types.js";

export const FOREST_COLORS = {
  ink: "#000000",
  square: "#1f4e9a",
  axis: "#000000",
  /** Traffic-light fills: the risk-of-bias figures' palette (rob/palette.ts). */
  rob: Object.fromEntries(Object.entries(ROB_STYLE).map(([judgement, style]) => [judgement, style.fill])) as Readonly<Record<RobJudgement, string>>,
} as const;

type Datum = Readonly<Record<string, number | string>>;
/** One layer of a layered vega-lite spec, as vega-lite types it. */
export type Layer = Extract<TopLevelSpec, { layer: unknown }>["layer"][number];

const pixel = (field: string) => ({ field, type: "quantitative", scale: null }) as const;

function effect(layout: ForestLayout, field: string, withAxis = false) {
  const { axis, plot, height } = layout;
  const scaleType: "log" | "linear" = axis.scale === "log" ? "log" : "linear";
  const scale = { type: scaleType, domain: [...axis.domain], range: [plot.x1, plot.x2], nice: false, clamp: false, ...(scaleType === "linear" ? { zero: false } : {}) };
  const drawnAxis = { values: [...axis.ticks], format: TICK_FORMAT, title: null, grid: false, orient: "bottom" as const, offset: plot.axisY - height, labelOverlap: false, labelFlush: false };
  // The axis is declared on one layer only; the layers share the scale, so vega draws it once.
  return { field, type: "quantitative" as const, scale, ...(withAxis ? { axis: drawnAxis } : {}) };
}

/** Text items as text layers, one per style (alignment, size, weight, colour). */
export function textLayers(texts: readonly PlacedText[]): Layer[] {
  const styles = new Map<string, PlacedText[]>();
  for (const item of texts) {
    const key = JSON.stringify([item.align, item.size, item.bold, item.color ?? ""]);
    styles.set(key, [...(styles.get(key) ?? []), item]);
  }
  return [...styles.values()].map((items, i) => {
    const first = items[0]!;
    return {
      name: `text_${i}`,
      data: { values: items.map(({ x, y, text }) => ({ x, y, text })) },
      mark: { type: "text", align: first.align, baseline: "middle", fontSize: first.size, fontWeight: first.bold ? "bold" : "normal", color: first.color ?? FOREST_COLORS.ink },
      encoding: { x: pixel("x"), y: pixel("y"), text: { field: "text", type: "nominal" } },
    };
  });
}

function effectLayers(layout: ForestLayout): Layer[] {
  const { axis, plot } = layout;
  const arrows: Datum[] = [];
  const addArrows = (m: { y: number; arrowLeft: boolean; arrowRight: boolean }) => {
    if (m.arrowLeft) arrows.push({ v: axis.domain[0], y: m.y, shape: "triangle-left" });
    if (m.arrowRight) arrows.push({ v: axis.domain[1], y: m.y, shape: "triangle-right" });
  };
  layout.studies.forEach(addArrows);
  layout.intervals.forEach(addArrows);
  const nullLine: Datum[] = axis.nullValue === undefined ? [] : [{ v: axis.nullValue, y1: plot.top, y2: plot.axisY }];
  const referenceLine: Datum[] = layout.referenceLine === undefined ? [] : [{ v: layout.referenceLine, y1: plot.top, y2: plot.axisY }];
  const caps = layout.intervals.flatMap((m) => [m.lower, m.upper].map((v) => ({ v, y1: m.y - 3, y2: m.y + 3 })));
  const diamondPoints = layout.diamonds.flatMap((d, i) => [
    { v: d.lower, y1: d.y, y2: d.y, id: i },
    { v: d.estimate, y1: d.y - d.halfHeight, y2: d.y + d.halfHeight, id: i },
    { v: d.upper, y1: d.y, y2: d.y, id: i },
  ]);
  const rule = (name: string, values: readonly Datum[], withAxis = false): Layer => ({
    name,
    data: { values },
    mark: { type: "rule", color: FOREST_COLORS.ink, strokeWidth: 1 },
    encoding: { x: effect(layout, "v", withAxis), x2: { field: "v2" }, y: pixel("y") },
  });
  return [
    rule("confidence_intervals", layout.studies.map((m) => ({ v: m.lower, v2: m.upper, y: m.y })), true),
    rule("prediction_intervals", layout.intervals.map((m) => ({ v: m.lower, v2: m.upper, y: m.y }))),
    {
      name: "null_line_and_caps",
      data: { values: [...nullLine, ...caps] },
      mark: { type: "rule", color: FOREST_COLORS.ink, strokeWidth: 1 },
      encoding: { x: effect(layout, "v"), y: pixel("y1"), y2: { field: "y2" } },
    },
    {
      name: "reference_line",
      data: { values: referenceLine },
      mark: { type: "rule", color: FOREST_COLORS.ink, strokeWidth: 1, strokeDash: [4, 3] },
      encoding: { x: effect(layout, "v"), y: pixel("y1"), y2: { field: "y2" } },
    },
    {
      name: "arrows",
      data: { values: arrows },
      mark: { type: "point", filled: true, opacity: 1, color: FOREST_COLORS.ink, size: 28, strokeWidth: 0 },
      encoding: { x: effect(layout, "v"), y: pixel("y"), shape: { field: "shape", type: "nominal", scale: null } },
    },
    {
      name: "squares",
      data: { values: layout.studies.filter((m) => m.squareVisible).map((m) => ({ v: m.estimate, y: m.y, size: m.side * m.side })) },
      mark: { type: "point", shape: "square", filled: true, opacity: 1, color: FOREST_COLORS.square, strokeWidth: 0 },
      encoding: { x: effect(layout, "v"), y: pixel("y"), size: { field: "size", type: "quantitative", scale: null } },
    },
    {
      name: "diamonds",
      data: { values: diamondPoints },
      mark: { type: "area", color: FOREST_COLORS.ink, opacity: 1, orient: "vertical" },
      encoding: { x: effect(layout, "v"), y: pixel("y1"), y2: { field: "y2" }, detail: { field: "id", type: "nominal" } },
    },
  ];
}

function pixelLayers(layout: ForestLayout): Layer[] {
  return [
    {
      name: "table_rules",
      data: { values: layout.lines.map((l) => ({ x: l.x1, x2: l.x2, y: l.y })) },
      mark: { type: "rule", color: FOREST_COLORS.ink, strokeWidth: 1 },
      encoding: { x: pixel("x"), x2: { field: "x2" }, y: pixel("y") },
    },
    {
      name: "risk_of_bias",
      data: { values: layout.rob.map((r) => ({ x: r.x, y: r.y, fill: FOREST_COLORS.rob[r.judgement] })) },
      mark: { type: "point", shape: "circle", filled: true, opacity: 1, size: (layout.theme.robColumn - 4) ** 2, stroke: ROB_OUTLINE, strokeWidth: 0.75 },
      encoding: { x: pixel("x"), y: pixel("y"), fill: { field: "fill", type: "nominal", scale: null } },
    },
  ];
}

/** The config every figure shares: the font, no frame, black axes with small labels. */
export function figureConfig(labelSize: number) {
  return {
    aria: false,
    font: FONT_FAMILY,
    view: { stroke: null },
    axis: {
      labelFont: FONT_FAMILY,
      labelFontSize: labelSize,
      labelColor: FOREST_COLORS.axis,
      domainColor: FOREST_COLORS.axis,
      tickColor: FOREST_COLORS.axis,
      tickSize: 4,
      labelPadding: 2,
    },
  } as const;
}

/** The complete vega-lite spec: fixed size, no autosize, every position decided by the layout. */
export function forestSpec(layout: ForestLayout): TopLevelSpec {
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: layout.width,
    height: layout.height,
    padding: 0,
    autosize: { type: "none" },
    background: "white",
    config: figureConfig(layout.theme.small),
    layer: [...effectLayers(layout), ...pixelLayers(layout), ...textLayers(layout.texts)],
  };
  return spec;
}
