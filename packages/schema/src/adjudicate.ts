/**
 * Adjudicating two reviewers' extractions: every disagreement `compareExtractions` finds,
 * with the provenance each reviewer gave the value, and the merged records once each
 * disagreement is decided (take A, take B, or a value of the adjudicator's own with the
 * reason). Pure: the caller reads the files and writes the merged file and the log.
 */
import YAML from "yaml";
import { RECORD_KINDS, type RecordKind } from "./document.js";
import { formatPath, type PathSegment } from "./issues.js";
import type { Located, ParsedExtraction } from "./parse.js";
import { recordKey } from "./checks.js";
import { compareExtractions, recordFromLeaves, type ComparedRecord, type RecordLists } from "./reconcile.js";

/** The records of one reviewer's extraction (one file, or every file of a folder), by kind. */
export function recordListsOf(parsed: readonly ParsedExtraction[]): RecordLists {
  return Object.fromEntries(RECORD_KINDS.map((kind) => [kind, parsed.flatMap((p) => (p.records[kind] as readonly Located[]).map((l) => l.record))]));
}

/** A record whose key another record of its kind in the same extraction already has. */
export interface DuplicateRecord {
  readonly kind: RecordKind;
  readonly key: string;
  readonly located: Located;
  readonly earlier: Located;
}

/**
 * Records of one kind sharing a key within one reviewer's extraction: records are paired
 * by key, so a duplicate could not be compared, and dropping one would hide it.
 */
export function duplicateRecords(parsed: readonly ParsedExtraction[]): DuplicateRecord[] {
  const duplicates: DuplicateRecord[] = [];
  for (const kind of RECORD_KINDS) {
    const first = new Map<string, Located>();
    for (const located of parsed.flatMap((p) => p.records[kind] as readonly Located[])) {
      const key = recordKey(kind, located.record as { id: string; study?: string });
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, located);
      else duplicates.push({ kind, key, located, earlier });
    }
  }
  return duplicates;
}

const PROVENANCE_KEYS = ["source", "location", "quote", "status", "formula", "missing"] as const;

/** Provenance as shown beside a value: the fields given, and where they were found. */
export interface ShownProvenance {
  readonly source?: string;
  readonly location?: string;
  readonly quote?: string;
  readonly status?: string;
  readonly formula?: string;
  readonly missing?: string;
  /** The path of the object that holds it ("arms[0].sd"), or "provenance" for the record's default. */
  readonly from: string;
}

function pick(object: Record<string, unknown>, from: string): ShownProvenance | undefined {
  const entries = PROVENANCE_KEYS.flatMap((key) => (typeof object[key] === "string" ? [[key, object[key]] as const] : []));
  return entries.length === 0 ? undefined : { ...Object.fromEntries(entries), from };
}

/**
 * The provenance of a field's value: that of the nearest enclosing object carrying
 * source, location, quote or status (a reported number's own), else the record's
 * `provenance` default; undefined when there is none.
 */
export function provenanceOf(record: object | null, segments: readonly PathSegment[]): ShownProvenance | undefined {
  if (record === null) return undefined;
  const chain: unknown[] = [record];
  for (const segment of segments.slice(0, -1)) {
    const parent = chain.at(-1);
    chain.push(parent !== null && typeof parent === "object" ? (parent as Record<PathSegment, unknown>)[segment] : undefined);
  }
  for (let depth = chain.length - 1; depth >= 1; depth--) {
    const node = chain[depth];
    if (node === null || typeof node !== "object" || Array.isArray(node)) continue;
    const found = pick(node as Record<string, unknown>, formatPath(segments.slice(0, depth)));
    if (found !== undefined) return found;
  }
  const fallback = (record as { provenance?: unknown }).provenance;
  return fallback !== null && typeof fallback === "object" ? pick(fallback as Record<string, unknown>, "provenance") : undefined;
}

