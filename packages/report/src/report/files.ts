/**
 * The whole report as a list of files (path relative to the output folder, and content):
 * index.html, the Word document review.docx, the claims audit, and per indication its forest plots (SVG, PNG and the
 * plotted numbers as CSV), the evidence tables (Markdown and CSV) and the Summary of
 * Findings (Markdown). No file system here: the caller writes the list. Deterministic: the
 * same input gives the same list, byte for byte, in path order.
 */
import { idProblem, MetakitError } from "@metakit/base";
import { renderForestPlot, type ForestRenderOptions } from "../forest/index.js";
import { messages } from "../messages.js";
import { characteristicsTable } from "../table/characteristics.js";
import { claimsTable } from "../table/claims.js";
import { tableToCsv } from "../table/csv.js";
import { forestPlotTable } from "../table/forest-table.js";
import { escapeMarkdownCell, tableToMarkdown } from "../table/markdown.js";
import { narrativeTable } from "../table/narrative.js";
import { summaryOfFindingsCaption, summaryOfFindingsFootnotes } from "../table/summary-of-findings.js";
import { gradeproSummaryOfFindingsTable } from "../table/sof-gradepro.js";
import { reportFigures } from "./figures.js";
import { figureNumbers, reportHtml, type FigureMap, type RenderedFigure } from "./html.js";
import { reportDocx, type DocxFigure } from "../document/docx.js";
import { svgToPdf } from "../document/pdf.js";
import { DEFAULT_PNG_SCALE } from "../render.js";
import { robFigureFiles } from "./rob-figures.js";
import { robustnessFigureFiles } from "./robustness-figures.js";
import type { IndicationReport, ReportInput, SummaryOfFindings } from "./types.js";
import { PRISMA_FIGURE_KEY, prismaFigureFiles } from "../prisma/section.js";

export interface ReportFile {
  /** Relative to the output folder, "/"-separated. */
  readonly path: string;
  readonly content: string | Uint8Array;
}

/**
 * The ids that name the report's folders and anchors, by the one id rule that validate
 * applies (@metakit/base idProblem); two ids that differ only in letter case would name
 * the same folder on a case-insensitive file system (macOS, Windows), so they are refused.
 * @throws MetakitError naming the field, the id and the rule it breaks.
 */
export function checkReportIds(field: string, ids: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    const problem = idProblem(id);
    if (problem !== undefined) throw new MetakitError("INVALID_INPUT", messages.report.badId(field, id, problem), { field, value: id });
    if (seen.has(id.toLowerCase())) throw new MetakitError("INVALID_INPUT", messages.report.duplicateId(field, id), { field, value: id });
    seen.add(id.toLowerCase());
  }
}

function checkIds(input: ReportInput): void {
  checkReportIds("indication id", input.indications.map((i) => i.id));
  for (const indication of input.indications) {
    checkReportIds(`analysis id of ${indication.id}`, indication.analyses.map((a) => a.id));
    for (const a of indication.analyses) checkReportIds(`subgroup plot id of ${indication.id}/${a.id}`, (a.subgroupForests ?? []).map((f) => f.id));
    for (const a of indication.analyses) checkReportIds(`meta-regression id of ${indication.id}/${a.id}`, (a.robustness?.metaRegressions ?? []).map((m) => m.id));
  }
}

