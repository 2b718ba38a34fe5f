import Papa from "papaparse";
import YAML from "yaml";
import { AnalysisSpec } from "./analysis.js";
import { Conflict, ExtractionDocument, RECORD_KINDS, recordSchemas, type RecordKind, type RecordOf } from "./document.js";
import { describeZodIssues, formatPath, type Issue, type PathSegment, type Severity } from "./issues.js";
import { messages } from "./messages.js";

/** A parsed record and where it came from, so later checks can point at it. */
export interface Located<K extends RecordKind = RecordKind> {
  readonly kind: K;
  readonly record: RecordOf[K];
  readonly file: string;
  /** Index within its list (YAML/JSON) or data row (CSV, 0-based). */
  readonly index: number;
  /** CSV: the spreadsheet row (header = 1). */
  readonly row?: number;
  /** CSV: dotted field path -> header name. */
  readonly columns?: ReadonlyMap<string, string>;
}

export type RecordsByKind = { readonly [K in RecordKind]: readonly Located<K>[] };

export interface ParsedExtraction {
  readonly type: "extraction";
  readonly file: string;
  readonly records: RecordsByKind;
  readonly conflicts: readonly Conflict[];
  /**
   * Keys (id; study/id for arms) of records that failed to parse. Their problems are
   * already reported; references to them are not reported again as unknown.
   */
  readonly unparsedKeys: { readonly [K in RecordKind]: readonly string[] };
}

function emptyKeys(): { [K in RecordKind]: string[] } {
  return { studies: [], arms: [], results: [], assumptions: [], rob2: [], robinsI: [], claims: [], secondarySources: [], screening: [] };
}

/** The key of a raw (unparsed) record, when it has a text id: id, or study/id for arms. */
function rawKey(kind: RecordKind, raw: unknown): string | undefined {
  if (raw === null || typeof raw !== "object") return undefined;
  const { id, study } = raw as { id?: unknown; study?: unknown };
  if (typeof id !== "string") return undefined;
  return kind === "arms" ? `${typeof study === "string" ? study : ""}/${id}` : id;
}

export interface ParsedAnalysis {
  readonly type: "analysis";
  readonly file: string;
  readonly spec: AnalysisSpec;
}

export interface ParseOutcome {
  readonly parsed?: ParsedExtraction | ParsedAnalysis;
  readonly issues: readonly Issue[];
}

/** An issue about a field of a located record: CSV row and column, or YAML path. */
export function issueAt(located: Located, fieldPath: readonly PathSegment[], message: string, severity: Severity = "error"): Issue {
  if (located.row !== undefined) {
    const column = columnOf(located.columns, fieldPath);
    return column === undefined
      ? { file: located.file, row: located.row, message, severity }
      : { file: located.file, row: located.row, column, message, severity };
  }
  return { file: located.file, path: formatPath([located.kind, located.index, ...fieldPath]), message, severity };
}

function columnOf(columns: ReadonlyMap<string, string> | undefined, fieldPath: readonly PathSegment[]): string | undefined {
  if (columns === undefined) return undefined;
  for (let length = fieldPath.length; length > 0; length--) {
    const column = columns.get(fieldPath.slice(0, length).join("."));
    if (column !== undefined) return column;
  }
  const prefix = fieldPath.join(".");
  if (prefix === "") return undefined;
  for (const [path, column] of columns) if (path.startsWith(`${prefix}.`)) return column;
  return undefined;
}

const CSV_KIND_SUFFIXES: readonly (readonly [string, RecordKind])[] = [
  ["studies", "studies"],
  ["arms", "arms"],
  ["results", "results"],
  ["assumptions", "assumptions"],
  ["rob2", "rob2"],
  ["robins-i", "robinsI"],
  ["claims", "claims"],
  ["secondary-sources", "secondarySources"],
];

/** The record kind a CSV file holds, from the end of its name (trials-arms.csv: arms). */
export function csvRecordKind(file: string): RecordKind | undefined {
  const base = file.replace(/\\/g, "/").split("/").pop() ?? file;
  const stem = base.replace(/\.csv$/i, "").toLowerCase();
  for (const [suffix, kind] of CSV_KIND_SUFFIXES) {
    if (stem === suffix || stem.endsWith(`-${suffix}`) || stem.endsWith(`_${suffix}`) || stem.endsWith(`.${suffix}`)) return kind;
  }
  return undefined;
}

function emptyRecords(): { [K in RecordKind]: Located<K>[] } {
  return { studies: [], arms: [], results: [], assumptions: [], rob2: [], robinsI: [], claims: [], secondarySources: [], screening: [] };
}

