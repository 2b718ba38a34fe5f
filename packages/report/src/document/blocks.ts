/**
 * The review report as a list of plain blocks (headings, paragraphs, lists, tables,
 * figures), in reading order, for renderers that are not HTML (the Word document). The
 * order and the words follow index.html: the reading guide, then per indication its
 * question, Summary of Findings, analyses and studies, then the claims audit. Every text is
 * plain text; the renderer escapes it for its format.
 */
import { characteristicsTable } from "../table/characteristics.js";
import { claimsTable } from "../table/claims.js";
import { narrativeTable } from "../table/narrative.js";
import { scenariosTable } from "../table/scenarios.js";
import { MODELS_HEADING, modelsTable } from "../table/models.js";
import { summaryOfFindingsCaption, summaryOfFindingsFootnotes } from "../table/summary-of-findings.js";
import { gradeproSummaryOfFindingsTable } from "../table/sof-gradepro.js";
import type { Table } from "../table/types.js";
import { figureKey } from "../report/figures.js";
import { readingGuide } from "../report/html.js";
import { robFigureEntries } from "../report/rob-figures.js";
import type { AnalysisReport, IndicationReport, ReportInput } from "../report/types.js";
import { executiveSummary } from "../report/summary.js";
import { prismaBlocks, prismaChecklistBlocks } from "../prisma/section.js";

/** Heading levels as in index.html: 1 the report, 2 an indication, 3 an analysis, 4 a part of it. */
export type HeadingLevel = 1 | 2 | 3 | 4;

export type Block =
  | { readonly kind: "heading"; readonly level: HeadingLevel; readonly text: string }
  | { readonly kind: "paragraph"; readonly text: string; readonly note?: boolean }
  | { readonly kind: "list"; readonly items: readonly string[] }
  | { readonly kind: "table"; readonly table: Table; readonly caption?: string; readonly footnotes?: readonly string[] }
  /** A figure by its key (see figureKey and the figure entries); its title is the caption. */
  | { readonly kind: "figure"; readonly key: string; readonly title: string };

const heading = (level: HeadingLevel, text: string): Block => ({ kind: "heading", level, text });
const paragraph = (text: string): Block => ({ kind: "paragraph", text });
const note = (text: string): Block => ({ kind: "paragraph", text, note: true });
const list = (items: readonly string[]): Block[] => (items.length === 0 ? [] : [{ kind: "list", items }]);
const figure = (key: string, title: string): Block => ({ kind: "figure", key, title });

function questionBlocks(indication: IndicationReport): Block[] {
  const q = indication.question;
  const table: Table = {
    columns: [{ header: "Question" }, { header: "" }],
    rows: [
      ["Population", q.population],
      ["Intervention", q.intervention],
      ["Comparator", q.comparator],
      ["Outcomes", q.outcomes.join("; ")],
    ],
  };
  return [{ kind: "table", table }];
}

function summaryOfFindingsBlocks(indication: IndicationReport): Block[] {
  const sof = indication.summaryOfFindings;
  const title = heading(3, "Summary of findings");
  if (sof === null) return [title, note("No outcome could be rated: there is no Summary of Findings for this indication.")];
  return [title, { kind: "table", table: gradeproSummaryOfFindingsTable(sof), caption: summaryOfFindingsCaption(sof), footnotes: summaryOfFindingsFootnotes(sof) }];
}

function riskOfBiasBlocks(indication: IndicationReport, analysis: AnalysisReport): Block[] {
  const rob = analysis.riskOfBias;
  if (rob === undefined) return [];
  if (rob.plots.length === 0) return [heading(4, "Risk of bias"), note(rob.noneStatement)];
  const figures = robFigureEntries(indication, analysis).map((entry) => figure(entry.key, entry.title));
  const missing = rob.notAssessed.length === 0 ? [] : [note(`No risk-of-bias assessment recorded for: ${rob.notAssessed.join("; ")}.`)];
  return [heading(4, "Risk of bias"), ...figures, ...missing];
}

function robustnessBlocks(indication: IndicationReport, analysis: AnalysisReport): Block[] {
  const r = analysis.robustness;
  if (r === undefined) return [];
  const key = (kind: string) => `${indication.id}/${analysis.id}#${kind}`;
  const blocks: Block[] = [];
  if (r.funnel !== undefined || r.smallStudyLines.length > 0) {
    blocks.push(heading(4, "Small-study effects"));
    if (r.funnel !== undefined) blocks.push(figure(key("funnel"), r.funnel.title));
    blocks.push(...r.smallStudyLines.map(r.funnel === undefined ? note : paragraph));
  }
  if (r.leaveOneOut !== undefined) blocks.push(heading(4, "Leave-one-out"), figure(key("leave-one-out"), r.leaveOneOut.title), ...(r.leaveOneOutLines ?? []).map(paragraph));
  if (r.gosh !== undefined) blocks.push(heading(4, "GOSH plot"), figure(key("gosh"), r.gosh.title));
  for (const m of r.metaRegressions) {
    blocks.push(heading(4, m.title), ...(m.bubble === undefined ? [] : [figure(key(`bubble-${m.id}`), m.bubble.title)]), ...m.lines.map(paragraph));
  }
  if (r.notRun.length > 0) blocks.push(heading(4, "Not run"), ...list(r.notRun));
  return blocks;
}

