/**
 * The analysis spec is normalised once, when it is parsed: defaults filled and the
 * confidence level read as metafor reads it (metafor:::.level: 0.95 and 95 both mean 95%,
 * 0.05 means 95%) and given as a percentage, so the pipeline never re-reads raw options.
 */
import { describe, expect, it } from "vitest";
import { parseFileText, type ParsedAnalysis } from "../src/index.js";

function spec(model: string, scenarioModel = "") {
  return [
    "kind: analysis",
    "id: a",
    "title: a",
    "indication: pain",
    "question: {population: p, intervention: i, comparator: c, outcomes: [{id: o, label: O, type: continuous, importance: critical}]}",
    "include: [{study: s1, why: w}]",
    `syntheses: [{id: s, outcome: o, evidence: comparative, measure: MD, results: [r1]${model}}]`,
    scenarioModel === "" ? "" : `scenarios: [{id: sc, label: sc, description: d, model: {${scenarioModel}}}]`,
    "grade: []",
  ].join("\n");
}

const parse = (text: string) => parseFileText("spec.yaml", text);
const model = (text: string) => (parse(text).parsed as ParsedAnalysis).spec.syntheses[0]!.model;

describe("analysis spec: the model, normalised when parsed", () => {
  it("no model: REML, z, a prediction interval, level 95 (percent)", () => {
    expect(model(spec(""))).toEqual({ type: "inverse-variance", method: "REML", test: "z", predictionInterval: true, level: 95 });
  });
  it("level 0.95, 95 and 0.05 all give 95; 0.9 and 90 give 90; a CSV-style text '0.99' gives 99", () => {
    for (const level of ["0.95", "95", "0.05"]) expect(model(spec(`, model: {level: ${level}}`)).level).toBe(95);
    for (const level of ["0.9", "90"]) expect(model(spec(`, model: {level: ${level}}`)).level).toBe(90);
    expect(model(spec(`, model: {level: "0.99"}`)).level).toBe(99);
  });
  it("a scenario's level is read the same way; fields it does not give stay absent", () => {
    const parsed = parse(spec("", "level: 0.9")).parsed as ParsedAnalysis;
    expect(parsed.spec.scenarios[0]!.model).toEqual({ level: 90 });
  });
  it("a level that is no confidence level (0, 100, 150) is an error at the level field", () => {
    for (const level of ["0", "100", "150"]) {
      const errors = parse(spec(`, model: {level: ${level}}`)).issues.filter((i) => i.severity === "error");
      expect(errors.length).toBe(1);
      expect(errors[0]!.message).toMatch(/confidence level/);
      expect(String(errors[0]!.path)).toMatch(/level$/);
    }
  });
});
