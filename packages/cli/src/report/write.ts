/**
 * Writing the report's files. The whole report is written to a new folder beside the
 * output folder and then swapped in by renaming (atomic within a folder on POSIX file
 * systems): a run that fails or is stopped leaves the previous report as it was, never a
 * mix of old and new files. Paths come from the report and are checked to stay inside
 * `out`; an output folder that is or holds an input, or that holds files but no report,
 * is refused before anything is written.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { UsageError } from "../errors.js";
import { realPath, refuseMissingFolder, writeFileAtomically } from "../files.js";

export interface OutputFile {
  /** Relative to the output folder, "/"-separated. */
  readonly path: string;
  readonly content: string | Uint8Array;
}

function inside(out: string, path: string): string {
  const target = resolve(out, ...path.split("/"));
  const rel = relative(resolve(out), target);
  if (rel === "" || rel.startsWith("..") || rel.split(sep).includes("..")) throw new Error(`report: refusing to write ${path} outside ${out}`);
  return target;
}

/** Writes every file under `out` (making the report's own subfolders); returns the absolute paths written, in order. */
export function writeOutputFiles(out: string, files: readonly OutputFile[]): string[] {
  return files.map((file) => {
    const target = inside(out, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileAtomically(target, file.content);
    return target;
  });
}

/** Whether `path` is `folder` or inside it, once symbolic links are followed. */
function within(path: string, folder: string): boolean {
  const rel = relative(realPath(folder), realPath(path));
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith(sep) && !rel.split(sep).includes(".."));
}

/**
 * Refuses an output folder that would lose the user's work: an empty name (which would
 * mean the working folder), a folder that is or holds an input (the swap would remove it), a file, or a folder
 * with files that is not a metakit report (no index.html).
 * @throws UsageError naming what to change.
 */
export function checkReportFolder(out: string, inputs: readonly string[]): void {
  if (out.trim() === "") throw new UsageError("--out is empty; name the folder to write the report to (default: reports)");
  const input = inputs.find((path) => within(path, out));
  if (input !== undefined) throw new UsageError(`--out ${out} is or holds the input ${input}; a report is written to a folder of its own`);
  refuseMissingFolder(out, "--out");
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new UsageError(`--out ${out} is a file, not a folder`);
  const names = readdirSync(out).filter((name) => !KEPT_FILES.includes(name));
  if (names.length > 0 && !names.includes("index.html")) {
    throw new UsageError(`--out ${out} holds files but no report (no index.html); the report replaces its folder whole, so name a new or empty folder`);
  }
}

/**
 * Files of the output folder that are not the report's and that a new report keeps: the
 * folder's README (the repository's reports/README.md says what the folder holds).
 */
const KEPT_FILES: readonly string[] = ["README.md"];

/**
 * Writes the report to a new folder beside `out`, lets `finish` add to it (the PDF,
 * printed from the new folder's index.html), then swaps it in for `out` whole.
 */
export async function writeReportFolder(out: string, files: readonly OutputFile[], finish?: (folder: string) => Promise<void>): Promise<void> {
  const target = realPath(out);
  const parent = dirname(target);
  const fresh = join(parent, `.${basename(target)}.new.${process.pid}`);
  const old = join(parent, `.${basename(target)}.old.${process.pid}`);
  rmSync(fresh, { recursive: true, force: true });
  try {
    mkdirSync(fresh);
    writeOutputFiles(fresh, files);
    keepFiles(target, fresh, files);
    if (finish !== undefined) await finish(fresh);
    if (existsSync(target)) renameSync(target, old);
    try {
      renameSync(fresh, target);
    } catch (error) {
      if (existsSync(old)) renameSync(old, target);
      throw error;
    }
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

/** Copies the kept files (README.md) of the old folder into the new one, unless the report writes one itself. */
function keepFiles(from: string, to: string, files: readonly OutputFile[]): void {
  for (const name of KEPT_FILES) {
    const source = join(from, name);
    if (files.some((file) => file.path === name) || !existsSync(source) || !statSync(source).isFile()) continue;
    copyFileSync(source, join(to, name));
  }
}
