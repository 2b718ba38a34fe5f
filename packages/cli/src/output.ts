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
