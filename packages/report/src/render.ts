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
import { withPngDpi } from "./document/png.js";
import { withPrintSize } from "./print/size.js";

/**
 * SVG markup of a vega-lite spec, rendered headless (no DOM, no network loader), with its
 * size on paper in millimetres on the root (print/size.ts: 3.5 units to the mm).
 */
export async function specToSvg(spec: TopLevelSpec, measure: TextMeasure): Promise<string> {
  installVegaTextMetrics(measure);
  resetSVGDefIds();
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return withPrintSize(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/** CSS pixels per inch: resvg sizes an SVG whose width is in mm at 96 CSS pixels to the inch. */
export const SVG_UNITS_PER_INCH = 96;

/** Print resolution of the figures' PNG files, in dots per inch (journals ask for 300 at least). */
export const PRINT_DPI = 300;

/** The default PNG pixels per CSS pixel of the SVG's printed size: 300 dpi at that size (3.125). */
export const DEFAULT_PNG_SCALE = PRINT_DPI / SVG_UNITS_PER_INCH;

export interface PngOptions {
  /** PNG pixels per CSS pixel of the SVG's size in mm (default DEFAULT_PNG_SCALE: 300 dpi at the printed size). */
  readonly scale?: number;
}

/**
 * PNG bytes of an SVG, drawn with exactly the given fonts (system fonts are not loaded),
 * with its resolution written in the file (pHYs: scale x 96 dpi, 300 by default), so the
 * PNG prints at the SVG's size in mm.
 */
export function svgToPng(svg: string, fonts: FontFiles, options: PngOptions = {}): Uint8Array {
  const scale = options.scale ?? DEFAULT_PNG_SCALE;
  const resvg = new Resvg(svg, {
    font: { fontFiles: [fonts.regular, fonts.bold], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: "zoom", value: scale },
    background: "white",
  });
  return withPngDpi(new Uint8Array(resvg.render().asPng()), scale * SVG_UNITS_PER_INCH);
}