/** The delimiter of a CSV file, from its header line: semicolon when it has more ; than , outside quotes. */
function detectDelimiter(headerLine: string): "," | ";" {
  const unquoted = headerLine.replace(/"[^"]*"/g, "");
  const semicolons = unquoted.split(";").length - 1;
  const commas = unquoted.split(",").length - 1;
  return semicolons > commas ? ";" : ",";
}

/**
 * Sets `value` at a dotted CSV path. A number column `x` next to provenance columns
 * `x.quote`, `x.status`, ... becomes `{value: x, quote, status}`; numeric segments index lists.
 */
function setAtPath(target: Record<string, unknown>, segments: readonly string[], value: string): boolean {
  let current: Record<string, unknown> = target;
  for (let i = 0; i < segments.length - 1; i++) {
    const key = segments[i] as string;
    const nextIsIndex = /^\d+$/.test(segments[i + 1] as string);
    const existing = Object.hasOwn(current, key) ? current[key] : undefined;
    if (existing === undefined) current[key] = nextIsIndex ? [] : bareRecord();
    else if (typeof existing !== "object" || existing === null) current[key] = { ...bareRecord(), value: existing };
    current = current[key] as Record<string, unknown>;
  }
  const last = segments[segments.length - 1] as string;
  const existing = Object.hasOwn(current, last) ? current[last] : undefined;
  if (existing !== undefined && typeof existing === "object" && existing !== null && !Array.isArray(existing)) {
    if ("value" in existing) return false;
    (existing as Record<string, unknown>)["value"] = value;
    return true;
  }
  if (existing !== undefined) return false;
  current[last] = value;
  return true;
}

/** A record without a prototype: a key a file names ("__proto__") is only ever its own key. */
function bareRecord(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/** A header naming a key every object has (__proto__, constructor, ...) names no field and could reach a prototype. */
function reservedSegment(name: string): string | undefined {
  return name.split(".").find((segment) => segment in Object.prototype || segment === "prototype");
}

/** Lists built from numeric CSV segments may have holes; drop them. */
function compactLists(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(compactLists);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compactLists(v)]));
  }
  return value;
}

/** A CSV file split into cells, with its header's columns and the problems found so far. */
interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Dotted field path -> header name; `x.value` -> `x` for a number column with provenance columns. */
  readonly columns: ReadonlyMap<string, string>;
  /** Column indexes whose cells are not read (empty or duplicate names). */
  readonly ignored: ReadonlySet<number>;
  readonly issues: readonly Issue[];
}

function readCsvTable(file: string, text: string): CsvTable {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const headerLine = body.split(/\r?\n/, 1)[0] ?? "";
  const parsed = Papa.parse<string[]>(body, { delimiter: detectDelimiter(headerLine), header: false, skipEmptyLines: false });
  const issues: Issue[] = [];
  for (const error of parsed.errors) {
    if (error.type === "Delimiter") continue;
    issues.push({ file, row: (error.row ?? 0) + 1, message: messages.csvParse(error.message.toLowerCase()), severity: "error" });
  }
  const header = (parsed.data[0] ?? []).map((name) => name.trim());
  const columns = new Map<string, string>();
  const ignored = new Set<number>();
  header.forEach((name, index) => {
    const reserved = reservedSegment(name);
    if (name === "") issues.push({ file, row: 1, message: messages.csvEmptyHeader(index + 1), severity: "error" });
    else if (reserved !== undefined) issues.push({ file, row: 1, column: name, message: messages.csvReservedColumn(reserved), severity: "error" });
    else if (columns.has(name)) issues.push({ file, row: 1, column: name, message: messages.csvDuplicateColumn(name), severity: "error" });
    else columns.set(name, name);
    if (name === "" || reserved !== undefined || header.indexOf(name) !== index) ignored.add(index);
  });
  for (const name of header) {
    if (name !== "" && !name.includes(".") && header.some((h) => h.startsWith(`${name}.`))) columns.set(`${name}.value`, name);
  }
  return { header, rows: parsed.data.slice(1), columns, ignored, issues };
}

/** The nested value of one data row, or the issues that stop it from being read. */
function csvRowValue(file: string, table: CsvTable, cells: readonly string[], row: number): { value?: unknown; issues: Issue[] } {
  const { header } = table;
  if (cells.length !== header.length) {
    const message = cells.length > header.length ? messages.csvTooManyFields(cells.length, header.length) : messages.csvTooFewFields(cells.length, header.length);
    return { issues: [{ file, row, message, severity: "error" }] };
  }
  const raw = bareRecord();
  const issues: Issue[] = [];
  header.forEach((name, c) => {
    const cell = (cells[c] ?? "").trim();
    if (table.ignored.has(c) || cell === "") return;
    if (!setAtPath(raw, name.split("."), cell)) issues.push({ file, row, column: name, message: messages.csvColumnConflict(name), severity: "error" });
  });
  return issues.length > 0 ? { issues } : { value: compactLists(raw), issues };
}

