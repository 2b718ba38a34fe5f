/** Writing results: CSV (papaparse) and JSON, as whole strings so a failure writes nothing. */
import Papa from "papaparse";

export const OUTPUT_FORMATS = ["csv", "json"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type Cell = string | number | null | undefined;

/** A CSV document with the given column order; numbers at full precision. */
export function toCsv(columns: readonly string[], rows: readonly Readonly<Record<string, Cell>>[]): string {
  const data = rows.map((row) => columns.map((column) => formatCell(row[column])));
  return Papa.unparse({ fields: [...columns], data }, { newline: "\n" }) + "\n";
}

function formatCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  return typeof value === "number" ? String(value) : value;
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}
