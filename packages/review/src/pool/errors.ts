/**
 * Errors in a study table, reported to the user as `FILE:ROW:COLUMN: message` (by the
 * command line and the web app alike). ROW counts lines of the file as a spreadsheet
 * shows them (the header is row 1, the first study row 2). UsageError: an option the
 * analysis cannot take.
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

/** A mistake in how the analysis was asked for (an unknown measure, a bad option value, options that contradict each other). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

