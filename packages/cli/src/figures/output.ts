/**
 * Writing a figure the commands drew (forest, funnel, --plot): the format is the output
 * file's extension (.svg, vector; .png, 300 dpi with the resolution in its pHYs chunk;
 * .pdf, vector, text as glyph outlines, by @metakit/report's one PDF writer), checked, with the machine's fonts found,
 * before anything is computed. The file is written whole under a temporary name and
 * renamed (files.ts), and never over an input file.
 */
import { existsSync, realpathSync } from "node:fs";
import { extname, resolve } from "node:path";
import type { FontFiles } from "@metakit/report";
import { UsageError } from "../errors.js";
import { refuseMissingFolder, writeFileAtomically } from "../files.js";
import { findFontFiles } from "../machine.js";

export const FIGURE_FORMATS = ["svg", "png", "pdf"] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

/** Where a figure goes and what it needs: the output path, its format and the fonts. */
export interface FigureTarget {
  readonly path: string;
  readonly format: FigureFormat;
  readonly fonts: FontFiles;
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
 * Checks the output path (format, not an input file) and finds the fonts, so a missing
 * font or a bad name stops the command before any work.
 */
export function figureTarget(path: string, option: string, inputs: readonly string[]): FigureTarget {
  const format = figureFormatOf(path, option);
  const out = canonical(path);
  const input = inputs.find((file) => canonical(file) === out);
  if (input !== undefined) throw new UsageError(`${option} ${path} is an input file of this command: choose another name`);
  refuseMissingFolder(path, option);
  const fonts = findFontFiles();
  return { path, format, fonts };
}

/** Writes the figure's SVG in the target's format. Rendering is loaded only here. */
export async function writeFigure(target: FigureTarget, svg: string): Promise<void> {
  if (target.format === "svg") return writeFileAtomically(target.path, svg);
  if (target.format === "png") {
    const { svgToPng } = await import("@metakit/report");
    return writeFileAtomically(target.path, svgToPng(svg, target.fonts));
  }
  const { svgToPdf } = await import("@metakit/report");
  writeFileAtomically(target.path, svgToPdf(svg, target.fonts));
}
