/** Maps a numeric package's typed error to the file position of the study it names. */
import { isMetakitError } from "@metakit/base";
import { InputFileError } from "./errors.js";
import { fileRow } from "./study-csv.js";

/**
 * Runs a computation over the rows of `file`; a MetakitError that names a study by its
 * 0-based `index` becomes an InputFileError at that row and field.
 */
export function computeOrLocate<T>(file: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (!isMetakitError(error)) throw error;
    const index = error.details["index"];
    const row = typeof index === "number" ? fileRow(index) : undefined;
    throw new InputFileError(file, error.message, row, error.details.field);
  }
}
