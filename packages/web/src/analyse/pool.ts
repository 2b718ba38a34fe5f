/**
 * "Analyse a CSV" computes with the CLI's own code: the CSV is read by `metakit pool`'s
 * reader and pooled by its `poolTable`, so the JSON offered for download is what
 * `metakit pool --format json` prints for the same data and options, by construction.
 */
import { InputFileError } from "@metakit/cli/errors";
import { level as parseLevel } from "@metakit/cli/options";
import { parseStudyCsv, type StudyTable } from "@metakit/cli/study-csv";
import { poolTable, POOLING_METHODS as CLI_POOLING_METHODS, type PoolCommandOptions } from "@metakit/cli/commands/pool";
import { TESTS } from "@metakit/core";
import { isMetakitError } from "@metakit/base";
import { MEASURES, type Measure } from "@metakit/effect-size";
import { UsageError } from "@metakit/cli/errors";

/**
 * The Model choices: EE, the tau² estimators, MH and Peto. GENQ (user weights) and BAYES
 * (priors) need options this page does not offer yet.
 */
export const POOLING_METHODS = CLI_POOLING_METHODS.filter((method) => method !== "GENQ" && method !== "BAYES");
export { MEASURES, TESTS };
export type PoolingMethod = (typeof CLI_POOLING_METHODS)[number];
export type Test = (typeof TESTS)[number];

export interface QuickOptions {
  readonly measure: Measure;
  readonly method: PoolingMethod;
  readonly test: Test;
  /** As typed: 95 or 0.95, read by the CLI's own --level parser. */
  readonly level: string;
  /** A column of the CSV, or "" for no subgroups. */
  readonly by: string;
}

export type QuickOutcome =
  | { readonly ok: true; readonly table: StudyTable; readonly json: string; readonly options: PoolCommandOptions }
  | { readonly ok: false; readonly message: string; readonly table?: StudyTable };

/** Reads the CSV text; the name stands for the file in messages (`FILE:ROW:COLUMN: message`). */
export function readTable(text: string, name: string): StudyTable {
  return parseStudyCsv(text, name);
}

/** The pooled result as `metakit pool --format json` prints it, or the message the CLI would give. */
export function poolCsv(text: string, name: string, quick: QuickOptions): QuickOutcome {
  let table: StudyTable | undefined;
  try {
    table = readTable(text, name);
    const options: PoolCommandOptions = {
      measure: quick.measure,
      method: quick.method,
      test: quick.test,
      level: readLevel(quick.level),
      format: "json",
      ...(quick.by !== "" && { by: quick.by }),
    };
    return { ok: true, table, json: poolTable(table, options), options };
  } catch (error) {
    return { ok: false, message: messageOf(error), ...(table && { table }) };
  }
}

function readLevel(text: string): number {
  try {
    return parseLevel(text);
  } catch (error) {
    throw new UsageError(`Confidence level: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function messageOf(error: unknown): string {
  if (error instanceof InputFileError) return error.format();
  if (error instanceof UsageError || isMetakitError(error)) return error.message;
  throw error;
}
