/**
 * Errors the CLI reports to the user as `FILE:ROW:COLUMN: message`, and usage errors: the
 * study-table ones live with the pure reader in @metakit/review (the web app reports them
 * too) and are re-exported here, so every command catches the one class.
 */
export { InputFileError, InputFileErrors, throwProblems, UsageError } from "@metakit/review/pool/errors";

/** The user stopped long work with Ctrl-C (SIGINT): nothing was written; exit 130, as a shell reports it. */
export class Interrupted extends Error {
  override readonly name = "Interrupted";
  constructor() {
    super("interrupted (Ctrl-C): stopped before the end, nothing was written");
  }
}

/**
 * A command that did its work and reports a negative outcome, as `diff` does for files
 * that differ: what it printed stands, the message goes to stderr, and it exits 1.
 */
export class OutcomeFailure extends Error {
  override readonly name = "OutcomeFailure";
}

/**
 * Something the machine lacks (the font files figures are drawn with, the browser --pdf
 * prints with): names what is missing, every path tried, and how to install it.
 */
export class MachineError extends Error {
  override readonly name = "MachineError";
  constructor(
    readonly missing: "fonts" | "browser",
    readonly tried: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

/** File-system error codes and what they mean to the person who named the path. */
const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or folder",
  EISDIR: "is a folder, not a file",
  ENOTDIR: "a part of the path is a file, not a folder",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EEXIST: "already exists",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the name is too long",
  EMFILE: "too many open files",
};

const READING = new Set(["open", "read", "scandir", "stat", "lstat", "opendir", "realpath"]);

/** What a file-system error (ENOENT, EISDIR, EACCES, ...) means, as `cannot read file (CODE): meaning`. */
export function fileSystemMessage(error: NodeJS.ErrnoException, action?: "read" | "write"): string {
  const code = error.code ?? "error";
  const verb = action ?? (error.syscall !== undefined && READING.has(error.syscall) ? "read" : "write");
  const meaning = code === "EEXIST" && error.syscall === "mkdir" ? "is a file, where a folder is needed" : FILE_ERRORS[code];
  return `cannot ${verb} file (${code})${meaning === undefined ? "" : `: ${meaning}`}`;
}

/** The path and message of a file-system error, or undefined for any other error. */
export function fileSystemProblem(error: unknown): { readonly path: string; readonly message: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const errno = error as NodeJS.ErrnoException;
  if (errno.code === undefined || errno.path === undefined) return undefined;
  return { path: errno.path, message: fileSystemMessage(errno) };
}
