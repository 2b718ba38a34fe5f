/**
 * analyzeSpec() on synthetic extractions: each result form, each not-estimable path, the
 * separation of single-arm and comparative evidence, k = 0 and k = 1, and that one problem
 * never stops the rest. Expected values are computed here by hand from the formulas
 * (Cochrane Handbook v6.4 6.3, 6.5.2; Borenstein et al. 2009 eqs. 4.25-4.28), 1e-10.
 */
import { describe, expect, it } from "vitest";
import { normalQuantile } from "@metakit/base";
import { hedgesCorrection } from "@metakit/effect-size";
import { DoseClasses, parseFileText, type ParsedAnalysis, type ParsedExtraction } from "@metakit/schema";
import { type AnalysisResult, analyzeSpec, type EffectRow, type EstimableEffect, type SynthesisResult } from "../src/index.js";

const tol = 1e-10;
const P = "{source: test, location: synthetic, quote: synthetic, status: verified}";

const DATA = `
kind: extraction
studies:
  - {id: par, indication: pain, citation: {year: 2020}, design: parallel-rct, population: adults}
  - {id: act, indication: pain, citation: {year: 2021}, design: parallel-rct, population: adults}
  - {id: xo, indication: pain, citation: {year: 2022}, design: crossover-rct, population: adults}
  - {id: one, indication: pain, citation: {year: 2023}, design: single-arm-trial, population: adults}
arms:
  - {study: par, id: ltx, type: experimental, intervention: naltrexone, dose: {value: 4.5, unit: mg, per: day}}
  - {study: par, id: pbo, type: placebo, intervention: placebo}
  - {study: act, id: ltx, type: experimental, intervention: naltrexone, dose: {value: 50, unit: mg, per: day}}
  - {study: act, id: ami, type: active, intervention: amitriptyline}
  - {study: xo, id: ltx, type: experimental, intervention: naltrexone}
  - {study: xo, id: pbo, type: placebo, intervention: placebo}
  - {study: one, id: ltx, type: experimental, intervention: naltrexone}
results:
  - {id: dich, study: par, outcome: {domain: d, instrument: responders, better: higher}, form: dichotomous, provenance: ${P},
     arms: [{arm: ltx, events: 10, total: 50}, {arm: pbo, events: 20, total: 50}]}
  - {id: cont, study: par, outcome: {domain: d, instrument: NRS, better: lower}, form: continuous, measure: final, provenance: ${P},
     arms: [{arm: pbo, mean: 6, sd: 2, n: 40}, {arm: ltx, mean: 5, sd: 1.5, n: 30}]}
  - {id: cont-act, study: act, outcome: {domain: d, instrument: NRS, better: lower}, form: continuous, measure: final, provenance: ${P},
     arms: [{arm: ltx, mean: 4, sd: 2, n: 25}, {arm: ami, mean: 4.5, sd: 2, n: 25}]}
  - {id: cont-se, study: par, outcome: {domain: d, instrument: NRS, better: lower}, form: continuous, measure: final, provenance: ${P},
     arms: [{arm: ltx, mean: 5, sd: {missing: only the SE}, se: 0.5, n: 16}, {arm: pbo, mean: 6, sd: 2, n: 16}]}
  - {id: cont-nosd, study: par, outcome: {domain: d, instrument: NRS, better: lower}, form: continuous, measure: final, provenance: ${P},
     arms: [{arm: ltx, mean: 5, sd: {missing: not reported}, n: 16}, {arm: pbo, mean: 6, sd: {missing: not reported}, n: {missing: not reported}}]}
  - {id: cont-neg, study: par, outcome: {domain: d, instrument: NRS, better: lower}, form: continuous, measure: final, provenance: ${P},
     arms: [{arm: ltx, mean: 5, sd: -1, n: 16}, {arm: pbo, mean: 6, sd: 2, n: 16}]}
  - {id: contrast-ci, study: par, outcome: {domain: d, instrument: NRS, better: lower}, form: contrast, experimental: ltx, control: pbo, provenance: ${P},
     scale: MD, estimate: 2, ci: {lower: 0.04, upper: 3.96}, signConvention: experimental-minus-control, n: {experimental: 30, control: 30}}
  - {id: contrast-p, study: par, outcome: {domain: d, instrument: NRS, better: lower}, form: contrast, experimental: ltx, control: pbo, provenance: ${P},
     scale: MD, estimate: 3, p: 0.05, signConvention: control-minus-experimental}
  - {id: contrast-rr, study: par, outcome: {domain: d, instrument: responders, better: higher}, form: contrast, experimental: ltx, control: pbo, provenance: ${P},
     scale: RR, estimate: 0.5, ci: {lower: 0.25, upper: 1.0}, signConvention: experimental-minus-control}
  - {id: contrast-nosign, study: par, outcome: {domain: d, instrument: NRS, better: lower}, form: contrast, experimental: ltx, control: pbo, provenance: ${P},
     scale: MD, estimate: 1, ci: {lower: -1, upper: 3}, signConvention: not-stated}
  - {id: median, study: par, outcome: {domain: d, instrument: NRS, better: lower}, form: median, provenance: ${P},
     arms: [{arm: ltx, median: 4, q1: 2, q3: 6, n: 20}, {arm: pbo, median: 5, q1: 3, q3: 7, n: 20}]}
  - {id: narr, study: par, outcome: {domain: d, instrument: NRS, better: lower}, form: narrative, text: better, reason: no numbers given}
  - {id: paired-sd, study: xo, outcome: {domain: d, instrument: NRS, better: lower}, form: paired, experimental: ltx, control: pbo, provenance: ${P},
     scale: MD, estimate: -1.5, signConvention: experimental-minus-control, sdDifference: 3, n: 20}
  - {id: paired-t, study: xo, outcome: {domain: d, instrument: NRS, better: lower}, form: paired, experimental: ltx, control: pbo, provenance: ${P},
     scale: MD, estimate: -1, signConvention: experimental-minus-control, t: 2.5, n: 16}
  - {id: paired-p, study: xo, outcome: {domain: d, instrument: NRS, better: lower}, form: paired, experimental: ltx, control: pbo, provenance: ${P},
     scale: MD, conditions: [{arm: ltx, value: 3}, {arm: pbo, value: 4}], p: 0.04, n: 12}
  - {id: prop, study: one, outcome: {domain: d, instrument: responders, better: higher}, form: proportion, arm: ltx, definition: response, events: 3, total: 10, provenance: ${P}}
  - {id: prop-missing, study: one, outcome: {domain: d, instrument: responders, better: higher}, form: proportion, arm: ltx, definition: response,
     events: {missing: only a percentage}, total: 10, percent: 33, provenance: ${P}}
assumptions:
  - {id: paired-p-test, study: xo, kind: test-statistic, statement: paired t, rationale: synthetic, sets: [{result: paired-p, field: test, value: paired-t}]}
  - {id: nosd-n, study: par, kind: sample-size, statement: n, rationale: synthetic, sets: [{result: cont-nosd, arm: pbo, field: n, value: 16}]}
  - {id: r-half, kind: within-person-correlation, statement: r is 0.5, rationale: synthetic, sets: [{field: correlation, value: 0.5}]}
`;

