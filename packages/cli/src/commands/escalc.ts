/** `metakit escalc FILE.csv --measure M`: effect sizes per study, as metafor's escalc. */
import type { Command } from "commander";
import type { Io } from "../io.js";
import { escalc, MEASURE_VTYPES, MEASURES, VTYPES, ZERO_CELL_RULES, type EscalcOptions, type EscalcResult, type Measure, type MetaforCompat, type Vtype, type ZeroCellRule } from "@metakit/effect-size";
import { finiteNumber, metaforCompat, oneOf } from "../options.js";
import { formatted, OUTPUT_FORMATS, toCsv, type Cell, type OutputFormat } from "../output.js";
import { computeOrLocate } from "../locate.js";
import { readStudyCsv, refuseUnusableTable, type StudyTable } from "../study-csv.js";
import { UsageError } from "../errors.js";

interface EscalcCommandOptions {
  readonly measure: Measure;
  readonly add?: number;
  readonly to?: ZeroCellRule;
  readonly drop00?: boolean;
  readonly vtype?: Vtype;
  readonly metaforCompat?: MetaforCompat;
  readonly format: OutputFormat;
}

export function registerEscalc(program: Command, io: Io): void {
  program
    .command("escalc")
    .description("compute effect sizes (yi), sampling variances (vi) and 95% CIs per study")
    .argument("<file>", "CSV with metafor's column names (ai bi ci di n1i n2i m1i sd1i ... x1i t1i ti r2i; see metakit measures) and an optional study column")
    .requiredOption("-m, --measure <M>", `effect measure: ${MEASURES.join(", ")}`, oneOf(MEASURES))
    .option("--add <x>", "continuity correction added to 2x2 cells (default 0.5)", finiteNumber((x) => x >= 0, " >= 0"))
    .option("--to <rule>", "which studies get the correction: only0 (default), all, if0all, none", oneOf(ZERO_CELL_RULES))
    .option("--drop00", "treat studies with no events in either group as not estimable")
    .option("--vtype <vtype>", `sampling-variance variant (metafor's vtype): ${VTYPES.join(", ")}; default LS`, oneOf(VTYPES))
    .option("--metafor-compat <version>", "formulas of metafor current (5.0-1, default) or 3.8 (3.8-1) where they differ (see metakit measures)", metaforCompat)
    .option("-f, --format <format>", "output format: csv or json", oneOf(OUTPUT_FORMATS), "csv")
    .action((file: string, options: EscalcCommandOptions) => {
      refuseUnavailableVtype(options);
      const table = readStudyCsv(file);
      refuseUnusableTable(table, options.measure);
      const result = computeOrLocate(file, () => escalc(options.measure, table.studies, escalcOptions(options)));
      io.stdout(formatted(file, options.format, escalcJson(table, result), () => escalcCsv(table, result)));
    });
}

/** A --vtype the measure does not have is a usage error (exit 2), before any file is read. */
function refuseUnavailableVtype(options: EscalcCommandOptions): void {
  const allowed = MEASURE_VTYPES[options.measure];
  if (options.vtype !== undefined && !allowed.includes(options.vtype)) {
    throw new UsageError(`--vtype ${options.vtype} is not available for ${options.measure} (it has ${allowed.join(", ")})`);
  }
}

function escalcOptions(options: EscalcCommandOptions): EscalcOptions {
  return {
    ...(options.add !== undefined && { add: options.add }),
    ...(options.to !== undefined && { to: options.to }),
    ...(options.drop00 !== undefined && { drop00: options.drop00 }),
    ...(options.vtype !== undefined && { vtype: options.vtype }),
    ...(options.metaforCompat !== undefined && { metaforCompat: options.metaforCompat }),
  };
}

const ADDED_COLUMNS = ["yi", "vi", "sei", "ciLower", "ciUpper", "note"] as const;

/** The study's own cells followed by the computed columns (empty where not estimable). */
function rowWithEffect(table: StudyTable, result: EscalcResult, index: number): Record<string, Cell> {
  const row: Record<string, Cell> = Object.assign(Object.create(null) as Record<string, Cell>, table.cells[index]);
  const effect = result.studies[index]!;
  if (effect.estimable) {
    Object.assign(row, { yi: effect.yi, vi: effect.vi, sei: effect.sei, ciLower: effect.ciLower, ciUpper: effect.ciUpper });
    row["note"] = effect.notes.join("; ");
  } else {
    row["note"] = `not estimable: ${effect.reason}`;
  }
  return row;
}

function escalcCsv(table: StudyTable, result: EscalcResult): string {
  const columns = [...table.columns.filter((c) => !(ADDED_COLUMNS as readonly string[]).includes(c)), ...ADDED_COLUMNS];
  return toCsv(columns, table.cells.map((_, i) => rowWithEffect(table, result, i)));
}

function escalcJson(table: StudyTable, result: EscalcResult) {
  return {
    measure: result.measure,
    options: result.options,
    studies: result.studies.map((effect, i) => ({ ...table.cells[i], ...effect })),
    notes: result.notes,
  };
}
