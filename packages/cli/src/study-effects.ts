/**
 * The estimable studies of a study CSV, as `regress`, `sensitivity`, `bias`, `funnel` and
 * `pool --cluster` read them, and their extra columns read strictly. No figure code: the
 * web app bundles `pool`, which imports this.
 */
import { escalc, type EscalcResult, type Measure, type MetaforCompat } from "@metakit/effect-size";
import { InputFileError } from "./errors.js";
import { computeOrLocate } from "./locate.js";
import { decimalNumber, fileRow, readStudyCsv, refuseUnusableTable, type StudyTable } from "./study-csv.js";

export const TEXT_OR_JSON = ["text", "json"] as const;

/** The estimable studies of a CSV, with the rows they came from. */
export interface StudyEffects {
  readonly table: StudyTable;
  readonly effects: EscalcResult;
  /** 0-based data rows of the estimable studies. */
  readonly rows: readonly number[];
  readonly yi: number[];
  readonly vi: number[];
  readonly labels: string[];
  /** Studies left out because their effect could not be estimated. */
  readonly excluded: readonly { readonly study: string; readonly row: number; readonly reason: string }[];
}

/** Reads FILE, computes the effects with escalc and keeps the estimable studies. */
export function readEffects(file: string, measure: Measure, metaforCompat?: MetaforCompat): StudyEffects {
  const table = readStudyCsv(file);
  refuseUnusableTable(table, measure);
  const effects = computeOrLocate(file, () => escalc(measure, table.studies, metaforCompat === undefined ? {} : { metaforCompat }));
  const rows = effects.studies.flatMap((s, i) => (s.estimable ? [i] : []));
  if (rows.length === 0) throw new InputFileError(file, "no study could be estimated");
  const estimable = rows.map((i) => effects.studies[i]!).filter((s) => s.estimable);
  const excluded = effects.studies.flatMap((s, i) => (s.estimable ? [] : [{ study: s.study, row: fileRow(i), reason: s.reason }]));
  return {
    table,
    effects,
    rows,
    yi: estimable.map((s) => s.yi),
    vi: estimable.map((s) => s.vi),
    labels: estimable.map((s) => s.study),
    excluded,
  };
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
