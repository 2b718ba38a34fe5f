/**
 * The forest plot's layout and vega-lite spec without the Node-only renderer, for the web
 * app, which measures text with the browser's canvas and draws the spec with vega.
 */
export { layoutForest, type ForestLayout, type ForestOptions } from "./layout.js";
export { forestSpec } from "./spec.js";
export { validateForestPlotData } from "./validate.js";
export type { ForestPlotData, ForestRow, ForestSummary } from "./types.js";
export type { TextMeasure, TextStyle } from "../text/measure.js";
