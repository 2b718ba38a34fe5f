/**
 * Reader text: the words a reader sees carry human labels, never the ids that tie the
 * records together. Prose written in the spec or the data (comments, descriptions, notes,
 * reasons) often names records by id ("moloney2026 (37 randomised) ..."); this replaces
 * each whole id with what a reader knows it by: a study by its label ("Moloney 2026"), a
 * result by its study and instrument, an assumption by what it states, a synthesis by its
 * outcome, a scenario by its label, a claim by what it claims; code quotes (`better`) become plain quotes. Ids stay
 * in results.json.
 */
import type { AnalysisSpec, Claim } from "@metakit/schema";
import type { DataIndex } from "../inputs/dataset.js";
import { studyLabel } from "./labels.js";

/** Id to reader label, for every record an analysis names. */
export type ReaderLabels = ReadonlyMap<string, string>;

const trimStop = (text: string) => text.trim().replace(/[.;:]+$/, "");

/**
 * The labels of the data's records and the specs' syntheses and scenarios. Studies first,
 * so that the labels of the others (a scenario named after a study) read with study labels.
 */
export function readerLabels(index: DataIndex, specs: readonly AnalysisSpec[] = [], claims: readonly Claim[] = []): ReaderLabels {
  const studies = new Map<string, string>();
  for (const [id, s] of index.studies) studies.set(id, studyLabel(s, id));
  const labels = new Map<string, string>(studies);
  const withStudies = (text: string) => readerText(text, studies);
  for (const [id, r] of index.results) labels.set(id, `${studies.get(r.study) ?? r.study} (${r.outcome.instrument})`);
  for (const [id, a] of index.assumptions) labels.set(id, `the assumption that ${lowerFirst(trimStop(withStudies(a.statement)))}`);
  for (const c of claims) labels.set(c.id, `the claim "${trimStop(withStudies(c.claim ?? c.quote))}"`);
  for (const spec of specs) {
    for (const s of spec.scenarios) if (!isWordOf(s.id, s.label)) labels.set(s.id, `"${withStudies(s.label)}"`);
    for (const s of spec.syntheses) {
      const outcome = spec.question.outcomes.find((o) => o.id === s.outcome)?.label ?? s.outcome;
      if (!isWordOf(s.id, outcome)) labels.set(s.id, `the analysis of ${lowerFirst(outcome)}${s.evidence === "single-arm" ? " (single-arm)" : ""}`);
    }
  }
  return labels;
}

/**
 * Whether an id is also words of its own label ("common-effect" of "Common-effect model"):
 * then prose that uses it is using the words, not naming the record, and it stays.
 */
export function isWordOf(id: string, label: string): boolean {
  return label.toLowerCase().includes(id.toLowerCase());
}

function lowerFirst(text: string): string {
  const [a, b] = [text.charAt(0), text.charAt(1)];
  return a !== a.toLowerCase() && b === b.toLowerCase() && b !== b.toUpperCase() ? a.toLowerCase() + text.slice(1) : text;
}

/**
 * Ids that read as ids: with a digit or a hyphen (a plain word such as "pain" or
 * "tuberculosis" may be an id and a word at once, and stays).
 */
const looksLikeId = (id: string) => /[0-9-]/.test(id);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const patterns = new WeakMap<ReaderLabels, RegExp | null>();

function patternOf(labels: ReaderLabels): RegExp | null {
  const cached = patterns.get(labels);
  if (cached !== undefined) return cached;
  const ids = [...labels.keys()].filter(looksLikeId).sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  // A whole id: not inside a longer word, id or file name (letters, digits, "-", "_", "/", "." before a letter).
  const pattern = ids.length === 0 ? null : new RegExp(`(?<![\\w/.-])(${ids.map(escapeRegExp).join("|")})(?![\\w/-]|\\.\\w)`, "g");
  patterns.set(labels, pattern);
  return pattern;
}

/**
 * The text with every whole id replaced by its reader label.
 * @example readerText("moloney2026 (37 randomised) was null", labels) // "Moloney 2026 (37 randomised) was null"
 */
export function readerText(text: string, labels: ReaderLabels): string {
  const pattern = patternOf(labels);
  const plain = text.replace(/`([^`]*)`/g, '"$1"');
  return pattern === null ? plain : plain.replace(pattern, (id) => labels.get(id) ?? id);
}
