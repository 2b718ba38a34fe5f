/**
 * "Analyse a CSV" computes with the code of `metakit pool`, which lives in the pure
 * @metakit/review: the CSV text is read by the command's own reader and pooled by its
 * `poolTable`, so the JSON and CSV offered for download are what `metakit pool --format
 * json` and `--format csv` print for the same data and options, by construction, and the
 * R script is what `--emit-r` prints.
 */
import { TESTS } from "@metakit/core";
import { isMetakitError, readLevel } from "@metakit/base";
import { MEASURES, type Measure } from "@metakit/effect-size";
import { InputFileError, InputFileErrors, UsageError } from "@metakit/review/pool/errors";
import { decimalNumber, parseStudyCsv, type StudyTable } from "@metakit/review/pool/study-csv";
import { poolTable, POOLING_METHODS as ALL_POOLING_METHODS, type PoolOptions } from "@metakit/review/pool/pool";
import { poolScript } from "@metakit/review/pool/r-pool";

/**
 * The Model choices: EE, the tau² estimators, MH and Peto. GENQ (user weights), BAYES
 * (priors) and GLMM need options this page does not offer yet.
 */
export const POOLING_METHODS = ALL_POOLING_METHODS.filter((method) => method !== "GENQ" && method !== "BAYES" && method !== "GLMM");
export { MEASURES, TESTS };
export type PoolingMethod = (typeof ALL_POOLING_METHODS)[number];
export type Test = (typeof TESTS)[number];

export interface QuickOptions {
  readonly measure: Measure;
  readonly method: PoolingMethod;
  readonly test: Test;
  /** As typed: 95 or 0.95, read as the CLI reads --level. */
  readonly level: string;
  /** A column of the CSV, or "" for no subgroups. */
  readonly by: string;
}

/** A problem with the input, placed as `metakit validate` and the CLI place it: FILE:ROW:COLUMN. */
export interface Problem {
  readonly file?: string;
  readonly row?: number;
  readonly column?: string;
  readonly message: string;
  /** The whole line, as the CLI prints it. */
  readonly text: string;
}

export interface Pooled {
  readonly table: StudyTable;
  readonly options: PoolOptions;
  /** `metakit pool --format json`. */
  readonly json: string;
}

export type QuickOutcome = ({ readonly ok: true } & Pooled) | { readonly ok: false; readonly problems: readonly Problem[]; readonly table?: StudyTable };

/** Reads the CSV text; the name stands for the file in messages (`FILE:ROW:COLUMN: message`). */
export function readTable(text: string, name: string): StudyTable {
  return parseStudyCsv(text, name);
}

/** The options as `metakit pool` reads them from its command line. */
export function poolOptions(quick: QuickOptions, format: PoolOptions["format"] = "json"): PoolOptions {
  return {
    measure: quick.measure,
    method: quick.method,
    test: quick.test,
    level: levelOf(quick.level),
    format,
    ...(quick.by !== "" && { by: quick.by }),
  };
}

/** The CSV text read once (options change far more often than the data): the table, or its problems. */
export type ReadOutcome = { readonly ok: true; readonly table: StudyTable } | { readonly ok: false; readonly problems: readonly Problem[] };

export function readCsv(text: string, name: string): ReadOutcome {
  try {
    return { ok: true, table: readTable(text, name) };
  } catch (error) {
    return { ok: false, problems: problemsOf(error) };
  }
}

/** The pooled result of a table read, as `metakit pool --format json` prints it, or the problems the CLI would report. */
export function poolRead(read: ReadOutcome, quick: QuickOptions): QuickOutcome {
  if (!read.ok) return read;
  const { table } = read;
  try {
    const options = poolOptions(quick);
    return { ok: true, table, json: poolTable(table, options), options };
  } catch (error) {
    return { ok: false, problems: problemsOf(error), table };
  }
}

/** The pooled result as `metakit pool --format json` prints it, or the problems the CLI would report. */
export const poolCsv = (text: string, name: string, quick: QuickOptions): QuickOutcome => poolRead(readCsv(text, name), quick);

/** `metakit pool --format csv`: the per-study table. */
export const perStudyCsv = (pooled: Pooled): string => poolTable(pooled.table, { ...pooled.options, format: "csv" });

/** `metakit pool --format text`: RevMan's wording. */
export const pooledText = (pooled: Pooled): string => poolTable(pooled.table, { ...pooled.options, format: "text" });

/** `metakit pool --emit-r`, headed with the version of metakit this app was built from. */
export const rScriptOf = (pooled: Pooled, version: string): string => poolScript(pooled.table, pooled.options, version);

/** A confidence level typed as 95 or 0.95, read as `--level` is (a strict decimal, then readLevel). */
function levelOf(text: string): number {
  const x = decimalNumber(text);
  try {
    if (x === undefined) throw new Error("not a number");
    return readLevel(x, "level");
  } catch {
    throw new UsageError(`Confidence level: must be a confidence level such as 95 or 0.95 (0 < level < 100); got "${text}"`);
  }
}

/** The problems an error stands for: each bad row of the CSV, or the one message. Anything else is a bug, rethrown. */
export function problemsOf(error: unknown): Problem[] {
  if (error instanceof InputFileErrors) return error.problems.map(problemOf);
  if (error instanceof InputFileError) return [problemOf(error)];
  if (error instanceof UsageError || isMetakitError(error)) return [{ message: error.message, text: error.message }];
  throw error;
}

function problemOf(error: InputFileError): Problem {
  return {
    file: error.file,
    ...(error.row !== undefined && { row: error.row }),
    ...(error.column !== undefined && { column: error.column }),
    message: error.message,
    text: error.format(),
  };
}
