/**
 * The whole report as a list of files (path relative to the output folder, and content):
 * index.html, the claims audit, and per indication its forest plots (SVG, PNG and the
 * plotted numbers as CSV), the evidence tables (Markdown and CSV) and the Summary of
 * Findings (Markdown). No file system here: the caller writes the list. Deterministic: the
 * same input gives the same list, byte for byte, in path order.
 */
import { MetakitError } from "@metakit/effect-size";
import { renderForestPlot, type ForestRenderOptions } from "../forest/index.js";
import { messages } from "../messages.js";
import { characteristicsTable } from "../table/characteristics.js";
import { claimsTable } from "../table/claims.js";
import { tableToCsv } from "../table/csv.js";
import { forestPlotTable } from "../table/forest-table.js";
import { escapeMarkdownCell, tableToMarkdown } from "../table/markdown.js";
import { narrativeTable } from "../table/narrative.js";
import { summaryOfFindingsFootnotes, summaryOfFindingsTable } from "../table/summary-of-findings.js";
import { figureKey, reportHtml, type RenderedFigure } from "./html.js";
import type { IndicationReport, ReportInput } from "./types.js";

export interface ReportFile {
  /** Relative to the output folder, "/"-separated. */
  readonly path: string;
  readonly content: string | Uint8Array;
}

const ID = /^[a-z0-9][a-z0-9.-]*$/;

function checkIds(input: ReportInput): void {
  const check = (field: string, ids: readonly string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (!ID.test(id) || id.includes("..")) throw new MetakitError("INVALID_INPUT", messages.report.badId(field, id), { field, value: id });
      if (seen.has(id)) throw new MetakitError("INVALID_INPUT", messages.report.duplicateId(field, id), { field, value: id });
      seen.add(id);
    }
  };
  check("indication id", input.indications.map((i) => i.id));
  for (const indication of input.indications) check(`analysis id of ${indication.id}`, indication.analyses.map((a) => a.id));
}

/** forest.* for the first plotted analysis of an indication, forest-<analysis id>.* for the others. */
function forestBaseNames(indication: IndicationReport): Map<string, string> {
  const names = new Map<string, string>();
  for (const analysis of indication.analyses) {
    if (analysis.forest === null) continue;
    names.set(analysis.id, names.size === 0 ? "forest" : `forest-${analysis.id}`);
  }
  return names;
}

async function forestFiles(indication: IndicationReport, options: ForestRenderOptions): Promise<{ files: ReportFile[]; figures: [string, RenderedFigure][] }> {
  const files: ReportFile[] = [];
  const figures: [string, RenderedFigure][] = [];
  for (const [analysisId, base] of forestBaseNames(indication)) {
    const data = indication.analyses.find((a) => a.id === analysisId)!.forest!;
    const { svg, png } = await renderForestPlot(data, options);
    const paths = ["svg", "png", "csv"].map((ext) => `${indication.id}/${base}.${ext}`);
    files.push({ path: paths[0]!, content: svg }, { path: paths[1]!, content: png }, { path: paths[2]!, content: tableToCsv(forestPlotTable(data)) });
    figures.push([figureKey(indication.id, analysisId), { svg, files: paths }]);
  }
  return { files, figures };
}

const heading = (title: string) => `# ${escapeMarkdownCell(title)}\n\n`;

function evidenceMarkdown(indication: IndicationReport): string {
  return [
    heading(`${indication.title}: evidence`),
    "## Characteristics of studies\n\n",
    tableToMarkdown(characteristicsTable(indication.characteristics)),
    "\n## Narrative synthesis of results not pooled\n\n",
    indication.narrative.length === 0 ? "Every result was pooled.\n" : tableToMarkdown(narrativeTable(indication.narrative)),
  ].join("");
}

function sofMarkdown(indication: IndicationReport): string {
  const sof = indication.summaryOfFindings;
  if (sof === null) return `${heading(`${indication.title}: summary of findings`)}No outcome could be rated.\n`;
  const q = sof.table.question;
  const footnotes = summaryOfFindingsFootnotes(sof).map((f) => `${escapeMarkdownCell(f)}\n`);
  return [
    heading(`${indication.title}: summary of findings`),
    `${escapeMarkdownCell(`${q.intervention} compared with ${q.comparison} for ${q.population}`)}\n\n`,
    tableToMarkdown(summaryOfFindingsTable(sof)),
    footnotes.length === 0 ? "" : `\n${footnotes.join("\n")}`,
  ].join("");
}

function indicationTables(indication: IndicationReport): ReportFile[] {
  return [
    { path: `${indication.id}/evidence.md`, content: evidenceMarkdown(indication) },
    { path: `${indication.id}/evidence.csv`, content: tableToCsv(characteristicsTable(indication.characteristics)) },
    { path: `${indication.id}/narrative.csv`, content: tableToCsv(narrativeTable(indication.narrative)) },
    { path: `${indication.id}/sof.md`, content: sofMarkdown(indication) },
  ];
}

function claimsFiles(input: ReportInput): ReportFile[] {
  if (input.claims === undefined) return [];
  const table = claimsTable(input.claims);
  return [
    { path: "claims.md", content: `${heading("Claims audit of secondary sources")}${tableToMarkdown(table)}` },
    { path: "claims.csv", content: tableToCsv(table) },
  ];
}

/**
 * Renders every file of the report. Forest plots are drawn once and used both inline in
 * index.html and as files. @throws MetakitError on an invalid id or invalid figure data.
 */
export async function renderReport(input: ReportInput, options: ForestRenderOptions = {}): Promise<ReportFile[]> {
  checkIds(input);
  const files: ReportFile[] = [];
  const figures = new Map<string, RenderedFigure>();
  for (const indication of input.indications) {
    const forest = await forestFiles(indication, options);
    files.push(...forest.files, ...indicationTables(indication));
    for (const [key, figure] of forest.figures) figures.set(key, figure);
  }
  files.push(...claimsFiles(input), { path: "index.html", content: reportHtml(input, figures) });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
