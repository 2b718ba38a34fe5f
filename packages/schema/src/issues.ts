import type { z } from "zod";
import { describeType } from "./cells.js";
import { messages } from "./messages.js";

export type Severity = "error" | "warning";

/**
 * A problem found in a file. CSV problems carry `row` (1 = header, as a spreadsheet
 * numbers rows) and `column` (the header name); YAML/JSON problems carry `path`
 * (`results[2].arms[0].sd`). Files never seen by the parser have no `file`.
 */
export interface Issue {
  readonly file?: string;
  readonly row?: number;
  readonly column?: string;
  readonly path?: string;
  readonly message: string;
  readonly severity: Severity;
}

/**
 * `FILE:ROW:COLUMN: message` (CSV), `FILE:LINE:COLUMN: path: message` (YAML, the field's
 * path after its position), `FILE:ROW: message` or `FILE:path: message` (JSON, no positions).
 */
export function formatIssue(issue: Issue): string {
  const where: string[] = [];
  if (issue.file !== undefined) where.push(issue.file);
  const hasPath = issue.path !== undefined && issue.path !== "";
  if (issue.row !== undefined) {
    where.push(String(issue.row));
    if (issue.column !== undefined) where.push(issue.column);
  } else if (hasPath) where.push(issue.path!);
  const message = issue.row !== undefined && hasPath ? `${issue.path}: ${issue.message}` : issue.message;
  return where.length === 0 ? message : `${where.join(":")}: ${message}`;
}

/** Sorts issues by file, row and path, errors before warnings. */
export function sortIssues(issues: readonly Issue[]): Issue[] {
  return [...issues].sort(
    (a, b) =>
      (a.file ?? "").localeCompare(b.file ?? "") ||
      (a.row ?? 0) - (b.row ?? 0) ||
      (a.path ?? "").localeCompare(b.path ?? "") ||
      (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1),
  );
}

export type PathSegment = string | number;

/** `arms[0].sd.value` from ["arms", 0, "sd", "value"]. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text === "" ? segment : `.${segment}`;
  }
  return text;
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** One problem found by zod, with its path relative to the parsed value. */
export interface FieldProblem {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

/** Plain-language problems from zod issues (one per unknown key, the union branch that fits). */
export function describeZodIssues(issues: readonly z.core.$ZodIssue[], data: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((s): s is string | number => typeof s !== "symbol");
    problems.push(...describeOne(issue, path, data));
  }
  return problems;
}

function describeOne(issue: z.core.$ZodIssue, path: PathSegment[], data: unknown): FieldProblem[] {
  const value = valueAt(data, path);
  if (value === undefined && (issue.code === "invalid_type" || issue.code === "invalid_value")) return [{ path, message: "missing required field" }];
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({ path: [...path, key], message: messages.unknownField(key) }));
    case "invalid_type":
      return [{ path, message: messages.expectedType(expectedName(issue.expected), describeType(value)) }];
    case "invalid_value":
      return [{ path, message: messages.notOneOf(issue.values) }];
    case "invalid_union": {
      const note = (issue as { note?: string; options?: readonly unknown[] }).options;
      if (note !== undefined) return [{ path, message: messages.unknownForm(note) }];
      const branches = issue.errors.map((branch) => describeZodIssues(branch, value));
      const best = branches.reduce((a, b) => (b.length < a.length ? b : a), branches[0] ?? []);
      return best.map((p) => ({ path: [...path, ...p.path], message: p.message }));
    }
    case "too_small":
      if (issue.origin === "string") return [{ path, message: messages.emptyText() }];
      if (issue.origin === "array") return [{ path, message: `must have at least ${String(issue.minimum)} item(s)` }];
      return [{ path, message: messages.tooSmall(issue.minimum, issue.inclusive ?? true) }];
    case "too_big":
      return [{ path, message: messages.tooBig(issue.maximum, issue.inclusive ?? true) }];
    default:
      return [{ path, message: issue.message }];
  }
}

function expectedName(expected: string): string {
  if (expected === "object") return "a mapping";
  if (expected === "array") return "a list";
  if (expected === "string") return "text";
  return expected;
}
