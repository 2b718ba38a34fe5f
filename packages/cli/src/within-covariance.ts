/**
 * `--V FILE`: a within-study covariance matrix given by the user, for the multivariate
 * model (metafor's rma.mv(yi, V, ...) with V block diagonal by study).
 *
 * The file is the block-diagonal V in the layout of metafor's dat.berkey1998 (whose v1i
 * and v2i columns hold each trial's 2 x 2 block): one row per row of the data file, in the
 * same order; a column named as the --study column, which must repeat the data file's
 * study of the row; and columns v1i, v2i, ..., vNi (N the largest study), where vji of a
 * row is its covariance with the j-th row of its study (counted in file order), so the
 * row's own variance sits in v{position}i. Cells past the study's size are empty. In R:
 *   V <- bldiag(lapply(split(dat[c("v1i", "v2i")], dat$trial), as.matrix))
 * reads the same file. Read strictly: numbers through the one decimal reader, every block
 * symmetric, its diagonal equal to the data's sampling variances (so the file cannot be
 * misaligned with the data), and positive definite; each refusal names the study and row.
 */
import { type CovarianceEntry } from "@metakit/core";
import Papa from "papaparse";
import { InputFileError } from "./errors.js";
import { readText } from "./text-file.js";
import { decimalNumber, fileRow } from "./study-csv.js";
import type { StudyEffects } from "./study-effects.js";

/** Relative agreement asked of V's diagonal with the data's vi (rounding in a written file). */
const DIAGONAL_TOLERANCE = 1e-6;

/**
 * The off-diagonal covariances of the estimable rows (0-based indices into data.yi), read
 * from FILE. `study` is the --study cell of each estimable row and `studyColumn` its name.
 */
