/**
 * The figures beside the forest plot: funnel, leave-one-out, GOSH and bubble plots, each
 * as a vega-lite spec, SVG, or SVG and PNG (one renderer for all, chart/render.ts).
 */
import type { FigureRenderOptions, RenderedChart } from "../chart/render.js";
import { figureSvg, renderFigure } from "../chart/render.js";
import { baujatPlotSpec, type BaujatPlotData } from "./baujat.js";
import { bubblePlotSpec, type BubblePlotFigureData } from "./bubble.js";
import { funnelPlotSpec, type FunnelPlotData } from "./funnel.js";
import { goshPlotSpec, type GoshPlotData } from "./gosh.js";
import { leaveOneOutPlotSpec, type LeaveOneOutPlotData } from "./leave-one-out.js";

export const funnelPlotSvg = (data: FunnelPlotData, options: FigureRenderOptions) => figureSvg(data, funnelPlotSpec, options);
export const renderFunnelPlot = (data: FunnelPlotData, options: FigureRenderOptions): Promise<RenderedChart> => renderFigure(data, funnelPlotSpec, options);
export const bubblePlotSvg = (data: BubblePlotFigureData, options: FigureRenderOptions) => figureSvg(data, bubblePlotSpec, options);
export const renderBubblePlot = (data: BubblePlotFigureData, options: FigureRenderOptions): Promise<RenderedChart> => renderFigure(data, bubblePlotSpec, options);
export const goshPlotSvg = (data: GoshPlotData, options: FigureRenderOptions) => figureSvg(data, goshPlotSpec, options);
export const renderGoshPlot = (data: GoshPlotData, options: FigureRenderOptions): Promise<RenderedChart> => renderFigure(data, goshPlotSpec, options);
export const leaveOneOutPlotSvg = (data: LeaveOneOutPlotData, options: FigureRenderOptions) => figureSvg(data, leaveOneOutPlotSpec, options);
export const renderLeaveOneOutPlot = (data: LeaveOneOutPlotData, options: FigureRenderOptions): Promise<RenderedChart> => renderFigure(data, leaveOneOutPlotSpec, options);
export const baujatPlotSvg = (data: BaujatPlotData, options: FigureRenderOptions) => figureSvg(data, baujatPlotSpec, options);