/** One disagreement to decide: a field both extracted differently, or a record only one has ("(record)"). */
export interface Disagreement {
  /** "kind key path": unique within one comparison. */
  readonly id: string;
  readonly kind: RecordKind;
  readonly key: string;
  readonly path: string;
  readonly segments: readonly PathSegment[];
  /** Each reviewer's value; null: absent on that side. */
  readonly a: unknown;
  readonly b: unknown;
  readonly provenanceA?: ShownProvenance;
  readonly provenanceB?: ShownProvenance;
}

export const RECORD_PATH = "(record)";

function disagreementId(kind: RecordKind, key: string, path: string): string {
  return `${kind} ${key} ${path}`;
}

/** Every disagreement of a comparison, in its order, each with both reviewers' provenance. */
export function disagreementsOf(compared: readonly ComparedRecord[], a: RecordLists, b: RecordLists): Disagreement[] {
  // One index per side, so finding a record is O(1) and the whole is O(records).
  const index = (lists: RecordLists) => {
    const byKey = new Map<string, object>();
    for (const kind of RECORD_KINDS) for (const record of lists[kind] ?? []) byKey.set(`${kind} ${recordKey(kind, record as { id: string; study?: string })}`, record);
    return byKey;
  };
  const [indexA, indexB] = [index(a), index(b)];
  const find = (byKey: Map<string, object>, kind: RecordKind, key: string) => byKey.get(`${kind} ${key}`) ?? null;
  return compared.flatMap((record): Disagreement[] => {
    if (!record.paired) {
      const { kind, key } = record;
      return [{ id: disagreementId(kind, key, RECORD_PATH), kind, key, path: RECORD_PATH, segments: [], a: record.unpaired.a, b: record.unpaired.b }];
    }
    const recordA = find(indexA, record.kind, record.key);
    const recordB = find(indexB, record.kind, record.key);
    return record.fields
      .filter((field) => !field.agreed)
      .map((field) => {
        const provenanceA = field.a === null ? undefined : provenanceOf(recordA, field.segments);
        const provenanceB = field.b === null ? undefined : provenanceOf(recordB, field.segments);
        return {
          id: disagreementId(field.kind, field.key, field.path),
          kind: field.kind,
          key: field.key,
          path: field.path,
          segments: field.segments,
          a: field.a,
          b: field.b,
          ...(provenanceA !== undefined && { provenanceA }),
          ...(provenanceB !== undefined && { provenanceB }),
        };
      });
  });
}

/** The adjudicator's decision on one disagreement: A's value, B's, or one of their own (with the reason, required). */
export interface Decision {
  readonly id: string;
  readonly choice: "A" | "B" | "value";
  /** The value chosen when `choice` is "value" (a field's value, never a whole record). */
  readonly value?: unknown;
  /** Why; required when `choice` is "value". */
  readonly reason?: string;
}

/** One line of the adjudication log: what was decided, whose value it is, and why. */
export interface LogEntry {
  readonly record: string;
  readonly field: string;
  readonly a: unknown;
  readonly b: unknown;
  /** "A", "B" or "adjudicator". */
  readonly from: "A" | "B" | "adjudicator";
  readonly chosen: unknown;
  readonly reason: string | null;
}

export interface Adjudication {
  /** The merged records, by kind, in comparison order. */
  readonly merged: { readonly [K in RecordKind]: object[] };
  readonly log: readonly LogEntry[];
}

/** A decision that cannot be applied, and why. */
export interface DecisionProblem {
  readonly id: string;
  readonly message: string;
}

