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
  /** The nssi spec pooled, as the metafor oracle was made for (pooledNssiSpec). */
  const analysedPooledNssi = (): { spec: ParsedAnalysis["spec"]; result: AnalysisResult } => {
    const spec = pooledNssiSpec(specs.find((s) => s.spec.id === "nssi")!.spec);
    return { spec, result: analyzeSpec(spec, extractions) };
  };
  return { extractions, specs, index, analysed, analysedPooledNssi };
}

/**
 * The nssi spec as the pooled single-arm analysis the metafor oracle was made for
 * (fixtures/metafor-extra/naltrexone-analyses.json, nssi): the four counts roth1996,
 * bodfish1997, biolpsych1990 and txstate1996 pooled as logit proportions (REML, Knapp-Hartung,
 * prediction interval), by design and dose class, with its three scenarios. The review itself
 * describes these counts without pooling them (analyses/nssi.yaml, pool: false: the response
 * definitions differ); the tests keep this variant to check the library's pooled single-arm
 * path on real data against metafor.
 */
export function pooledNssiSpec(spec: ParsedAnalysis["spec"]): ParsedAnalysis["spec"] {
  const [described] = spec.syntheses;
  const { notPooledReason: _reason, ...rest } = described!;
  return {
    ...spec,
    syntheses: [
      {
        ...rest,
        results: ["roth1996-sib-ceased", "bodfish1997-suppression", "biolpsych1990-decrease", "txstate1996-responders"],
        pool: true,
        model: { ...rest.model, predictionInterval: true },
        subgroups: ["design", "doseClass"],
      },
    ],
    scenarios: [
      { id: "controlled-designs-only", label: "Placebo-controlled single-subject designs only", description: "Drops the open-label and retrospective studies.", useAssumptions: [], excludeStudies: ["roth1996", "txstate1996"], excludeRiskOfBias: [], syntheses: [] },
      { id: "without-computed-count", label: "Without the computed count", description: "Drops txstate1996 (14 computed from 25% of 56).", useAssumptions: [], excludeStudies: ["txstate1996"], excludeRiskOfBias: [], syntheses: [] },
      { id: "common-effect", label: "Common-effect model", description: "EE with a z test.", useAssumptions: [], excludeStudies: [], excludeRiskOfBias: [], model: { method: "EE", test: "z" }, syntheses: [] },
    ],
    grade: spec.grade.map(({ judgements: _judgements, ...entry }) => entry),
  };
}
