/**
 * Applying a form's edits to a YAML file so that only the edited nodes change: every
 * other byte (comments, key order, quoting, folded text, blank lines, untouched records)
 * stays as it was.
 *
 * Each edit is located with `yaml`'s Document API (parseDocument: the node at the path
 * and its source range) and written as a splice of the text at that range: a scalar
 * replaced in place (keeping its quoting style), a key added at the end of its mapping,
 * an item appended to its sequence, a pair or item removed by its lines. Re-printing the
 * whole document with `Document.toString()` would re-flow folded text and re-space flow
 * collections in records nobody touched. Where a splice cannot be placed (an edit inside
 * a flow collection, the first key of a sequence item), the smallest enclosing node is
 * printed again from the edited Document. Every patch is checked: the patched text must
 * parse to exactly the edited value, or the patch is refused.
 */
import YAML, { isCollection, isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar } from "yaml";
import { formatPath, type PathSegment } from "./issues.js";

/** One change: a value set at a path (created or replaced; an index one past the end appends), or the path removed. */
export type YamlEdit =
  | { readonly path: readonly PathSegment[]; readonly value: unknown }
  | { readonly path: readonly PathSegment[]; readonly delete: true };

export class YamlPatchError extends Error {}

const PRINT: YAML.ToStringOptions = { lineWidth: 0, flowCollectionPadding: false };

/** The text with every edit applied in order, each touching only its own node. */
export function patchYaml(text: string, edits: readonly YamlEdit[]): string {
  let current = text;
  for (const edit of edits) current = applyEdit(current, edit);
  return current;
}

/** The value a YAML text holds, as plain data. */
export function yamlValue(text: string): unknown {
  return parse(text).toJS({ maxAliasCount: 100 });
}

function parse(text: string): Document.Parsed {
  const document = YAML.parseDocument(text);
  if (document.errors.length > 0) throw new YamlPatchError(`the file is not valid YAML: ${document.errors[0]!.message.split("\n")[0]}`);
  return document;
}

function applyEdit(text: string, edit: YamlEdit): string {
  checkPath(edit.path);
  const document = parse(text);
  const before = document.toJS({ maxAliasCount: 100 }) as unknown;
  const expected = editValue(before, edit);
  if (sameValue(before, expected)) return text;
  const attempts = [() => setKeys(text, document, edit), () => splice(text, document, edit), () => reprint(text, document, edit)];
  for (const attempt of attempts) {
    const patched = attempt();
    if (patched !== undefined && sameValue(yamlValue(patched), expected)) return patched;
  }
  throw new YamlPatchError(`cannot write the change at ${formatPath(edit.path)} into the file without changing other values`);
}

function checkPath(path: readonly PathSegment[]): void {
  if (path.length === 0) throw new YamlPatchError("an edit needs a path");
  for (const segment of path) {
    const ok = typeof segment === "number" ? Number.isInteger(segment) && segment >= 0 : typeof segment === "string" && segment !== "" && !(segment in Object.prototype);
    if (!ok) throw new YamlPatchError(`bad path segment ${JSON.stringify(segment)}`);
  }
}

// ---------------------------------------------------------------------------------------
// The edit on plain data: what the patched file must hold.

/** A copy of `data` with the edit applied (objects created along the path as needed). */
export function editValue(data: unknown, edit: YamlEdit): unknown {
  const root = structuredClone(data) as unknown;
  const holder = { root } as Record<string, unknown>;
  let parent: Record<string | number, unknown> = holder;
  let key: string | number = "root";
  for (const segment of edit.path) {
    let next = parent[key];
    if (next === null || typeof next !== "object") {
      if ("delete" in edit) return holder["root"];
      next = typeof segment === "number" ? [] : {};
      parent[key] = next;
    }
    parent = next as Record<string | number, unknown>;
    key = segment;
  }
  if ("delete" in edit) {
    if (Array.isArray(parent) && typeof key === "number") parent.splice(key, 1);
    else delete parent[key];
  } else parent[key] = structuredClone(edit.value);
  return holder["root"];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b);
}

// ---------------------------------------------------------------------------------------
// Finding nodes and their text.

interface Found {
  /** The nodes from the document's contents down to the deepest that exists on the path. */
  readonly chain: readonly Node[];
  /** The pair holding each node of the chain in its parent mapping (undefined in a sequence or at the top). */
  readonly pairs: readonly (Pair | undefined)[];
}

