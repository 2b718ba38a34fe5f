/**
 * `metakit conv-fivenum FILE.csv [--mean luo|wan] [--sd shi|wan]`: each row's mean and SD
 * from its median with the range and/or quartiles, as metafor's conv.fivenum(test = FALSE).
 * Columns named as metafor's arguments: min, q1, median, q3, max, n (and an optional study
 * label); the output adds mean, sd and a note.
 */
import type { Command } from "commander";
import { isMetakitError } from "@metakit/base";
import { MEDIAN_MEAN_METHODS, MEDIAN_SD_METHODS, meanSdFromMedian, type MedianMeanMethod, type MedianSdMethod } from "@metakit/effect-size";
import { InputFileError } from "../errors.js";
import type { Io } from "../io.js";
import { oneOf } from "../options.js";
import { OUTPUT_FORMATS, toCsv, toJson, type Cell, type OutputFormat } from "../output.js";
import { fileRow, parseNumber, readStudyCsv, type StudyTable } from "../study-csv.js";

interface ConvFivenumOptions {
  readonly mean: MedianMeanMethod;
  readonly sd: MedianSdMethod;
  readonly format: OutputFormat;
}

const FIELDS = ["min", "q1", "median", "q3", "max", "n"] as const;

export function registerConvFivenum(program: Command, io: Io): void {
  program
    .command("conv-fivenum")
    .description("means and SDs from medians with ranges and/or quartiles (metafor's conv.fivenum, without its skewness test)")
    .argument("<file>", "CSV with columns median, n and min, max and/or q1, q3 (metafor's argument names), optional study")
    .option("--mean <method>", "luo (Luo et al. 2018, default) or wan (Wan et al. 2014)", oneOf(MEDIAN_MEAN_METHODS), "luo")
    .option("--sd <method>", "with both spreads: shi (Shi et al. 2020, default) or wan (Wan et al. 2014)", oneOf(MEDIAN_SD_METHODS), "shi")
    .option("-f, --format <format>", "output format: csv or json", oneOf(OUTPUT_FORMATS), "csv")
    .action((file: string, options: ConvFivenumOptions) => {
      const table = readStudyCsv(file);
      for (const column of ["median", "n"]) {
        if (!table.columns.includes(column)) throw new InputFileError(file, `no column "${column}"`, 1);
      }
      const results = table.cells.map((_, i) => convertRow(table, i, options));
      io.stdout(options.format === "json" ? toJson(results.map((r, i) => ({ ...table.cells[i], ...r }))) : csvOf(table, results));
    });
}

type RowResult = { mean: number; sd: number; conversion: ReturnType<typeof meanSdFromMedian>["conversion"] } | { notConverted: string };

function convertRow(table: StudyTable, index: number, options: ConvFivenumOptions): RowResult {
  const values: Partial<Record<(typeof FIELDS)[number], number>> = {};
  for (const field of FIELDS) {
    const value = table.columns.includes(field) ? parseNumber(table.cells[index]![field] ?? "", table.file, index, field) : null;
    if (value !== null) values[field] = value;
  }
  const { median, n, min, max, q1, q3 } = values;
  if (median === undefined || n === undefined) return { notConverted: "missing median or n" };
  const range = min !== undefined && max !== undefined ? { min, max } : {};
  const iqr = q1 !== undefined && q3 !== undefined ? { q1, q3 } : {};
  if (!("min" in range) && !("q1" in iqr)) return { notConverted: "missing min and max, or q1 and q3" };
  try {
    const r = meanSdFromMedian({ median, n, ...range, ...iqr }, { mean: options.mean, sd: options.sd });
    return { mean: r.mean, sd: r.sd, conversion: r.conversion };
  } catch (error) {
    if (!isMetakitError(error)) throw error;
    const field = error.details.field;
    throw new InputFileError(table.file, error.message, fileRow(index), FIELDS.find((f) => f === field));
  }
}

function csvOf(table: StudyTable, results: readonly RowResult[]): string {
  const added = ["mean", "sd", "note"];
  const columns = [...table.columns.filter((c) => !added.includes(c)), ...added];
  const rows = results.map((r, i): Record<string, Cell> => {
    const row: Record<string, Cell> = { ...table.cells[i] };
    if ("notConverted" in r) return { ...row, note: `not converted: ${r.notConverted}` };
    return { ...row, mean: r.mean, sd: r.sd, note: "" };
  });
  return toCsv(columns, rows);
}
