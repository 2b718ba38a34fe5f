/**
 * The funnel plot's vega-lite spec without the Node-only renderer, for the web app, which
 * measures text with the browser's canvas and draws the spec with vega (as forest-browser
 * does for the forest plot).
 */
export { funnelPlotSpec, validateFunnelPlotData, type FunnelContourLines, type FunnelLines, type FunnelPlotData, type FunnelPoint } from "./funnel.js";
