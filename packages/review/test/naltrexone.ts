/**
 * The real naltrexone review for the tests: the extraction files in data/, the specs in
 * analyses/, and each spec run through analyzeSpec(). The files are found as `metakit`
 * finds them (folders walked in name order, hidden folders skipped, CSVs only when their
 * name names a record kind) and parsed with @metakit/schema.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { csvRecordKind, parseFileText, type ParseOutcome, type ParsedAnalysis, type ParsedExtraction } from "@metakit/schema";
import { analyzeSpec, indexData, type AnalysisResult } from "../src/index.js";

/** The repository root, with a trailing slash. */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** Reads and parses one file (UTF-8). */
export function readAndParse(file: string): ParseOutcome {
  return parseFileText(file, readFileSync(file, "utf8"));
}

function dataFiles(directory: string): string[] {
  return readdirSync(directory)
    .sort()
    .filter((name) => !name.startsWith(".") && name !== "node_modules")
    .flatMap((name) => {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) return dataFiles(path);
      if (!/\.(csv|ya?ml|json)$/i.test(name) || (/\.csv$/i.test(name) && csvRecordKind(name) === undefined)) return [];
      return [path];
    });
}

export function loadNaltrexone() {
  const extractions: ParsedExtraction[] = [];
  const specs: ParsedAnalysis[] = [];
  for (const file of [...dataFiles(`${repoRoot}data`), ...dataFiles(`${repoRoot}analyses`)]) {
    const parsed = readAndParse(file).parsed;
    if (parsed?.type === "extraction") extractions.push(parsed);
    else if (parsed?.type === "analysis") specs.push(parsed);
  }
  const index = indexData(extractions);
  /** The spec with this id and its analysis. */
  const analysed = (id: string): { spec: ParsedAnalysis["spec"]; result: AnalysisResult } => {
    const spec = specs.find((s) => s.spec.id === id)!.spec;
    return { spec, result: analyzeSpec(spec, extractions) };
  };
  return { extractions, specs, index, analysed };
}
