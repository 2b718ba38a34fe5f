/**
 * The estimable studies of a study CSV, as `regress`, `sensitivity`, `bias`, `funnel` and
 * `pool --cluster` read them, and their extra columns read strictly. Computing the effects
 * of a table is pure (@metakit/review/pool/effects, shared with the web app).
 */
import type { Measure, MetaforCompat } from "@metakit/effect-size";
import { tableEffects, type StudyEffects } from "@metakit/review/pool/effects";
import { InputFileError } from "./errors.js";
import { decimalNumber, fileRow, readStudyCsv } from "./study-csv.js";

export type { StudyEffects };

export const TEXT_OR_JSON = ["text", "json"] as const;

/** Reads FILE, computes the effects with escalc and keeps the estimable studies. */
export function readEffects(file: string, measure: Measure, metaforCompat?: MetaforCompat): StudyEffects {
  return tableEffects(readStudyCsv(file), measure, metaforCompat);
}

/** A column's cells for the estimable studies; throws at the first empty cell. */
export function columnCells(data: StudyEffects, column: string, option: string): string[] {
  if (!data.table.columns.includes(column)) throw new InputFileError(data.table.file, `no column "${column}" for ${option}`, 1);
  return data.rows.map((i) => {
    const cell = data.table.cells[i]![column]?.trim() ?? "";
    if (cell === "" || cell === "NA") throw new InputFileError(data.table.file, `empty ${column} for ${option}`, fileRow(i), column);
    return cell;
  });
}

/** A numeric column for the estimable studies; throws naming the row of a non-number. */
export function numericColumn(data: StudyEffects, column: string, option: string): number[] {
  return columnCells(data, column, option).map((cell, j) => {
    const x = decimalNumber(cell);
    if (x === undefined) throw new InputFileError(data.table.file, `${column} is not a number: "${cell}"`, fileRow(data.rows[j]!), column);
    return x;
  });
}
