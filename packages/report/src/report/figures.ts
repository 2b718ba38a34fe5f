/**
 * Every figure of the report, in reading order, with its key, its data and the base name
 * of its files: "forest" for an indication's first analysis, "forest-<analysis id>" for
 * the others, and "<that>-<subgroup id>" for its subgroup plots. The HTML numbers figures
 * by this order; the file list is rendered from it.
 */
import type { ForestPlotData } from "../forest/types.js";
import type { ReportInput } from "./types.js";

export interface FigureEntry {
  /** "<indication>/<analysis>" or "<indication>/<analysis>/<subgroup>". */
  readonly key: string;
  readonly indication: string;
  readonly data: ForestPlotData;
  /** Path without extension, relative to the output folder. */
  readonly base: string;
}

export const figureKey = (indication: string, analysis: string, subgroup?: string) =>
  subgroup === undefined ? `${indication}/${analysis}` : `${indication}/${analysis}/${subgroup}`;

export function reportFigures(input: ReportInput): FigureEntry[] {
  const entries: FigureEntry[] = [];
  for (const indication of input.indications) {
    let first = true;
    for (const analysis of indication.analyses) {
      if (analysis.forest === null) continue;
      const base = `${indication.id}/${first ? "forest" : `forest-${analysis.id}`}`;
      first = false;
      entries.push({ key: figureKey(indication.id, analysis.id), indication: indication.id, data: analysis.forest, base });
      for (const sub of analysis.subgroupForests ?? []) {
        entries.push({ key: figureKey(indication.id, analysis.id, sub.id), indication: indication.id, data: sub.forest, base: `${base}-${sub.id}` });
      }
    }
  }
  return entries;
}
