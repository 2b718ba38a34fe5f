/**
 * Results nested within studies (issue 17, "CLI and specs"): a spec whose model is
 * `{type: multilevel}` keeps every result of a study and pools them with the three-level
 * model (metafor's rma.mv(yi, vi, random = ~ 1 | study/result), @metakit/core's
 * multilevelModel, called here directly on the synthesis's yi and vi: compared exactly);
 * GRADE reads its interval; the forest plot groups a study's results under the study.
 * Trials as synthetic-trials.ts, with a second result for trials 1 and 2 (made-up numbers
 * for the pipeline only, not a statistic checked against R: core's own tests do that).
 */
import { describe, expect, it } from "vitest";
import { multilevelModel } from "@metakit/core";
import { parseFileText, type ParsedAnalysis, type ParsedExtraction } from "@metakit/schema";
import { analyzeSpec, indexData, reportInputOf, type EstimableEffect } from "../src/index.js";
import { P, trials } from "./synthetic-trials.js";

const second = (i: number, mean: number) =>
  `  - {id: r${i}b, study: t${i}, outcome: {domain: d, instrument: VAS, better: lower}, form: continuous, measure: final, provenance: ${P}, arms: [{arm: ltx, mean: ${mean}, sd: 2, n: ${10 * i}}, {arm: pbo, mean: 5, sd: 2, n: ${10 * i}}]}`;
const DATA = [trials(4, "continuous"), second(1, 3.9), second(2, 4.6)].join("\n");

function run(model: string, results = "[r1, r1b, r2, r2b, r3, r4]") {
  const spec = [
    "kind: analysis",
    "id: ml",
    "title: ml",
    "indication: pain",
    "question: {population: adults, intervention: naltrexone, comparator: placebo, outcomes: [{id: o, label: Outcome, type: continuous, importance: critical}]}",
    "include: [{study: t1, why: t}, {study: t2, why: t}, {study: t3, why: t}, {study: t4, why: t}]",
    `syntheses: [{id: s, outcome: o, evidence: comparative, measure: MD, results: ${results}, model: ${model}}]`,
    "grade: []",
  ].join("\n");
  const parsed = parseFileText("spec.yaml", spec);
  expect(parsed.issues.filter((i) => i.severity === "error")).toEqual([]);
  const data = parseFileText("data.yaml", DATA);
  expect(data.issues.filter((i) => i.severity === "error")).toEqual([]);
  const s = (parsed.parsed as ParsedAnalysis).spec;
  const extractions = [data.parsed as ParsedExtraction];
  return { spec: s, extractions, result: analyzeSpec(s, extractions) };
}

describe("analyzeSpec: the multilevel model for several results per study", () => {
  const { spec, extractions, result } = run("{type: multilevel, method: REML, test: z}");
  const s = result.syntheses[0]!;
  const rows = s.effects.filter((e): e is EstimableEffect => e.estimable);

  it("keeps every result (none 'already enters') and equals multilevelModel() with studies as clusters and results within them", () => {
    expect(rows.map((r) => r.result)).toEqual(["r1", "r1b", "r2", "r2b", "r3", "r4"]);
    const direct = multilevelModel({ yi: rows.map((r) => r.yi), vi: rows.map((r) => r.vi), cluster: rows.map((r) => r.study), inner: rows.map((r) => r.result), labels: rows.map((r) => r.result) }, { method: "REML", test: "z", level: 95 });
    expect(s.multilevel!.fit).toEqual(direct);
    expect(s.multilevel!.fit.clusters).toBe(4);
    expect(s.multilevel!.estimate.estimate).toBe(direct.prediction!.pred);
    expect(s.pooled).toBeNull();
    expect(s.primary).toBe("multilevel");
  });

  it("GRADE reads the three-level model's interval, with k the number of studies", () => {
    const pooled = result.grade.trace[0]!.evidence.pooled!;
    expect(pooled.ciLower).toBe(s.multilevel!.estimate.ciLower);
    expect(pooled.k).toBe(4);
  });

  it("the forest plot groups each study's results under the study and draws the three-level estimate", () => {
    const index = indexData(extractions);
    const forest = reportInputOf([{ spec, result }], index, [], { title: "T", generator: "t", sources: [] }).indications[0]!.analyses[0]!.forest!;
    expect(forest.subgroups!.map((g) => g.name)).toHaveLength(4);
    expect(forest.rows.map((r) => r.group)).toEqual([forest.subgroups![0]!.name, forest.subgroups![0]!.name, forest.subgroups![1]!.name, forest.subgroups![1]!.name, forest.subgroups![2]!.name, forest.subgroups![3]!.name]);
    expect(forest.pooled!.estimate).toBe(s.multilevel!.estimate.estimate);
    expect(forest.method).toBe("IV, three-level random effects (REML), 95% CI");
  });

  it("without type multilevel a study enters once, with its first result (as before)", () => {
    const plain = run("{method: REML, test: z}").result.syntheses[0]!;
    expect(plain.multilevel).toBeNull();
    expect(plain.pooled!.model.k).toBe(4);
    expect(plain.effects.find((e) => e.result === "r1b")!.estimable).toBe(false);
  });

  it("multilevel asked but one result per study: the ordinary model, with a note saying why", () => {
    const one = run("{type: multilevel, method: REML, test: z}", "[r1, r2, r3, r4]").result.syntheses[0]!;
    expect(one.multilevel).toBeNull();
    expect(one.pooled!.model.k).toBe(4);
    expect(one.primary).toBe("frequentist");
    expect(one.notes.join(" ")).toMatch(/no study gives more than one estimable result: the ordinary model is used/);
  });

  it("knha is read as t tests on k - 1 degrees of freedom, and said so", () => {
    const t = run("{type: multilevel, method: REML, test: knha}").result.syntheses[0]!;
    expect(t.multilevel!.fit.test).toBe("t");
    expect(t.multilevel!.fit.df).toBe(5);
    expect(t.notes.join(" ")).toMatch(/Knapp-Hartung is not defined for the multilevel model/);
  });
});
