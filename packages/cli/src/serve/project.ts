/**
 * The project overview the web app's home page shows: every data file and analysis spec
 * in DIR with its validation status, and each problem as `metakit validate` run in DIR
 * prints it (paths relative to DIR, YAML problems at their line and column). `root` is a real path (the server resolves it).
 */
import { existsSync, realpathSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { Issue } from "@metakit/schema";
import { DEFAULT_VALIDATE_PATHS, formatValidationProblems, formatValidationReport, validatePaths, type ValidationReport } from "../commands/validate.js";
import { fieldLink, formatIssue } from "@metakit/schema";
import { readText } from "../text-file.js";
import { collectDataFiles, withPosition } from "../schema-io.js";

export interface FileStatus {
  /** Relative to DIR, with "/" separators. */
  readonly path: string;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  /** For each error and warning, in order: the page showing the field it names (schema's fieldLink), or null. */
  readonly errorLinks: readonly (string | null)[];
  readonly warningLinks: readonly (string | null)[];
}

export interface ProjectStatus {
  readonly files: readonly FileStatus[];
  /** Problems across records (references, counts, analyses), formatted. */
  readonly crossRecord: { readonly errors: readonly string[]; readonly warnings: readonly string[]; readonly errorLinks: readonly (string | null)[]; readonly warningLinks: readonly (string | null)[] };
  /** The whole of `metakit validate`'s output, run in DIR. */
  readonly report: string;
}

/** What `metakit validate` prints: its problems (stderr) when there is an error, else the warnings and summary (stdout). */
function validationText(report: ValidationReport): string {
  const failed = [...report.recordIssues, ...report.crossRecordIssues].some((issue) => issue.severity === "error");
  return failed ? formatValidationProblems(report) : formatValidationReport(report);
}

export function projectStatus(root: string): ProjectStatus {
  const paths = DEFAULT_VALIDATE_PATHS.map((p) => join(root, p)).filter((p) => existsSync(p));
  // Only files whose real path stays in DIR: a symbolic link out of the review is not read.
  const collected = collectDataFiles(paths);
  const confined = collected.files.filter((file) => !relative(root, realpathSync(file)).startsWith(".."));
  const validated = validatePaths(confined);
  const raw = { ...validated, recordIssues: [...collected.issues, ...validated.recordIssues] };
  const local = (file: string) => relative(root, file).split(sep).join("/");
  const inRoot = (issue: Issue): Issue => {
    const placed = withPosition(issue);
    return placed.file === undefined ? placed : { ...placed, file: local(placed.file) };
  };
  const recordIssues = raw.recordIssues.map(inRoot);
  const crossRecordIssues = raw.crossRecordIssues.map(inRoot);
  const lines = (issues: readonly Issue[], severity: Issue["severity"]) => issues.filter((i) => i.severity === severity).map(formatIssue);
  const texts = new Map<string, string | undefined>();
  const linkOf = (issue: Issue): string | null => {
    if (issue.file === undefined || issue.path === undefined) return null;
    if (!texts.has(issue.file)) {
      try {
        texts.set(issue.file, readText(join(root, issue.file)));
      } catch {
        texts.set(issue.file, undefined);
      }
    }
    const text = texts.get(issue.file);
    return text === undefined ? null : (fieldLink(issue, text) ?? null);
  };
  const links = (issues: readonly Issue[], severity: Issue["severity"]) => issues.filter((i) => i.severity === severity).map(linkOf);
  const files = raw.files.map(local).map((path) => {
    const own = recordIssues.filter((issue) => issue.file === path);
    return { path, errors: lines(own, "error"), warnings: lines(own, "warning"), errorLinks: links(own, "error"), warningLinks: links(own, "warning") };
  });
  return {
    files,
    crossRecord: { errors: lines(crossRecordIssues, "error"), warnings: lines(crossRecordIssues, "warning"), errorLinks: links(crossRecordIssues, "error"), warningLinks: links(crossRecordIssues, "warning") },
    report: validationText({ files: files.map((f) => f.path), recordIssues, crossRecordIssues }),
  };
}
