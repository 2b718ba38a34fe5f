/**
 * The review report as one self-contained HTML page: inline CSS and SVG, no script, no
 * external resource (a Content-Security-Policy forbids any), every text escaped. Each
 * indication gives its question, its Summary of Findings, then per analysis the forest
 * plot with what was assumed, subgroups and sensitivity scenarios, then the study
 * characteristics, the narrative synthesis and the excluded studies; the claims audit
 * closes the report.
 */
import { MetakitError } from "@metakit/base";
import { messages } from "../messages.js";
import { summaryOfFindingsCaption, summaryOfFindingsFootnotes } from "../table/summary-of-findings.js";
import { gradeproSummaryOfFindingsTable } from "../table/sof-gradepro.js";
import { characteristicsTable } from "../table/characteristics.js";
import { claimsTable } from "../table/claims.js";
import { tableToHtml } from "../table/html.js";
import { narrativeTable } from "../table/narrative.js";
import { scenariosTable } from "../table/scenarios.js";
import { MODELS_HEADING, modelsTable } from "../table/models.js";
import { REPORT_CSS } from "./css.js";
import { escapeHtml } from "./escape.js";
import type { ForestPlotData } from "../forest/types.js";
import { figureKey, reportFigures } from "./figures.js";
import { robFigureEntries, robSection } from "./rob-figures.js";
import { robustnessFigureEntries, robustnessSection } from "./robustness-figures.js";
import type { AnalysisReport, IndicationReport, ReportInput } from "./types.js";
import { executiveSummary } from "./summary.js";
import { PRISMA_FIGURE_KEY, prismaChecklistHtml, prismaSectionHtml } from "../prisma/section.js";
import { SECTION_ANCHORS } from "../prisma/checklist.js";

/** A forest plot already rendered, and the files it was also written to (relative paths). */
export interface RenderedFigure {
  readonly svg: string;
  readonly files: readonly string[];
}

/** Rendered figures by key (see figureKey). */
export type FigureMap = ReadonlyMap<string, RenderedFigure>;

/** What the sections need to draw a figure: the rendered figures and their numbers. */
interface Figures {
  readonly rendered: FigureMap;
  readonly numbers: ReadonlyMap<string, number>;
}

/** Blocks every fetch, script, frame and form: the page can only show what it contains. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const text = escapeHtml;
const paragraph = (line: string, cls?: string) => `<p${cls === undefined ? "" : ` class="${cls}"`}>${text(line)}</p>\n`;
const list = (items: readonly string[], cls?: string) =>
  items.length === 0 ? "" : `<ul${cls === undefined ? "" : ` class="${cls}"`}>\n${items.map((i) => `<li>${text(i)}</li>`).join("\n")}\n</ul>\n`;

export const analysisAnchor = (indication: string, analysis: string) => `${indication}--${analysis}`;

/** vega's SVG, labelled for screen readers; its text is already escaped by vega. */
function inlineSvg(svg: string, label: string): string {
  if (!svg.startsWith("<svg ")) throw new MetakitError("INVALID_INPUT", messages.report.notSvg(label), { field: "svg", value: svg.slice(0, 40) });
  return `<svg role="img" aria-label="${text(label)}" ${svg.slice("<svg ".length)}`;
}

/** A review without claims of secondary sources gets no claims audit at all. */
const hasClaims = (input: ReportInput) => input.claims !== undefined && input.claims.length > 0;

function header(input: ReportInput): string {
  const intro = (input.introduction ?? []).map((line) => paragraph(line)).join("");
  const made = input.generator === undefined ? "" : `Made by ${input.generator}`;
  const from = input.sources === undefined || input.sources.length === 0 ? "" : `from ${input.sources.join(", ")}`;
  const meta = [made, from].filter((part) => part !== "").join(" ");
  return `<header>\n<h1 id="${SECTION_ANCHORS.title}">${text(input.title)}</h1>\n${intro}${meta === "" ? "" : paragraph(`${meta}.`, "meta")}</header>\n`;
}

function summarySection(input: ReportInput): string {
  return `<section id="summary">\n<h2>Summary</h2>\n${list(executiveSummary(input))}</section>\n`;
}

