/**
 * `metakit conv-fivenum FILE.csv [--mean luo|wan] [--sd shi|wan] [--no-test]`: each row's
 * mean and SD from its median with the range and/or quartiles, as metafor 5's
 * conv.fivenum(): a row whose summary Shi et al.'s test finds skewed, or with n < 5, is not
 * converted (the note says why); --no-test converts skewed rows too (metafor's test = FALSE).
 * Columns named as metafor's arguments: min, q1, median, q3, max, n (and an optional study
 * label); the output adds mean, sd, the skewness statistic and its critical value, and a note.
 */
import type { Command } from "commander";
import { isMetakitError, plainMessage } from "@metakit/base";
import { convFivenum, MEDIAN_MEAN_METHODS, MEDIAN_SD_METHODS, type ConvFivenumResult, type MedianMeanMethod, type MedianSdMethod } from "@metakit/effect-size";
import { InputFileError } from "../errors.js";
import type { Io } from "../io.js";
import { oneOf } from "../options.js";
import { formatted, OUTPUT_FORMATS, toCsv, type Cell, type OutputFormat } from "../output.js";
import { fileRow, parseNumber, readStudyCsv, type StudyTable } from "../study-csv.js";

interface ConvFivenumOptions {
  readonly mean: MedianMeanMethod;
  readonly sd: MedianSdMethod;
  /** false with --no-test. */
  readonly test: boolean;
  readonly format: OutputFormat;
}

const FIELDS = ["min", "q1", "median", "q3", "max", "n"] as const;

export function registerConvFivenum(program: Command, io: Io): void {
  program
    .command("conv-fivenum")
    .description("means and SDs from medians with ranges and/or quartiles (metafor's conv.fivenum, with its skewness test)")
    .argument("<file>", "CSV with columns median, n and min, max and/or q1, q3 (metafor's argument names), optional study")
    .option("--mean <method>", "luo (Luo et al. 2018) or wan (Wan et al. 2014)", oneOf(MEDIAN_MEAN_METHODS), "luo")
    .option("--sd <method>", "with both spreads: shi (Shi et al. 2020) or wan (Wan et al. 2014)", oneOf(MEDIAN_SD_METHODS), "shi")
    .option("--no-test", "convert summaries the skewness test finds skewed too (metafor's test = FALSE)")
    .option("-f, --format <format>", "output format: csv or json", oneOf(OUTPUT_FORMATS), "csv")
    .action((file: string, options: ConvFivenumOptions) => {
      const table = readStudyCsv(file);
      for (const column of ["median", "n"]) {
        if (!table.columns.includes(column)) throw new InputFileError(file, `no column "${column}"`, 1);
      }
      const results = table.cells.map((_, i) => convertRow(table, i, options));
      io.stdout(formatted(file, options.format, results.map((r, i) => ({ ...table.cells[i], ...jsonOf(r) })), () => csvOf(table, results)));
    });
}

type RowResult = ConvFivenumResult | { readonly estimable: false; readonly reason: string; readonly missing: true };

function convertRow(table: StudyTable, index: number, options: ConvFivenumOptions): RowResult {
  const values: Partial<Record<(typeof FIELDS)[number], number>> = {};
  for (const field of FIELDS) {
    const value = table.columns.includes(field) ? parseNumber(table.cells[index]![field] ?? "", table.file, index, field) : null;
    if (value !== null) values[field] = value;
  }
  const { median, n, min, max, q1, q3 } = values;
  if (median === undefined || n === undefined) return { estimable: false, reason: "missing median or n", missing: true };
  const range = min !== undefined && max !== undefined ? { min, max } : {};
  const iqr = q1 !== undefined && q3 !== undefined ? { q1, q3 } : {};
  if (!("min" in range) && !("q1" in iqr)) return { estimable: false, reason: "missing min and max, or q1 and q3", missing: true };
  try {
    return convFivenum({ median, n, ...range, ...iqr }, { mean: options.mean, sd: options.sd, test: options.test });
  } catch (error) {
    if (!isMetakitError(error)) throw error;
    const field = error.details.field;
    throw new InputFileError(table.file, plainMessage(error.message), fileRow(index), FIELDS.find((f) => f === field));
  }
}

/** The skewness statistic and critical value of a row that has them (metafor's tval, crit). */
function skewnessCells(r: RowResult): Record<string, Cell> {
  const skewness = "skewness" in r ? r.skewness : undefined;
  return skewness === undefined ? {} : { skewness: skewness.statistic, critical: skewness.critical };
}

function jsonOf(r: RowResult): Record<string, unknown> {
  if (!r.estimable) return { ...skewnessCells(r), note: `not converted: ${r.reason}` };
  return { mean: r.mean, sd: r.sd, ...skewnessCells(r), conversion: r.conversion };
}

function csvOf(table: StudyTable, results: readonly RowResult[]): string {
  const added = ["mean", "sd", "skewness", "critical", "note"];
  const columns = [...table.columns.filter((c) => !added.includes(c)), ...added];
  const rows = results.map((r, i): Record<string, Cell> => {
    const row: Record<string, Cell> = { ...table.cells[i], ...skewnessCells(r) };
    if (!r.estimable) return { ...row, note: `not converted: ${r.reason}` };
    return { ...row, mean: r.mean, sd: r.sd, note: "" };
  });
  return toCsv(columns, rows);
}
