/**
 * The report's study-selection section (the PRISMA 2020 flow diagram, the counts that are
 * not known and why, the studies excluded at eligibility by reason) and its PRISMA 2020
 * checklist page, as HTML and as blocks for the Word document. A review without a
 * screening record gets neither section and no figure.
 */
import type { Block } from "../document/blocks.js";
import { escapeHtml } from "../report/escape.js";
import { svgToPng, type PngOptions } from "../render.js";
import { createTextMeasure } from "../text/measure.js";
import type { FontFiles } from "../text/fonts.js";
import type { ReportInput } from "../report/types.js";
import { checklistWhereText, prismaChecklist, SECTION_ANCHORS, type ChecklistItem } from "./checklist.js";
import { prismaDiagramSvg } from "./diagram.js";
import type { PrismaCount, PrismaFlow } from "./types.js";

/** The figure's key among the report's figures, and its files' base name. */
export const PRISMA_FIGURE_KEY = "prisma";
export const PRISMA_FIGURE_BASE = "prisma-flow";
export const PRISMA_FIGURE_TITLE = "PRISMA 2020 flow diagram of the selection of studies";

/** SVG and PNG of the flow diagram (none without a screening record). */
export function prismaFigureFiles(input: ReportInput, options: { readonly fonts: FontFiles } & PngOptions): { files: { path: string; content: string | Uint8Array }[]; svg: string | null } {
  if (input.prisma === undefined) return { files: [], svg: null };
  const svg = prismaDiagramSvg(input.prisma, createTextMeasure(options.fonts));
  const png = svgToPng(svg, options.fonts, options);
  return { files: [{ path: `${PRISMA_FIGURE_BASE}.svg`, content: svg }, { path: `${PRISMA_FIGURE_BASE}.png`, content: png }], svg };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function missingLine(what: string, count: PrismaCount): string[] {
  return count.n === null ? [`${what}: ${count.missing ?? "not reported"}.`] : [];
}

/** Every count of the flow that is not known, with the reason. */
export function missingCountLines(flow: PrismaFlow): string[] {
  return [
    ...flow.sources.flatMap((s) => missingLine(`Records identified from ${s.name}`, s.identified)),
    ...missingLine("Duplicate records removed", flow.duplicatesRemoved),
    ...missingLine("Records screened", flow.screened),
    ...missingLine("Records excluded at screening", flow.excludedAtScreening),
    ...missingLine("Reports sought for retrieval", flow.soughtForRetrieval),
    ...missingLine("Reports not retrieved", flow.notRetrieved),
  ];
}

/** The paragraphs before the diagram. */
export function prismaIntroduction(flow: PrismaFlow): string[] {
  const excluded = flow.excluded.reduce((sum, g) => sum + g.studies.length, 0);
  const searched = flow.searched === undefined ? [] : [`Sources searched: ${flow.searched.replace(/\.?$/, ".")}`];
  return [
    ...searched,
    `${plural(flow.assessed.studies, "study was", "studies were")} assessed for eligibility; ${plural(excluded, "was", "were")} excluded with a reason and ${plural(flow.included.studies, "study was", "studies were")} included, with ${plural(flow.included.reports, "report", "reports")}.`,
  ];
}

function exclusionLines(flow: PrismaFlow): string[] {
  return flow.excluded.map((g) => `${g.reason} (${g.studies.length}): ${g.studies.join("; ")}.`);
}

const p = (text: string, cls?: string) => `<p${cls === undefined ? "" : ` class="${cls}"`}>${escapeHtml(text)}</p>\n`;
const ul = (items: readonly string[]) => (items.length === 0 ? "" : `<ul>\n${items.map((i) => `<li>${escapeHtml(i)}</li>`).join("\n")}\n</ul>\n`);

/** The study-selection section of index.html; `figure` draws the diagram by its key. */
export function prismaSectionHtml(input: ReportInput, figure: (key: string, title: string) => string): string {
  const flow = input.prisma;
  if (flow === undefined) return "";
  const missing = missingCountLines(flow);
  return [
    `<section id="${SECTION_ANCHORS.prisma}">\n<h2>Study selection (PRISMA 2020)</h2>\n`,
    prismaIntroduction(flow).map((t) => p(t)).join(""),
    figure(PRISMA_FIGURE_KEY, PRISMA_FIGURE_TITLE),
    missing.length === 0 ? "" : `<h3>Counts not reported</h3>\n${p("The diagram says \"n = not reported\" where the screening record gives no count:", "note")}${ul(missing)}`,
    flow.excluded.length === 0 ? "" : `<h3>Studies excluded at eligibility, by reason</h3>\n${ul(exclusionLines(flow))}`,
    flow.notes.length === 0 ? "" : `<h3>How the counts were made</h3>\n${ul(flow.notes)}`,
    `</section>\n`,
  ].join("");
}

function whereHtml(item: ChecklistItem): string {
  if (item.status === "authors") return "To be completed by the authors.";
  const links = item.where.map((w) => `<a href="#${escapeHtml(w.anchor)}">${escapeHtml(w.label)}</a>`).join("; ");
  return item.note === undefined ? links : `${links}. Partly: ${escapeHtml(item.note)}`;
}

/** The checklist page of index.html. */
export function prismaChecklistHtml(input: ReportInput): string {
  const items = prismaChecklist(input);
  const rows = items.map((i) => `<tr><td>${i.number}</td><td>${escapeHtml(i.section)}</td><td>${escapeHtml(i.topic)}</td><td>${escapeHtml(i.item)}</td><td>${whereHtml(i)}</td></tr>`);
  const answered = items.filter((i) => i.status !== "authors").length;
  return [
    `<section id="${SECTION_ANCHORS.checklist}">\n<h2>PRISMA 2020 checklist</h2>\n`,
    p(`The 27 items of the PRISMA 2020 statement (Page et al., BMJ 2021;372:n71), in short. This report answers ${answered} of them, some in part; the rest are to be completed by the authors.`),
    `<table class="checklist">\n<thead><tr><th>#</th><th>Section</th><th>Topic</th><th>Item</th><th>Where this report answers it</th></tr></thead>\n<tbody>\n${rows.join("\n")}\n</tbody>\n</table>\n`,
    `</section>\n`,
  ].join("");
}

/** The study-selection section as blocks (Word). */
export function prismaBlocks(input: ReportInput): Block[] {
  const flow = input.prisma;
  if (flow === undefined) return [];
  const missing = missingCountLines(flow);
  const blocks: Block[] = [{ kind: "heading", level: 2, text: "Study selection (PRISMA 2020)" }, ...prismaIntroduction(flow).map((text): Block => ({ kind: "paragraph", text }))];
  blocks.push({ kind: "figure", key: PRISMA_FIGURE_KEY, title: PRISMA_FIGURE_TITLE });
  if (missing.length > 0) blocks.push({ kind: "heading", level: 3, text: "Counts not reported" }, { kind: "list", items: missing });
  if (flow.excluded.length > 0) blocks.push({ kind: "heading", level: 3, text: "Studies excluded at eligibility, by reason" }, { kind: "list", items: exclusionLines(flow) });
  if (flow.notes.length > 0) blocks.push({ kind: "heading", level: 3, text: "How the counts were made" }, { kind: "list", items: flow.notes });
  return blocks;
}

/** The checklist page as blocks (Word): the sections named in words. */
export function prismaChecklistBlocks(input: ReportInput): Block[] {
  const items = prismaChecklist(input);
  return [
    { kind: "heading", level: 2, text: "PRISMA 2020 checklist" },
    { kind: "paragraph", text: "The 27 items of the PRISMA 2020 statement (Page et al., BMJ 2021;372:n71), in short, and the sections of this report that answer them." },
    {
      kind: "table",
      table: {
        columns: [{ header: "#" }, { header: "Section" }, { header: "Topic" }, { header: "Item" }, { header: "Where this report answers it" }],
        rows: items.map((i) => [String(i.number), i.section, i.topic, i.item, checklistWhereText(i)]),
      },
    },
  ];
}