function spec(syntheses: string, scenarios = "[]", grade = "[]"): string {
  return `
kind: analysis
id: synthetic
title: synthetic
indication: pain
question:
  population: adults
  intervention: naltrexone
  comparator: placebo
  outcomes:
    - {id: o, label: Outcome, type: continuous, importance: critical}
include: [{study: par, why: t}, {study: xo, why: t}, {study: one, why: t}]
syntheses: ${syntheses}
scenarios: ${scenarios}
grade: ${grade}
`;
}

function parsedData(text = DATA): ParsedExtraction {
  const outcome = parseFileText("data.yaml", text);
  expect(outcome.issues.filter((i) => i.severity === "error")).toEqual([]);
  return outcome.parsed as ParsedExtraction;
}

function run(syntheses: string, scenarios?: string, grade?: string): AnalysisResult {
  const outcome = parseFileText("spec.yaml", spec(syntheses, scenarios, grade));
  expect(outcome.issues.filter((i) => i.severity === "error")).toEqual([]);
  return analyzeSpec((outcome.parsed as ParsedAnalysis).spec, [parsedData()]);
}

const one = (id: string, measure: string, results: string, extra = "") =>
  `[{id: ${id}, outcome: o, evidence: ${measure.startsWith("P") ? "single-arm" : "comparative"}, measure: ${measure}, results: [${results}]${extra}}]`;
