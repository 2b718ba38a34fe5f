/**
 * Forest plots in RevMan's layout: data in, vega-lite spec, SVG and PNG out.
 */
import type { TopLevelSpec } from "vega-lite";
import { specToSvg, svgToPng, type PngOptions } from "../render.js";
import type { FontFiles } from "../text/fonts.js";
import { createTextMeasure } from "../text/measure.js";
import { layoutForest, type ForestLayout, type ForestOptions } from "./layout.js";
import { forestSpec } from "./spec.js";
import type { ForestPlotData } from "./types.js";
import { validateForestPlotData } from "./validate.js";

export interface ForestRenderOptions extends ForestOptions, PngOptions {
  /** The font files every text is measured and drawn with; the caller finds them (the CLI: findFontFiles). */
  readonly fonts: FontFiles;
}

export interface ForestFigure {
  readonly layout: ForestLayout;
  readonly spec: TopLevelSpec;
}

/** The laid-out forest plot and its vega-lite spec. @throws MetakitError on invalid data. */
export function forestPlotSpec(data: ForestPlotData, options: ForestRenderOptions): ForestFigure {
  validateForestPlotData(data);
  const measure = createTextMeasure(options.fonts);
  const layout = layoutForest(data, measure, options);
  return { layout, spec: forestSpec(layout) };
}

/** The forest plot as SVG markup. */
export async function forestPlotSvg(data: ForestPlotData, options: ForestRenderOptions): Promise<string> {
  const fonts = options.fonts;
  const { spec } = forestPlotSpec(data, { ...options, fonts });
  return specToSvg(spec, createTextMeasure(fonts));
}

/** The forest plot as SVG and PNG (the PNG drawn from that SVG). */
export async function renderForestPlot(data: ForestPlotData, options: ForestRenderOptions): Promise<{ readonly svg: string; readonly png: Uint8Array; readonly layout: ForestLayout }> {
  const fonts = options.fonts;
  const measure = createTextMeasure(fonts);
  const { layout, spec } = forestPlotSpec(data, { ...options, fonts });
  const svg = await specToSvg(spec, measure);
  return { svg, png: svgToPng(svg, fonts, options), layout };
}