function methodsSection(input: ReportInput): string {
  const methods = input.methods;
  if (methods === undefined) return "";
  return `<section id="${SECTION_ANCHORS.methods}">\n<h2>Methods</h2>\n${methods.paragraphs.map((p) => paragraph(p)).join("")}</section>\n`;
}

/** One paragraph per outcome, each headed by its indication and outcome, linked to its section. */
function keyResultsSection(input: ReportInput): string {
  const results = input.methods?.results ?? [];
  if (results.length === 0) return "";
  const items = results.map((r) => `<p><strong><a href="#${text(r.indication)}">${text(r.title)}</a>.</strong> ${text(r.text)}</p>`);
  return `<section id="${SECTION_ANCHORS.keyResults}">\n<h2>Key results</h2>\n${items.join("\n")}\n</section>\n`;
}

function referencesSection(input: ReportInput): string {
  const references = input.methods?.references ?? [];
  if (references.length === 0) return "";
  return `<section id="${SECTION_ANCHORS.references}">\n<h2>References</h2>\n<ol class="references">\n${references.map((r) => `<li>${text(r)}</li>`).join("\n")}\n</ol>\n</section>\n`;
}

function contents(input: ReportInput): string {
  const entries = input.indications.map((i) => `<li><a href="#${i.id}">${text(i.title)}</a></li>`);
  const entry = (anchor: string, label: string) => `<li><a href="#${anchor}">${label}</a></li>`;
  entries.unshift(
    entry(SECTION_ANCHORS.summary, "Summary"),
    ...(input.methods === undefined ? [] : [entry(SECTION_ANCHORS.methods, "Methods")]),
    ...(input.prisma === undefined ? [] : [entry(SECTION_ANCHORS.prisma, "Study selection (PRISMA 2020)")]),
    ...((input.methods?.results ?? []).length === 0 ? [] : [entry(SECTION_ANCHORS.keyResults, "Key results")]),
    entry(SECTION_ANCHORS.reading, "How to read this report"),
  );
  if (hasClaims(input)) entries.push(`<li><a href="#claims-audit">Claims audit of secondary sources</a></li>`);
  if ((input.methods?.references ?? []).length > 0) entries.push(entry(SECTION_ANCHORS.references, "References"));
  entries.push(entry(SECTION_ANCHORS.checklist, "PRISMA 2020 checklist"));
  return `<nav aria-label="Contents">\n<h2>Contents</h2>\n<ol>\n${entries.join("\n")}\n</ol>\n</nav>\n`;
}

function question(indication: IndicationReport): string {
  const q = indication.question;
  const rows: [string, string][] = [
    ["Population", q.population],
    ["Intervention", q.intervention],
    ["Comparator", q.comparator],
    ["Outcomes", q.outcomes.join("; ")],
  ];
  return `<dl class="question">\n${rows.map(([term, value]) => `<dt>${term}</dt><dd>${text(value)}</dd>`).join("\n")}\n</dl>\n`;
}

function summaryOfFindings(indication: IndicationReport): string {
  const heading = `<h3>Summary of findings</h3>\n`;
  const sof = indication.summaryOfFindings;
  if (sof === null) return heading + paragraph("No outcome could be rated: there is no Summary of Findings for this indication.", "note");
  const caption = summaryOfFindingsCaption(sof);
  const footnotes = summaryOfFindingsFootnotes(sof);
  const notes = footnotes.length === 0 ? "" : `<ol class="footnotes">\n${footnotes.map((f) => `<li>${text(f)}</li>`).join("\n")}\n</ol>\n`;
  return heading + tableToHtml(gradeproSummaryOfFindingsTable(sof), { caption, className: "sof" }) + notes;
}

function figure(key: string, data: ForestPlotData, figures: Figures): string {
  return titledFigure(key, data.title, figures, "forest");
}

function titledFigure(key: string, title: string, figures: Figures, cls: string): string {
  const rendered = figures.rendered.get(key);
  const number = figures.numbers.get(key);
  if (rendered === undefined || number === undefined) return "";
  const links = rendered.files.map((path) => `<a href="${text(path)}">${text(path)}</a>`).join(", ");
  const caption = `${text(`Figure ${number}. ${title}.`)} Also as ${links}.`;
  return `<figure class="${cls}">\n${inlineSvg(rendered.svg, title)}\n<figcaption>${caption}</figcaption>\n</figure>\n`;
}

