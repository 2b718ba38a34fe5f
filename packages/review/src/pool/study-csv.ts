/**
 * Reads a CSV of study data whose columns use metafor's argument names (ai, bi, ci, di,
 * n1i, ...), with an optional `study` label column; other columns pass through as text.
 * Numbers are read strictly: an empty cell or `NA` is missing, a decimal comma ("1,5")
 * is an error rather than a silently different number.
 */
import { CONTROL_CHARACTER } from "@metakit/base";
import { ESCALC_ARGS, requiredArgs, type EscalcArg, type Measure, type StudyInput } from "@metakit/effect-size";
import Papa from "papaparse";
import { InputFileError, throwProblems } from "./errors.js";

export interface StudyTable {
  readonly file: string;
  /** Column names in file order. */
  readonly columns: readonly string[];
  /** Each row's cells as written in the file, in records without a prototype (a column may be named __proto__). */
  readonly cells: readonly Readonly<Record<string, string>>[];
  /** The numeric columns metakit knows, parsed, one entry per row. */
  readonly studies: readonly StudyInput[];
  /** The spreadsheet row of each study (blank lines count as rows, as a spreadsheet shows them). */
  readonly rows: readonly number[];
}

const NUMERIC_COLUMNS: ReadonlySet<string> = new Set(ESCALC_ARGS);
const MISSING = new Set(["", "NA", "na", "."]);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** The longest study label read: labels are names, not documents. */
export const MAX_LABEL_LENGTH = 200;
/** At most this many problems are listed one per line; the rest are counted. */
const MAX_PROBLEMS_LISTED = 100;

/** The rows of the study CSV read last; fileRow maps a study index through it. */
let currentRows: readonly number[] | undefined;
/** The file and columns of the study CSV read last, for locating a computation's error. */
let currentColumns: { readonly file: string; readonly columns: readonly string[] } | undefined;

/** The columns of `file` when it is the study CSV read last (else none). */
export function columnsRead(file: string): readonly string[] {
  return currentColumns?.file === file ? currentColumns.columns : [];
}

/**
 * The spreadsheet row of the i-th study (0-based) of the study CSV read last: the header
 * is row 1, and blank lines and the lines inside a quoted cell count as a spreadsheet
 * counts them (one row per record).
 */
export const fileRow = (index: number): number => currentRows?.[index] ?? index + 2;

/**
 * Refuses a table no study of which could ever give `measure`: one with no study rows, or
 * one that lacks every set of columns the measure is computed from (an empty cell makes a
 * study not estimable; a column absent from the whole file is a problem with the file).
 */
export function refuseUnusableTable(table: StudyTable, measure: Measure): void {
  if (table.studies.length === 0) throw new InputFileError(table.file, "no study rows: the file has a header and nothing under it", 1);
  const sets = requiredArgs(measure);
  if (sets.some((set) => set.every((column) => table.columns.includes(column)))) return;
  const needs = sets.map((set) => set.join(", ")).join("; or ");
  throw new InputFileError(table.file, `${measure} is computed from the columns ${needs}; the file has ${table.columns.join(", ")}`, 1);
}

/** Column names metakit reads, for the letter-case hint ("Ai" for "ai"). */
const KNOWN_COLUMNS: readonly string[] = ["study", ...ESCALC_ARGS];

function headerProblems(columns: readonly string[], file: string): InputFileError[] {
  const problems: InputFileError[] = [];
  columns.forEach((name, i) => {
    if (name === "") problems.push(new InputFileError(file, `column ${i + 1} has no name`, 1));
    else if (columns.indexOf(name) !== i) problems.push(new InputFileError(file, `column "${name}" appears twice; which one to read is not for metakit to guess`, 1, name));
    const known = KNOWN_COLUMNS.find((k) => k !== name && k.toLowerCase() === name.toLowerCase());
    if (known !== undefined && !columns.includes(known)) {
      problems.push(new InputFileError(file, `column "${name}" is not read: column names are lower case; rename it "${known}"`, 1, name));
    }
  });
  return problems;
}

