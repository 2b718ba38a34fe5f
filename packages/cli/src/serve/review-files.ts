/**
 * The review's files as the web app's pages read them: paths relative to DIR ("/"
 * separators), every path confined to DIR after resolving real paths, extraction files
 * parsed with the schema's own parser (YAML problems at their line and column).
 */
import { existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { formatIssue, parseFileText, parsePath, yamlLocator, type Issue, type Located, type Locator, type ParsedExtraction, type PathSegment } from "@metakit/schema";
import { InputFileError } from "../errors.js";
import { collectDataFiles } from "../schema-io.js";
import { readText } from "../text-file.js";
import { Refusal } from "./refusal.js";

/** Folders never offered or searched: hidden ones, dependencies, builds and the report. */
const SKIPPED_FOLDERS = new Set(["node_modules", "dist", "reports", "packages", "coverage"]);
const DATA_FILE = /\.(csv|ya?ml|json)$/i;
/** At most this many files and folders are listed (a review has tens). */
const MAX_LISTED = 2_000;

export function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** "/"-separated path relative to DIR. */
export function local(root: string, path: string): string {
  return relative(root, path).split(sep).join("/");
}

/**
 * The absolute path of a DIR-relative path given by the page, refused when it is absolute,
 * leaves DIR (lexically or through a symbolic link) or does not exist (unless `mayBeNew`,
 * when its folder must exist inside DIR).
 */
export function resolveInRoot(root: string, given: unknown, what: string, mayBeNew = false): string {
  if (typeof given !== "string" || given.trim() === "") throw new Refusal(400, `name the ${what}`);
  if (isAbsolute(given) || given.includes("\0")) throw new Refusal(403, `forbidden: the ${what} must be a path inside the served folder`);
  const lexical = resolve(root, given);
  if (!inside(root, lexical) || lexical === root) throw new Refusal(403, `forbidden: the ${what} leaves the served folder`);
  if (!existsSync(lexical)) {
    if (!mayBeNew) throw new Refusal(404, `no such ${what}: ${given}`);
    const parent = resolve(lexical, "..");
    if (!existsSync(parent) || !statSync(parent).isDirectory()) throw new Refusal(404, `no folder ${local(root, parent)} for the ${what}`);
    if (!inside(root, realpathSync(parent))) throw new Refusal(403, `forbidden: the ${what} leaves the served folder`);
    return join(realpathSync(parent), lexical.slice(parent.length + 1));
  }
  const real = realpathSync(lexical);
  if (!inside(root, real)) throw new Refusal(403, `forbidden: the ${what} leaves the served folder`);
  return real;
}

/** Files of the tools, not of the review: package manifests, lockfiles and TypeScript configurations. */
const TOOL_FILE = /^(package(-lock)?\.json|pnpm-(lock|workspace)\.yaml|tsconfig.*\.json)$/;

/** Data files (YAML, JSON, CSV) and the folders holding them under DIR, for the pages' choosers. */
export function dataChoices(root: string): { files: string[]; folders: string[] } {
  const files: string[] = [];
  const folders = new Set<string>();
  const walk = (folder: string, depth: number) => {
    for (const name of readdirSync(folder).sort()) {
      if (files.length >= MAX_LISTED || name.startsWith(".") || SKIPPED_FOLDERS.has(name)) continue;
      const path = join(folder, name);
      let stat;
      try {
        stat = statSync(path);
      } catch {
        continue;
      }
      if (!inside(root, realpathSync(path))) continue;
      if (stat.isDirectory()) {
        if (depth < 6) walk(path, depth + 1);
      } else if (DATA_FILE.test(name) && !TOOL_FILE.test(name)) {
        files.push(local(root, path));
        if (folder !== root) folders.add(local(root, folder));
      }
    }
  };
  walk(root, 0);
  return { files, folders: [...folders].sort() };
}

export interface ReadExtraction {
  /** The parsed files (file names relative to DIR). */
  readonly parsed: ParsedExtraction[];
  /** Text of each YAML file read, for positions. */
  readonly texts: ReadonlyMap<string, string>;
  /** Errors that stop an extraction from being compared, formatted as validate prints them. */
  readonly errors: string[];
}

/** One reviewer's extraction: a file, or every data file of a folder (as validate finds them). */
export function readExtraction(root: string, given: string): ReadExtraction {
  const absolute = resolveInRoot(root, given, "extraction");
  const collected = collectDataFiles([absolute]);
  const parsed: ParsedExtraction[] = [];
  const texts = new Map<string, string>();
  const errors: string[] = collected.issues.filter((i) => i.severity === "error").map((i) => formatIssue({ ...i, ...(i.file !== undefined && { file: local(root, i.file) }) }));
  for (const file of collected.files) {
    if (!inside(root, realpathSync(file))) continue;
    const name = local(root, file);
    let text: string;
    try {
      text = readText(file);
    } catch (error) {
      if (error instanceof InputFileError) {
        errors.push(`${name}: ${error.message.replace(/^.*?: /, "")}`);
        continue;
      }
      throw error;
    }
    texts.set(name, text);
    const outcome = parseFileText(name, text);
    errors.push(...outcome.issues.filter((i) => i.severity === "error").map((i) => positioned(i, text)));
    if (outcome.parsed?.type === "extraction") parsed.push(outcome.parsed);
    else if (outcome.parsed?.type === "analysis") errors.push(`${name}: an analysis spec, not an extraction`);
  }
  if (parsed.length === 0 && errors.length === 0) errors.push(`${given}: no extraction file found`);
  return { parsed, texts, errors };
}

function positioned(issue: Issue, text: string): string {
  if (issue.row !== undefined || issue.path === undefined || issue.file === undefined || !/\.ya?ml$/i.test(issue.file)) return formatIssue(issue);
  const at = yamlLocator(text)(parsePath(issue.path));
  return formatIssue(at === undefined ? issue : { ...issue, row: at.line, column: String(at.col) });
}

/** Where fields of the located records of an extraction are written: FILE:LINE (YAML) or FILE:ROW (CSV). */
export function positionFinder(texts: ReadonlyMap<string, string>): (located: Located, segments: readonly PathSegment[]) => string {
  const locators = new Map<string, Locator>();
  return (located, segments) => {
    if (located.row !== undefined) return `${located.file}:${located.row}`;
    const text = texts.get(located.file);
    if (text === undefined || !/\.ya?ml$/i.test(located.file)) return located.file;
    let locator = locators.get(located.file);
    if (locator === undefined) locators.set(located.file, (locator = yamlLocator(text)));
    const at = locator([located.kind, located.index, ...segments]);
    return at === undefined ? located.file : `${located.file}:${at.line}`;
  };
}
