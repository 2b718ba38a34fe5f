/**
 * Writing a figure the commands drew (forest, funnel, --plot): the format is the output
 * file's extension (.svg, vector; .png, 300 dpi with the resolution in its pHYs chunk;
 * .pdf, vector, printed by Chromium), checked, with the machine's fonts and browser found,
 * before anything is computed. The file is written whole under a temporary name and
 * renamed (files.ts), and never over an input file.
 */
import { existsSync, realpathSync } from "node:fs";
import { extname, resolve } from "node:path";
import type { FontFiles } from "@metakit/report";
import { UsageError } from "../errors.js";
import { refuseMissingFolder, writeFileAtomically } from "../files.js";
import { findBrowser, findFontFiles } from "../machine.js";

export const FIGURE_FORMATS = ["svg", "png", "pdf"] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

/** Where a figure goes and what it needs: the output path, its format, the fonts, and for PDF the browser. */
export interface FigureTarget {
  readonly path: string;
  readonly format: FigureFormat;
  readonly fonts: FontFiles;
  readonly browser?: string;
}

/** The format an output path asks for, from its extension (any letter case). @throws UsageError for any other extension. */
export function figureFormatOf(path: string, option: string): FigureFormat {
  const extension = extname(path).slice(1).toLowerCase();
  const format = FIGURE_FORMATS.find((f) => f === extension);
  if (format === undefined) throw new UsageError(`${option} ${path}: the file name must end in .svg, .png or .pdf (the figure's format)`);
  return format;
}

const canonical = (path: string) => (existsSync(path) ? realpathSync(path) : resolve(path));

/**
 * Checks the output path (format, not an input file) and finds the fonts (and for PDF the
 * browser), so a missing font or a bad name stops the command before any work.
 */
export function figureTarget(path: string, option: string, inputs: readonly string[]): FigureTarget {
  const format = figureFormatOf(path, option);
  const out = canonical(path);
  const input = inputs.find((file) => canonical(file) === out);
  if (input !== undefined) throw new UsageError(`${option} ${path} is an input file of this command: choose another name`);
  refuseMissingFolder(path, option);
  const fonts = findFontFiles();
  return { path, format, fonts, ...(format === "pdf" && { browser: findBrowser() }) };
}

/** Writes the figure's SVG in the target's format. Rendering and the browser are loaded only here. */
export async function writeFigure(target: FigureTarget, svg: string): Promise<void> {
  if (target.format === "svg") return writeFileAtomically(target.path, svg);
  if (target.format === "png") {
    const { svgToPng } = await import("@metakit/report");
    return writeFileAtomically(target.path, svgToPng(svg, target.fonts));
  }
  const { svgToPdf } = await import("./pdf.js");
  writeFileAtomically(target.path, await svgToPdf(svg, target.browser!));
}
