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

/**
 * Compares two reviewers' extractions field by field. Records are matched by kind and key
 * (id; study/id for arms). Agreed fields go into `merged`; each differing field, and each
 * record only one reviewer extracted, becomes a conflict holding both values (null: absent).
 */
export function reconcileExtractions(a: RecordLists, b: RecordLists): Reconciliation {
  const merged = { studies: [], arms: [], results: [], assumptions: [], rob2: [], robinsI: [], claims: [] } as Reconciliation["merged"];
  const conflicts: Conflict[] = [];
  let fieldsCompared = 0;
  let fieldsAgreed = 0;
  for (const kind of RECORD_KINDS) {
    const inA = keyed(kind, a[kind] ?? []);
    const inB = keyed(kind, b[kind] ?? []);
    const keys = [...inA.keys(), ...[...inB.keys()].filter((key) => !inA.has(key))];
    for (const key of keys) {
      const recordA = inA.get(key);
      const recordB = inB.get(key);
      if (recordA === undefined || recordB === undefined) {
        conflicts.push({ kind, key, path: "(record)", a: recordA ?? null, b: recordB ?? null });
        continue;
      }
      const leavesA = leaves(recordA);
      const leavesB = leaves(recordB);
      const record: Record<string, unknown> = {};
      for (const path of [...leavesA.keys(), ...[...leavesB.keys()].filter((p) => !leavesA.has(p))]) {
        const leafA = leavesA.get(path);
        const leafB = leavesB.get(path);
        fieldsCompared++;
        if (leafA !== undefined && leafB !== undefined && sameLeaf(leafA.value, leafB.value)) {
          fieldsAgreed++;
          setLeaf(record, leafA.path, leafA.value);
        } else conflicts.push({ kind, key, path, a: leafA?.value ?? null, b: leafB?.value ?? null });
      }
      merged[kind].push(compactLists(record) as object);
    }
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
