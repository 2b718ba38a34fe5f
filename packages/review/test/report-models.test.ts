/**
 * Bayesian models and GLMMs in the report's input (issue 18, "CLI and specs"), on the real
 * naltrexone specs and the BCG sample: each model is shown beside the frequentist result of
 * the same studies with what it assumes (the prior and its justification; a GLMM's
 * likelihood without continuity correction), the forest plot draws the Bayesian estimate
 * and the shrunken study estimates when the spec asks, and a Bayesian sensitivity scenario
 * is not repeated in the sensitivity table with its frequentist refit alone.
 */
import { describe, expect, it } from "vitest";
import { backTransform } from "@metakit/effect-size";
import { analyzeSpec, reportInputOf, scenarioSummaries, type SynthesisResult } from "../src/index.js";
import { loadNaltrexone } from "./naltrexone.js";

const { extractions, index, analysed } = loadNaltrexone();
const pain = analysed("pain");
const depression = analysed("depression");
const bcg = analysed("bcg");
const input = reportInputOf([pain, depression, bcg], index, [], { title: "T", generator: "metakit test", sources: [] });
function bayesOf(s: SynthesisResult) {
  const a = s.alternative;
  if (a?.type !== "bayes" || a.fit === null) throw new Error(`${s.id}: no Bayesian fit`);
  return a.fit;
}
function glmmOf(s: SynthesisResult) {
  const a = s.alternative;
  if (a?.type !== "glmm" || a.fit === null) throw new Error(`${s.id}: no GLMM fit`);
  return a.fit;
}
const analysisOf = (indication: number, id: string) => input.indications[indication]!.analyses.find((a) => a.id === id)!;

describe("the naltrexone review's Bayesian sensitivity analyses", () => {
  it("pain vs placebo: the Bayesian model of the three trials under the stated assumptions, beside their REML refit, with the Rhodes 2015 prior and its justification", () => {
    const models = analysisOf(0, "pain-vs-placebo").models!;
    expect(models).toHaveLength(1);
    const m = models[0]!;
    const scenario = pain.result.scenarios.find((s) => s.id === "bayes-assumptions-in")!.syntheses[0]!.synthesis;
    expect(m.k).toBe(3);
    expect(m.role).toBe("sensitivity");
    expect(m.estimate).toEqual({ estimate: bayesOf(scenario).mu.median, ciLower: bayesOf(scenario).mu.ciLower, ciUpper: bayesOf(scenario).mu.ciUpper });
    expect(m.frequentist).toEqual({ estimate: scenario.pooled!.model.estimate, ciLower: scenario.pooled!.model.ciLower, ciUpper: scenario.pooled!.model.ciUpper });
    const assumes = m.assumes.join(" ");
    expect(assumes).toMatch(/Prior on the between-study standard deviation tau: the empirical prior of Rhodes et al\. \(2015\) for standardised mean differences, for general physical health, adverse events, pain and quality of life with a pharmacological intervention against placebo in medical areas other than respiratory and cancer; on tau, log-Student-t\(location = -1\.58, scale = 1\.25, df = 5\)/);
    expect(assumes).toMatch(/general physical health and adverse event and pain/);
    expect(assumes).toMatch(/Source of the prior: Rhodes KM, Turner RM, Higgins JPT/);
    expect(assumes).toMatch(/Prior on the overall effect: uniform \(improper\)/);
    expect(m.interval).toBe("95% CrI");
  });

  it("the frequentist refit of the same studies is the assumptions-in scenario's (same studies, same assumptions)", () => {
    const bayes = pain.result.scenarios.find((s) => s.id === "bayes-assumptions-in")!.syntheses[0]!.synthesis.pooled!.model;
    const freq = pain.result.scenarios.find((s) => s.id === "assumptions-in")!.syntheses[0]!.synthesis.pooled!.model;
    expect(bayes).toEqual(freq);
  });

  it("depression: the two trials of the equal-split scenario, with the mental-health prior", () => {
    const m = analysisOf(1, "depressive-symptoms").models![0]!;
    expect(m.k).toBe(2);
    expect(m.assumes.join(" ")).toMatch(/mental health outcomes/);
  });

  it("a Bayesian scenario is not listed again in the sensitivity table (its frequentist refit is in the models table)", () => {
    expect(scenarioSummaries(pain.result, "pain-vs-placebo", index).map((s) => s.label)).not.toContain("Bayesian random effects, crossover trials under their stated assumptions");
  });

  it("GRADE still reads the main analysis's frequentist interval: no synthesis names a primary model", () => {
    for (const a of [pain, depression]) for (const s of a.result.syntheses) expect(s.primary).toBe("frequentist");
  });
});

