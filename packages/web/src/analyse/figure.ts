/**
 * Drawing a figure's vega-lite spec in the browser: SVG markup for the page and the SVG
 * download, a PNG (vega's toCanvas) for the PNG download. Vega runs with its expression
 * interpreter (no eval, so the app's Content-Security-Policy holds); text is measured with
 * the browser's canvas in the font the specs name.
 */
import type { TextMeasure } from "@metakit/report/forest-browser";
import { parse, View } from "vega";
import { expressionInterpreter } from "vega-interpreter";
import { compile, type TopLevelSpec } from "vega-lite";

let context: CanvasRenderingContext2D | null = null;

/** Text widths from the browser's canvas, in the font the report's specs name. */
export const browserTextMeasure: TextMeasure = {
  width(text, style) {
    context ??= document.createElement("canvas").getContext("2d");
    if (context === null) return text.length * style.size * 0.6;
    context.font = `${style.bold ? "bold " : ""}${style.size}px "DejaVu Sans", Verdana, sans-serif`;
    return context.measureText(text).width;
  },
};

/** PNG pixels per SVG unit: the report's PNGs are 300 dpi for SVG units of 1/96 inch. */
export const PNG_SCALE = 300 / 96;

async function withView<T>(figure: TopLevelSpec, use: (view: View) => Promise<T>): Promise<T> {
  // The figure is one image named by its container (role img); its marks carry no ARIA roles of their own.
  const spec = compile({ ...figure, config: { ...figure.config, aria: false } } as TopLevelSpec).spec;
  const view = new View(parse(spec, undefined, { ast: true }), { renderer: "none", expr: expressionInterpreter });
  try {
    return await use(view);
  } finally {
    view.finalize();
  }
}

/** The figure as SVG markup (vega escapes every label), hidden from assistive technology: its container names it. */
export async function figureSvg(figure: TopLevelSpec): Promise<string> {
  const svg = await withView(figure, (view) => view.toSVG());
  return svg.replace(/^<svg /, '<svg aria-hidden="true" focusable="false" ');
}

/** The figure as a PNG at 300 dpi. */
export async function figurePng(figure: TopLevelSpec): Promise<Blob> {
  const canvas = (await withView(figure, (view) => view.toCanvas(PNG_SCALE))) as unknown as HTMLCanvasElement;
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the PNG could not be made"))), "image/png"));
}
