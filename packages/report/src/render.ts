/**
 * Rendering: a vega-lite spec to SVG with vega (text measured with the real font), and
 * SVG to PNG with resvg, given the font files explicitly so the PNG is the same on every
 * machine that has them. Deterministic: the same spec gives byte-identical SVG and PNG.
 */
import { Resvg } from "@resvg/resvg-js";
import { View, parse, resetSVGDefIds } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { FONT_FAMILY, type FontFiles } from "./text/fonts.js";
import { installVegaTextMetrics, type TextMeasure } from "./text/measure.js";
import { withResolution } from "./png/resolution.js";

/** SVG markup of a vega-lite spec, rendered headless (no DOM, no network loader). */
export async function specToSvg(spec: TopLevelSpec, measure: TextMeasure): Promise<string> {
  installVegaTextMetrics(measure);
  resetSVGDefIds();
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface PngOptions {
  /** Pixels per SVG unit (default 2, for print and high-density screens); ignored when `dpi` is given. */
  readonly scale?: number;
  /**
   * Print resolution: the SVG's units are CSS pixels (96 per inch), so the PNG is drawn at
   * dpi / 96 pixels per unit and its pHYs chunk says `dpi`, keeping the figure's printed size.
   */
  readonly dpi?: number;
}

/** CSS pixels per inch: the unit of vega's SVG width and height. */
export const CSS_PIXELS_PER_INCH = 96;

/** PNG bytes of an SVG, drawn with exactly the given fonts (system fonts are not loaded). */
export function svgToPng(svg: string, fonts: FontFiles, options: PngOptions = {}): Uint8Array {
  const resvg = new Resvg(svg, {
    font: { fontFiles: [fonts.regular, fonts.bold], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: "zoom", value: options.dpi === undefined ? (options.scale ?? 2) : options.dpi / CSS_PIXELS_PER_INCH },
    background: "white",
  });
  const png = new Uint8Array(resvg.render().asPng());
  return options.dpi === undefined ? png : withResolution(png, options.dpi);
}