export function readWithinCovariance(file: string, data: StudyEffects, studyColumn: string, study: readonly string[]): CovarianceEntry[] {
  const parsed = Papa.parse<string[]>(readText(file).replace(/^\uFEFF/, ""), { header: false, skipEmptyLines: false });
  if (parsed.errors.some((e) => e.type === "Quotes")) throw new InputFileError(file, "malformed csv: a quoted cell is never closed");
  const [header = [], ...all] = parsed.data;
  // Spreadsheet rows of the records (header row 1; blank lines count, as in the data file).
  const lines = all.flatMap((record, r) => (record.every((c) => c.trim() === "") ? [] : [r + 2]));
  const records = all.filter((record) => !record.every((c) => c.trim() === ""));
  const columns = header.map((c) => c.trim());
  const studyAt = columns.indexOf(studyColumn);
  if (studyAt < 0) throw new InputFileError(file, `no column "${studyColumn}": --V needs the --study column beside v1i, v2i, ... to check that its rows are the data's`, 1);
  const vColumns = columns.flatMap((c, at) => (/^v[1-9][0-9]*i$/.test(c) ? [{ at, j: Number(c.slice(1, -1)) - 1 }] : []));
  const other = columns.find((c, at) => at !== studyAt && !/^v[1-9][0-9]*i$/.test(c));
  if (other !== undefined) throw new InputFileError(file, `column "${other}" is not read: --V takes the --study column and v1i, v2i, ... (each row's covariances with its study's 1st, 2nd, ... row)`, 1, other);
  vColumns.forEach(({ j }, n) => {
    if (j !== n) throw new InputFileError(file, `the columns must be v1i, v2i, ... in order: column ${n + 1} of them is "v${j + 1}i"`, 1);
  });
  const rowsInFile = data.table.cells.length;
  if (records.length !== rowsInFile) throw new InputFileError(file, `${records.length} rows, but the data file ${data.table.file} has ${rowsInFile}: --V has one row per data row, in the same order`);
  // Each data row's study and its position in that study, over all the data file's rows.
  const studyCells = data.table.cells.map((row) => row[studyColumn]?.trim() ?? "");
  const position = new Map<string, number>();
  const positionOf = studyCells.map((s) => {
    const p = position.get(s) ?? 0;
    position.set(s, p + 1);
    return p;
  });
  const values = records.map((record, r) => {
    const row = lines[r]!;
    if (record.length !== columns.length) throw new InputFileError(file, `malformed csv: expected ${columns.length} fields but parsed ${record.length}`, row);
    const s = record[studyAt]!.trim();
    if (s !== studyCells[r]) throw new InputFileError(file, `study "${s}" but row ${fileRow(r)} of ${data.table.file} has study "${studyCells[r]}": --V rows follow the data file's rows`, row, studyColumn);
    const size = position.get(s)!;
    if (size > vColumns.length) throw new InputFileError(file, `study ${s} has ${size} rows, so --V needs the columns v1i to v${size}i`, 1);
    return vColumns.map(({ at, j }) => {
      const cell = record[at]!.trim();
      if (j >= size) {
        if (cell !== "" && cell !== "NA") throw new InputFileError(file, `study ${s} has ${size} rows, so v${j + 1}i must be empty`, row, columns[at]);
        return 0;
      }
      const x = decimalNumber(cell);
      if (x === undefined) throw new InputFileError(file, cell === "" || cell === "NA" ? `v${j + 1}i of study ${s} is missing` : `v${j + 1}i is not a number: "${cell}"`, row, columns[at]);
      return x;
    });
  });
  const rowsOf = new Map<string, number[]>();
  studyCells.forEach((s, r) => rowsOf.set(s, [...(rowsOf.get(s) ?? []), r]));
  for (const [s, rows] of rowsOf) checkBlock(file, s, rows, values, positionOf, lines);
  // The estimable rows: their diagonal against vi, and the entries between them.
  const estimableIndex = new Map(data.rows.map((r, i) => [r, i]));
  const entries: CovarianceEntry[] = [];
  data.rows.forEach((r, i) => {
    const v = values[r]![positionOf[r]!]!;
    if (!(Math.abs(v - data.vi[i]!) <= DIAGONAL_TOLERANCE * Math.abs(data.vi[i]!))) {
      throw new InputFileError(file, `the variance of study ${study[i]} in v${positionOf[r]! + 1}i is ${v}, but its sampling variance in ${data.table.file} is ${data.vi[i]}: the diagonal of V must be the data's vi`, lines[r], `v${positionOf[r]! + 1}i`);
    }
    for (const r2 of rowsOf.get(studyCells[r]!)!) {
      const j = estimableIndex.get(r2);
      if (j === undefined || j >= i) continue;
      const cov = values[r]![positionOf[r2]!]!;
      if (cov !== 0) entries.push({ i, j, cov });
    }
  });
  return entries;
}

/** Symmetric and positive definite (Cholesky), or an error naming the study. */
function checkBlock(file: string, s: string, rows: readonly number[], values: readonly (readonly number[])[], positionOf: readonly number[], lines: readonly number[]): void {
  const n = rows.length;
  const at = (a: number, b: number) => values[rows[a]!]![b]!;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < a; b++) {
      const x = at(a, b);
      const y = at(b, a);
      if (!(Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y)))) {
        throw new InputFileError(file, `the block of study ${s} is not symmetric: v${positionOf[rows[b]!]! + 1}i of its row ${a + 1} is ${x}, v${positionOf[rows[a]!]! + 1}i of its row ${b + 1} is ${y}`, lines[rows[a]!]);
      }
    }
  }
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = at(j, j);
    for (let m = 0; m < j; m++) d -= L[j * n + m]! ** 2;
    if (!(d > 0)) throw new InputFileError(file, `the within-study covariance block of study ${s} is not positive definite (a variance of 0 or below, or correlations no covariance matrix has)`, lines[rows[0]!]);
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let sum = at(i, j);
      for (let m = 0; m < j; m++) sum -= L[i * n + m]! * L[j * n + m]!;
      L[i * n + j] = sum / ljj;
    }
  }
}
