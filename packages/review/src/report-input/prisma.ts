/**
 * The PRISMA 2020 flow of the report, from the review's screening record and the analysis
 * specs. The record gives what only the search knows (sources, records identified,
 * duplicates, screening, retrieval), each a number or the reason it is missing; the specs'
 * include and exclude lists give what the review decided, so the eligibility counts are
 * counted here and can never disagree with the analyses.
 * @reference Page MJ, McKenzie JE, Bossuyt PM, et al. The PRISMA 2020 statement. BMJ 2021;372:n71.
 */
import type { PrismaCount, PrismaFlow, PrismaSource } from "@metakit/report";
import type { AnalysisSpec, Reported, Screening, Study } from "@metakit/schema";
import type { DataIndex } from "../inputs/dataset.js";
import { studyLabel } from "./labels.js";

function prismaCount(count: Reported): PrismaCount {
  return count.value === undefined ? { n: null, missing: count.missing ?? "not reported" } : { n: count.value };
}

const OTHER_METHODS: ReadonlySet<string> = new Set(["website", "organisation", "citation-search", "other"]);

/**
 * The reports of a study: its publication (a citation with a journal, DOI or PMID) and each
 * trial-registry record; a study with neither is one report (its record).
 * @example reportsOf({ citation: { journal: "J Affect Disord" }, registrations: ["NCT01874951"] }) // 2
 */
export function reportsOf(study: Pick<Study, "citation" | "registrations"> | undefined): number {
  if (study === undefined) return 1;
  const c = study.citation;
  const publication = c.journal !== undefined || c.doi !== undefined || c.pmid !== undefined ? 1 : 0;
  return Math.max(1, publication + (study.registrations?.length ?? 0));
}

/** The specs the record covers: those it names, else all. */
function specsOf(screening: Screening, specs: readonly AnalysisSpec[]): AnalysisSpec[] {
  return screening.specs === undefined ? [...specs] : specs.filter((s) => screening.specs!.includes(s.id));
}

/**
 * Studies included and excluded across the specs, each once: a study one spec includes and
 * another excludes is included (it is in the review).
 */
export function eligibilityOf(specs: readonly AnalysisSpec[]): { included: string[]; excluded: string[] } {
  const included = [...new Set(specs.flatMap((s) => s.include.map((i) => i.study)))];
  const inReview = new Set(included);
  const excluded = [...new Set(specs.flatMap((s) => s.exclude.map((e) => e.study)))].filter((id) => !inReview.has(id));
  return { included, excluded };
}

/** The flow of one screening record. */
export function prismaFlowOf(screening: Screening, allSpecs: readonly AnalysisSpec[], index: DataIndex, sectionTitles: ReadonlyMap<string, string>): PrismaFlow {
  const specs = specsOf(screening, allSpecs);
  const { included, excluded } = eligibilityOf(specs);
  const label = (id: string) => studyLabel(index.studies.get(id), id);
  const reports = (ids: readonly string[]) => ids.reduce((sum, id) => sum + reportsOf(index.studies.get(id)), 0);
  const grouped = new Set<string>();
  const groups = (screening.exclusionReasons ?? []).flatMap((g) => {
    const studies = g.studies.filter((id) => excluded.includes(id) && !grouped.has(id));
    studies.forEach((id) => grouped.add(id));
    return studies.length === 0 ? [] : [{ reason: g.label, studies: studies.map(label) }];
  });
  const others = excluded.filter((id) => !grouped.has(id));
  if (others.length > 0) groups.push({ reason: "Other reasons (given under each indication)", studies: others.map(label) });
  const sources: PrismaSource[] = screening.identification.map((s) => ({ name: s.name, column: OTHER_METHODS.has(s.kind) ? "other" : "databases-registers", identified: prismaCount(s.identified) }));
  return {
    title: screening.title,
    ...(screening.searched !== undefined && { searched: screening.searched }),
    sources,
    duplicatesRemoved: prismaCount(screening.duplicatesRemoved),
    screened: prismaCount(screening.screened),
    excludedAtScreening: prismaCount(screening.excludedAtScreening),
    soughtForRetrieval: prismaCount(screening.soughtForRetrieval),
    notRetrieved: prismaCount(screening.notRetrieved),
    assessed: { studies: included.length + excluded.length, reports: reports([...included, ...excluded]) },
    excluded: groups,
    included: { studies: included.length, reports: reports(included) },
    byIndication: specs.map((s) => ({ id: s.id, title: sectionTitles.get(s.id) ?? s.title, studies: new Set(s.include.map((i) => i.study)).size })),
    notes: [
      "Studies assessed, excluded and included are counted from the analysis specs' include and exclude lists, each study once across the indications; a study one indication includes and another excludes counts as included.",
      "A study's reports are its publication (a citation with a journal, DOI or PMID) and each of its trial-registry records; a study with neither counts as one report.",
      "Exclusions are grouped by the reasons the screening record names; each study's own reason is given under its indication.",
    ],
  };
}