export function parseStudyCsv(text: string, file: string): StudyTable {
  const body = text.replace(/^\uFEFF/, "");
  const parsed = Papa.parse<string[]>(body, { header: false, skipEmptyLines: false });
  const quote = parsed.errors.find((error) => error.type === "Quotes");
  if (quote !== undefined) {
    const row = quote.row === undefined ? undefined : quote.row + 1;
    throw new InputFileError(file, `malformed csv: a quoted cell is never closed (it starts on this row); close the quote or remove it`, row);
  }
  const [header = [], ...records] = parsed.data;
  const columns = header.map((name) => name.trim());
  if (columns.length === 0 || columns.every((name) => name === "")) throw new InputFileError(file, "no header row");
  throwProblems(headerProblems(columns, file));

  const problems: InputFileError[] = [];
  const cells: Record<string, string>[] = [];
  const rows: number[] = [];
  records.forEach((record, r) => {
    const row = r + 2;
    if (record.every((cell) => cell.trim() === "")) return;
    if (record.length !== columns.length) {
      const which = record.length < columns.length ? "too few" : "too many";
      problems.push(new InputFileError(file, `malformed csv: ${which} fields: expected ${columns.length} fields but parsed ${record.length}`, row));
      return;
    }
    const cellsOfRow: Record<string, string> = Object.create(null) as Record<string, string>;
    columns.forEach((name, c) => (cellsOfRow[name] = record[c] ?? ""));
    cells.push(cellsOfRow);
    rows.push(row);
  });
  const studies = cells.map((row, index) => parseStudy(row, columns, file, rows[index]!, problems));
  throwProblems(listed(problems, file));
  currentRows = rows;
  currentColumns = { file, columns };
  return { file, columns, cells, studies, rows };
}

/** The first MAX_PROBLEMS_LISTED problems and a count of the rest. */
function listed(problems: readonly InputFileError[], file: string): InputFileError[] {
  if (problems.length <= MAX_PROBLEMS_LISTED) return [...problems];
  const rest = problems.length - MAX_PROBLEMS_LISTED;
  return [...problems.slice(0, MAX_PROBLEMS_LISTED), new InputFileError(file, `and ${rest} more problem${rest === 1 ? "" : "s"} like these`)];
}

/** A study label: one line of text without control characters, at most MAX_LABEL_LENGTH characters. */
function labelProblem(label: string): string | undefined {
  const control = /[\t\n\r]/.exec(label) ?? CONTROL_CHARACTER.exec(label);
  if (control !== null) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    return `the label has the control character U+${code} (a line break, tab or terminal escape); a label is one line of text`;
  }
  if (label.length > MAX_LABEL_LENGTH) return `the label is ${label.length} characters long; at most ${MAX_LABEL_LENGTH} are read`;
  return undefined;
}

function parseStudy(row: Readonly<Record<string, string>>, columns: readonly string[], file: string, fileRowNumber: number, problems: InputFileError[]): StudyInput {
  const study: { study?: string } & { [A in EscalcArg]?: number | null } = {};
  const label = row["study"]?.trim();
  if (label) {
    const problem = labelProblem(label);
    if (problem !== undefined) problems.push(new InputFileError(file, problem, fileRowNumber, "study"));
    study.study = label;
  }
  for (const column of columns) {
    if (!NUMERIC_COLUMNS.has(column)) continue;
    try {
      study[column as EscalcArg] = readCell(row[column] ?? "", file, fileRowNumber, column);
    } catch (error) {
      if (!(error instanceof InputFileError)) throw error;
      problems.push(error);
    }
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

/** The one strict reader of a numeric cell of the i-th study: null when missing, an error naming FILE:ROW:COLUMN otherwise. */
export function parseNumber(cell: string, file: string, index: number, column: string): number | null {
  return readCell(cell, file, fileRow(index), column);
}

function readCell(cell: string, file: string, row: number, column: string): number | null {
  const text = cell.trim();
  if (MISSING.has(text)) return null;
  const x = decimalNumber(text);
  if (x !== undefined) return x;
  if (NUMBER.test(text)) throw new InputFileError(file, `"${cell}" is out of range (beyond ±1.8e308, the largest number a computer holds)`, row, column);
  const hint = /^[+-]?\d+,\d+$/.test(text) ? " (a decimal comma? write 1.5, not 1,5)" : "";
  throw new InputFileError(file, `"${cell}" is not a number${hint}`, row, column);
}