function mainFigure(indication: IndicationReport, analysis: AnalysisReport, figures: Figures): string {
  if (analysis.forest === null || !figures.rendered.has(figureKey(indication.id, analysis.id))) {
    return paragraph(`No forest plot: ${analysis.noForestReason ?? "no study in this analysis could be estimated."}`, "note");
  }
  return figure(figureKey(indication.id, analysis.id), analysis.forest, figures);
}

function assumptions(analysis: AnalysisReport): string {
  const items = analysis.assumptions.length === 0 ? ["Nothing beyond the data as extracted."] : analysis.assumptions;
  return `<div class="assumed">\n<h4>What was assumed</h4>\n${list(items)}</div>\n`;
}

function subgroups(indication: IndicationReport, analysis: AnalysisReport, figures: Figures): string {
  if (analysis.subgroups.length === 0) return "";
  const blocks = analysis.subgroups.map((s) => `<p><strong>By ${text(s.variable)}.</strong> ${s.lines.map(text).join(" ")}</p>`);
  const plots = (analysis.subgroupForests ?? []).map((f) => figure(figureKey(indication.id, analysis.id, f.id), f.forest, figures));
  return `<h4>Subgroups</h4>\n${blocks.join("\n")}\n${plots.join("")}`;
}

function scenarios(analysis: AnalysisReport): string {
  if (analysis.scenarios.length === 0) return "";
  const measure = analysis.forest?.measure ?? "Effect";
  return `<h4>Sensitivity analyses</h4>\n${tableToHtml(scenariosTable(analysis.scenarios, measure))}`;
}

function models(analysis: AnalysisReport): string {
  if (analysis.models === undefined || analysis.models.length === 0) return "";
  const measure = analysis.forest?.measure ?? "Effect";
  return `<h4>${MODELS_HEADING}</h4>\n${tableToHtml(modelsTable(analysis.models, measure))}`;
}

function analysisSection(indication: IndicationReport, analysis: AnalysisReport, figures: Figures): string {
  const kind = analysis.evidence === "single-arm" ? " (single-arm evidence, no comparator)" : "";
  return [
    `<section class="analysis" id="${analysisAnchor(indication.id, analysis.id)}">\n<h3>Analysis: ${text(analysis.title)}${text(kind)}</h3>\n`,
    mainFigure(indication, analysis, figures),
    assumptions(analysis),
    robSection(indication, analysis, (key, title) => titledFigure(key, title, figures, "risk-of-bias")),
    subgroups(indication, analysis, figures),
    scenarios(analysis),
    models(analysis),
    robustnessSection(indication, analysis, (key, title) => titledFigure(key, title, figures, "robustness")),
    analysis.notes.length === 0 ? "" : `<h4>Notes</h4>\n${list(analysis.notes)}`,
    `</section>\n`,
  ].join("");
}

function studies(indication: IndicationReport): string {
  const parts = [`<h3>Characteristics of studies</h3>\n`];
  parts.push(indication.characteristics.length === 0 ? paragraph("No study records.", "note") : tableToHtml(characteristicsTable(indication.characteristics), { className: "characteristics" }));
  parts.push(`<h3>Narrative synthesis of results not pooled</h3>\n`);
  parts.push(indication.narrative.length === 0 ? paragraph("Every result was pooled.", "note") : tableToHtml(narrativeTable(indication.narrative)));
  if (indication.excluded.length > 0) {
    parts.push(`<h3>Studies excluded from the analyses</h3>\n`, list(indication.excluded.map((e) => `${e.study}: ${e.reason}`)));
  }
  if (indication.problems.length > 0) {
    parts.push(`<h3>What could not be computed</h3>\n`, list(indication.problems, "problems"));
  }
  return parts.join("");
}

function indicationSection(indication: IndicationReport, figures: Figures): string {
  return [
    `<section class="indication" id="${indication.id}">\n<h2>${text(indication.title)}</h2>\n`,
    question(indication),
    summaryOfFindings(indication),
    ...indication.analyses.map((a) => analysisSection(indication, a, figures)),
    studies(indication),
    `</section>\n`,
  ].join("");
}

function claimsSection(input: ReportInput): string {
  if (!hasClaims(input)) return "";
  const intro = paragraph("Each claim a secondary source makes about a study, checked against the primary record.");
  const table = tableToHtml(claimsTable(input.claims ?? []), { className: "claims" });
  return `<section id="claims-audit">\n<h2>Claims audit of secondary sources</h2>\n${intro}${table}</section>\n`;
}

