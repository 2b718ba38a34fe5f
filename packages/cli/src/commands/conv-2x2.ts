/**
 * `metakit conv-2x2 FILE.csv [--uncorrected]`: each row's 2x2 cells from its total,
 * margins and an odds ratio, a phi coefficient or a signed chi-square, as metafor's
 * conv.2x2(). Columns named as metafor's arguments: ni, n1i (group 1's size), n2i (the
 * events in both groups) and ori, ri or x2i (and an optional study label); the output
 * adds ai, bi, ci, di, ready for `metakit escalc`.
 */
import type { Command } from "commander";
import { isMetakitError, plainMessage } from "@metakit/base";
import { tableFromMargins, type TableFromMarginsInput } from "@metakit/effect-size";
import { InputFileError } from "../errors.js";
import type { Io } from "../io.js";
import { oneOf } from "../options.js";
import { formatted, OUTPUT_FORMATS, toCsv, type Cell, type OutputFormat } from "../output.js";
import { fileRow, parseNumber, readStudyCsv, type StudyTable } from "../study-csv.js";

interface Conv2x2Options {
  readonly uncorrected?: boolean;
  readonly format: OutputFormat;
}

/** metakit's argument names and metafor's column names. */
const COLUMNS = { ni: "ni", n1i: "n1i", n2i: "n2i", or: "ori", phi: "ri", chisq: "x2i" } as const;
const ADDED = ["ai", "bi", "ci", "di", "note"];

export function registerConv2x2(program: Command, io: Io): void {
  program
    .command("conv-2x2")
    .description("2x2 cells from the total, the margins and an odds ratio, phi or chi-square (metafor's conv.2x2)")
    .argument("<file>", "CSV with columns ni, n1i (group 1 size), n2i (events in both groups) and ori, ri or x2i; optional study")
    .option("--uncorrected", "the chi-square statistics (x2i) are without Yates' correction")
    .option("-f, --format <format>", "output format: csv or json", oneOf(OUTPUT_FORMATS), "csv")
    .action((file: string, options: Conv2x2Options) => {
      const table = readStudyCsv(file);
      const rows = table.cells.map((_, i) => convertRow(table, i, options));
      const columns = [...table.columns.filter((c) => !ADDED.includes(c)), ...ADDED];
      io.stdout(formatted(file, options.format, rows, () => toCsv(columns, rows)));
    });
}

function convertRow(table: StudyTable, index: number, options: Conv2x2Options): Record<string, Cell> {
  const row: Record<string, Cell> = { ...table.cells[index] };
  const value = (key: keyof typeof COLUMNS) => {
    const column = COLUMNS[key];
    return table.columns.includes(column) ? parseNumber(table.cells[index]![column] ?? "", table.file, index, column) : null;
  };
  const [ni, n1i, n2i, or, phi, chisq] = [value("ni"), value("n1i"), value("n2i"), value("or"), value("phi"), value("chisq")];
  if (ni === null || n1i === null || n2i === null) return { ...row, note: "not converted: missing ni, n1i or n2i" };
  if (or === null && phi === null && chisq === null) return { ...row, note: "not converted: missing ori, ri and x2i" };
  const input: TableFromMarginsInput = {
    ni, n1i, n2i, correct: !options.uncorrected,
    ...(or !== null && { or }), ...(phi !== null && { phi }), ...(chisq !== null && { chisq }),
  };
  try {
    const r = tableFromMargins(input);
    return { ...row, ai: r.ai, bi: r.bi, ci: r.ci, di: r.di, note: "" };
  } catch (error) {
    if (!isMetakitError(error)) throw error;
    const field = error.details.field;
    const column = field === undefined ? undefined : (COLUMNS as Record<string, string>)[field];
    throw new InputFileError(table.file, plainMessage(error.message), fileRow(index), column);
  }
}
