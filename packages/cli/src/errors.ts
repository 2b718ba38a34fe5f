/**
 * Errors the CLI reports to the user as `FILE:ROW:COLUMN: message`. ROW counts lines of
 * the file as a spreadsheet shows them (the header is row 1, the first study row 2).
 */
export class InputFileError extends Error {
  override readonly name = "InputFileError";
  constructor(
    readonly file: string,
    message: string,
    readonly row?: number,
    readonly column?: string,
  ) {
    super(message);
  }

  /** `FILE:ROW:COLUMN: message`, leaving out the parts that are not known. */
  format(): string {
    const where = [this.file, this.row, this.column].filter((part) => part !== undefined);
    return `${where.join(":")}: ${this.message}`;
  }
}

/** Several problems in input files, reported one line each (every bad row, not only the first). */
export class InputFileErrors extends Error {
  override readonly name = "InputFileErrors";
  constructor(readonly problems: readonly InputFileError[]) {
    super(problems.map((problem) => problem.format()).join("\n"));
  }
}

/** Throws the problems found: nothing when there are none, one InputFileError alone, or all of them. */
export function throwProblems(problems: readonly InputFileError[]): void {
  const [first] = problems;
  if (first === undefined) return;
  throw problems.length === 1 ? first : new InputFileErrors(problems);
}

/** A mistake in how the command was called (an unknown measure, a bad option value). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

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
