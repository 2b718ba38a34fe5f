import { MetakitError } from "@metakit/base";
import { messages } from "../messages.js";
import type { Table } from "./types.js";

/** Every row has exactly one cell per column. */
export function checkTableShape(table: Table): void {
  table.rows.forEach((row, index) => {
    if (row.length !== table.columns.length) {
      throw new MetakitError("INVALID_INPUT", messages.tableRowLength(index, row.length, table.columns.length), { field: "rows", value: row.length, row: index });
    }
  });
}
