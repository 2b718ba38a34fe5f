/**
 * The PRISMA 2020 checklist (27 items) as this report answers it: for each item, the
 * sections of the report that answer it (by anchor), or "to be completed by the authors"
 * where only the authors can (rationale, search strategy, selection process, discussion,
 * registration, funding, competing interests). Item texts are short labels in our own
 * words; the statement's own wording is in Page et al. 2021, table 1.
 * @reference Page MJ, McKenzie JE, Bossuyt PM, et al. The PRISMA 2020 statement. BMJ 2021;372:n71, table 1.
 */
import type { ReportInput } from "../report/types.js";

export type ChecklistStatus = "answered" | "partly" | "authors";

export interface ChecklistLink {
  /** The section as a reader names it. */
  readonly label: string;
  /** The id of the element it points at in index.html. */
  readonly anchor: string;
}

export interface ChecklistItem {
  readonly number: number;
  readonly section: string;
  readonly topic: string;
  /** What the item asks, in short. */
  readonly item: string;
  readonly where: readonly ChecklistLink[];
  readonly status: ChecklistStatus;
  /** What is left for the authors, where the report answers only part. */
  readonly note?: string;
}

/** The anchors of the report's fixed sections (index.html's ids). */
export const SECTION_ANCHORS = {
  title: "report-title",
  summary: "summary",
  methods: "methods",
  prisma: "prisma",
  keyResults: "key-results",
  references: "references",
  reading: "reading",
  checklist: "prisma-checklist",
} as const;

type Where = (input: ReportInput) => ChecklistLink[];

const title: Where = () => [{ label: "Title", anchor: SECTION_ANCHORS.title }];
const summary: Where = () => [{ label: "Summary", anchor: SECTION_ANCHORS.summary }];
const methods: Where = (input) => (input.methods === undefined ? [] : [{ label: "Methods", anchor: SECTION_ANCHORS.methods }]);
const prisma: Where = (input) => (input.prisma === undefined ? [] : [{ label: "Study selection", anchor: SECTION_ANCHORS.prisma }]);
const keyResults: Where = (input) => ((input.methods?.results ?? []).length === 0 ? [] : [{ label: "Key results", anchor: SECTION_ANCHORS.keyResults }]);
const reading: Where = () => [{ label: "How to read this report", anchor: SECTION_ANCHORS.reading }];
const indications: Where = (input) => input.indications.map((i) => ({ label: i.title, anchor: i.id }));
const both =
  (...wheres: readonly Where[]): Where =>
  (input) =>
    wheres.flatMap((w) => w(input));
const none: Where = () => [];

interface ItemDefinition {
  readonly section: string;
  readonly topic: string;
  readonly item: string;
  readonly where: Where;
  /** "answered" or "partly" when `where` finds a section; "authors" always for the authors' items. */
  readonly answers: "answered" | "partly" | "authors";
  readonly note?: string;
}

