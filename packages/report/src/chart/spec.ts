/**
 * The vega-lite spec of a scatter figure: a fixed-size view whose padding holds the
 * frame's text, two explicit scales (log for ratio measures) drawn as axes by vega, and
 * the figure's own layers. Encoders give a layer's x and y through those scales, or in
 * pixels for text and legend marks.
 */
import type { TopLevelSpec } from "vega-lite";
import { TICK_FORMAT } from "../forest/axis.js";
import { figureConfig, FOREST_COLORS, textLayers, type Layer } from "../forest/spec.js";
import type { ChartAxis } from "./axis.js";
import type { ChartFrame, PlacedLegendItem } from "./frame.js";

export type { Layer };

function scaleOf(axis: ChartAxis, range: readonly [number, number]) {
  const type: "log" | "linear" = axis.scale === "log" ? "log" : "linear";
  return { type, domain: [...axis.domain], range: [...range], nice: false, ...(type === "linear" ? { zero: false } : {}) };
}

function axisOf(axis: ChartAxis, orient: "bottom" | "left") {
  return { values: [...axis.ticks], format: TICK_FORMAT, title: null, grid: false, orient, labelOverlap: false, labelFlush: false };
}

/** x through the figure's x scale (with its axis). */
export function xField(frame: ChartFrame, field: string) {
  return { field, type: "quantitative" as const, scale: scaleOf(frame.x, [0, frame.plot.width]), axis: axisOf(frame.x, "bottom") };
}

/** y through the figure's y scale (with its axis); downwards when the frame says so. */
export function yField(frame: ChartFrame, field: string) {
  const range: [number, number] = frame.yReversed ? [0, frame.plot.height] : [frame.plot.height, 0];
  return { field, type: "quantitative" as const, scale: scaleOf(frame.y, range), axis: axisOf(frame.y, "left") };
}

/** A position in pixels from the plot's top-left corner (no scale). */
export const pixelField = (field: string) => ({ field, type: "quantitative" as const, scale: null });

const SYMBOL = 10;
/** Dash patterns of the legend's line symbols, as the figures draw those lines. */
const DASHES: Readonly<Record<string, number[]>> = { "dashed-line": [4, 3], "dotted-line": [1.5, 2.5] };

function legendLayers(items: readonly PlacedLegendItem[]): Layer[] {
  const isLine = (p: PlacedLegendItem) => p.item.symbol.endsWith("line");
  const points = items.filter((p) => !isLine(p));
  const lines = items.filter(isLine);
  return [
    {
      name: "legend_symbols",
      data: {
        values: points.map((p) => ({
          x: p.x,
          y: p.y,
          shape: p.item.symbol === "swatch" ? "square" : "circle",
          fill: p.item.symbol === "open-circle" ? "white" : p.item.color,
          stroke: p.item.symbol === "swatch" ? "#7f7f7f" : p.item.color,
        })),
      },
      mark: { type: "point", filled: false, opacity: 1, fillOpacity: 1, size: SYMBOL * SYMBOL * 0.6, strokeWidth: 1 },
      encoding: {
        x: pixelField("x"),
        y: pixelField("y"),
        shape: { field: "shape", type: "nominal", scale: null },
        fill: { field: "fill", type: "nominal", scale: null },
        stroke: { field: "stroke", type: "nominal", scale: null },
      },
    },
    ...lines.map((p, i): Layer => ({
      name: `legend_line_${i}`,
      data: { values: [{ x: p.x - SYMBOL / 2 - 2, x2: p.x + SYMBOL / 2 + 2, y: p.y }] },
      mark: { type: "rule", color: p.item.color, strokeWidth: 1.5, ...(DASHES[p.item.symbol] === undefined ? {} : { strokeDash: DASHES[p.item.symbol] }) },
      encoding: { x: pixelField("x"), x2: { field: "x2" }, y: pixelField("y") },
    })),
  ];
}

/** The complete spec: the frame's size and text around the given plot layers (drawn in order). */
export function chartSpec(frame: ChartFrame, layers: readonly Layer[]): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: frame.plot.width,
    height: frame.plot.height,
    padding: { ...frame.padding },
    autosize: { type: "none" },
    background: "white",
    config: figureConfig(frame.theme.small),
    layer: [...layers, ...legendLayers(frame.legend), ...textLayers(frame.texts)],
  };
}

export const CHART_COLORS = { ink: FOREST_COLORS.ink, point: FOREST_COLORS.square } as const;
