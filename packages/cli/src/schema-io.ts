/**
 * Reading the extraction files and analysis specs for validate, reconcile, analyze and
 * report: finding them under the given paths and parsing them.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { checkSpecVariables, csvRecordKind, formatIssue, parseFileText, parsePath, yamlLocator, type Issue, type Locator, type ParsedAnalysis, type ParsedExtraction, type ParseOutcome } from "@metakit/schema";
import type { Problem } from "@metakit/review";
import { MetakitError } from "@metakit/base";
import type { Io } from "./io.js";
import { InputFileError, throwProblems } from "./errors.js";
import { sameFile } from "./files.js";
import { readText } from "./text-file.js";

const DATA_FILE = /\.(csv|ya?ml|json)$/i;

export interface CollectedFiles {
  /** Files to parse, in a stable order. */
  readonly files: readonly string[];
  /** Problems: a path that does not exist (error), a file in a folder that is not an extraction (warning). */
  readonly issues: readonly Issue[];
}

/**
 * Sample reviews kept beside a review's data (data/sample/) are not part of it: a search
 * passes over folders of this name; they are read when named (`metakit validate data/sample/bcg`).
 */
const SAMPLE_FOLDER = "sample";

function walk(directory: string, out: string[], issues: Issue[]): void {
  for (const name of readdirSync(directory).sort()) {
    if (name.startsWith(".") || name === "node_modules") continue;
    const path = join(directory, name);
    if (statSync(path).isDirectory()) {
      if (name !== SAMPLE_FOLDER) walk(path, out, issues);
    }
    else if (DATA_FILE.test(name)) {
      if (/\.csv$/i.test(name) && csvRecordKind(name) === undefined) {
        issues.push({ file: path, message: "skipped: a CSV file whose name names no record kind", severity: "warning" });
      } else out.push(path);
    }
  }
}

/**
 * The data files under the given paths: named files as they are, folders searched
 * recursively for .csv, .yaml, .yml and .json (hidden folders, node_modules and sample/ skipped).
 */
export function collectDataFiles(paths: readonly string[]): CollectedFiles {
  const files: string[] = [];
  const issues: Issue[] = [];
  for (const path of paths) {
    if (!existsSync(path)) issues.push({ file: path, message: "no such file or folder", severity: "error" });
    else if (statSync(path).isDirectory()) walk(path, files, issues);
    else files.push(path);
  }
  return { files, issues };
}

/** The locators of the YAML files read, so an issue's path can be given as a line and column. */
const locators = new Map<string, Locator>();

/**
 * An issue with the line and column of its YAML path (FILE:LINE:COLUMN: path: message),
 * when it is about a YAML file this program read; others as they are.
 */
export function withPosition(issue: Issue): Issue {
  if (issue.row !== undefined || issue.path === undefined || issue.path === "" || issue.file === undefined) return issue;
  const at = locators.get(issue.file)?.(parsePath(issue.path));
  return at === undefined ? issue : { ...issue, row: at.line, column: String(at.col) };
}

/** An issue as one line for the terminal: formatIssue with the YAML position added (see withPosition). */
export function formatProblem(issue: Issue): string {
  return formatIssue(withPosition(issue));
}

/**
 * Reads and parses one file (UTF-8); a file that cannot be read (missing, a folder,
 * no permission, UTF-16) is an error issue naming it, not an exception.
 */
export function readAndParse(file: string): ParseOutcome {
  let text: string;
  try {
    text = readText(file);
  } catch (error) {
    if (error instanceof InputFileError) return { issues: [{ file, message: error.message, severity: "error" }] };
    throw error;
  }
  if (/\.ya?ml$/i.test(file)) locators.set(file, yamlLocator(text));
  return parseFileText(file, text);
}

/**
 * The errors `metakit validate` finds in what the specs ask of the data (a subgroup
 * variable no study has, doseClass without doseClasses): analyze and report refuse such a
 * spec instead of running it.
 */
export function specErrors(specs: readonly ParsedAnalysis[], extractions: readonly ParsedExtraction[]): Issue[] {
  const dataset = { extractions, analyses: specs };
  return specs.flatMap((spec) => checkSpecVariables(dataset, spec)).filter((issue) => issue.severity === "error");
}

/** Prints each error validate finds in the specs and stops (exit 1), as a spec that does not parse does. */
export function refuseSpecErrors(specs: readonly ParsedAnalysis[], extractions: readonly ParsedExtraction[], io: Io): void {
  const errors = specErrors(specs, extractions);
  for (const issue of errors) io.stderr(`${formatProblem(issue)}\n`);
  if (errors.length > 0) {
    const files = specs.map((s) => s.file).join(" ");
    throw new MetakitError("INVALID_INPUT", `the spec has ${errors.length} error${errors.length === 1 ? "" : "s"}; run metakit validate ${files}`, { field: "spec", value: files });
  }
}

/** Whether two paths name the same file (symbolic links followed). */
export function samePath(a: string, b: string): boolean {
  return resolve(a) === resolve(b) || sameFile(a, b);
}

export interface Extractions {
  readonly extractions: ParsedExtraction[];
  /** Files that did not parse, as problems to list; the rest is still read. */
  readonly problems: Problem[];
  /** Every data file read, in order. */
  readonly files: string[];
}

/**
 * The extraction files under the paths; what does not parse becomes a problem, not a
 * stop. A path that does not exist stops the command: an analysis of nothing is not a result.
 */
export function readExtractions(paths: readonly string[]): Extractions {
  const collected = collectDataFiles(paths);
  throwProblems(collected.issues.filter((issue) => issue.severity === "error" && issue.file !== undefined).map((issue) => new InputFileError(issue.file!, `${issue.message} (the data to analyse; give --data PATH)`)));
  const problems: Problem[] = collected.issues
    .filter((issue) => issue.severity === "error")
    .map((issue) => ({ stage: "data", message: formatProblem(issue) }));
  const extractions: ParsedExtraction[] = [];
  for (const file of collected.files) {
    const outcome = readAndParse(file);
    for (const issue of outcome.issues) if (issue.severity === "error") problems.push({ stage: "data", message: formatProblem(issue) });
    if (outcome.parsed?.type === "extraction") extractions.push(outcome.parsed);
  }
  return { extractions, problems, files: [...collected.files] };
}