/**
 * Parses CSV text (UTF-8 with or without BOM, LF or CRLF, comma or semicolon delimited)
 * into records of the kind the file name says. Row 1 is the header of dotted field paths;
 * empty cells are absent fields; a decimal comma is an error, never a thousands separator.
 */
export function parseCsv(file: string, text: string): ParseOutcome {
  const kind = csvRecordKind(file);
  if (kind === undefined) return { issues: [{ file, message: messages.csvUnknownKind(file), severity: "error" }] };
  const table = readCsvTable(file, text);
  const issues: Issue[] = [...table.issues];
  const records = emptyRecords();
  const unparsedKeys = emptyKeys();
  table.rows.forEach((cells, r) => {
    const row = r + 2;
    if (cells.every((cell) => cell.trim() === "")) return;
    const { value, issues: rowIssues } = csvRowValue(file, table, cells, row);
    issues.push(...rowIssues);
    if (value === undefined) return;
    const located = { kind, file, index: r, row, columns: table.columns };
    const result = recordSchemas[kind].safeParse(value);
    if (result.success) {
      (records[kind] as Located[]).push({ ...located, record: result.data } as Located);
      return;
    }
    for (const problem of describeZodIssues(result.error.issues, value)) issues.push(issueAt({ ...located, record: {} } as unknown as Located, problem.path, problem.message));
    const key = rawKey(kind, value);
    if (key !== undefined) unparsedKeys[kind].push(key);
  });
  return { parsed: { type: "extraction", file, records, conflicts: [], unparsedKeys }, issues };
}

/** Parses YAML text (an extraction document or an analysis spec). */
export function parseYaml(file: string, text: string): ParseOutcome {
  const lineCounter = new YAML.LineCounter();
  const document = YAML.parseDocument(text.startsWith("\uFEFF") ? text.slice(1) : text, { prettyErrors: true, lineCounter });
  if (document.errors.length > 0) {
    return {
      issues: document.errors.map((error) => {
        const position = error.linePos?.[0];
        const firstLine = error.message.split("\n")[0] ?? error.message;
        const message = messages.yamlParse(firstLine.replace(/ at line \d+, column \d+:?$/, ""));
        return position === undefined
          ? { file, message, severity: "error" as const }
          : { file, row: position.line, column: String(position.col), message, severity: "error" as const };
      }),
    };
  }
  const notDecimal = nonDecimalNumbers(file, document, lineCounter);
  if (notDecimal.length > 0) return { issues: notDecimal };
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError) return { issues: [{ file, message: messages.yamlAliasBomb(), severity: "error" }] };
    throw error;
  }
  return parseDocumentValue(file, value);
}

/** At most this many alias uses are expanded (yaml's own default, named here): an alias bomb is refused, not run. */
const MAX_ALIAS_COUNT = 100;

/** A number as a person writes it: optional sign, digits, point, exponent (the CLI's strict reader's rule). */
const DECIMAL_SOURCE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Plain scalars YAML reads as numbers that are not plain decimals: 0x5F (hex), 0o17
 * (octal), .inf, .nan. A spec's `level: 0x5F` must not silently mean 95.
 */
function nonDecimalNumbers(file: string, document: YAML.Document, lineCounter: YAML.LineCounter): Issue[] {
  const issues: Issue[] = [];
  YAML.visit(document, {
    Scalar(_key, node) {
      if (typeof node.value !== "number" || node.source === undefined || DECIMAL_SOURCE.test(node.source)) return;
      const start = node.range?.[0];
      const position = start === undefined ? undefined : lineCounter.linePos(start);
      const message = messages.yamlNumberNotDecimal(node.source);
      issues.push(position === undefined ? { file, message, severity: "error" } : { file, row: position.line, column: String(position.col), message, severity: "error" });
    },
  });
  return issues;
}

/** Parses JSON text (an extraction document or an analysis spec). */
export function parseJson(file: string, text: string): ParseOutcome {
  let value: unknown;
  try {
    value = JSON.parse(text.startsWith("\uFEFF") ? text.slice(1) : text);
  } catch (error) {
    return { issues: [{ file, message: messages.jsonParse(error instanceof Error ? error.message : String(error)), severity: "error" }] };
  }
  return parseDocumentValue(file, value);
}