function walk(document: Document, path: readonly PathSegment[]): Found {
  const chain: Node[] = [];
  const pairs: (Pair | undefined)[] = [];
  let node = document.contents as Node | null;
  if (node === null) return { chain, pairs };
  chain.push(node);
  pairs.push(undefined);
  for (const segment of path) {
    let pair: Pair | undefined;
    let next: unknown;
    if (isMap(node) && typeof segment === "string") {
      pair = node.items.find((p) => isScalar(p.key) && p.key.value === segment) as Pair | undefined;
      next = pair?.value;
    } else if (isSeq(node) && typeof segment === "number") next = node.items[segment];
    if (!YAML.isNode(next)) break;
    node = next;
    chain.push(node);
    pairs.push(pair);
  }
  return { chain, pairs };
}

function range(node: Node): readonly [number, number, number] {
  if (node.range === undefined || node.range === null) throw new YamlPatchError("a node has no position in the file");
  return node.range;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Whether only spaces precede `offset` on its line. */
function firstOnLine(text: string, offset: number): boolean {
  return /^ *$/.test(text.slice(lineStart(text, offset), offset));
}

/** Whether a node of the chain lies inside a flow collection ({...} or [...]). */
function inFlow(chain: readonly Node[], upTo: number): boolean {
  return chain.slice(0, upTo).some((node) => isCollection(node) && node.flow === true);
}

// ---------------------------------------------------------------------------------------
// Printing values.

function isScalarValue(value: unknown): boolean {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

/** A scalar as YAML text, in the original node's quoting style where it has one. */
function scalarText(value: unknown, original: Scalar | undefined, flow: boolean): string {
  if (typeof value !== "string") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new YamlPatchError("a number must be finite");
    return value === null ? "null" : String(value);
  }
  const type = original?.type;
  if (type === "QUOTE_SINGLE" && !value.includes("\n")) return `'${value.replace(/'/g, "''")}'`;
  if (type === "QUOTE_DOUBLE") return JSON.stringify(value);
  if (!value.includes("\n") && plainSafe(value, flow)) return value;
  return JSON.stringify(value);
}

/** Whether a text can be written unquoted and read back as the same text (as a value, by YAML 1.1 readers too). */
function plainSafe(value: string, flow: boolean, asKey = false): boolean {
  if (value === "" || value !== value.trim()) return false;
  if (flow && /[,[\]{}]/.test(value)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) || /: |:$| #/.test(value)) return false;
  try {
    // A value 1.1 takes for a boolean ("no", "yes", "on") is quoted, as the review's files quote GRADE's "no"; keys such as `n` stay plain.
    return YAML.parse(value) === value && (asKey || readsSameIn11(value));
  } catch {
    return false;
  }
}

/** A folded or literal block scalar again, its text at the original content indentation. */
function blockScalarText(text: string, value: string, original: Scalar): string {
  const [start, , end] = range(original);
  const body = text.slice(start, end).split("\n").slice(1).find((line) => line.trim() !== "");
  const indent = body === undefined ? column(text, start) + 2 : body.length - body.trimStart().length;
  const node = new YAML.Scalar(value);
  node.type = original.type;
  const width = Math.max(80, ...text.slice(start, end).split("\n").map((line) => line.length));
  const printed = printNode(node, { lineWidth: width }).replace(/\n$/, "");
  const [header, ...lines] = printed.split("\n");
  return [header, ...lines.map((line) => (line === "" ? "" : " ".repeat(indent) + line.replace(/^ {2}/, "")))].join("\n");
}

/** A node printed alone; new texts that YAML 1.1 readers take for something else ("no", "yes") come out quoted. */
function printNode(node: unknown, options: YAML.ToStringOptions = {}): string {
  const document = new YAML.Document();
  document.contents = YAML.isNode(node) ? node : document.createNode(node);
  YAML.visit(document, {
    Scalar(key, scalar) {
      if (key !== "key" && scalar.type === undefined && typeof scalar.value === "string" && !readsSameIn11(scalar.value)) scalar.type = "QUOTE_DOUBLE";
    },
  });
  return document.toString({ ...PRINT, ...options });
}

/** Whether YAML 1.1 reads a plain text as that text (not as a boolean such as "no", "yes", "on"). */
function readsSameIn11(value: string): boolean {
  try {
    return YAML.parse(value, { version: "1.1" }) === value;
  } catch {
    return false;
  }
}

/** Continuation lines of `printed` indented by `indent` spaces (the first line is placed by the caller). */
function indentRest(printed: string, indent: number): string {
  const [first, ...rest] = printed.replace(/\n$/, "").split("\n");
  return [first, ...rest.map((line) => (line === "" ? "" : " ".repeat(indent) + line))].join("\n");
}

/** `key: value` for a block mapping whose keys start at `col`, with its final newline. */
function pairText(key: string, value: unknown, col: number): string {
  if (isScalarValue(value) || isEmptyCollection(value)) return `${key}: ${isScalarValue(value) ? scalarText(value, undefined, false) : Array.isArray(value) ? "[]" : "{}"}\n`;
  const printed = printNode(value);
  return `${key}:\n${" ".repeat(col + 2)}${indentRest(printed, col + 2)}\n`;
}

/** `- value` for a block sequence whose dashes are at `col`, with its final newline. */
function itemText(value: unknown, col: number): string {
  if (isScalarValue(value) || isEmptyCollection(value)) return `- ${isScalarValue(value) ? scalarText(value, undefined, false) : Array.isArray(value) ? "[]" : "{}"}\n`;
  return `- ${indentRest(printNode(value), col + 2)}\n`;
}

function isEmptyCollection(value: unknown): boolean {
  return value !== null && typeof value === "object" && Object.keys(value).length === 0;
}

function keyText(text: string, pair: Pair): string {
  const [start, end] = range(pair.key as Node);
  return text.slice(start, end);
}

// ---------------------------------------------------------------------------------------
// Splices: the edit written at its node, every other byte kept.

function replace(text: string, start: number, end: number, by: string): string {
  return text.slice(0, start) + by + text.slice(end);
}

function splice(text: string, document: Document.Parsed, edit: YamlEdit): string | undefined {
  const { chain, pairs } = walk(document, edit.path);
  const found = chain.length - 1 === edit.path.length;
  if ("delete" in edit) return found ? removeNode(text, chain, pairs) : text;
  if (found) return replaceNode(text, chain, pairs, edit.value);
  const parent = chain[chain.length - 1];
  const depth = chain.length - 1;
  const value = nestedValue(edit.path.slice(depth + 1), edit.value);
  const segment = edit.path[depth]!;
  if (parent === undefined || inFlow(chain, chain.length)) return undefined;
  if (isMap(parent) && typeof segment === "string") return addPair(text, parent, segment, value);
  if (isSeq(parent) && typeof segment === "number" && segment === parent.items.length) return appendItem(text, parent, value);
  return undefined;
}

/**
 * An object set over an existing block mapping, written key by key (each key set, the keys
 * it lacks removed), so the comments on the kept keys stay.
 */
function setKeys(text: string, document: Document.Parsed, edit: YamlEdit): string | undefined {
  if ("delete" in edit || !isPlainObject(edit.value) || Object.keys(edit.value).length === 0) return undefined;
  const { chain } = walk(document, edit.path);
  const node = chain[chain.length - 1];
  if (chain.length - 1 !== edit.path.length || !isMap(node) || inFlow(chain, chain.length)) return undefined;
  const value = edit.value;
  const sets: YamlEdit[] = Object.entries(value).map(([key, inner]) => ({ path: [...edit.path, key], value: inner }));
  const gone: YamlEdit[] = node.items.flatMap((pair) => (isScalar(pair.key) && typeof pair.key.value === "string" && !Object.hasOwn(value, pair.key.value) ? [{ path: [...edit.path, pair.key.value], delete: true as const }] : []));
  try {
    return patchYaml(text, [...sets, ...gone]);
  } catch (error) {
    if (error instanceof YamlPatchError) return undefined;
    throw error;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The value to set at the first missing segment so that `path` below it holds `value`. */
function nestedValue(rest: readonly PathSegment[], value: unknown): unknown {
  return rest.reduceRight<unknown>((inner, segment) => (typeof segment === "number" ? Object.assign(new Array(segment + 1).fill(null), { [segment]: inner }) : { [segment]: inner }), value);
}

function replaceNode(text: string, chain: readonly Node[], pairs: readonly (Pair | undefined)[], value: unknown): string | undefined {
  const node = chain[chain.length - 1]!;
  const flow = inFlow(chain, chain.length - 1);
  if (isScalar(node) && isScalarValue(value)) {
    const [start, end, after] = range(node);
    if ((node.type === "BLOCK_FOLDED" || node.type === "BLOCK_LITERAL") && typeof value === "string" && value.trim() !== "") {
      return replace(text, start, after, `${blockScalarText(text, value, node)}\n`);
    }
    return replace(text, start, end, scalarText(value, node, flow));
  }
  if (flow) return undefined;
  const pair = pairs[pairs.length - 1];
  if (pair !== undefined) {
    const keyStart = range(pair.key as Node)[0];
    return replace(text, keyStart, nodeEnd(text, node), pairText(keyText(text, pair), value, column(text, keyStart)));
  }
  const dash = dashOf(text, node);
  if (dash === undefined) return undefined;
  return replace(text, dash, nodeEnd(text, node), itemText(value, column(text, dash)));
}

/** Where a node's text ends, after its last line's newline (a value at the end of the file gets one). */
function nodeEnd(text: string, node: Node): number {
  const end = range(node)[2];
  const newline = text.indexOf("\n", end - 1 < 0 ? 0 : end - 1);
  if (text[end - 1] === "\n") return end;
  return newline === -1 ? text.length : newline + 1;
}

/** The offset of the `- ` that starts a block sequence item, when it is the first thing on its line. */
function dashOf(text: string, item: Node): number | undefined {
  const start = range(item)[0];
  const before = text.slice(lineStart(text, start), start);
  const match = /^( *)- +$/.exec(before);
  return match === null ? undefined : lineStart(text, start) + match[1]!.length;
}

function removeNode(text: string, chain: readonly Node[], pairs: readonly (Pair | undefined)[]): string | undefined {
  const node = chain[chain.length - 1]!;
  if (inFlow(chain, chain.length - 1)) return undefined;
  const pair = pairs[pairs.length - 1];
  const parent = chain[chain.length - 2];
  if (pair !== undefined && isMap(parent)) {
    if (parent.items.length === 1) return undefined;
    const keyStart = range(pair.key as Node)[0];
    if (!firstOnLine(text, keyStart)) return undefined;
    return replace(text, lineStart(text, keyStart), nodeEnd(text, node), "");
  }
  const dash = dashOf(text, node);
  if (dash === undefined || !firstOnLine(text, dash) || (isSeq(parent) && parent.items.length === 1)) return undefined;
  return replace(text, lineStart(text, dash), nodeEnd(text, node), "");
}

function addPair(text: string, map: YAML.YAMLMap, key: string, value: unknown): string | undefined {
  if (map.flow === true) return undefined;
  const first = map.items[0];
  if (first === undefined) return undefined;
  const col = column(text, range(first.key as Node)[0]);
  // After the last entry's own lines, before any comment that closes the mapping.
  const last = map.items[map.items.length - 1]!;
  const at = nodeEnd(text, (YAML.isNode(last.value) ? last.value : last.key) as Node);
  const prefix = text[at - 1] === "\n" || at === 0 ? "" : "\n";
  return replace(text, at, at, `${prefix}${" ".repeat(col)}${pairText(printKey(key), value, col)}`);
}

function appendItem(text: string, seq: YAML.YAMLSeq, value: unknown): string | undefined {
  if (seq.flow === true) return undefined;
  const first = seq.items[0];
  if (!YAML.isNode(first)) return undefined;
  const dash = dashOf(text, first);
  if (dash === undefined) return undefined;
  const col = column(text, dash);
  const at = nodeEnd(text, seq);
  const prefix = text[at - 1] === "\n" || at === 0 ? "" : "\n";
  return replace(text, at, at, `${prefix}${" ".repeat(col)}${itemText(value, col)}`);
}

function printKey(key: string): string {
  return plainSafe(key, false, true) ? key : JSON.stringify(key);
}

// ---------------------------------------------------------------------------------------
// The fallback: the smallest enclosing node that the splices could not handle, printed
// again from the Document with the edit applied by its own API (setIn/deleteIn).

function reprint(text: string, original: Document.Parsed, edit: YamlEdit): string | undefined {
  const edited = original.clone();
  if ("delete" in edit) edited.deleteIn(edit.path);
  else edited.setIn(edit.path, edited.createNode(edit.value));
  const { chain } = walk(original, edit.path);
  // The outermost flow collection on the path, else the deepest existing block node above the edit.
  const flowAt = chain.findIndex((node) => isCollection(node) && node.flow === true);
  const depth = flowAt >= 0 ? flowAt : Math.min(chain.length - 1, edit.path.length - 1);
  for (let d = depth; d >= 1; d--) {
    const node = chain[d]!;
    const replacement = walk(edited, edit.path.slice(0, d)).chain[d];
    if (replacement === undefined) continue;
    const [start] = range(node);
    if (isCollection(node) && node.flow === true) {
      // Its comments stay in the text after the range replaced, so they are not printed again.
      const bare = replacement.clone();
      bare.comment = null;
      bare.commentBefore = null;
      const printed = printNode(bare).replace(/\n$/, "");
      if (!printed.includes("\n")) return replace(text, start, range(node)[1], printed);
      continue;
    }
    if (!isCollection(node)) continue;
    return replace(text, start, nodeEnd(text, node), `${indentRest(printNode(replacement), column(text, start))}\n`);
  }
  return undefined;
}
