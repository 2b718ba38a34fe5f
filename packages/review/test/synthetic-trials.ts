/**
 * Synthetic trials for the robustness tests: trial i has n = 10 i per arm, means
 * 5 - 2 / sqrt(i) vs 5 and SD 2 (continuous), or events 3 + (7 i mod 11) vs 2 + (5 i mod 7)
 * of 20 + 5 i (dichotomous); naltrexone 2 i mg/day; every third trial a crossover (design).
 */
import { expect } from "vitest";
import { parseFileText, type ParsedAnalysis, type ParsedExtraction } from "@metakit/schema";
import { type AnalysisResult, analyzeSpec } from "../src/index.js";

export const P = "{source: test, location: synthetic, quote: synthetic, status: verified}";

export function trials(k: number, form: "continuous" | "dichotomous", noDose: readonly number[] = []): string {
  const ids = Array.from({ length: k }, (_, i) => i + 1);
  const result = (i: number) =>
    form === "continuous"
      ? `{id: r${i}, study: t${i}, outcome: {domain: d, instrument: NRS, better: lower}, form: continuous, measure: final, provenance: ${P}, arms: [{arm: ltx, mean: ${5 - 2 / Math.sqrt(i)}, sd: 2, n: ${10 * i}}, {arm: pbo, mean: 5, sd: 2, n: ${10 * i}}]}`
      : `{id: r${i}, study: t${i}, outcome: {domain: d, instrument: responders, better: higher}, form: dichotomous, provenance: ${P}, arms: [{arm: ltx, events: ${3 + ((i * 7) % 11)}, total: ${20 + 5 * i}}, {arm: pbo, events: ${2 + ((i * 5) % 7)}, total: ${20 + 5 * i}}]}`;
  return [
    "kind: extraction",
    "studies:",
    ...ids.map((i) => `  - {id: t${i}, indication: pain, citation: {year: 2000}, design: ${i % 3 === 0 ? "crossover-rct" : "parallel-rct"}, population: adults}`),
    "arms:",
    ...ids.flatMap((i) => [
      noDose.includes(i)
        ? `  - {study: t${i}, id: ltx, type: experimental, intervention: naltrexone, doseMissing: not reported}`
        : `  - {study: t${i}, id: ltx, type: experimental, intervention: naltrexone, dose: {value: ${2 * i}, unit: mg, per: day}}`,
      `  - {study: t${i}, id: pbo, type: placebo, intervention: placebo}`,
    ]),
    "results:",
    ...ids.map((i) => `  - ${result(i)}`),
  ].join("\n");
}

export function analyzeSynthetic(k: number, options: { measure?: string; form?: "continuous" | "dichotomous"; extra?: string; evidence?: string; noDose?: readonly number[]; test?: "z" | "knha" } = {}): { readonly spec: ParsedAnalysis["spec"]; readonly data: ParsedExtraction; readonly result: AnalysisResult } {
  const ids = Array.from({ length: k }, (_, i) => `r${i + 1}`);
  const synthesis = `[{id: s, outcome: o, evidence: ${options.evidence ?? "comparative"}, measure: ${options.measure ?? "MD"}, results: [${ids.join(", ")}], model: {method: REML, test: ${options.test ?? "z"}}${options.extra ?? ""}}]`;
  const spec = [
    "kind: analysis",
    "id: synthetic",
    "title: synthetic",
    "indication: pain",
    "question: {population: adults, intervention: naltrexone, comparator: placebo, outcomes: [{id: o, label: Outcome, type: continuous, importance: critical}]}",
    `include: [${ids.map((_, i) => `{study: t${i + 1}, why: t}`).join(", ")}]`,
    `syntheses: ${synthesis}`,
    "grade: []",
  ].join("\n");
  const parsedSpec = parseFileText("spec.yaml", spec);
  expect(parsedSpec.issues.filter((i) => i.severity === "error")).toEqual([]);
  const data = parseFileText("data.yaml", trials(k, options.form ?? "continuous", options.noDose));
  expect(data.issues.filter((i) => i.severity === "error")).toEqual([]);
  const parsed = (parsedSpec.parsed as ParsedAnalysis).spec;
  return { spec: parsed, data: data.parsed as ParsedExtraction, result: analyzeSpec(parsed, [data.parsed as ParsedExtraction]) };
}