const rowOf = (s: SynthesisResult, id: string): EffectRow => s.effects.find((e) => e.result === id)!;
const est = (s: SynthesisResult, id: string): EstimableEffect => {
  const r = rowOf(s, id);
  if (!r.estimable) throw new Error(`${id}: ${r.reason}`);
  return r;
};
const reason = (s: SynthesisResult, id: string): string => {
  const r = rowOf(s, id);
  if (r.estimable) throw new Error(`${id} is estimable`);
  return r.reason;
};
const z975 = normalQuantile(0.975);

describe("analyzeSpec: result forms", () => {
  it("dichotomous -> 2x2 with the experimental arm first: log RR = log(0.2 / 0.4)", () => {
    const s = run(one("s", "RR", "dich")).syntheses[0]!;
    const d = est(s, "dich");
    expect(d.route).toBe("2x2");
    expect(Math.abs(d.yi - Math.log(0.5))).toBeLessThan(tol);
    expect(Math.abs(d.vi - (1 / 10 - 1 / 50 + 1 / 20 - 1 / 50))).toBeLessThan(tol);
    expect(d.participants).toEqual({ n: 100, source: "arm totals" });
  });

  it("continuous -> MD of the experimental minus the comparator arm, whatever their order in the record", () => {
    const s = run(one("s", "MD", "cont")).syntheses[0]!;
    const c = est(s, "cont");
    expect(c.route).toBe("arm-means");
    expect(Math.abs(c.yi - (5 - 6))).toBeLessThan(tol);
    expect(Math.abs(c.vi - (1.5 ** 2 / 30 + 2 ** 2 / 40))).toBeLessThan(tol);
  });

  it("continuous with only the SE of a mean: SD = SE sqrt(n), recorded as sd-from-se", () => {
    const c = est(run(one("s", "MD", "cont-se")).syntheses[0]!, "cont-se");
    expect(c.conversions.map((x) => x.method)).toEqual(["sd-from-se"]);
    expect(Math.abs(c.vi - ((0.5 * 4) ** 2 / 16 + 4 / 16))).toBeLessThan(tol);
  });

  it("contrast with a CI -> GEN with SE = (upper - lower) / (2 z); with p -> SE = |est| / z(1 - p/2), sign reversed for control-minus-experimental", () => {
    const r = run(`[${one("a", "MD", "contrast-ci").slice(1, -1)}, ${one("b", "MD", "contrast-p").slice(1, -1)}]`);
    const ci = est(r.syntheses[0]!, "contrast-ci");
    expect(ci.conversions.map((x) => x.method)).toEqual(["se-from-ci"]);
    expect(Math.abs(ci.sei - 3.92 / (2 * z975))).toBeLessThan(tol);
    const p = est(r.syntheses[1]!, "contrast-p");
    expect(p.conversions.map((x) => x.method)).toEqual(["se-from-p"]);
    expect(Math.abs(p.yi - -3)).toBeLessThan(tol);
    expect(Math.abs(p.sei - 3 / normalQuantile(1 - 0.025))).toBeLessThan(tol);
  });

  it("contrast on the MD scale -> SMD via t = MD / SE and the group sizes (Hedges' g)", () => {
    const c = est(run(one("s", "SMD", "contrast-ci")).syntheses[0]!, "contrast-ci");
    const se = 3.92 / (2 * z975);
    const g = hedgesCorrection(58) * (2 / se) * Math.sqrt(1 / 30 + 1 / 30);
    expect(c.conversions.map((x) => x.method)).toEqual(["se-from-ci", "smd-from-t"]);
    expect(Math.abs(c.yi - g)).toBeLessThan(tol);
    expect(c.yi).toBeGreaterThan(0); // MD +2, experimental minus control: the sign is kept
  });

  it("contrast on the RR scale -> log RR with the SE of the log interval", () => {
    const c = est(run(one("s", "RR", "contrast-rr")).syntheses[0]!, "contrast-rr");
    expect(Math.abs(c.yi - Math.log(0.5))).toBeLessThan(tol);
    expect(Math.abs(c.sei - (Math.log(1) - Math.log(0.25)) / (2 * z975))).toBeLessThan(tol);
  });

  it("paired MD: vi = SD_diff^2 / n; from t: SE = |d| / t; from p only with a paired-t assumption in force", () => {
    const r = run(
      `[${["paired-sd", "paired-t", "paired-p"].map((id) => one(id, "MD", id).slice(1, -1)).join(", ")}]`,
      "[{id: sc, label: sc, description: sc, useAssumptions: [paired-p-test], syntheses: [paired-p]}]",
    );
    const [sd, t, pOnly] = r.syntheses as [SynthesisResult, SynthesisResult, SynthesisResult];
    expect(Math.abs(est(sd, "paired-sd").vi - 9 / 20)).toBeLessThan(tol);
    expect(Math.abs(est(t, "paired-t").sei - 1 / 2.5)).toBeLessThan(tol);
    // Each formula is @metakit/effect-size's conversion, recorded with its reference.
    expect(est(sd, "paired-sd").conversions.map((c) => [c.method, c.inputs])).toEqual([["paired-md-variance-from-sd", { sdDifference: 3, n: 20 }]]);
    expect(est(t, "paired-t").conversions.map((c) => [c.method, c.inputs])).toEqual([["se-from-t", { estimate: -1, t: 2.5 }]]);
    expect(reason(pOnly, "paired-p")).toMatch(/the test behind the p-value .* is not stated/);
    expect(pOnly.pooled).toBeNull();
    const scenario = r.scenarios[0]!.syntheses[0]!.synthesis;
    expect(scenario.id).toBe("paired-p");
    const p = est(scenario, "paired-p");
    expect(p.yi).toBe(-1);
    expect(p.conversions[0]!.inputs).toMatchObject({ df: 11, p: 0.04 });
    expect(p.assumptions.map((a) => a.assumption)).toEqual(["paired-p-test"]);
    for (const row of [sd, t, scenario].flatMap((x) => x.effects)) expect(row.estimable && row.route).toBe("paired");
  });

  it("paired SMD: only with a crossover correlation; d = J(n-1) t / sqrt(n) sqrt(2 (1 - r))", () => {
    const without = run(one("s", "SMD", "paired-t")).syntheses[0]!;
    expect(reason(without, "paired-t")).toMatch(/within-person correlation, and the synthesis gives none/);
    const withR = run(one("s", "SMD", "paired-t", ", crossoverAssumption: r-half")).syntheses[0]!;
    const d = est(withR, "paired-t");
    const J = hedgesCorrection(15);
    const raw = (-2.5 / Math.sqrt(16)) * Math.sqrt(2 * 0.5);
    expect(Math.abs(d.yi - J * raw)).toBeLessThan(tol);
    expect(Math.abs(d.vi - J ** 2 * (1 / 16 + raw ** 2 / 32) * 2 * 0.5)).toBeLessThan(tol);
    expect(d.assumptions).toEqual([{ assumption: "r-half", field: "correlation", value: 0.5 }]);
    expect(withR.crossoverCorrelation).toEqual({ value: 0.5, justification: "r is 0.5", assumption: "r-half", from: "synthesis" });
  });

  it("single-arm proportion -> PLO apart from comparative evidence; each kind refuses the other", () => {
    const single = run(one("s", "PLO", "prop, prop-missing, cont")).syntheses[0]!;
    expect(Math.abs(est(single, "prop").yi - Math.log(3 / 7))).toBeLessThan(tol);
    expect(reason(single, "prop-missing")).toMatch(/events missing \(only a percentage\)/);
    expect(reason(single, "cont")).toMatch(/does not enter a single-arm synthesis/);
    const comparative = run(one("s", "MD", "cont, prop")).syntheses[0]!;
    expect(reason(comparative, "prop")).toMatch(/kept apart from comparative syntheses/);
  });

  it("not estimable: median, narrative, missing SD and n, unstated sign, each with its reason", () => {
    const s = run(one("s", "MD", "median, narr, cont-nosd, contrast-nosign")).syntheses[0]!;
    expect(reason(s, "median")).toMatch(/medians .* not done/);
    expect(reason(s, "narr")).toBe("narrative only: no numbers given");
    expect(reason(s, "cont-nosd")).toBe("SD (ltx) missing (not reported); n (pbo) missing (not reported); SD (pbo) missing (not reported)");
    expect(reason(s, "contrast-nosign")).toMatch(/sign of the difference\) is not stated/);
    expect(s.pooled).toBeNull();
    expect(s.notes.join(" ")).toMatch(/no result could be estimated \(4 selected\): nothing pooled/);
  });

  it("an assumption fills a gap only in its scenario, and never a value the data report", () => {
    const r = run(one("s", "MD", "cont-nosd"), "[{id: sc, label: sc, description: sc, useAssumptions: [nosd-n]}]");
    expect(reason(r.syntheses[0]!, "cont-nosd")).toMatch(/n \(pbo\) missing/);
    const inScenario = reason(r.scenarios[0]!.syntheses[0]!.synthesis, "cont-nosd");
    expect(inScenario).not.toMatch(/n \(pbo\)/);
    expect(inScenario).toMatch(/SD \(ltx\) missing/);
    expect(r.scenarios[0]!.syntheses[0]!.synthesis.effects[0]!.assumptions).toEqual([{ assumption: "nosd-n", arm: "pbo", field: "n", value: 16 }]);
  });
});

