/**
 * Risk-of-bias figures in robvis' style, from recorded RoB 2 or ROBINS-I judgements: the
 * traffic-light plot and the summary plot, as vega-lite specs, SVG and PNG.
 */
import type { TopLevelSpec } from "vega-lite";
import { specToSvg, svgToPng, type PngOptions } from "../render.js";
import type { FontFiles } from "../text/fonts.js";
import { createTextMeasure, type TextMeasure } from "../text/measure.js";
import { robSpec, type RobSceneLayout } from "./spec.js";
import { layoutSummary, type SummaryLayout } from "./summary.js";
import type { RobOptions } from "./theme.js";
import { layoutTrafficLight, type TrafficLightLayout } from "./traffic-light.js";
import type { RobPlotData } from "./types.js";
import { validateRobPlotData } from "./validate.js";

export interface RobRenderOptions extends RobOptions, PngOptions {
  /** The font files every text is measured and drawn with; the caller finds them (the CLI: findFontFiles). */
  readonly fonts: FontFiles;
}

export interface RobFigure<L extends RobSceneLayout> {
  readonly layout: L;
  readonly spec: TopLevelSpec;
}

export interface RenderedRobFigure<L extends RobSceneLayout> extends RobFigure<L> {
  readonly svg: string;
  readonly png: Uint8Array;
}

type Layout<L> = (data: RobPlotData, measure: TextMeasure, options: RobOptions) => L;

function figure<L extends RobSceneLayout>(layout: Layout<L>, data: RobPlotData, options: RobRenderOptions): RobFigure<L> {
  validateRobPlotData(data);
  const laid = layout(data, createTextMeasure(options.fonts), options);
  return { layout: laid, spec: robSpec(laid) };
}

async function render<L extends RobSceneLayout>(layout: Layout<L>, data: RobPlotData, options: RobRenderOptions): Promise<RenderedRobFigure<L>> {
  const fonts = options.fonts;
  const drawn = figure(layout, data, { ...options, fonts });
  const svg = await specToSvg(drawn.spec, createTextMeasure(fonts));
  return { ...drawn, svg, png: svgToPng(svg, fonts, options) };
}

/** The traffic-light plot, laid out, and its vega-lite spec. @throws MetakitError on invalid data. */
export const robTrafficLightSpec = (data: RobPlotData, options: RobRenderOptions): RobFigure<TrafficLightLayout> => figure(layoutTrafficLight, data, options);

/** The summary plot, laid out, and its vega-lite spec. @throws MetakitError on invalid data. */
export const robSummarySpec = (data: RobPlotData, options: RobRenderOptions): RobFigure<SummaryLayout> => figure(layoutSummary, data, options);

/** The traffic-light plot as SVG and PNG (the PNG drawn from that SVG). */
export const renderRobTrafficLight = (data: RobPlotData, options: RobRenderOptions): Promise<RenderedRobFigure<TrafficLightLayout>> => render(layoutTrafficLight, data, options);

/** The summary plot as SVG and PNG. */
export const renderRobSummary = (data: RobPlotData, options: RobRenderOptions): Promise<RenderedRobFigure<SummaryLayout>> => render(layoutSummary, data, options);
