/**
 * The risk-of-bias figures of the report: for every analysis that has recorded
 * assessments, a traffic-light plot and a summary plot per tool (SVG and PNG files, and the
 * SVG inline in index.html), and the HTML block that shows them, or that says plainly that
 * no assessment was recorded and draws nothing.
 */
import { renderRobSummary, renderRobTrafficLight, type RobRenderOptions } from "../rob/index.js";
import type { RobPlotData, RobTool } from "../rob/types.js";
import { escapeHtml } from "./escape.js";
import type { AnalysisReport, IndicationReport, ReportInput } from "./types.js";

export const ROB_FIGURE_KINDS = ["traffic-light", "summary"] as const;
export type RobFigureKind = (typeof ROB_FIGURE_KINDS)[number];

export interface RobFigureEntry {
  /** "<indication>/<analysis>#rob-<tool>-<kind>": never a forest plot's key. */
  readonly key: string;
  readonly kind: RobFigureKind;
  readonly data: RobPlotData;
  /** Path without extension, relative to the output folder. */
  readonly base: string;
  /** Caption and accessible name. */
  readonly title: string;
}

const TOOL_SLUG: Readonly<Record<RobTool, string>> = { "RoB 2": "rob2", "ROBINS-I": "robins-i" };
const KIND_TITLE: Readonly<Record<RobFigureKind, string>> = { "traffic-light": "traffic-light plot", summary: "summary plot" };

/** The risk-of-bias figures of one analysis, in reading order (per tool: traffic light, then summary). */
export function robFigureEntries(indication: IndicationReport, analysis: AnalysisReport): RobFigureEntry[] {
  return (analysis.riskOfBias?.plots ?? []).flatMap((data) =>
    ROB_FIGURE_KINDS.map((kind) => {
      const slug = `${TOOL_SLUG[data.tool]}-${kind}`;
      return { key: `${indication.id}/${analysis.id}#rob-${slug}`, kind, data, base: `${indication.id}/risk-of-bias-${analysis.id}-${slug}`, title: `${data.title}: ${KIND_TITLE[kind]}` };
    }),
  );
}

/** Every risk-of-bias figure of the report, in reading order. */
export function reportRobFigures(input: ReportInput): RobFigureEntry[] {
  return input.indications.flatMap((indication) => indication.analyses.flatMap((analysis) => robFigureEntries(indication, analysis)));
}

export interface RenderedRobFile {
  readonly path: string;
  readonly content: string | Uint8Array;
}

/** SVG and PNG of every risk-of-bias figure, and the SVG by key for the HTML. */
export async function robFigureFiles(input: ReportInput, options: RobRenderOptions): Promise<{ files: RenderedRobFile[]; figures: Map<string, { svg: string; files: string[] }> }> {
  const files: RenderedRobFile[] = [];
  const figures = new Map<string, { svg: string; files: string[] }>();
  for (const entry of reportRobFigures(input)) {
    const { svg, png } = await (entry.kind === "traffic-light" ? renderRobTrafficLight : renderRobSummary)(entry.data, options);
    const paths = [`${entry.base}.svg`, `${entry.base}.png`];
    files.push({ path: paths[0]!, content: svg }, { path: paths[1]!, content: png });
    figures.set(entry.key, { svg, files: paths });
  }
  return { files, figures };
}

/**
 * The "Risk of bias" block of an analysis: its figures (drawn by `figure(key, title)`) and
 * the studies not assessed, or the statement that nothing was recorded. Empty when the
 * analysis carries no risk-of-bias information at all.
 */
export function robSection(indication: IndicationReport, analysis: AnalysisReport, figure: (key: string, title: string) => string): string {
  const rob = analysis.riskOfBias;
  if (rob === undefined) return "";
  const heading = `<h4>Risk of bias</h4>\n`;
  if (rob.plots.length === 0) return `${heading}<p class="note">${escapeHtml(rob.noneStatement)}</p>\n`;
  const figures = robFigureEntries(indication, analysis).map((entry) => figure(entry.key, entry.title));
  const missing = rob.notAssessed.length === 0 ? "" : `<p class="note">${escapeHtml(`No risk-of-bias assessment recorded for: ${rob.notAssessed.join("; ")}.`)}</p>\n`;
  return heading + figures.join("") + missing;
}
