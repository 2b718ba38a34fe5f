/**
 * The robustness phase of analyzeSpec() on synthetic trials: leave-one-out, GOSH, the tests
 * for small-study effects with the funnel's data, and meta-regression each appear exactly
 * when their condition holds (k >= 3; asked and k <= 15; comparative and k >= 10, Cochrane
 * Handbook v6.4 13.3.5.4; asked and k >= 10 with the moderator's value, 10.11.5.1), and
 * their numbers are @metakit/core's functions called on the synthesis's yi, vi and model
 * (compared exactly: the pipeline must not recompute). Trial data: n = 10 i per arm, means
 * 5 - 2 / sqrt(i) vs 5, SD 2 (as analyze.forms.test.ts); doses 2 i mg/day.
 */
import { describe, expect, it } from "vitest";
import { bubblePlotData, eggerTest, funnelData, gosh, harbordTest, leaveOneOut, metaRegression, petersTest, rankTest, trimAndFill } from "@metakit/core";
import { parseFileText, type ParsedAnalysis, type ParsedExtraction } from "@metakit/schema";
import { analyzeSpec, type EstimableEffect, type SynthesisResult } from "../src/index.js";
import { analyzeSynthetic, P, trials } from "./synthetic-trials.js";

const analyze = (k: number, options?: Parameters<typeof analyzeSynthetic>[1]): SynthesisResult => analyzeSynthetic(k, options).result.syntheses[0]!;

/** The model's input as the pipeline pooled it: estimable rows in the pooled order. */
function inputOf(s: SynthesisResult) {
  const rows = s.pooled!.results.map((id) => s.effects.find((e): e is EstimableEffect => e.estimable && e.result === id)!);
  return { yi: rows.map((r) => r.yi), vi: rows.map((r) => r.vi), labels: rows.map((r) => r.study) };
}
const model = { method: "REML", test: "z", level: 95 } as const;

describe("robustness: leave-one-out", () => {
  it("runs with k >= 3 and equals leaveOneOut() on the pooled yi and vi", () => {
    const s = analyze(4);
    const run = s.robustness!.leaveOneOut!;
    expect(run.results).toEqual(["r1", "r2", "r3", "r4"]);
    expect(run.fit).toEqual(leaveOneOut(inputOf(s), model));
  });

  it("runs at the boundary, k = 3", () => {
    expect(analyze(3).robustness!.leaveOneOut!.fit.estimate).toHaveLength(3);
  });

  it("is not run with k = 2, or when the spec turns it off, and says why", () => {
    const two = analyze(2).robustness!;
    expect(two.leaveOneOut).toBeNull();
    expect(two.notes.join(" ")).toMatch(/leave-one-out not run: k = 2 < 3/);
    const off = analyze(5, { extra: ", sensitivity: {leaveOneOut: false}" }).robustness!;
    expect(off.leaveOneOut).toBeNull();
    expect(off.notes.join(" ")).toMatch(/turns it off/);
  });

  it("applies to single-arm proportions too (k = 4)", () => {
    const text = (i: number) => `{id: r${i}, study: t${i}, outcome: {domain: d, instrument: responders, better: higher}, form: proportion, arm: ltx, definition: response, events: ${i + 2}, total: 12, provenance: ${P}}`;
    const data = parseFileText("d.yaml", trials(4, "continuous").replace(/results:[\s\S]*$/, `results:\n${[1, 2, 3, 4].map((i) => `  - ${text(i)}`).join("\n")}`));
    const spec = parseFileText(
      "s.yaml",
      "kind: analysis\nid: x\ntitle: x\nindication: pain\nquestion: {population: a, intervention: n, comparator: none, outcomes: [{id: o, label: O, type: proportion, importance: critical}]}\ninclude: [{study: t1, why: t}]\nsyntheses: [{id: s, outcome: o, evidence: single-arm, measure: PLO, results: [r1, r2, r3, r4]}]\ngrade: []",
    );
    const s = analyzeSpec((spec.parsed as ParsedAnalysis).spec, [data.parsed as ParsedExtraction]).syntheses[0]!;
    expect(s.robustness!.leaveOneOut!.fit).toEqual(leaveOneOut(inputOf(s), model));
    expect(s.robustness!.smallStudyEffects).toBeNull();
  });
});

