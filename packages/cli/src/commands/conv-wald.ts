/**
 * `metakit conv-wald FILE.csv [--transf log] [--level 95]`: each row's estimate and
 * sampling variance from a reported estimate with its CI, z statistic or p-value, as
 * metafor's conv.wald(). Columns named as metafor's arguments: out, ci.lb, ci.ub, zval,
 * pval (and an optional study label); the output adds yi, vi and a note.
 */
import type { Command } from "commander";
import { isMetakitError, plainMessage } from "@metakit/base";
import { waldToEffect, type WaldInput, type WaldResult } from "@metakit/effect-size";
import { InputFileError } from "../errors.js";
import type { Io } from "../io.js";
import { level, oneOf } from "../options.js";
import { formatted, OUTPUT_FORMATS, toCsv, type Cell, type OutputFormat } from "../output.js";
import { fileRow, parseNumber, readStudyCsv, type StudyTable } from "../study-csv.js";

interface ConvWaldOptions {
  readonly transf: "none" | "log";
  readonly level: number;
  readonly format: OutputFormat;
}

const COLUMNS = { out: "out", ciLower: "ci.lb", ciUpper: "ci.ub", zval: "zval", pval: "pval" } as const;

export function registerConvWald(program: Command, io: Io): void {
  program
    .command("conv-wald")
    .description("estimates and sampling variances from reported estimates with a CI, z or p-value (metafor's conv.wald)")
    .argument("<file>", "CSV with columns out and ci.lb, ci.ub, zval or pval (metafor's argument names), optional study")
    .option("--transf <transf>", "log for ratios (OR, RR, HR) reported on their natural scale", oneOf(["none", "log"] as const), "none")
    .option("--level <level>", "confidence level of the intervals in percent", level, 95)
    .option("-f, --format <format>", "output format: csv or json", oneOf(OUTPUT_FORMATS), "csv")
    .action((file: string, options: ConvWaldOptions) => {
      const table = readStudyCsv(file);
      if (!table.columns.includes(COLUMNS.out)) throw new InputFileError(file, `no column "${COLUMNS.out}" (the reported estimate)`, 1);
      const results = table.cells.map((_, i) => convertRow(table, i, options));
      io.stdout(formatted(file, options.format, results.map((r, i) => ({ ...table.cells[i], ...r })), () => csvOf(table, results)));
    });
}

type RowResult = { yi: number; vi: number; notes: readonly string[]; conversion: WaldResult["conversion"] } | { notConverted: string };

function convertRow(table: StudyTable, index: number, options: ConvWaldOptions): RowResult {
  const value = (key: keyof typeof COLUMNS) => {
    const column = COLUMNS[key];
    return table.columns.includes(column) ? parseNumber(table.cells[index]![column] ?? "", table.file, index, column) : null;
  };
  const out = value("out");
  if (out === null) return { notConverted: "missing out" };
  const input: WaldInput = { out, transf: options.transf, level: options.level, ...present({ ciLower: value("ciLower"), ciUpper: value("ciUpper"), zval: value("zval"), pval: value("pval") }) };
  if (input.ciUpper === undefined && input.zval === undefined && input.pval === undefined) return { notConverted: "missing ci.ub, zval and pval" };
  const result = computeOrLocateRow(table, index, () => waldToEffect(input));
  return { yi: result.yi, vi: result.vi, notes: result.notes, conversion: result.conversion };
}

/** An invalid value is reported as FILE:ROW:COLUMN, the column being the one the error names. */
function computeOrLocateRow(table: StudyTable, index: number, compute: () => WaldResult): WaldResult {
  try {
    return compute();
  } catch (error) {
    if (!isMetakitError(error)) throw error;
    const field = error.details.field;
    const column = field === undefined ? undefined : (COLUMNS as Record<string, string>)[field];
    throw new InputFileError(table.file, plainMessage(error.message), fileRow(index), column);
  }
}

function present(values: Record<string, number | null>): Partial<Record<string, number>> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, number] => e[1] !== null));
}

function csvOf(table: StudyTable, results: readonly RowResult[]): string {
  const added = ["yi", "vi", "note"];
  const columns = [...table.columns.filter((c) => !added.includes(c)), ...added];
  const rows = results.map((r, i): Record<string, Cell> => {
    const row: Record<string, Cell> = { ...table.cells[i] };
    if ("notConverted" in r) return { ...row, note: `not converted: ${r.notConverted}` };
    return { ...row, yi: r.yi, vi: r.vi, note: r.notes.join("; ") };
  });
  return toCsv(columns, rows);
}
