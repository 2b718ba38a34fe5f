import YAML from "yaml";
import { RECORD_KINDS, type Conflict, type RecordKind } from "./document.js";
import { formatPath, type PathSegment } from "./issues.js";
import { recordKey } from "./checks.js";

/** Records of each kind, as parsed (plain objects). */
export type RecordLists = { readonly [K in RecordKind]?: readonly object[] };

export interface Reconciliation {
  /** Records with the values both extractions agree on (a field in conflict is left out). */
  readonly merged: { [K in RecordKind]: object[] };
  /** Every disagreement: field values that differ, and records found in only one extraction. */
  readonly conflicts: Conflict[];
  /** Fields compared and fields agreed, over records present in both. */
  readonly fieldsCompared: number;
  readonly fieldsAgreed: number;
}

type Leaf = string | number | boolean;

/** The leaves of a plain value, keyed by path ("arms[0].mean.value"); empty lists count as a leaf. */
function leaves(value: unknown, path: PathSegment[] = [], out = new Map<string, { path: PathSegment[]; value: unknown }>()) {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(formatPath(path), { path, value: [] });
    value.forEach((item, i) => leaves(item, [...path, i], out));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) if (item !== undefined) leaves(item, [...path, key], out);
  } else if (value !== undefined) out.set(formatPath(path), { path, value: value as Leaf });
  return out;
}

function setLeaf(target: Record<string | number, unknown>, path: readonly PathSegment[], value: unknown): void {
  let current = target;
  path.forEach((segment, i) => {
    if (i === path.length - 1) {
      current[segment] = value;
      return;
    }
    if (current[segment] === undefined) current[segment] = typeof path[i + 1] === "number" ? [] : {};
    current = current[segment] as Record<string | number, unknown>;
  });
}

function compactLists(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(compactLists);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compactLists(v)]));
  return value;
}

function sameLeaf(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function keyed(kind: RecordKind, records: readonly object[]): Map<string, object> {
  return new Map(records.map((record) => [recordKey(kind, record as { id: string; study?: string }), record]));
}

/** One field of a record both reviewers extracted: its path in the record and each reviewer's value (null: absent). */
export interface ComparedField {
  readonly kind: RecordKind;
  readonly key: string;
  readonly path: string;
  readonly segments: readonly PathSegment[];
  readonly a: unknown;
  readonly b: unknown;
  readonly agreed: boolean;
}

/** A record only one reviewer extracted (the other's is null). */
export interface UnpairedRecord {
  readonly kind: RecordKind;
  readonly key: string;
  readonly a: object | null;
  readonly b: object | null;
}

/** The records of both extractions in comparison order: each pair's fields, or the record only one side has. */
export type ComparedRecord = { readonly kind: RecordKind; readonly key: string } & (
  | { readonly paired: true; readonly fields: readonly ComparedField[] }
  | { readonly paired: false; readonly unpaired: UnpairedRecord }
);

/**
 * Pairs the records of two extractions by kind and key (id; study/id for arms), A's order
 * first, then those only B has, and compares each pair leaf by leaf (A's leaves first).
 * The one comparison `metakit reconcile` and the web app's reconcile page share.
 */
export function compareExtractions(a: RecordLists, b: RecordLists): ComparedRecord[] {
  const out: ComparedRecord[] = [];
  for (const kind of RECORD_KINDS) {
    const inA = keyed(kind, a[kind] ?? []);
    const inB = keyed(kind, b[kind] ?? []);
    const keys = [...inA.keys(), ...[...inB.keys()].filter((key) => !inA.has(key))];
    for (const key of keys) {
      const recordA = inA.get(key);
      const recordB = inB.get(key);
      if (recordA === undefined || recordB === undefined) {
        out.push({ kind, key, paired: false, unpaired: { kind, key, a: recordA ?? null, b: recordB ?? null } });
        continue;
      }
      const leavesA = leaves(recordA);
      const leavesB = leaves(recordB);
      const fields: ComparedField[] = [];
      for (const path of [...leavesA.keys(), ...[...leavesB.keys()].filter((p) => !leavesA.has(p))]) {
        const leafA = leavesA.get(path);
        const leafB = leavesB.get(path);
        const agreed = leafA !== undefined && leafB !== undefined && sameLeaf(leafA.value, leafB.value);
        fields.push({ kind, key, path, segments: (leafA ?? leafB)!.path, a: leafA?.value ?? null, b: leafB?.value ?? null, agreed });
      }
      out.push({ kind, key, paired: true, fields });
    }
  }
  return out;
}

/** A record rebuilt from chosen leaves (paths as `leaves` gives them), lists compacted. */
export function recordFromLeaves(chosen: readonly { readonly segments: readonly PathSegment[]; readonly value: unknown }[]): object {
  const record: Record<string, unknown> = {};
  for (const leaf of chosen) setLeaf(record, leaf.segments, leaf.value);
  return compactLists(record) as object;
}

/**
 * Compares two reviewers' extractions field by field. Records are matched by kind and key
 * (id; study/id for arms). Agreed fields go into `merged`; each differing field, and each
 * record only one reviewer extracted, becomes a conflict holding both values (null: absent).
 */
export function reconcileExtractions(a: RecordLists, b: RecordLists): Reconciliation {
  const merged = { studies: [], arms: [], results: [], assumptions: [], rob2: [], robinsI: [], claims: [], secondarySources: [], screening: [] } as Reconciliation["merged"];
  const conflicts: Conflict[] = [];
  let fieldsCompared = 0;
  let fieldsAgreed = 0;
  for (const record of compareExtractions(a, b)) {
    if (!record.paired) {
      conflicts.push({ kind: record.kind, key: record.key, path: "(record)", a: record.unpaired.a, b: record.unpaired.b });
      continue;
    }
    fieldsCompared += record.fields.length;
    const agreed = record.fields.filter((field) => field.agreed);
    fieldsAgreed += agreed.length;
    for (const field of record.fields) if (!field.agreed) conflicts.push({ kind: field.kind, key: field.key, path: field.path, a: field.a, b: field.b });
    merged[record.kind].push(recordFromLeaves(agreed.map((field) => ({ segments: field.segments, value: field.a }))));
  }
  return { merged, conflicts, fieldsCompared, fieldsAgreed };
}

/** The reconciliation as a YAML extraction document: agreed records, then the conflict list. */
export function stringifyReconciliation(reconciliation: Reconciliation, description: string): string {
  const document: Record<string, unknown> = { kind: "extraction", description };
  for (const kind of RECORD_KINDS) if (reconciliation.merged[kind].length > 0) document[kind] = reconciliation.merged[kind];
  document["conflicts"] = reconciliation.conflicts;
  return YAML.stringify(document, { lineWidth: 0 });
}
