/**
 * The real naltrexone review for the tests: the extraction files in data/, the specs in
 * analyses/, and each spec run through analyzeSpec().
 */
import type { ParsedAnalysis, ParsedExtraction } from "@metakit/schema";
import { analyzeSpec } from "../src/analysis/analyze.js";
import { indexData } from "../src/analysis/dataset.js";
import type { AnalysisResult } from "../src/analysis/types.js";
import { collectDataFiles, readAndParse } from "../src/schema-io.js";
import { repoRoot } from "./run-cli.js";

export function loadNaltrexone() {
  const extractions: ParsedExtraction[] = [];
  const specs: ParsedAnalysis[] = [];
  for (const file of collectDataFiles([`${repoRoot}data`, `${repoRoot}analyses`]).files) {
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
