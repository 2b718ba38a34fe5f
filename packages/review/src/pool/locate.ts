/** Maps a numeric package's typed error to the file position of the study it names. */
import { isMetakitError, plainMessage } from "@metakit/base";
import { InputFileError } from "./errors.js";
import { columnsRead, fileRow } from "./study-csv.js";

/**
 * Runs a computation over the rows of `file`; a MetakitError that names a study by its
 * 0-based `index` becomes an InputFileError at that row. Its `field` becomes the column
 * only when the file has a column of that name: a field of the computation (the design
 * matrix X, the tau prior, the weights argument) is not a place in the file, so the
 * problem is then reported at the file (and the row, when known).
 */
export function computeOrLocate<T>(file: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    throw located(file, error);
  }
}

/** computeOrLocate for work that runs asynchronously (long work that pauses for Ctrl-C). */
export async function computeOrLocateAsync<T>(file: string, compute: () => Promise<T>): Promise<T> {
  try {
    return await compute();
  } catch (error) {
    throw located(file, error);
  }
}

/** A MetakitError as an InputFileError at the row and column it names; any other error as it is. */
function located(file: string, error: unknown): unknown {
  if (!isMetakitError(error)) return error;
  const index = error.details["index"];
  const row = typeof index === "number" ? fileRow(index) : undefined;
  const field = error.details.field;
  const column = field !== undefined && columnsRead(file).includes(field) ? field : undefined;
  return new InputFileError(file, plainMessage(error.message), row, column);
}
