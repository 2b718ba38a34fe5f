/**
 * Bayesian models and GLMMs named by a spec (issue 18, "CLI and specs"): analyzeSpec fits
 * the spec's primaryModel or a scenario's model beside the frequentist model, and its
 * numbers are @metakit/core's bayesMeta and glmm called directly on the synthesis's
 * effect sizes and counts (compared exactly: the pipeline must not recompute); GRADE's
 * imprecision reads the interval of the analysis the spec names as primary.
 * Trial data as analyze.robustness.test.ts (synthetic-trials.ts).
 */
import { describe, expect, it } from "vitest";
import { bayesMeta, glmm } from "@metakit/core";
import { parseFileText, type ParsedAnalysis, type ParsedExtraction } from "@metakit/schema";
import { analyzeSpec, type EstimableEffect, type SynthesisResult } from "../src/index.js";
import { analyzeSynthetic, trials } from "./synthetic-trials.js";

const HALF_NORMAL = "{type: bayes, tauPrior: {family: halfnormal, scale: 0.5}, justification: weakly informative (Röver et al. 2021)}";

function estimable(s: SynthesisResult): EstimableEffect[] {
  return s.effects.filter((e): e is EstimableEffect => e.estimable);
}

describe("analyzeSpec: a Bayesian primary model", () => {
  const { result } = analyzeSynthetic(4, { extra: `, primaryModel: ${HALF_NORMAL}` });
  const s = result.syntheses[0]!;

  it("equals bayesMeta() on the synthesis's yi and vi with the spec's prior (shortest 95% interval)", () => {
    const rows = estimable(s);
    const direct = bayesMeta({ yi: rows.map((r) => r.yi), vi: rows.map((r) => r.vi), labels: rows.map((r) => r.study) }, { tauPrior: { family: "halfnormal", scale: 0.5 }, interval: "shortest", level: 95, shrinkageQuantiles: false });
    expect(s.alternative?.type).toBe("bayes");
    expect(s.alternative!.fit).toEqual(direct);
    expect(s.alternative!.estimate).toEqual({ estimate: direct.mu.median, ciLower: direct.mu.ciLower, ciUpper: direct.mu.ciUpper, piLower: direct.prediction.ciLower, piUpper: direct.prediction.ciUpper });
  });

  it("is the primary analysis, with its prior and justification carried into the result; the frequentist model stays beside it", () => {
    expect(s.primary).toBe("bayes");
    expect(s.alternative!.role).toBe("primary");
    expect(s.alternative!.spec).toMatchObject({ tauPrior: { family: "halfnormal", scale: 0.5 }, justification: "weakly informative (Röver et al. 2021)" });
    expect(s.pooled?.kind).toBe("pooled");
  });

  it("GRADE's imprecision reads the posterior median and credible interval, not the frequentist CI", () => {
    const pooled = result.grade.trace[0]!.evidence.pooled!;
    expect(pooled.ciLower).toBe(s.alternative!.estimate!.ciLower);
    expect(pooled.ciUpper).toBe(s.alternative!.estimate!.ciUpper);
    expect(pooled.ciLower).not.toBe(s.pooled!.model.ciLower);
    expect(result.grade.trace[0]!.notes.join(" ")).toMatch(/Imprecision reads the primary analysis, the Bayesian random-effects model/);
  });
});

describe("GRADE: switching the primary analysis changes the imprecision input", () => {
  it("frequentist primary: GRADE reads the REML CI; Bayesian primary: the credible interval (same data)", () => {
    const frequentist = analyzeSynthetic(3).result;
    const bayes = analyzeSynthetic(3, { extra: `, primaryModel: ${HALF_NORMAL}` }).result;
    const f = frequentist.grade.trace[0]!.evidence.pooled!;
    const b = bayes.grade.trace[0]!.evidence.pooled!;
    expect(f.ciLower).toBe(frequentist.syntheses[0]!.pooled!.model.ciLower);
    expect(b.ciLower).toBe(bayes.syntheses[0]!.alternative!.estimate!.ciLower);
    expect(b.ciUpper - b.ciLower).not.toBeCloseTo(f.ciUpper - f.ciLower, 3);
    // the frequentist fit itself is the same in both
    expect(bayes.syntheses[0]!.pooled!.model).toEqual(frequentist.syntheses[0]!.pooled!.model);
  });
});

