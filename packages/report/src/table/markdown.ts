/**
 * GitHub-flavoured Markdown tables. Cell text is escaped so that it stays text: the
 * characters that Markdown or inline HTML would interpret (\ ` * _ [ ] < > & |) are
 * escaped, and line breaks become spaces (a table row is one line).
 */
import { MetakitError } from "@metakit/base";
import { messages } from "../messages.js";
import { checkTableShape } from "./shape.js";
import type { Align, Table, TableCell } from "./types.js";

const HTML: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** Text that renders as itself inside a Markdown table cell. */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/[&<>]/g, (c) => HTML[c]!)
    .replace(/[\\`*_[\]|]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, " ");
}

function markdownCell(cell: TableCell, column: string): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) throw new MetakitError("INVALID_INPUT", messages.notFinite(column, cell), { field: column, value: cell });
    return String(cell);
  }
  return escapeMarkdownCell(cell);
}

const RULE: Readonly<Record<Align, string>> = { left: ":---", right: "---:", center: ":---:" };

/** The table as Markdown: header row, alignment row, one line per row. */
export function tableToMarkdown(table: Table): string {
  checkTableShape(table);
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |\n`;
  return [
    line(table.columns.map((c) => escapeMarkdownCell(c.header))),
    line(table.columns.map((c) => RULE[c.align ?? "left"])),
    ...table.rows.map((row) => line(table.columns.map((c, i) => markdownCell(row[i], c.header)))),
  ].join("");
}
