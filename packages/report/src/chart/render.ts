/**
 * Rendering of the scatter figures and the leave-one-out plot, one way for all: a spec
 * made with the text measure of the given (or found) fonts, drawn to SVG by vega and to
 * PNG by resvg with the same fonts (see ../render.ts).
 */
import type { TopLevelSpec } from "vega-lite";
import { specToSvg, svgToPng, type PngOptions } from "../render.js";
import type { FontFiles } from "../text/fonts.js";
import { createTextMeasure, type TextMeasure } from "../text/measure.js";
import type { ChartOptions } from "./frame.js";

export interface FigureRenderOptions extends ChartOptions, PngOptions {
  /** The font files every text is measured and drawn with; the caller finds them (the CLI: findFontFiles). */
  readonly fonts: FontFiles;
}

export interface RenderedChart {
  readonly svg: string;
  readonly png: Uint8Array;
}

/** A figure as SVG. */
export async function figureSvg<T>(data: T, build: (data: T, measure: TextMeasure, options: ChartOptions) => TopLevelSpec, options: FigureRenderOptions): Promise<string> {
  const measure = createTextMeasure(options.fonts);
  return specToSvg(build(data, measure, options), measure);
}

/** A figure as SVG and PNG (the PNG drawn from that SVG). */
export async function renderFigure<T>(data: T, build: (data: T, measure: TextMeasure, options: ChartOptions) => TopLevelSpec, options: FigureRenderOptions): Promise<RenderedChart> {
  const fonts = options.fonts;
  const measure = createTextMeasure(fonts);
  const svg = await specToSvg(build(data, measure, options), measure);
  return { svg, png: svgToPng(svg, fonts, options) };
}