describe("analyzeSpec: pooling, subgroups and robustness", () => {
  it("k = 1 is the study itself (z interval, no heterogeneity); k = 2 is pooled with the spec's model", () => {
    const single = run(one("s", "MD", "cont")).syntheses[0]!;
    expect(single.pooled!.kind).toBe("single-study");
    const c = est(single, "cont");
    expect(Math.abs(single.pooled!.model.ciLower - (c.yi - z975 * c.sei))).toBeLessThan(tol);
    const two = run(one("s", "MD", "cont, cont-act", ", model: {method: DL, test: z}")).syntheses[0]!;
    expect(two.pooled!.kind).toBe("pooled");
    expect(two.pooled!.model.method).toBe("DL");
    expect(two.effects.every((e) => e.estimable && e.weight !== undefined)).toBe(true);
  });

  it("subgroups by comparator: placebo and active apart, with the test for subgroup differences; by the dose classes the spec declares", () => {
    const parsed = parseFileText("spec.yaml", spec(one("s", "MD", "cont, cont-act", ", subgroups: [comparator, doseClass]"))).parsed as ParsedAnalysis;
    const doseClasses = DoseClasses.parse({ rationale: "test classes", classes: [{ id: "low", upTo: 6 }, { id: "standard" }] });
    const s = analyzeSpec({ ...parsed.spec, doseClasses }, [parsedData()]).syntheses[0]!;
    const byComparator = s.subgroups[0]!;
    expect(byComparator.groups!.map((g) => g.group)).toEqual(["placebo", "active: amitriptyline"]);
    expect(byComparator.differences!.df).toBe(1);
    const byDose = s.subgroups[1]!;
    expect(byDose.groups!.map((g) => g.group)).toEqual(["low", "standard"]);
  });

  it("a study counts once in a synthesis: a second estimable result of it is set aside with the reason", () => {
    const s = run(one("s", "MD", "contrast-ci, cont")).syntheses[0]!;
    expect(reason(s, "cont")).toMatch(/par already enters this synthesis with contrast-ci/);
    expect(s.pooled!.model.k).toBe(1);
  });

  it("never stops at the first problem: an unknown result and an invalid value are reported, the rest is computed", () => {
    const r = run(`[
      {id: a, outcome: o, evidence: comparative, measure: MD, results: [nope, cont-neg, cont]},
      {id: b, outcome: o, evidence: comparative, measure: RR, results: [dich]}]`);
    expect(r.problems.map((p) => [p.stage, p.synthesis, p.result])).toEqual([
      ["data", "a", "nope"],
      ["effect-size", "a", "cont-neg"],
    ]);
    const a = r.syntheses[0]!;
    expect(reason(a, "nope")).toBe("no result nope in the data");
    expect(reason(a, "cont-neg")).toMatch(/the effect size could not be computed/);
    expect(a.pooled!.model.k).toBe(1);
    expect(r.syntheses[1]!.pooled!.model.k).toBe(1);
    expect(r.grade.ratings.length).toBe(2);
  });

  it("GRADE: an outcome with nothing estimable is still rated, with 'no estimate' imprecision", () => {
    const r = run(one("s", "MD", "median, narr"), "[]", "[{outcome: o, threshold: {value: 1, scale: MD (points), kind: MID, justification: test}}]");
    const rating = r.grade.ratings[0]!;
    expect(rating.estimable).toBe(false);
    expect(rating.domains.find((d) => d.domain === "imprecision")!.proposal.rule).toBe("imprecision.no-estimate");
    expect(r.grade.trace[0]!.notes.join(" ")).toMatch(/Minimal important difference 1 \(MD \(points\)\)/);
  });
});