/** The 27 items in the statement's order. */
const ITEMS: readonly ItemDefinition[] = [
  { section: "Title", topic: "Title", item: "Say in the title that the report is a systematic review.", where: title, answers: "answered" },
  { section: "Abstract", topic: "Abstract", item: "A structured abstract (PRISMA 2020 for Abstracts).", where: summary, answers: "partly", note: "The summary gives each indication's main result and certainty; the structured abstract is for the authors." },
  { section: "Introduction", topic: "Rationale", item: "Why the review was done, in the context of what is known.", where: none, answers: "authors" },
  { section: "Introduction", topic: "Objectives", item: "The question or questions the review addresses.", where: indications, answers: "answered" },
  { section: "Methods", topic: "Eligibility criteria", item: "Criteria for including and excluding studies, and how studies were grouped for the syntheses.", where: indications, answers: "partly", note: "Each study's reason for inclusion or exclusion is given; state the criteria themselves." },
  { section: "Methods", topic: "Information sources", item: "Every source searched or consulted, and the date each was last searched.", where: prisma, answers: "partly", note: "Give the date each source was last searched." },
  { section: "Methods", topic: "Search strategy", item: "The full search strategy for every source, with filters and limits.", where: none, answers: "authors" },
  { section: "Methods", topic: "Selection process", item: "How studies were selected: how many reviewers, independently or not, and any automation.", where: none, answers: "authors" },
  { section: "Methods", topic: "Data collection process", item: "How data were collected from reports: reviewers, independence, confirmation with investigators, automation.", where: reading, answers: "partly", note: "Every number carries its source, location and quote in data/; say who extracted and checked them." },
  { section: "Methods", topic: "Data items", item: "The outcomes and other variables sought, and assumptions about missing or unclear information.", where: both(indications, methods), answers: "answered" },
  { section: "Methods", topic: "Study risk of bias assessment", item: "The risk-of-bias tools used and how they were applied.", where: methods, answers: "partly", note: "Say how many reviewers assessed each study and whether independently." },
  { section: "Methods", topic: "Effect measures", item: "The effect measures used for each outcome.", where: methods, answers: "answered" },
  { section: "Methods", topic: "Synthesis methods", item: "How studies were chosen for each synthesis, how data were prepared, the model, heterogeneity, subgroups and sensitivity analyses.", where: methods, answers: "answered" },
  { section: "Methods", topic: "Reporting bias assessment", item: "How the risk of bias from missing results (reporting biases) was assessed.", where: methods, answers: "answered" },
  { section: "Methods", topic: "Certainty assessment", item: "How the certainty of the evidence for each outcome was assessed.", where: methods, answers: "answered" },
  { section: "Results", topic: "Study selection", item: "The results of the search and selection, ideally as a flow diagram, and studies that seemed eligible but were excluded.", where: prisma, answers: "answered" },
  { section: "Results", topic: "Study characteristics", item: "Each included study and its characteristics.", where: indications, answers: "answered" },
  { section: "Results", topic: "Risk of bias in studies", item: "The risk-of-bias assessment of each included study.", where: indications, answers: "answered" },
  { section: "Results", topic: "Results of individual studies", item: "For every outcome, each study's summary statistics and effect estimate with its interval, ideally as a forest plot.", where: indications, answers: "answered" },
  { section: "Results", topic: "Results of syntheses", item: "The characteristics and risk of bias of the contributing studies, each synthesis's estimate with its interval and heterogeneity, and its subgroup and sensitivity analyses.", where: both(keyResults, indications), answers: "answered" },
  { section: "Results", topic: "Reporting biases", item: "The assessments of risk of bias from missing results for each synthesis.", where: indications, answers: "answered" },
  { section: "Results", topic: "Certainty of evidence", item: "The certainty of the evidence for each important outcome.", where: indications, answers: "answered" },
  { section: "Discussion", topic: "Discussion", item: "Interpretation, limitations of the evidence and of the review process, and implications.", where: none, answers: "authors" },
  { section: "Other information", topic: "Registration and protocol", item: "Where the review is registered and its protocol, and amendments to it.", where: none, answers: "authors" },
  { section: "Other information", topic: "Support", item: "Sources of financial and non-financial support and the funders' role.", where: none, answers: "authors" },
  { section: "Other information", topic: "Competing interests", item: "The review authors' competing interests.", where: none, answers: "authors" },
  { section: "Other information", topic: "Availability of data, code and other materials", item: "Which data, code and other materials are public and where.", where: title, answers: "partly", note: "The report names its input files and the software that made it; say where they are published." },
];

/** The checklist for this report: an item whose section the report lacks is left to the authors. */
export function prismaChecklist(input: ReportInput): ChecklistItem[] {
  return ITEMS.map((definition, i) => {
    const where = definition.where(input);
    let status: ChecklistStatus = definition.answers === "authors" || where.length === 0 ? "authors" : definition.answers;
    let note = definition.note;
    // Item 1 is answered only by a title that says what the report is.
    if (i === 0 && !/systematic review/i.test(input.title)) [status, note] = ["partly", "The title does not say \"systematic review\"; add it."];
    return {
      number: i + 1,
      section: definition.section,
      topic: definition.topic,
      item: definition.item,
      where,
      status,
      ...(status === "partly" && note !== undefined && { note }),
    };
  });
}

/** The "where" cell in words (Word and Markdown, which have no links). */
export function checklistWhereText(item: ChecklistItem): string {
  if (item.status === "authors") return "To be completed by the authors.";
  const sections = item.where.map((w) => w.label).join("; ");
  return item.note === undefined ? sections : `${sections}. Partly: ${item.note}`;
}