describe("analyzeSpec: a GLMM for odds ratios from 2x2 tables", () => {
  it("equals glmm() on the counts (UM.RS as named; no continuity correction), and every row carries its 2x2 counts", () => {
    const { result } = analyzeSynthetic(5, { form: "dichotomous", measure: "OR", extra: ", primaryModel: {type: glmm, glmmModel: UM.RS, justification: few events}" });
    const s = result.syntheses[0]!;
    const rows = estimable(s);
    // trial i: events 3 + (7 i mod 11) of 20 + 5 i vs 2 + (5 i mod 7) of 20 + 5 i (synthetic-trials.ts)
    rows.forEach((r, j) => {
      const i = j + 1;
      const n = 20 + 5 * i;
      expect(r.counts).toEqual({ ai: 3 + ((7 * i) % 11), bi: n - 3 - ((7 * i) % 11), ci: 2 + ((5 * i) % 7), di: n - 2 - ((5 * i) % 7) });
    });
    const tables = rows.map((r) => r.counts as { ai: number; bi: number; ci: number; di: number });
    const direct = glmm({ measure: "OR", ai: tables.map((t) => t.ai), bi: tables.map((t) => t.bi), ci: tables.map((t) => t.ci), di: tables.map((t) => t.di), labels: rows.map((r) => r.study) }, { model: "UM.RS", test: "z", level: 95 });
    expect(s.alternative!.fit).toEqual(direct);
    expect(s.primary).toBe("glmm");
    expect(s.alternative!.backTransformed!.estimate).toBeCloseTo(Math.exp(direct.estimate), 12);
    expect(s.alternative!.notes.join(" ")).toMatch(/no continuity correction/);
    expect(result.grade.trace[0]!.evidence.pooled!.ciLower).toBe(direct.ciLower);
  });

  it("a GLMM of one study is not fitted: fit null with the reason, listed as a problem; the frequentist result stands", () => {
    const { result } = analyzeSynthetic(1, { form: "dichotomous", measure: "OR", extra: ", primaryModel: {type: glmm, justification: j}" });
    const s = result.syntheses[0]!;
    expect(s.alternative!.fit).toBeNull();
    expect(s.alternative!.notApplicable).toMatch(/needs at least 2 studies/);
    expect(result.problems.map((p) => p.message).join(" ")).toMatch(/GLMM: the GLMM could not be fitted/);
    expect(result.grade.trace[0]!.evidence.pooled!.ciLower).toBe(s.pooled!.model.ciLower);
    expect(result.grade.trace[0]!.notes.join(" ")).toMatch(/could not be fitted .* imprecision reads the frequentist interval/);
  });
});

describe("analyzeSpec: a Bayesian model as a sensitivity scenario", () => {
  function withScenario(scenario: string) {
    const ids = ["r1", "r2", "r3"];
    const spec = [
      "kind: analysis",
      "id: synthetic",
      "title: synthetic",
      "indication: pain",
      "question: {population: adults, intervention: naltrexone, comparator: placebo, outcomes: [{id: o, label: Outcome, type: continuous, importance: critical}]}",
      `include: [${ids.map((_, i) => `{study: t${i + 1}, why: t}`).join(", ")}]`,
      `syntheses: [{id: s, outcome: o, evidence: comparative, measure: SMD, results: [${ids.join(", ")}]}]`,
      `scenarios: [${scenario}]`,
      "grade: []",
    ].join("\n");
    const parsed = parseFileText("spec.yaml", spec);
    expect(parsed.issues.filter((i) => i.severity === "error")).toEqual([]);
    const data = parseFileText("data.yaml", trials(3, "continuous")).parsed as ParsedExtraction;
    return analyzeSpec((parsed.parsed as ParsedAnalysis).spec, [data]);
  }

  it("the scenario's synthesis carries the Bayesian fit (role sensitivity) beside its frequentist refit; the main analysis has none and stays primary-frequentist", () => {
    const result = withScenario("{id: bayes, label: Bayesian, description: d, model: {type: bayes, tauPrior: {family: rhodes, outcome: mental-health}, justification: Rhodes et al. 2015}}");
    const main = result.syntheses[0]!;
    const scenario = result.scenarios[0]!.syntheses[0]!.synthesis;
    expect(main.alternative).toBeNull();
    expect(main.primary).toBe("frequentist");
    expect(scenario.alternative!.role).toBe("sensitivity");
    expect(scenario.primary).toBe("frequentist");
    const rows = estimable(scenario);
    const direct = bayesMeta({ yi: rows.map((r) => r.yi), vi: rows.map((r) => r.vi), labels: rows.map((r) => r.study) }, { tauPrior: { family: "rhodes", outcome: "mental-health" }, interval: "shortest", level: 95, shrinkageQuantiles: false });
    expect(scenario.alternative!.fit).toEqual(direct);
    expect(scenario.pooled!.model).toEqual(main.pooled!.model);
    // GRADE rates the main analysis: the frequentist interval
    expect(result.grade.trace[0]!.evidence.pooled!.ciLower).toBe(main.pooled!.model.ciLower);
  });
});
