/**
 * The study form's state is the extraction file's value (plain data, as YAML reads it);
 * an edit replaces the value at a path. Saving sends the differences between the value as
 * read and as edited, each at the highest path that changed, so the server touches only
 * those nodes of the file.
 */
import type { PathSegment, YamlEdit } from "@metakit/schema";

export type Value = unknown;

/** A copy of `data` with `value` at `path` (undefined removes it), copying only the nodes on the path. */
export function setAt(data: Value, path: readonly PathSegment[], value: Value): Value {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [PathSegment, ...PathSegment[]];
  if (typeof head === "number") {
    const list = Array.isArray(data) ? [...(data as Value[])] : [];
    const inner = setAt(list[head], rest, value);
    if (inner === undefined && rest.length === 0) list.splice(head, 1);
    else list[head] = inner;
    return list;
  }
  const object = data !== null && typeof data === "object" && !Array.isArray(data) ? { ...(data as Record<string, Value>) } : {};
  const inner = setAt(object[head], rest, value);
  if (inner === undefined) delete object[head];
  else object[head] = inner;
  return object;
}

/** The value at `path`, or undefined. */
export function getAt(data: Value, path: readonly PathSegment[]): Value {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, Value>)[segment];
  }
  return current;
}

function isObject(value: Value): value is Record<string, Value> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameValue(a[k], b[k]));
  }
  return false;
}

/**
 * The edits that turn `before` into `after`: changed scalars and new subtrees set at the
 * highest path that changed, removed keys and trailing list items deleted (last first),
 * new list items appended in order.
 */
export function diffEdits(before: Value, after: Value, path: PathSegment[] = []): YamlEdit[] {
  if (sameValue(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const edits: YamlEdit[] = [];
    for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) edits.push({ path: [...path, key], delete: true });
    for (const key of Object.keys(after)) {
      edits.push(...(Object.hasOwn(before, key) ? diffEdits(before[key], after[key], [...path, key]) : [{ path: [...path, key], value: after[key] }]));
    }
    return edits;
  }
  if (Array.isArray(before) && Array.isArray(after) && path.length > 0) {
    const edits: YamlEdit[] = [];
    const common = Math.min(before.length, after.length);
    for (let i = 0; i < common; i++) edits.push(...diffEdits(before[i], after[i], [...path, i]));
    for (let i = before.length - 1; i >= after.length; i--) edits.push({ path: [...path, i], delete: true });
    for (let i = before.length; i < after.length; i++) edits.push({ path: [...path, i], value: after[i] });
    return edits;
  }
  return path.length === 0 ? [] : [{ path, value: after }];
}

/** A number typed in a field: a decimal as a number, anything else as the text typed (the checks then name it). */
export function typedNumber(text: string): Value {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed) ? Number(trimmed) : text;
}
