/**
 * `metakit analyze SPEC [--data PATH...] [--format text|json]`: runs an analysis spec on
 * the extracted data (default data/): effect sizes with the conversion used for each, the
 * pooled models, subgroups, sensitivity scenarios, the results that could not be
 * estimated and why, and GRADE ratings with the Summary of Findings. A data file that does
 * not parse is listed as a problem and the rest is analysed; only a spec that does not
 * parse stops the command.
 */
import type { Command } from "commander";
import { MetakitError } from "@metakit/base";
import { type ParsedAnalysis } from "@metakit/schema";
import { analyzeSpec } from "@metakit/review";
import { analysisText } from "../analysis-text.js";
import { UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { oneOf } from "../options.js";
import { formatted } from "../output.js";
import { formatProblem, readAndParse, readExtractions, refuseSpecErrors } from "../schema-io.js";
import { emitROption, type EmitROption } from "../emit-r/option.js";
import { analyzeScript } from "../emit-r/analyze.js";

export const DEFAULT_DATA_PATHS = ["data"] as const;

interface AnalyzeCommandOptions extends EmitROption {
  readonly data: readonly string[];
  readonly format: "text" | "json";
}

function readSpec(file: string, io: Io): ParsedAnalysis {
  const outcome = readAndParse(file);
  const errors = outcome.issues.filter((issue) => issue.severity === "error");
  for (const issue of errors) io.stderr(`${formatProblem(issue)}\n`);
  if (errors.length > 0 || outcome.parsed === undefined) {
    throw new MetakitError("INVALID_INPUT", `${file} does not parse as an analysis spec; run metakit validate ${file}`, { field: "spec", value: file });
  }
  if (outcome.parsed.type !== "analysis") throw new UsageError(`${file} is an extraction file, not an analysis spec`);
  return outcome.parsed;
}

export function registerAnalyze(program: Command, io: Io): Command {
  const command = program
    .command("analyze")
    .description("run an analysis spec: effect sizes, pooled models, subgroups, scenarios, not-estimable studies, GRADE")
    .argument("<spec>", "analysis spec (analyses/*.yaml)")
    .option("--data <paths...>", "extraction files or folders", [...DEFAULT_DATA_PATHS])
    .option("-f, --format <format>", "output format: text or json", oneOf(["text", "json"] as const), "text");
  return emitROption(command).action((specFile: string, options: AnalyzeCommandOptions) => {
      const parsed = readSpec(specFile, io);
      const { spec } = parsed;
      const data = readExtractions(options.data);
      refuseSpecErrors([parsed], data.extractions, io);
      const result = analyzeSpec(spec, data.extractions, { file: specFile, dataProblems: data.problems });
      if (options.emitR) return io.stdout(analyzeScript(result, specFile));
      io.stdout(formatted(specFile, options.format, result, () => analysisText(result)));
      if (result.problems.length > 0) {
        io.stderr(`analyze: ${result.problems.length} problem${result.problems.length === 1 ? "" : "s"} (listed in the output); everything else was computed\n`);
      }
    });
}