async function figureFiles(input: ReportInput, options: ForestRenderOptions): Promise<{ files: ReportFile[]; figures: Map<string, RenderedFigure> }> {
  const files: ReportFile[] = [];
  const figures = new Map<string, RenderedFigure>();
  for (const entry of reportFigures(input)) {
    const { svg, png } = await renderForestPlot(entry.data, options);
    const paths = ["svg", "png", "csv"].map((ext) => `${entry.base}.${ext}`);
    files.push({ path: paths[0]!, content: svg }, { path: paths[1]!, content: png }, { path: paths[2]!, content: tableToCsv(forestPlotTable(entry.data)) });
    figures.set(entry.key, { svg, files: paths });
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
  const footnotes = summaryOfFindingsFootnotes(sof).map((f) => `${escapeMarkdownCell(f)}\n`);
  return [
    heading(`${indication.title}: summary of findings`),
    `${escapeMarkdownCell(summaryOfFindingsCaption(sof))}\n\n`,
    tableToMarkdown(gradeproSummaryOfFindingsTable(sof)),
    footnotes.length === 0 ? "" : `\n${footnotes.join("\n")}`,
  ].join("");
}

/** The Summary of Findings as CSV: the table, then its footnotes as rows of the first column. */
function sofCsv(sof: SummaryOfFindings): string {
  const table = gradeproSummaryOfFindingsTable(sof);
  const blank = table.columns.map(() => "");
  const notes = summaryOfFindingsFootnotes(sof).map((f) => [f, ...blank.slice(1)]);
  return tableToCsv({ ...table, rows: [...table.rows, ...(notes.length === 0 ? [] : [blank, ...notes])] });
}

function indicationTables(indication: IndicationReport): ReportFile[] {
  return [
    { path: `${indication.id}/evidence.md`, content: evidenceMarkdown(indication) },
    { path: `${indication.id}/evidence.csv`, content: tableToCsv(characteristicsTable(indication.characteristics)) },
    ...(indication.narrative.length === 0 ? [] : [{ path: `${indication.id}/narrative.csv`, content: tableToCsv(narrativeTable(indication.narrative)) }]),
    { path: `${indication.id}/sof.md`, content: sofMarkdown(indication) },
    ...(indication.summaryOfFindings === null ? [] : [{ path: `${indication.id}/sof.csv`, content: sofCsv(indication.summaryOfFindings) }]),
  ];
}

function claimsFiles(input: ReportInput): ReportFile[] {
  if (input.claims === undefined || input.claims.length === 0) return [];
  const table = claimsTable(input.claims);
  return [
    { path: "claims.md", content: `${heading("Claims audit of secondary sources")}${tableToMarkdown(table)}` },
    { path: "claims.csv", content: tableToCsv(table) },
  ];
}

/** Every rendered figure with its number and PNG, for the Word document. */
function docxFigures(input: ReportInput, figures: FigureMap, files: readonly ReportFile[], scale: number): Map<string, DocxFigure> {
  const numbers = figureNumbers(input, figures);
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  const out = new Map<string, DocxFigure>();
  for (const [key, figure] of figures) {
    const number = numbers.get(key);
    const png = byPath.get(figure.files.find((path) => path.endsWith(".png")) ?? "");
    if (number !== undefined && png instanceof Uint8Array) out.set(key, { number, png, scale });
  }
  return out;
}

/** A vector PDF beside every figure's SVG (same base name), listed with its other files. */
function addPdfs(files: ReportFile[], figures: Map<string, RenderedFigure>, options: ForestRenderOptions): void {
  for (const [key, figure] of [...figures]) {
    const svgPath = figure.files.find((path) => path.endsWith(".svg"));
    if (svgPath === undefined) continue;
    const pdfPath = `${svgPath.slice(0, -".svg".length)}.pdf`;
    files.push({ path: pdfPath, content: svgToPdf(figure.svg, options.fonts) });
    figures.set(key, { ...figure, files: [...figure.files, pdfPath] });
  }
}

/**
 * Renders every file of the report. Forest plots are drawn once and used both inline in
 * index.html and as files. @throws MetakitError on an invalid id or invalid figure data.
 */
export async function renderReport(input: ReportInput, options: ForestRenderOptions): Promise<ReportFile[]> {
  checkIds(input);
  const { files, figures } = await figureFiles(input, options);
  const rob = await robFigureFiles(input, { fonts: options.fonts, ...(options.scale !== undefined && { scale: options.scale }) });
  files.push(...rob.files);
  for (const [key, figure] of rob.figures) figures.set(key, figure);
  const robustness = await robustnessFigureFiles(input, { fonts: options.fonts, ...(options.scale !== undefined && { scale: options.scale }) });
  files.push(...robustness.files);
  for (const [key, figure] of robustness.figures) figures.set(key, figure);
  const prisma = prismaFigureFiles(input, { fonts: options.fonts, ...(options.scale !== undefined && { scale: options.scale }) });
  files.push(...prisma.files);
  if (prisma.svg !== null) figures.set(PRISMA_FIGURE_KEY, { svg: prisma.svg, files: prisma.files.map((f) => f.path) });
  addPdfs(files, figures, options);
  files.push(...input.indications.flatMap(indicationTables), ...claimsFiles(input), { path: "index.html", content: reportHtml(input, figures) });
  files.push({ path: "review.docx", content: await reportDocx(input, docxFigures(input, figures, files, options.scale ?? DEFAULT_PNG_SCALE)) });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