describe("the BCG sample: the forest plot draws the Bayesian estimate and the shrunken estimates", () => {
  const forest = analysisOf(2, "tuberculosis").forest!;
  const fit = bayesOf(bcg.result.scenarios.find((s) => s.id === "bayes-half-normal")!.syntheses[0]!.synthesis);

  it("the diamond is the posterior median and credible interval as risk ratios; the predictive interval beside it", () => {
    expect(forest.bayesian!.estimate).toBe(Math.exp(fit.mu.median));
    expect(forest.bayesian!.ciLower).toBe(Math.exp(fit.mu.ciLower));
    expect(forest.bayesian!.piUpper).toBe(Math.exp(fit.prediction.ciUpper));
    expect(forest.bayesian!.label).toBe("Bayesian, half-normal(scale = 1) prior (95% CrI)");
  });

  it("one shrunken estimate per trial, under the trial's own row, on the risk ratio scale", () => {
    const shrinkage = forest.bayesian!.shrinkage!;
    expect(shrinkage.map((s) => s.label)).toEqual(forest.rows.map((r) => r.label));
    shrinkage.forEach((s, i) => expect(s.estimate).toBe(backTransform("RR", fit.shrinkage[i]!.median!, {})));
  });

  it("without shrinkage: true the forest plot has the diamond only", () => {
    const spec = { ...bcg.spec, scenarios: bcg.spec.scenarios.map((s) => (s.model?.type === "bayes" ? { ...s, model: { ...s.model, shrinkage: false } } : s)) };
    const plain = reportInputOf([{ spec, result: analyzeSpec(spec, extractions) }], index, [], { title: "T", generator: "t", sources: [] });
    const f = plain.indications[0]!.analyses[0]!.forest!;
    expect(f.bayesian?.estimate).toBe(Math.exp(fit.mu.median));
    expect(f.bayesian?.shrinkage).toBeUndefined();
  });
});

describe("a GLMM in the report: what it assumes", () => {
  it("the BCG trials as odds ratios with a UM.FS GLMM as primary: beside the REML result, no continuity correction stated", () => {
    const synthesis = { ...bcg.spec.syntheses[0]!, measure: "OR" as const, primaryModel: { type: "glmm" as const, test: "z" as const, level: 95, justification: "The counts themselves, by their binomial likelihood." } };
    const spec = { ...bcg.spec, syntheses: [synthesis], scenarios: [] };
    const result = analyzeSpec(spec, extractions);
    const report = reportInputOf([{ spec, result }], index, [], { title: "T", generator: "t", sources: [] });
    const m = report.indications[0]!.analyses[0]!.models![0]!;
    const s = result.syntheses[0]!;
    expect(m.model).toBe("GLMM: logistic model with fixed study effects (UM.FS)");
    expect(m.assumes.join(" ")).toMatch(/no continuity correction/);
    expect(m.estimate!.estimate).toBe(Math.exp(glmmOf(s).estimate));
    expect(m.label).toMatch(/^Primary analysis \(13 studies\)/);
    expect(result.grade.trace[0]!.evidence.pooled!.ciLower).toBe(glmmOf(s).ciLower);
  });
});