function analysisBlocks(indication: IndicationReport, analysis: AnalysisReport): Block[] {
  const kind = analysis.evidence === "single-arm" ? " (single-arm evidence, no comparator)" : "";
  const main =
    analysis.forest === null
      ? [note(`No forest plot: ${analysis.noForestReason ?? "no study in this analysis could be estimated."}`)]
      : [figure(figureKey(indication.id, analysis.id), analysis.forest.title)];
  const subgroups =
    analysis.subgroups.length === 0
      ? []
      : [
          heading(4, "Subgroups"),
          ...analysis.subgroups.map((s) => paragraph(`By ${s.variable}. ${s.lines.join(" ")}`)),
          ...(analysis.subgroupForests ?? []).map((f) => figure(figureKey(indication.id, analysis.id, f.id), f.forest.title)),
        ];
  const scenarios = analysis.scenarios.length === 0 ? [] : [heading(4, "Sensitivity analyses"), { kind: "table" as const, table: scenariosTable(analysis.scenarios, analysis.forest?.measure ?? "Effect") }];
  const models = analysis.models === undefined || analysis.models.length === 0 ? [] : [heading(4, MODELS_HEADING), { kind: "table" as const, table: modelsTable(analysis.models, analysis.forest?.measure ?? "Effect") }];
  return [
    heading(3, `Analysis: ${analysis.title}${kind}`),
    ...main,
    heading(4, "What was assumed"),
    ...list(analysis.assumptions.length === 0 ? ["Nothing beyond the data as extracted."] : analysis.assumptions),
    ...riskOfBiasBlocks(indication, analysis),
    ...subgroups,
    ...scenarios,
    ...models,
    ...robustnessBlocks(indication, analysis),
    ...(analysis.notes.length === 0 ? [] : [heading(4, "Notes"), ...list(analysis.notes)]),
  ];
}

function studyBlocks(indication: IndicationReport): Block[] {
  const blocks: Block[] = [heading(3, "Characteristics of studies")];
  blocks.push(indication.characteristics.length === 0 ? note("No study records.") : { kind: "table", table: characteristicsTable(indication.characteristics) });
  blocks.push(heading(3, "Narrative synthesis of results not pooled"));
  blocks.push(indication.narrative.length === 0 ? note("Every result was pooled.") : { kind: "table", table: narrativeTable(indication.narrative) });
  if (indication.excluded.length > 0) blocks.push(heading(3, "Studies excluded from the analyses"), ...list(indication.excluded.map((e) => `${e.study}: ${e.reason}`)));
  if (indication.problems.length > 0) blocks.push(heading(3, "What could not be computed"), ...list(indication.problems));
  return blocks;
}

function indicationBlocks(indication: IndicationReport): Block[] {
  return [
    heading(2, indication.title),
    ...questionBlocks(indication),
    ...summaryOfFindingsBlocks(indication),
    ...indication.analyses.flatMap((a) => analysisBlocks(indication, a)),
    ...studyBlocks(indication),
  ];
}

function claimsBlocks(input: ReportInput): Block[] {
  if (input.claims === undefined || input.claims.length === 0) return [];
  return [
    heading(2, "Claims audit of secondary sources"),
    paragraph("Each claim a secondary source makes about a study, checked against the primary record."),
    { kind: "table", table: claimsTable(input.claims) },
  ];
}

function methodsBlocks(input: ReportInput): Block[] {
  const methods = input.methods;
  if (methods === undefined) return [];
  return [heading(2, "Methods"), ...methods.paragraphs.map(paragraph)];
}

function keyResultsBlocks(input: ReportInput): Block[] {
  const results = input.methods?.results ?? [];
  return results.length === 0 ? [] : [heading(2, "Key results"), ...results.map((r) => paragraph(`${r.title}. ${r.text}`))];
}

function referencesBlocks(input: ReportInput): Block[] {
  const references = input.methods?.references ?? [];
  return references.length === 0 ? [] : [heading(2, "References"), ...references.map((r, i) => paragraph(`${i + 1}. ${r}`))];
}

/** The body of the report after its title and introduction, in reading order. */
export function reportBlocks(input: ReportInput): Block[] {
  return [
    heading(2, "Summary"),
    ...list(executiveSummary(input)),
    ...methodsBlocks(input),
    ...prismaBlocks(input),
    ...keyResultsBlocks(input),
    heading(2, "How to read this report"),
    ...list(readingGuide(input)),
    ...input.indications.flatMap(indicationBlocks),
    ...claimsBlocks(input),
    ...referencesBlocks(input),
    ...prismaChecklistBlocks(input),
  ];
}
