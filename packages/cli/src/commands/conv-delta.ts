/**
 * `metakit conv-delta FILE.csv --transf T`: each row's yi and vi moved to another scale by
 * the delta method, as metafor's conv.delta(). Columns yi, vi (and an optional study
 * label); the output replaces yi and vi with the transformed values.
 */
import type { Command } from "commander";
import { isMetakitError, plainMessage } from "@metakit/base";
import { DELTA_TRANSFORMS, deltaMethod, type DeltaTransform } from "@metakit/effect-size";
import { InputFileError } from "../errors.js";
import type { Io } from "../io.js";
import { oneOf } from "../options.js";
import { formatted, OUTPUT_FORMATS, toCsv, type Cell, type OutputFormat } from "../output.js";
import { fileRow, readStudyCsv, type StudyTable } from "../study-csv.js";

interface ConvDeltaOptions {
  readonly transf: DeltaTransform;
  readonly format: OutputFormat;
}

export function registerConvDelta(program: Command, io: Io): void {
  program
    .command("conv-delta")
    .description("transform yi and vi to another scale by the delta method (metafor's conv.delta)")
    .argument("<file>", "CSV with columns yi and vi, optional study")
    .requiredOption("--transf <T>", `transformation (metafor's names): ${DELTA_TRANSFORMS.join(", ")}`, oneOf(DELTA_TRANSFORMS))
    .option("-f, --format <format>", "output format: csv or json", oneOf(OUTPUT_FORMATS), "csv")
    .action((file: string, options: ConvDeltaOptions) => {
      const table = readStudyCsv(file);
      for (const column of ["yi", "vi"]) {
        if (!table.columns.includes(column)) throw new InputFileError(file, `no column "${column}"`, 1);
      }
      const rows = table.studies.map((study, i) => transformRow(table, i, study.yi ?? null, study.vi ?? null, options.transf));
      io.stdout(formatted(file, options.format, rows, () => toCsv([...table.columns.filter((c) => c !== "note"), "note"], rows)));
    });
}

function transformRow(table: StudyTable, index: number, yi: number | null, vi: number | null, transf: DeltaTransform): Record<string, Cell> {
  const row: Record<string, Cell> = { ...table.cells[index] };
  if (yi === null || vi === null) return { ...row, note: "not converted: missing yi or vi" };
  try {
    const r = deltaMethod({ yi, vi }, transf);
    return { ...row, yi: r.yi, vi: r.vi, note: `${transf} by the delta method` };
  } catch (error) {
    if (!isMetakitError(error)) throw error;
    const field = error.details.field;
    throw new InputFileError(table.file, plainMessage(error.message), fileRow(index), field === "yi" || field === "vi" ? field : undefined);
  }
}