/** Parses a file's text by its extension: .csv, .yaml/.yml or .json. */
export function parseFileText(file: string, text: string): ParseOutcome {
  if (/\.csv$/i.test(file)) return parseCsv(file, text);
  if (/\.ya?ml$/i.test(file)) return parseYaml(file, text);
  if (/\.json$/i.test(file)) return parseJson(file, text);
  return { issues: [{ file, message: messages.unknownExtension(file), severity: "error" }] };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Parses an already-decoded YAML/JSON value: an analysis spec (kind: analysis) or an extraction document. */
export function parseDocumentValue(file: string, value: unknown): ParseOutcome {
  if (!isMapping(value)) return { issues: [{ file, message: messages.notAnObject(), severity: "error" }] };
  const reserved = reservedKeys(value, []).map((path) => ({ file, path: formatPath(path), message: messages.reservedKey(String(path.at(-1))), severity: "error" as const }));
  if (reserved.length > 0) return { issues: reserved };
  if (value["kind"] === "analysis") return parseAnalysisValue(file, value);
  return parseExtractionValue(file, value);
}

/**
 * The path of every mapping key a JavaScript object already has (__proto__, constructor,
 * toString, ...): such a key names no field, and the schema library would drop a
 * "__proto__" key of a free-form record (characteristics) without a word.
 */
function reservedKeys(value: unknown, path: readonly PathSegment[]): PathSegment[][] {
  if (Array.isArray(value)) return value.flatMap((entry, i) => reservedKeys(entry, [...path, i]));
  if (!isMapping(value)) return [];
  return Object.keys(value).flatMap((key) => (reservedSegment(key) !== undefined ? [[...path, key]] : reservedKeys(value[key], [...path, key])));
}

function pathIssues(file: string, prefix: readonly PathSegment[], problems: ReturnType<typeof describeZodIssues>): Issue[] {
  return problems.map((p) => ({ file, path: formatPath([...prefix, ...p.path]), message: p.message, severity: "error" as const }));
}

function parseAnalysisValue(file: string, value: Record<string, unknown>): ParseOutcome {
  const result = AnalysisSpec.safeParse(value);
  if (!result.success) return { issues: pathIssues(file, [], describeZodIssues(result.error.issues, value)) };
  return { parsed: { type: "analysis", file, spec: result.data }, issues: [] };
}

/** Each record is parsed on its own, so one bad record does not hide the others. */
function parseExtractionValue(file: string, value: Record<string, unknown>): ParseOutcome {
  const shell = bareRecord();
  for (const [key, entry] of Object.entries(value)) {
    shell[key] = (RECORD_KINDS as readonly string[]).includes(key) && Array.isArray(entry) ? [] : entry;
  }
  const issues: Issue[] = [];
  const top = ExtractionDocument.safeParse(shell);
  if (!top.success) issues.push(...pathIssues(file, [], describeZodIssues(top.error.issues, shell)));
  const records = emptyRecords();
  const unparsedKeys = emptyKeys();
  for (const kind of RECORD_KINDS) {
    const list = value[kind];
    if (!Array.isArray(list)) continue;
    list.forEach((item: unknown, index) => {
      const result = recordSchemas[kind].safeParse(item);
      if (result.success) (records[kind] as Located[]).push({ kind, record: result.data, file, index } as Located);
      else {
        issues.push(...pathIssues(file, [kind, index], describeZodIssues(result.error.issues, item)));
        const key = rawKey(kind, item);
        if (key !== undefined) unparsedKeys[kind].push(key);
      }
    });
  }
  const conflicts = top.success ? (top.data.conflicts ?? []) : [];
  return { parsed: { type: "extraction", file, records, conflicts, unparsedKeys }, issues };
}

/** The line and column (1-based) where a path of a YAML document is written. */
export type Locator = (path: readonly PathSegment[]) => { readonly line: number; readonly col: number } | undefined;

/**
 * Where each path of a YAML document's text is written: the start of its node, or of its
 * nearest enclosing node (a missing field is placed at its record). For turning
 * `studies[1].randomised` into a line and column a person can jump to.
 */
export function yamlLocator(text: string): Locator {
  const lineCounter = new YAML.LineCounter();
  const document = YAML.parseDocument(text.startsWith("\uFEFF") ? text.slice(1) : text, { lineCounter });
  return (path) => {
    for (let length = path.length; length >= 0; length--) {
      const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
      const start = YAML.isNode(node) ? node.range?.[0] : undefined;
      if (start !== undefined) {
        const { line, col } = lineCounter.linePos(start);
        return { line, col };
      }
    }
    return undefined;
  };
}

/** ["studies", 1, "randomised"] from "studies[1].randomised" (formatPath's inverse). */
export function parsePath(path: string): PathSegment[] {
  return [...path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)].map((m) => (m[1] !== undefined ? Number(m[1]) : m[2]!));
}