describe("robustness: small-study effects", () => {
  it("with k = 9 nothing is run and the note cites the Cochrane Handbook", () => {
    const r = analyze(9).robustness!;
    expect(r.smallStudyEffects).toBeNull();
    expect(r.notes.join(" ")).toMatch(/no funnel plot and no test for small-study effects.*k = 9 < 10.*13\.3\.5\.4/);
  });

  it("with k = 10: Egger's test, the rank test, trim and fill and the funnel, each equal to core's", () => {
    const s = analyze(10);
    const e = s.robustness!.smallStudyEffects!;
    const input = inputOf(s);
    expect(e.egger).toEqual(eggerTest(input, model));
    expect(e.test).toEqual({ name: "Egger", k: 10, statistic: e.egger.statistic, pval: e.egger.pval });
    expect(e.rankTest).toEqual(rankTest(input));
    expect(e.trimAndFill).toEqual(trimAndFill(input, model));
    const funnel = funnelData(input, model);
    expect(e.funnel).toEqual(funnel);
    expect(e.pseudoConfidence).toEqual(funnelData(input, { ...model, reference: funnel.estimate, alphas: [0.05] }).contours[0]);
    expect(e.harbord).toBeNull();
    expect(s.robustness!.notes.join(" ")).not.toMatch(/small-study/);
  });

  it("odds ratios from 2x2 tables: Harbord's test (read by GRADE) and Peters' test as well", () => {
    const s = analyze(10, { measure: "OR", form: "dichotomous" });
    const e = s.robustness!.smallStudyEffects!;
    const tables = s.pooled!.results.map((id) => {
      const i = Number(id.slice(1));
      const [a, n1, c, n2] = [3 + ((i * 7) % 11), 20 + 5 * i, 2 + ((i * 5) % 7), 20 + 5 * i];
      return { ai: a, bi: n1 - a, ci: c, di: n2 - c };
    });
    expect(e.harbord).toEqual(harbordTest(tables, s.pooled!.results));
    expect(e.peters).toEqual(petersTest(tables, inputOf(s).yi, s.pooled!.results));
    expect(e.test.name).toBe("Harbord");
    expect(e.test.pval).toBe(e.harbord!.pval);
  });
});

describe("robustness: GOSH", () => {
  it("only when asked; every subset's estimate and I2 as gosh() streams them", () => {
    expect(analyze(6).robustness!.gosh).toBeNull();
    const s = analyze(6, { extra: ", sensitivity: {gosh: true}" });
    const run = s.robustness!.gosh!;
    const estimates: number[] = [];
    const I2: number[] = [];
    const summary = gosh(inputOf(s), (fit) => {
      estimates.push(fit.estimate);
      I2.push(fit.I2);
    }, { method: "REML" });
    expect(run.summary).toEqual(summary);
    expect(run.estimates).toEqual(estimates);
    expect(run.I2).toEqual(I2);
    expect(run.estimates).toHaveLength(63);
  });

  it("runs at the boundary, k = 15: 32,767 subsets", () => {
    expect(analyze(15, { extra: ", sensitivity: {gosh: true}" }).robustness!.gosh!.summary.fits).toBe(32767);
  });

  it("not with k = 16 (more than 15 studies), with a note", () => {
    const r = analyze(16, { extra: ", sensitivity: {gosh: true}" }).robustness!;
    expect(r.gosh).toBeNull();
    expect(r.notes.join(" ")).toMatch(/GOSH not run: k = 16/);
  });
});

describe("robustness: meta-regression", () => {
  it("on daily dose with k = 10: metaRegression() and bubblePlotData() on the dose in mg/day", () => {
    const s = analyze(10, { extra: ", metaRegression: [{moderator: dailyDose}]" });
    const [run] = s.robustness!.metaRegressions;
    const input = inputOf(s);
    const moderators = [{ kind: "numeric" as const, name: "dailyDose", values: s.pooled!.results.map((id) => 2 * Number(id.slice(1))) }];
    const fit = metaRegression(input, moderators, model);
    expect(run!.model).toEqual(fit);
    expect(run!.bubble).toEqual(bubblePlotData(fit, input, moderators, "dailyDose"));
    expect(run!.kind).toBe("numeric");
  });

  it("studies without a daily dose are left out, with a note; with fewer than 10 left it is not run", () => {
    const [run] = analyze(11, { extra: ", metaRegression: [{moderator: dailyDose}]", noDose: [4] }).robustness!.metaRegressions;
    expect(run!.model.k).toBe(10);
    expect(run!.results).not.toContain("r4");
    expect(run!.notes.join(" ")).toMatch(/left out, dailyDose not known: t4/);
    const short = analyze(10, { extra: ", metaRegression: [{moderator: dailyDose}]", noDose: [4] }).robustness!;
    expect(short.metaRegressions).toEqual([]);
    expect(short.notes.join(" ")).toMatch(/k = 9 < 10 studies with its value/);
  });

  it("a categorical moderator (design) has no bubble plot", () => {
    const [run] = analyze(10, { extra: ", metaRegression: [{moderator: design}]" }).robustness!.metaRegressions;
    expect(run!.kind).toBe("categorical");
    expect(run!.model.coefficients.map((c) => c.name)).toEqual(["intrcpt", "design=parallel-rct"]);
    expect(run!.bubble).toBeNull();
  });

  it("is not run with k = 9 or when not asked", () => {
    const r = analyze(9, { extra: ", metaRegression: [{moderator: dailyDose}]" }).robustness!;
    expect(r.metaRegressions).toEqual([]);
    expect(r.notes.join(" ")).toMatch(/meta-regression on dailyDose not run: k = 9 < 10.*10\.11\.5\.1/);
    expect(analyze(10).robustness!.metaRegressions).toEqual([]);
  });
});
