/**
 * Reading and writing files so that nothing the user has is lost or half-written, and
 * every problem is one line naming the file.
 *
 * Reading text files is in text-file.ts (no node:path there: the web app bundles the
 * study CSV reader).
 *
 * Writing: the content goes in full to a temporary name in the target's folder, which is
 * then renamed over the target (atomic within a folder on POSIX file systems) or, when
 * overwriting is not allowed, hard-linked to it (which fails if the target exists).
 */
import { linkSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "./errors.js";

/** The temporary name a file is written under before it takes its final name. */
export function temporaryName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

export interface WriteOptions {
  /** Replace an existing file (default true); false throws EEXIST and leaves it as it was. */
  readonly overwrite?: boolean;
}

/**
 * Writes `content` to `target` whole, in the folder it names (which must exist: see
 * refuseMissingFolder).
 */
export function writeFileAtomically(target: string, content: string | Uint8Array, options: WriteOptions = {}): void {
  const temporary = temporaryName(target);
  try {
    writeFileSync(temporary, content, { flag: "wx" });
    if (options.overwrite === false) linkSync(temporary, target);
    else renameSync(temporary, target);
  } catch (error) {
    throw asWriteError(error, target);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * A file-system error of writing the temporary file or renaming it as an error of writing
 * `target`: the user named that path, never the temporary one.
 */
function asWriteError(error: unknown, target: string): unknown {
  const errno = error as NodeJS.ErrnoException;
  if (!(error instanceof Error) || errno.code === undefined) return error;
  const syscall = errno.syscall === "link" ? "link" : "write";
  return Object.assign(new Error(`${errno.code}: cannot write ${target}`), { code: errno.code, syscall, path: target });
}

/**
 * An output goes into a folder that exists: metakit creates the file (or the report's own
 * folder) the user names, never the folders above it, as cp and R's pdf() do not, so a
 * mistyped path ("reprots/bcg.svg") stops with one line instead of leaving a stray folder
 * tree. Checked before any work, so a long computation does not end in a failed write.
 * @param option the option that named the output ("--out", "--plot"), for the message.
 * @throws UsageError naming the missing folder (or the file in the way).
 */
export function refuseMissingFolder(path: string, option: string): void {
  const folder = dirname(resolve(path));
  let isFolder: boolean | undefined;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    isFolder = undefined;
  }
  const shown = dirname(path);
  if (isFolder === undefined) throw new UsageError(`${option} ${path}: the folder ${shown} does not exist; create it first (metakit creates the output, not the folders above it)`);
  if (!isFolder) throw new UsageError(`${option} ${path}: ${shown} is a file, not a folder`);
}

/** A path as the file system resolves it (symbolic links followed), for paths that may not exist yet too. */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(resolve(path));
    return parent === resolve(path) ? parent : join(realPath(parent), basename(path));
  }
}

/** Whether two paths name the same file once symbolic links are followed. */
export function sameFile(a: string, b: string): boolean {
  return realPath(a) === realPath(b);
}
