/**
 * CSV per RFC 4180 (CRLF line ends; a field with a comma, quote or line break is quoted,
 * quotes doubled), safe to open in a spreadsheet: a text cell whose first non-blank
 * character is =, +, -, @, tab or carriage return would be read as a formula, so it is
 * prefixed with an apostrophe (OWASP's CSV-injection advice). Numbers passed as numbers
 * are written as numbers (a negative number cannot run anything); text that merely looks
 * like "-0.25" is still neutralised, since the writer cannot know where it came from.
 */
import { MetakitError, neutraliseCsvText } from "@metakit/base";
import { messages } from "../messages.js";
import { checkTableShape } from "./shape.js";
import type { Table, TableCell } from "./types.js";

export { neutraliseCsvText };

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

function csvField(cell: TableCell, row: number, column: string): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) throw new MetakitError("INVALID_INPUT", messages.notFinite(column, cell), { field: column, value: cell, row });
    return String(cell);
  }
  return quote(neutraliseCsvText(cell));
}

/** The table as CSV text, header first, CRLF after every record. */
export function tableToCsv(table: Table): string {
  checkTableShape(table);
  const header = table.columns.map((c) => quote(neutraliseCsvText(c.header)));
  const records = table.rows.map((row, r) => table.columns.map((c, i) => csvField(row[i], r, c.header)));
  return [header, ...records].map((fields) => `${fields.join(",")}\r\n`).join("");
}