/** The problems of a set of decisions: undecided disagreements, unknown ids, own values without a reason or for a whole record. */
export function decisionProblems(disagreements: readonly Disagreement[], decisions: readonly Decision[]): DecisionProblem[] {
  const byId = new Map(decisions.map((d) => [d.id, d]));
  const known = new Set(disagreements.map((d) => d.id));
  const problems: DecisionProblem[] = decisions.filter((d) => !known.has(d.id)).map((d) => ({ id: d.id, message: "no such disagreement" }));
  for (const disagreement of disagreements) {
    const decision = byId.get(disagreement.id);
    if (decision === undefined) problems.push({ id: disagreement.id, message: "not decided: take A, take B, or enter a value with a reason" });
    else if (decision.choice === "value" && disagreement.path === RECORD_PATH) problems.push({ id: disagreement.id, message: "a whole record is taken from A or B, not entered" });
    else if (decision.choice === "value" && (decision.reason ?? "").trim() === "") problems.push({ id: disagreement.id, message: "a value of your own needs a reason" });
    else if (decision.choice === "value" && (decision.value === undefined || decision.value === null || decision.value === "")) problems.push({ id: disagreement.id, message: "enter the value (or take A or B)" });
  }
  return problems;
}

function chosenValue(disagreement: Disagreement, decision: Decision): unknown {
  if (decision.choice === "A") return disagreement.a;
  if (decision.choice === "B") return disagreement.b;
  return decision.value;
}

/**
 * The merged extraction: agreed fields as both gave them, each disagreement as decided (a
 * field taken from a side where it is absent is left out; a record taken from the side
 * without it is dropped), and the log of every decision. Throws when `decisionProblems`
 * finds any (check it first to show them).
 */
export function adjudicate(compared: readonly ComparedRecord[], disagreements: readonly Disagreement[], decisions: readonly Decision[]): Adjudication {
  const problems = decisionProblems(disagreements, decisions);
  if (problems.length > 0) throw new Error(`adjudicate: ${problems.length} decision problems, first ${problems[0]!.id}: ${problems[0]!.message}`);
  const byId = new Map(decisions.map((d) => [d.id, d]));
  const disagreementById = new Map(disagreements.map((d) => [d.id, d]));
  const merged = { studies: [], arms: [], results: [], assumptions: [], rob2: [], robinsI: [], claims: [], secondarySources: [], screening: [] } as { [K in RecordKind]: object[] };
  const log: LogEntry[] = [];
  const decide = (id: string) => {
    const disagreement = disagreementById.get(id)!;
    const decision = byId.get(id)!;
    const chosen = chosenValue(disagreement, decision);
    const from = decision.choice === "value" ? "adjudicator" : decision.choice;
    const reason = (decision.reason ?? "").trim();
    log.push({ record: `${disagreement.kind} ${disagreement.key}`, field: disagreement.path, a: disagreement.a, b: disagreement.b, from, chosen, reason: reason === "" ? null : reason });
    return chosen;
  };
  for (const record of compared) {
    if (!record.paired) {
      const chosen = decide(disagreementId(record.kind, record.key, RECORD_PATH));
      if (chosen !== null) merged[record.kind].push(chosen as object);
      continue;
    }
    const leaves = record.fields.flatMap((field) => {
      const value = field.agreed ? field.a : decide(disagreementId(field.kind, field.key, field.path));
      return value === null ? [] : [{ segments: field.segments, value }];
    });
    merged[record.kind].push(recordFromLeaves(leaves));
  }
  return { merged, log };
}

/** Compares two extractions and lists what must be decided: the shared start of `metakit reconcile` and the web page. */
export function compareForAdjudication(a: RecordLists, b: RecordLists): { compared: ComparedRecord[]; disagreements: Disagreement[] } {
  const compared = compareExtractions(a, b);
  return { compared, disagreements: disagreementsOf(compared, a, b) };
}

/** The merged records as a YAML extraction document (kinds in document order, empty kinds left out). */
export function stringifyMerged(merged: Adjudication["merged"], description: string): string {
  const document: Record<string, unknown> = { kind: "extraction", description };
  for (const kind of RECORD_KINDS) if (merged[kind].length > 0) document[kind] = merged[kind];
  return YAML.stringify(document, { lineWidth: 0 });
}
