/**
 * HTML tables: every header and cell escaped, numbers right-aligned as in the Markdown
 * form, an optional caption. No inline styles or scripts: the report's stylesheet lays it out.
 */
import { MetakitError } from "@metakit/base";
import { messages } from "../messages.js";
import { escapeHtml } from "../report/escape.js";
import { checkTableShape } from "./shape.js";
import type { Table, TableCell } from "./types.js";

function htmlCell(cell: TableCell, column: string): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) throw new MetakitError("INVALID_INPUT", messages.notFinite(column, cell), { field: column, value: cell });
    return String(cell);
  }
  return escapeHtml(cell);
}

export interface HtmlTableOptions {
  readonly caption?: string;
  /** Class of the <table> (a CSS identifier). */
  readonly className?: string;
}

/** The table as an HTML <table>, one line per row. */
export function tableToHtml(table: Table, options: HtmlTableOptions = {}): string {
  checkTableShape(table);
  const align = table.columns.map((c) => (c.align === undefined || c.align === "left" ? "" : ` class="${c.align}"`));
  const head = table.columns.map((c, i) => `<th scope="col"${align[i]}>${escapeHtml(c.header)}</th>`).join("");
  const body = table.rows.map((row) => `<tr>${table.columns.map((c, i) => `<td${align[i]}>${htmlCell(row[i], c.header)}</td>`).join("")}</tr>`);
  const caption = options.caption === undefined ? "" : `<caption>${escapeHtml(options.caption)}</caption>\n`;
  const cls = options.className === undefined ? "" : ` class="${escapeHtml(options.className)}"`;
  return `<div class="table-wrap"><table${cls}>\n${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body.join("\n")}\n</tbody>\n</table></div>\n`;
}
