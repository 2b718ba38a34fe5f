/** `metakit measures`: every effect-size measure with its input columns and formula reference. */
import type { Command } from "commander";
import { backTransformOf, MEASURE_REFERENCES, MEASURE_VTYPES, MEASURES, requiredArgs, type Measure } from "@metakit/effect-size";
import type { Io } from "../io.js";
import { oneOf } from "../options.js";
import { toJson } from "../output.js";

interface MeasuresCommandOptions {
  readonly format: "text" | "json";
}

export function registerMeasures(program: Command, io: Io): void {
  program
    .command("measures")
    .description("list the effect-size measures (metafor's codes) with their CSV columns and formula references")
    .option("-f, --format <format>", "output format: text or json", oneOf(["text", "json"] as const), "text")
    .action((options: MeasuresCommandOptions) => {
      io.stdout(options.format === "json" ? toJson(MEASURES.map(measureEntry)) : measuresText());
    });
}

function measureEntry(measure: Measure) {
  const { description, reference, metafor } = MEASURE_REFERENCES[measure];
  return {
    measure,
    description,
    inputs: requiredArgs(measure),
    vtypes: MEASURE_VTYPES[measure],
    backTransform: backTransformOf(measure),
    reference,
    ...(metafor !== undefined && { changedInMetafor: metafor }),
  };
}

function measuresText(): string {
  const lines = MEASURES.map((measure) => {
    const e = measureEntry(measure);
    const inputs = e.inputs.map((set) => set.join(" ")).join(" | ");
    const since = e.changedInMetafor === undefined ? "" : ` [metafor ${e.changedInMetafor}]`;
    return `${measure.padEnd(6)} ${e.description}${since}\n       columns: ${inputs}\n       formula: ${e.reference}`;
  });
  return [
    "Effect-size measures (metafor's escalc codes). Columns are the CSV headers, named as metafor's",
    "arguments; give every column of one of the sets separated by |. [metafor X] marks numbers that",
    "follow metafor X or later; --metafor-compat 3.8 gives metafor 3.8-1's (README, metafor versions).",
    "",
    ...lines,
    "",
  ].join("\n");
}
