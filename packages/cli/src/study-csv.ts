/**
 * The study CSV reader. Parsing text is pure and lives in @metakit/review (the web app
 * reads pasted text with it); reading the file (encoding checks, file-system errors) is
 * the CLI's.
 */
import { parseStudyCsv, type StudyTable } from "@metakit/review/pool/study-csv";
import { readText } from "./text-file.js";

export * from "@metakit/review/pool/study-csv";

export function readStudyCsv(file: string): StudyTable {
  return parseStudyCsv(readText(file), file);
}
