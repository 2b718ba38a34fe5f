/**
 * The figures an analysis shows beyond its forest plot when their analyses ran: the funnel
 * plot with the tests for small-study effects, the leave-one-out plot, the GOSH plot and a
 * bubble plot per meta-regression (SVG and PNG files, the SVG inline in index.html), and
 * the HTML that shows them, or says plainly what was not run and why.
 */
import { renderFigure, type FigureRenderOptions } from "../chart/render.js";
import { bubblePlotSpec, type BubblePlotFigureData } from "../figures/bubble.js";
import { funnelPlotSpec, type FunnelPlotData } from "../figures/funnel.js";
import { goshPlotSpec, type GoshPlotData } from "../figures/gosh.js";
import { leaveOneOutPlotSpec, type LeaveOneOutPlotData } from "../figures/leave-one-out.js";
import type { ChartOptions } from "../chart/frame.js";
import type { TextMeasure } from "../text/measure.js";
import type { TopLevelSpec } from "vega-lite";
import { escapeHtml } from "./escape.js";
import type { AnalysisReport, IndicationReport, ReportInput } from "./types.js";

/** A meta-regression of an analysis: its result in words and, for a numeric moderator, its bubble plot. */
export interface MetaRegressionReport {
  /** Short id, unique within the analysis (used in file names): "daily-dose". */
  readonly id: string;
  readonly title: string;
  readonly lines: readonly string[];
  readonly bubble?: BubblePlotFigureData;
}

/** Sensitivity analyses, small-study effects and meta-regressions of one analysis. */
export interface AnalysisRobustness {
  readonly funnel?: FunnelPlotData;
  /** The tests for small-study effects in words (or why none was run). */
  readonly smallStudyLines: readonly string[];
  readonly leaveOneOut?: LeaveOneOutPlotData;
  /** What leave-one-out shows, in words: the range of the estimates without each study. */
  readonly leaveOneOutLines?: readonly string[];
  readonly gosh?: GoshPlotData;
  readonly metaRegressions: readonly MetaRegressionReport[];
  /** Analyses not run, and why. */
  readonly notRun: readonly string[];
}

type Build<T> = (data: T, measure: TextMeasure, options: ChartOptions) => TopLevelSpec;

export interface RobustnessFigureEntry {
  /** "<indication>/<analysis>#<kind>": never a forest plot's key. */
  readonly key: string;
  readonly base: string;
  readonly title: string;
  readonly render: (options: FigureRenderOptions) => ReturnType<typeof renderFigure>;
}

const entry = <T extends { readonly title: string }>(key: string, base: string, data: T, build: Build<T>): RobustnessFigureEntry => ({
  key,
  base,
  title: data.title,
  render: (options) => renderFigure(data, build, options),
});

/** The figures of one analysis, in reading order: funnel, leave-one-out, GOSH, bubble plots. */
export function robustnessFigureEntries(indication: IndicationReport, analysis: AnalysisReport): RobustnessFigureEntry[] {
  const r = analysis.robustness;
  if (r === undefined) return [];
  const key = (kind: string) => `${indication.id}/${analysis.id}#${kind}`;
  const base = (kind: string) => `${indication.id}/${kind}-${analysis.id}`;
  return [
    ...(r.funnel === undefined ? [] : [entry(key("funnel"), base("funnel"), r.funnel, funnelPlotSpec)]),
    ...(r.leaveOneOut === undefined ? [] : [entry(key("leave-one-out"), base("leave-one-out"), r.leaveOneOut, leaveOneOutPlotSpec)]),
    ...(r.gosh === undefined ? [] : [entry(key("gosh"), base("gosh"), r.gosh, goshPlotSpec)]),
    ...r.metaRegressions.flatMap((m) => (m.bubble === undefined ? [] : [entry(key(`bubble-${m.id}`), `${base("bubble")}-${m.id}`, m.bubble, bubblePlotSpec)])),
  ];
}

export function reportRobustnessFigures(input: ReportInput): RobustnessFigureEntry[] {
  return input.indications.flatMap((indication) => indication.analyses.flatMap((analysis) => robustnessFigureEntries(indication, analysis)));
}

/** SVG and PNG of every such figure, and the SVG by key for the HTML. */
export async function robustnessFigureFiles(input: ReportInput, options: FigureRenderOptions) {
  const files: { path: string; content: string | Uint8Array }[] = [];
  const figures = new Map<string, { svg: string; files: string[] }>();
  for (const e of reportRobustnessFigures(input)) {
    const { svg, png } = await e.render(options);
    const paths = [`${e.base}.svg`, `${e.base}.png`];
    files.push({ path: paths[0]!, content: svg }, { path: paths[1]!, content: png });
    figures.set(e.key, { svg, files: paths });
  }
  return { files, figures };
}

const paragraphs = (lines: readonly string[], cls?: string) => lines.map((l) => `<p${cls === undefined ? "" : ` class="${cls}"`}>${escapeHtml(l)}</p>\n`).join("");

/** The analysis's small-study, leave-one-out, GOSH and meta-regression blocks. */
export function robustnessSection(indication: IndicationReport, analysis: AnalysisReport, figure: (key: string, title: string) => string): string {
  const r = analysis.robustness;
  if (r === undefined) return "";
  const key = (kind: string) => `${indication.id}/${analysis.id}#${kind}`;
  const parts: string[] = [];
  if (r.funnel !== undefined || r.smallStudyLines.length > 0) {
    parts.push(`<h4>Small-study effects</h4>\n`, r.funnel === undefined ? "" : figure(key("funnel"), r.funnel.title), paragraphs(r.smallStudyLines, r.funnel === undefined ? "note" : undefined));
  }
  if (r.leaveOneOut !== undefined) parts.push(`<h4>Leave-one-out</h4>\n`, figure(key("leave-one-out"), r.leaveOneOut.title), paragraphs(r.leaveOneOutLines ?? []));
  if (r.gosh !== undefined) parts.push(`<h4>GOSH plot</h4>\n`, figure(key("gosh"), r.gosh.title));
  for (const m of r.metaRegressions) {
    parts.push(`<h4>${escapeHtml(m.title)}</h4>\n`, m.bubble === undefined ? "" : figure(key(`bubble-${m.id}`), m.bubble.title), paragraphs(m.lines));
  }
  if (r.notRun.length > 0) parts.push(`<h4>Not run</h4>\n<ul class="note">\n${r.notRun.map((l) => `<li>${escapeHtml(l)}</li>`).join("\n")}\n</ul>\n`);
  return parts.join("");
}
