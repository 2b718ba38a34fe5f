/**
 * The estimable studies of a study table, as `regress`, `sensitivity`, `bias`, `funnel`
 * and the web app's leave-one-out, funnel plot and small-study tests read them.
 */
import { escalc, type EscalcResult, type Measure, type MetaforCompat } from "@metakit/effect-size";
import { InputFileError } from "./errors.js";
import { computeOrLocate } from "./locate.js";
import { fileRow, refuseUnusableTable, type StudyTable } from "./study-csv.js";

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

/**
 * Computes the effects of a table already read with escalc and keeps the estimable studies.
 * @throws InputFileError when the table cannot give the measure or no study is estimable.
 */
export function tableEffects(table: StudyTable, measure: Measure, metaforCompat?: MetaforCompat): StudyEffects {
  refuseUnusableTable(table, measure);
  const effects = computeOrLocate(table.file, () => escalc(measure, table.studies, metaforCompat === undefined ? {} : { metaforCompat }));
  const rows = effects.studies.flatMap((s, i) => (s.estimable ? [i] : []));
  if (rows.length === 0) throw new InputFileError(table.file, "no study could be estimated");
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
