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
  /** Pixels per SVG unit (default 2, for print and high-density screens). */
  readonly scale?: number;
}

/** PNG bytes of an SVG, drawn with exactly the given fonts (system fonts are not loaded). */
export function svgToPng(svg: string, fonts: FontFiles, options: PngOptions = {}): Uint8Array {
  const resvg = new Resvg(svg, {
    font: { fontFiles: [fonts.regular, fonts.bold], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: "zoom", value: options.scale ?? 2 },
    background: "white",
  });
  return new Uint8Array(resvg.render().asPng());
}