/**
 * The confidence level the reading guide names: "95% " when every analysis uses one level
 * (the level each analysis states), "" when they differ or none is stated.
 */
function commonLevelText(input: ReportInput): string {
  const levels = new Set(input.indications.flatMap((indication) => indication.analyses.flatMap((a) => (a.level === undefined ? [] : [a.level]))));
  const [only] = [...levels];
  return levels.size === 1 && only !== undefined ? `${only}% ` : "";
}

/** How to read the report; intervals are named at the analyses' confidence level. */
export function readingGuide(input: ReportInput): string[] {
  const level = commonLevelText(input);
  const whichLevel = level === "" ? " The method line of each analysis states its confidence level." : "";
  return [
    `Forest plots follow RevMan: a square per study, its area proportional to the study's weight, with the ${level}confidence interval as a line (an arrow where it runs off the axis); the diamond is the pooled estimate and its ${level}confidence interval; the bar under it is the ${level}prediction interval where one was computed.${whichLevel}`,
    "Certainty of the evidence (GRADE): ⊕⊕⊕⊕ high, ⊕⊕⊕◯ moderate, ⊕⊕◯◯ low, ⊕◯◯◯ very low. Letters after the rating point to the footnotes under the table, one per change of level.",
    `Funnel plots and tests for small-study effects are shown only for comparative analyses of 10 or more studies (Cochrane Handbook 13.3.5.4): each dot is a study, open circles are studies imputed by trim and fill, the dashed lines the pseudo 95% confidence region, and grey shading where a study would be statistically significant. Leave-one-out plots show the pooled estimate without each study in turn, the dashed line the estimate from all of them. GOSH plots (where asked for) show the pooled estimate and I² of every subset of the studies: separate clusters point to studies that drive the heterogeneity. Bubble plots show each study's effect against a moderator, the bubble's area by the study's weight, with the meta-regression line and its ${level}confidence band.`,
    "Single-arm analyses pool each study's own proportion; without a comparator they say nothing about the effect of the intervention compared with anything else.",
    "Every number in the report comes from the extraction files, with its source, location and quote there; the Provenance column counts how many were verified in the source, computed from verified numbers, or not verified.",
  ];
}

function readingSection(input: ReportInput): string {
  return `<section id="reading">\n<h2>How to read this report</h2>\n${list(readingGuide(input))}</section>\n`;
}

/** Figure numbers in reading order: per analysis its forest plot, its risk-of-bias figures, its subgroup plots, then funnel, leave-one-out, GOSH and bubble plots. */
export function figureNumbers(input: ReportInput, rendered: FigureMap): Map<string, number> {
  const forests = reportFigures(input);
  const order = [PRISMA_FIGURE_KEY, ...input.indications.flatMap((indication) =>
    indication.analyses.flatMap((analysis) => {
      const main = figureKey(indication.id, analysis.id);
      const subgroups = forests.filter((f) => f.key.startsWith(`${main}/`)).map((f) => f.key);
      return [main, ...robFigureEntries(indication, analysis).map((e) => e.key), ...subgroups, ...robustnessFigureEntries(indication, analysis).map((e) => e.key)];
    }),
  )];
  return new Map(order.filter((key) => rendered.has(key)).map((key, i) => [key, i + 1]));
}

/** The whole page. Figures must be rendered already (see renderReport). */
export function reportHtml(input: ReportInput, rendered: FigureMap): string {
  const figures: Figures = { rendered, numbers: figureNumbers(input, rendered) };
  const sections = input.indications.map((indication) => indicationSection(indication, figures));
  return [
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n`,
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">\n`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n`,
    `<title>${text(input.title)}</title>\n<style>${REPORT_CSS}</style>\n</head>\n<body>\n`,
    header(input),
    contents(input),
    `<main>\n`,
    summarySection(input),
    methodsSection(input),
    prismaSectionHtml(input, (key, title) => titledFigure(key, title, figures, "prisma")),
    keyResultsSection(input),
    readingSection(input),
    ...sections,
    claimsSection(input),
    referencesSection(input),
    prismaChecklistHtml(input),
    `</main>\n</body>\n</html>\n`,
  ].join("");
}
