/**
 * Writing the report's files: each is written in full to a temporary name in its own
 * folder and then renamed over the final name (a rename within a folder is atomic on
 * POSIX file systems), so an interrupted run leaves earlier complete files, never a
 * half-written one. Paths come from the report and are checked to stay inside `out`.
 */
import { relative, resolve, sep } from "node:path";
import { writeFileAtomically } from "../files.js";

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

/** Writes every file under `out`; returns the absolute paths written, in order. */
export function writeOutputFiles(out: string, files: readonly OutputFile[]): string[] {
  return files.map((file) => {
    const target = inside(out, file.path);
    writeFileAtomically(target, file.content);
    return target;
  });
}
