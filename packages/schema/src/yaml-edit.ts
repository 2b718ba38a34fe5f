/**
 * Editing a YAML file's text in place: each edit sets (or removes) one value at a path,
 * and only the text of that value changes; comments, key order, folded lines and every
 * other byte stay as they were. (yaml's Document.toString() would re-flow long plain
 * scalars and re-space flow mappings, so the edits are spliced into the text at the node
 * ranges the Document API reports.) Pure.
 */
import YAML, { isMap, isNode, isPair, isScalar, isSeq, type Node, type Pair } from "yaml";
import type { PathSegment } from "./issues.js";

/** Set `value` at `path` (creating missing mappings), or remove the key when `value` is undefined. */
export interface YamlTextEdit {
  readonly path: readonly PathSegment[];
  readonly value?: unknown;
}

function parse(text: string): YAML.Document.Parsed {
  const document = YAML.parseDocument(text, { keepSourceTokens: true });
  if (document.errors.length > 0) throw new Error(`yaml edit: the text does not parse: ${document.errors[0]!.message}`);
  return document;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * New values are written as YAML 1.1 writes them, so a text that 1.1 readers take for a
 * boolean ("no", "yes", "on") is quoted, as the review's files quote GRADE's "no".
 */
const WRITE = { lineWidth: 0, version: "1.1" } as const;

/** A value as YAML text of one line (a scalar or a flow collection). */
function inline(value: unknown): string {
  return YAML.stringify(value, { ...WRITE, collectionStyle: "flow" }).trimEnd();
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** The offset just past the end of the line holding `offset - 1` (after its newline, or the end of the text). */
function afterLine(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === "\n") return offset;
  const newline = text.indexOf("\n", offset);
  return newline === -1 ? text.length : newline + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

function pairOf(map: YAML.YAMLMap, key: PathSegment): Pair<unknown, unknown> | undefined {
  return map.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key) as Pair<unknown, unknown> | undefined;
}

function childOf(node: unknown, segment: PathSegment): unknown {
  if (isMap(node)) return pairOf(node, segment)?.value;
  if (isSeq(node) && typeof segment === "number") return node.items[segment];
  return undefined;
}

function nest(path: readonly PathSegment[], value: unknown): unknown {
  return path.reduceRight((inner, segment) => ({ [segment]: inner }), value);
}

/** Inserts `key: value` (value nested along `rest`) as the last entry of a block mapping. */
function insertInto(text: string, map: YAML.YAMLMap, rest: readonly PathSegment[], value: unknown): string {
  const [key, ...deeper] = rest;
  if (map.flow === true) throw new Error(`yaml edit: cannot add ${String(key)} to a flow mapping ({...}); write it as a block mapping first`);
  const first = map.items[0];
  const last = map.items.at(-1);
  if (!isPair(first) || !isNode(first.key) || !isPair(last)) throw new Error(`yaml edit: cannot add ${String(key)} to an empty mapping`);
  const indent = " ".repeat(column(text, first.key.range![0]));
  const end = isNode(last.value) ? last.value.range![1] : (last.key as Node).range![1];
  const at = afterLine(text, end);
  const block = YAML.stringify({ [String(key)]: nest(deeper, value) }, WRITE)
    .trimEnd()
    .split("\n")
    .map((line) => indent + line)
    .join("\n");
  const before = text.slice(0, at);
  return `${before}${before.endsWith("\n") || before === "" ? "" : "\n"}${block}\n${text.slice(at)}`;
}

/** Removes `key: value` (its whole lines) from a block mapping. */
function removeFrom(text: string, map: YAML.YAMLMap, key: PathSegment): string {
  const pair = pairOf(map, key);
  if (pair === undefined) return text;
  if (map.flow === true) throw new Error(`yaml edit: cannot remove ${String(key)} from a flow mapping ({...})`);
  if (map.items.length === 1) throw new Error(`yaml edit: cannot remove the only entry ${String(key)} of a mapping`);
  const start = lineStart(text, (pair.key as Node).range![0]);
  const valueEnd = isNode(pair.value) ? pair.value.range![1] : (pair.key as Node).range![1];
  return text.slice(0, start) + text.slice(afterLine(text, valueEnd));
}

function applyOne(text: string, edit: YamlTextEdit): string {
  const document = parse(text);
  const { path, value } = edit;
  if (path.length === 0) throw new Error("yaml edit: an empty path");
  if (value === undefined) {
    const parent = document.getIn(path.slice(0, -1), true);
    if (!isMap(parent)) return text;
    return removeFrom(text, parent, path.at(-1)!);
  }
  // The deepest node that exists along the path.
  let node: unknown = document.contents;
  let depth = 0;
  while (depth < path.length) {
    const child = childOf(node, path[depth]!);
    if (child === undefined || child === null) break;
    node = child;
    depth++;
  }
  if (depth === path.length) {
    if (isScalar(node)) {
      if (isPlainObject(value) || Array.isArray(value)) throw new Error(`yaml edit: ${path.join(".")} holds a value, not a mapping`);
      const [start, end] = node.range!;
      return text.slice(0, start) + inline(value) + text.slice(end);
    }
    if (isMap(node) && isPlainObject(value)) {
      return Object.entries(value).reduce((current, [key, inner]) => applyOne(current, { path: [...path, key], value: inner }), text);
    }
    const [start, end] = (node as Node).range!;
    return text.slice(0, start) + inline(value) + text.slice(end);
  }
  if (isMap(node)) {
    const existing = pairOf(node, path[depth]!);
    if (existing !== undefined && isScalar(existing.value) && existing.value.value === null) {
      throw new Error(`yaml edit: ${path.slice(0, depth + 1).join(".")} is empty; give it a value in the file first`);
    }
    return insertInto(text, node, path.slice(depth), value);
  }
  throw new Error(`yaml edit: cannot reach ${path.join(".")}`);
}

/**
 * The text with each edit applied in turn. Only the edited values' text changes: a value
 * replaced in place keeps its line; a new key is added as the last entry of its mapping at
 * that mapping's indentation; a removed key takes its lines with it.
 * @example editYamlText("a: 1 # one\nb: x\n", [{ path: ["a"], value: 2 }]) // "a: 2 # one\nb: x\n"
 */
export function editYamlText(text: string, edits: readonly YamlTextEdit[]): string {
  return edits.reduce(applyOne, text);
}
