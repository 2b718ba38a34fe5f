/**
 * Writing results: CSV (papaparse) and JSON, as whole strings so a failure writes nothing.
 * Both refuse NaN and Infinity (JSON would silently write null); CSV text cells are
 * neutralised against formula injection.
 */
import Papa from "papaparse";
import { neutraliseCsvText } from "@metakit/base/text";
import { decimalNumber } from "./study-csv.js";
import { assertFinite } from "./guard.js";

export const OUTPUT_FORMATS = ["csv", "json"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type Cell = string | number | null | undefined;

/** A CSV document with the given column order; numbers at full precision. */
export function toCsv(columns: readonly string[], rows: readonly Readonly<Record<string, Cell>>[]): string {
  const data = rows.map((row) => columns.map((column) => formatCell(row[column], column !== LABEL_COLUMN)));
  return Papa.unparse({ fields: columns.map(neutraliseCsvText), data }, { newline: "\n" }) + "\n";
}

/** The study label column: its text is always neutralised, even "+1". */
const LABEL_COLUMN = "study";

/**
 * A cell as CSV text: numbers in full; text neutralised, except a plain decimal number
 * outside the label column ("-0.5" as yi, "-12" as a latitude), which a spreadsheet reads
 * as the same number and cannot run.
 */
function formatCell(value: Cell, numbersVerbatim: boolean): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`internal: a CSV cell is ${value}`);
    return String(value);
  }
  return numbersVerbatim && decimalNumber(value) !== undefined ? value : neutraliseCsvText(value);
}

/** JSON text; a NaN or infinite number is an error here, never a silent null. */
export function toJson(value: unknown): string {
  return (
    JSON.stringify(
      value,
      (key, entry: unknown) => {
        if (typeof entry === "number" && !Number.isFinite(entry)) throw new Error(`internal: ${key || "a value"} is ${entry} in JSON output`);
        return entry;
      },
      2,
    ) + "\n"
  );
}

/**
 * The output of a result in the format asked for, after the one output guard: the JSON
 * form is checked for NaN and Infinity whatever the format, so text, CSV and JSON fail
 * (or succeed) alike and the exit status never depends on --format.
 * @throws InputFileError naming `file` when a number is not finite.
 */
export function formatted(file: string, format: string, json: unknown, text: () => string): string {
  assertFinite(json, file);
  return format === "json" ? toJson(json) : text();
}

/**
 * A p-value as every command prints it: four decimals, and "< 0.0001" below 0.0001 (the
 * text formats; JSON keeps the number). The RevMan-style pool printout keeps RevMan's own
 * "P < 0.00001" form (report/format's formatP).
 * @example formatPValue(0.4218) // "0.4218"
 * @example formatPValue(5e-5) // "< 0.0001"
 */
export function formatPValue(p: number): string {
  return p < 0.0001 ? "< 0.0001" : p.toFixed(4);
}

/** "p = 0.4218", or "p < 0.0001" (with the relation, not "p = < 0.0001"). */
export function pEquals(p: number, name = "p"): string {
  return p < 0.0001 ? `${name} < 0.0001` : `${name} = ${p.toFixed(4)}`;
}
