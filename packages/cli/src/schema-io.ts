/**
 * File I/O of the schema commands (validate, reconcile): finding extraction and analysis
 * files, reading them, and writing an output without clobbering an existing file.
 */
import { existsSync, linkSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { csvRecordKind, parseFileText, type Issue, type ParseOutcome } from "@metakit/schema";

const DATA_FILE = /\.(csv|ya?ml|json)$/i;

export interface CollectedFiles {
  /** Files to parse, in a stable order. */
  readonly files: readonly string[];
  /** Problems: a path that does not exist (error), a file in a folder that is not an extraction (warning). */
  readonly issues: readonly Issue[];
}

function walk(directory: string, out: string[], issues: Issue[]): void {
  for (const name of readdirSync(directory).sort()) {
    if (name.startsWith(".") || name === "node_modules") continue;
    const path = join(directory, name);
    if (statSync(path).isDirectory()) walk(path, out, issues);
    else if (DATA_FILE.test(name)) {
      if (/\.csv$/i.test(name) && csvRecordKind(name) === undefined) {
        issues.push({ file: path, message: "skipped: a CSV file whose name names no record kind", severity: "warning" });
      } else out.push(path);
    }
  }
}

/**
 * The data files under the given paths: named files as they are, folders searched
 * recursively for .csv, .yaml, .yml and .json (hidden folders and node_modules skipped).
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

/** Reads and parses one file (UTF-8). */
export function readAndParse(file: string): ParseOutcome {
  return parseFileText(file, readFileSync(file, "utf8"));
}

/** Whether two paths name the same file. */
export function samePath(a: string, b: string): boolean {
  return resolve(a) === resolve(b);
}

/**
 * Writes `text` to `path` through a temporary file in the same folder, so a reader never
 * sees a half-written file. Without `force`, an existing file is never replaced (the
 * final step is an exclusive link, which fails if the path exists).
 */
export function writeFileSafely(path: string, text: string, force: boolean): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(temporary, text, { flag: "wx" });
  try {
    if (force) renameSync(temporary, path);
    else {
      linkSync(temporary, path);
      unlinkSync(temporary);
    }
  } catch (error) {
    if (existsSync(temporary)) unlinkSync(temporary);
    throw error;
  }
}
