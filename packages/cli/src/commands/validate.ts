/**
 * `metakit validate [PATH...]`: parses extraction files and analysis specs (default data/
 * and analyses/), reports per-record problems as FILE:ROW:COLUMN: message (CSV) or
 * FILE:yaml.path: message, then the cross-record checks; warnings are listed apart and
 * do not fail. With an error, every problem goes to stderr one line each, nothing to
 * stdout, and the exit status is 1; without, the warnings and summary go to stdout.
 */
import type { Command } from "commander";
import { MetakitError } from "@metakit/base";
import { checkDataset, type Dataset, type Issue, type ParsedAnalysis, type ParsedExtraction } from "@metakit/schema";
import type { Io } from "../io.js";
import { formatProblem, collectDataFiles, readAndParse } from "../schema-io.js";

export const DEFAULT_VALIDATE_PATHS = ["data", "analyses"] as const;

export interface ValidationReport {
  readonly files: readonly string[];
  /** Problems found in single files and records (syntax, types, fields). */
  readonly recordIssues: readonly Issue[];
  /** Problems found across records (references, counts, provenance, analyses). */
  readonly crossRecordIssues: readonly Issue[];
}

/** Parses every file under the paths and runs the cross-record checks over what parsed. */
export function validatePaths(paths: readonly string[]): ValidationReport {
  const collected = collectDataFiles(paths);
  const recordIssues: Issue[] = [...collected.issues];
  const extractions: ParsedExtraction[] = [];
  const analyses: ParsedAnalysis[] = [];
  for (const file of collected.files) {
    const outcome = readAndParse(file);
    recordIssues.push(...outcome.issues);
    if (outcome.parsed?.type === "extraction") extractions.push(outcome.parsed);
    else if (outcome.parsed?.type === "analysis") analyses.push(outcome.parsed);
  }
  const dataset: Dataset = { extractions, analyses };
  return { files: collected.files, recordIssues, crossRecordIssues: checkDataset(dataset) };
}

function countLabel(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** The report as text: errors (per record, then cross-record), then warnings, then a summary line. */
export function formatValidationReport(report: ValidationReport): string {
  const all = [...report.recordIssues, ...report.crossRecordIssues];
  const errors = all.filter((issue) => issue.severity === "error");
  const warnings = all.filter((issue) => issue.severity === "warning");
  const lines: string[] = errors.map(formatProblem);
  if (warnings.length > 0) {
    if (lines.length > 0) lines.push("");
    lines.push("warnings (do not fail):", ...warnings.map((issue) => `  ${formatProblem(issue)}`));
  }
  if (lines.length > 0) lines.push("");
  lines.push(`validate: ${countLabel(report.files.length, "file")}, ${countLabel(errors.length, "error")}, ${countLabel(warnings.length, "warning")}`);
  return `${lines.join("\n")}\n`;
}

/**
 * The problems of a failed validation, for stderr: one line each, errors first, then
 * warnings (`FILE: warning: message`), then the summary.
 */
export function formatValidationProblems(report: ValidationReport): string {
  const all = [...report.recordIssues, ...report.crossRecordIssues];
  const errors = all.filter((issue) => issue.severity === "error");
  const warnings = all.filter((issue) => issue.severity === "warning");
  const lines = [...errors.map(formatProblem), ...warnings.map((issue) => formatProblem({ ...issue, message: `warning: ${issue.message}` }))];
  lines.push(`validate: ${countLabel(report.files.length, "file")}, ${countLabel(errors.length, "error")}, ${countLabel(warnings.length, "warning")}`);
  return `${lines.join("\n")}\n`;
}

/** Adds `validate` to the program. Output goes to `io` (the process's streams by default). */
export function registerValidate(program: Command, io: Io): Command {
  return program
    .command("validate")
    .description("check extraction files and analysis specs (default: data/ and analyses/)")
    .argument("[paths...]", "files or folders to check", [...DEFAULT_VALIDATE_PATHS])
    .action((paths: string[]) => {
      const report = validatePaths(paths.length > 0 ? paths : [...DEFAULT_VALIDATE_PATHS]);
      const errors = [...report.recordIssues, ...report.crossRecordIssues].filter((issue) => issue.severity === "error").length;
      if (errors === 0) io.stdout(formatValidationReport(report));
      else io.stderr(formatValidationProblems(report));
      if (errors > 0) throw new MetakitError("INVALID_INPUT", `validation failed with ${countLabel(errors, "error")}`, { field: "validate", value: errors });
    });
}
