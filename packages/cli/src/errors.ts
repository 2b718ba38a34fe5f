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

/** A mistake in how the command was called (an unknown measure, a bad option value). */
export class UsageError extends Error {
  override readonly name = "UsageError";
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
