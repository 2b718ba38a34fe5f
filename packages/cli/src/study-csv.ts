/**
 * Reads a CSV of study data whose columns use metafor's argument names (ai, bi, ci, di,
 * n1i, ...), with an optional `study` label column; other columns pass through as text.
 * Numbers are read strictly: an empty cell or `NA` is missing, a decimal comma ("1,5")
 * is an error rather than a silently different number.
 */
import { readFileSync } from "node:fs";
import { ESCALC_ARGS, type EscalcArg, type StudyInput } from "@metakit/effect-size";
import Papa from "papaparse";
import { InputFileError } from "./errors.js";

export interface StudyTable {
  readonly file: string;
  /** Column names in file order. */
  readonly columns: readonly string[];
  /** Each row's cells as written in the file. */
  readonly cells: readonly Readonly<Record<string, string>>[];
  /** The numeric columns metakit knows, parsed, one entry per row. */
  readonly studies: readonly StudyInput[];
}

const NUMERIC_COLUMNS: ReadonlySet<string> = new Set(ESCALC_ARGS);
const MISSING = new Set(["", "NA", "na", "."]);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The spreadsheet row of the i-th data row (0-based): the header is row 1. */
export const fileRow = (index: number): number => index + 2;

export function readStudyCsv(file: string): StudyTable {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new InputFileError(file, `cannot read file (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return parseStudyCsv(text, file);
}

export function parseStudyCsv(text: string, file: string): StudyTable {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (header) => header.trim(),
  });
  const firstError = parsed.errors[0];
  if (firstError) {
    const row = firstError.row === undefined ? undefined : fileRow(firstError.row);
    throw new InputFileError(file, `malformed csv: ${firstError.message.toLowerCase()}`, row);
  }
  const columns = parsed.meta.fields ?? [];
  if (columns.length === 0) throw new InputFileError(file, "no header row");
  const duplicate = columns.find((name, i) => columns.indexOf(name) !== i);
  if (duplicate !== undefined) throw new InputFileError(file, `column "${duplicate}" appears twice`, 1, duplicate);

  const cells = parsed.data;
  const studies = cells.map((row, index) => parseStudy(row, columns, file, index));
  return { file, columns, cells, studies };
}

function parseStudy(
  row: Readonly<Record<string, string>>,
  columns: readonly string[],
  file: string,
  index: number,
): StudyInput {
  const study: { study?: string } & { [A in EscalcArg]?: number | null } = {};
  const label = row["study"]?.trim();
  if (label) study.study = label;
  for (const column of columns) {
    if (!NUMERIC_COLUMNS.has(column)) continue;
    study[column as EscalcArg] = parseNumber(row[column] ?? "", file, index, column);
  }
  return study;
}

/**
 * A plain decimal number (optional sign, digits, point, exponent) or undefined: no hex,
 * binary or octal, no decimal comma, no Infinity. Every number a user gives, in a file or
 * an option, is read through this.
 */
export function decimalNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) return undefined;
  const x = Number(trimmed);
  return Number.isFinite(x) ? x : undefined;
}

/** The one strict reader of a numeric cell: null when missing, an error naming FILE:ROW:COLUMN otherwise. */
export function parseNumber(cell: string, file: string, index: number, column: string): number | null {
  const text = cell.trim();
  if (MISSING.has(text)) return null;
  const x = decimalNumber(text);
  if (x !== undefined) return x;
  const hint = /^[+-]?\d+,\d+$/.test(text) ? " (a decimal comma? write 1.5, not 1,5)" : "";
  throw new InputFileError(file, `"${cell}" is not a number${hint}`, fileRow(index), column);
}