describe("analyzeSpec: small-study test for GRADE with k >= 10", () => {
  // Ten synthetic trials: n = 10 i per arm, means 5 - 2 / sqrt(i) vs 5, SDs 2; Egger's p from
  // metafor 3.8-1 regtest(rma(yi, vi)): fixtures/metafor-extra/naltrexone-analyses.json ("tenTrials").
  const eggerPval = 0.042707257267789;
  const ids = Array.from({ length: 10 }, (_, k) => k + 1);
  const text = [
    "kind: extraction",
    "studies:",
    ...ids.map((i) => `  - {id: t${i}, indication: pain, citation: {year: 2000}, design: parallel-rct, population: adults}`),
    "arms:",
    ...ids.flatMap((i) => [
      `  - {study: t${i}, id: ltx, type: experimental, intervention: naltrexone}`,
      `  - {study: t${i}, id: pbo, type: placebo, intervention: placebo}`,
    ]),
    "results:",
    ...ids.map(
      (i) =>
        `  - {id: r${i}, study: t${i}, outcome: {domain: d, instrument: NRS, better: lower}, form: continuous, measure: final, provenance: ${P}, arms: [{arm: ltx, mean: ${5 - 2 / Math.sqrt(i)}, sd: 2, n: ${10 * i}}, {arm: pbo, mean: 5, sd: 2, n: ${10 * i}}]}`,
    ),
  ].join("\n");

  it("Egger's test (regtest) is passed to GRADE, whose publication-bias rule then reads it", () => {
    const outcome = parseFileText("spec.yaml", spec(one("s", "MD", ids.map((i) => `r${i}`).join(", "), ", model: {method: REML, test: z}")));
    const result = analyzeSpec((outcome.parsed as ParsedAnalysis).spec, [parsedData(text)]);
    const test = result.grade.trace[0]!.evidence.smallStudyTest!;
    expect(test.method).toBe("Egger");
    expect(test.k).toBe(10);
    expect(Math.abs(test.pval - eggerPval)).toBeLessThan(1e-6);
    const publicationBias = result.grade.ratings[0]!.domains.find((d) => d.domain === "publicationBias")!;
    expect(publicationBias.proposal.concern).toBe("serious");
  });
});
