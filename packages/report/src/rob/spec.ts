/**
 * The vega-lite spec of a laid-out risk-of-bias figure. Everything is placed in pixels by
 * the layout (`scale: null`), as the forest plot's table is: rectangles (shading, bar
 * segments, legend swatches), rules, traffic-light circles, then the text, drawn with the
 * forest plot's text layers and figure config so every figure shares one look. Layers are
 * named after the layout's groups ("lights", "bars", ...), so tests find them in the SVG.
 */
import type { TopLevelSpec } from "vega-lite";
import { pixelField as pixel } from "../chart/spec.js";
import { figureConfig, textLayers, type Layer } from "../forest/spec.js";
import { ROB_OUTLINE, ROB_STYLE } from "./palette.js";
import type { PixelRect, RobCircle, RobScene } from "./theme.js";

/** What a spec needs of a layout: its size and its scene. */
export interface RobSceneLayout {
  readonly width: number;
  readonly height: number;
  readonly scene: RobScene;
}

const fill = { field: "fill", type: "nominal", scale: null } as const;
const outline = { stroke: ROB_OUTLINE, strokeWidth: 0.75 } as const;

function groups<T extends { readonly group: string }>(items: readonly T[]): [string, T[]][] {
  const byGroup = new Map<string, T[]>();
  for (const item of items) byGroup.set(item.group, [...(byGroup.get(item.group) ?? []), item]);
  return [...byGroup.entries()];
}

function rectLayers(rects: readonly PixelRect[]): Layer[] {
  return groups(rects).map(([name, items]) => ({
    name,
    data: { values: items.map(({ x, x2, y, y2, fill: f }) => ({ x, x2, y, y2, fill: f })) },
    mark: { type: "rect", opacity: 1, ...(items[0]!.outlined ? outline : { strokeWidth: 0 }) },
    encoding: { x: pixel("x"), x2: { field: "x2" }, y: pixel("y"), y2: { field: "y2" }, fill },
  }));
}

function ruleLayers(scene: RobScene): Layer[] {
  const horizontal = scene.rules.filter((r) => r.x2 !== undefined).map(({ x, x2, y, color }) => ({ x, x2: x2!, y, color }));
  const vertical = scene.rules.filter((r) => r.y2 !== undefined).map(({ x, y, y2, color }) => ({ x, y, y2: y2!, color }));
  const color = { field: "color", type: "nominal", scale: null } as const;
  return [
    { name: "rules_horizontal", data: { values: horizontal }, mark: { type: "rule", strokeWidth: 1 }, encoding: { x: pixel("x"), x2: { field: "x2" }, y: pixel("y"), color } },
    { name: "rules_vertical", data: { values: vertical }, mark: { type: "rule", strokeWidth: 1 }, encoding: { x: pixel("x"), y: pixel("y"), y2: { field: "y2" }, color } },
  ];
}

function circleLayers(circles: readonly RobCircle[]): Layer[] {
  return groups(circles).map(([name, items]) => ({
    name,
    data: { values: items.map((c) => ({ x: c.x, y: c.y, fill: ROB_STYLE[c.judgement].fill })) },
    mark: { type: "point", shape: "circle", filled: true, opacity: 1, size: items[0]!.diameter ** 2, ...outline },
    encoding: { x: pixel("x"), y: pixel("y"), fill },
  }));
}

/** The complete spec: fixed size, no autosize, every position decided by the layout. */
export function robSpec(layout: RobSceneLayout): TopLevelSpec {
  const { scene } = layout;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: layout.width,
    height: layout.height,
    padding: 0,
    autosize: { type: "none" },
    background: "white",
    config: figureConfig(scene.t.small),
    layer: [...rectLayers(scene.rects), ...ruleLayers(scene), ...circleLayers(scene.circles), ...textLayers(scene.texts)],
  };
}
