/**
 * The models a spec names besides the inverse-variance model: a Bayesian model with a
 * justified prior, a GLMM, the multilevel model for results nested within studies. What
 * the schema accepts, what it refuses, and what validate refuses against the syntheses.
 */
import { describe, expect, it } from "vitest";
import { checkDataset, formatIssue, parseFileText, type ParsedAnalysis } from "../src/index.js";

function spec(synthesis: string, scenario = "", measure = "MD", evidence = "comparative") {
  return [
    "kind: analysis",
    "id: a",
    "title: a",
    "indication: pain",
    "question: {population: p, intervention: i, comparator: c, outcomes: [{id: o, label: O, type: continuous, importance: critical}]}",
    "include: [{study: s1, why: w}]",
    `syntheses: [{id: s, outcome: o, evidence: ${evidence}, measure: ${measure}, results: [r1]${synthesis}}]`,
    scenario === "" ? "" : `scenarios: [{id: sc, label: sc, description: d, syntheses: [s], model: {${scenario}}}]`,
    "grade: []",
  ].join("\n");
}

const parse = (text: string) => parseFileText("spec.yaml", text);
const parsed = (text: string) => {
  const outcome = parse(text);
  expect(outcome.issues.map(formatIssue)).toEqual([]);
  return (outcome.parsed as ParsedAnalysis).spec;
};
const errors = (text: string) => parse(text).issues.filter((i) => i.severity === "error").map(formatIssue);
const BAYES = "type: bayes, tauPrior: {family: halfnormal, scale: 0.5}, justification: weakly informative for log odds ratios (Röver et al. 2021)";

describe("analysis spec: a Bayesian model as primary analysis or scenario", () => {
  it("accepts a half-normal prior with its justification; fills interval shortest, level 95 (percent), no shrinkage", () => {
    const model = parsed(spec(`, primaryModel: {${BAYES}, level: 0.9}`)).syntheses[0]!.primaryModel;
    expect(model).toEqual({
      type: "bayes",
      tauPrior: { family: "halfnormal", scale: 0.5 },
      interval: "shortest",
      level: 90,
      justification: "weakly informative for log odds ratios (Röver et al. 2021)",
      shrinkage: false,
    });
  });
  it("accepts the empirical priors by name (Turner for log OR, Rhodes for SMD) and a normal mu prior", () => {
    const turner = parsed(spec(`, primaryModel: {type: bayes, tauPrior: {family: turner, outcome: pain, comparison: pharma-placebo}, justification: j}`));
    expect(turner.syntheses[0]!.primaryModel).toMatchObject({ tauPrior: { family: "turner", outcome: "pain", comparison: "pharma-placebo" } });
    const rhodes = parsed(spec("", "type: bayes, tauPrior: {family: rhodes, outcome: mental-health}, muPrior: {mean: 0, sd: 4}, justification: j"));
    expect(rhodes.scenarios[0]!.model).toMatchObject({ type: "bayes", tauPrior: { family: "rhodes", outcome: "mental-health" }, muPrior: { mean: 0, sd: 4 } });
  });
  it("refuses a prior without its justification", () => {
    expect(errors(spec(", primaryModel: {type: bayes, tauPrior: {family: halfnormal, scale: 0.5}}")).join("\n")).toMatch(/primaryModel\.justification/);
  });
  it("refuses a scale that is not positive, an unknown family and an unknown Turner outcome", () => {
    expect(errors(spec(", primaryModel: {type: bayes, tauPrior: {family: halfnormal, scale: 0}, justification: j}")).join("\n")).toMatch(/tauPrior\.scale: expected a number greater than 0/);
    expect(errors(spec(", primaryModel: {type: bayes, tauPrior: {family: gamma, scale: 1}, justification: j}")).join("\n")).toMatch(/tauPrior/);
    expect(errors(spec(", primaryModel: {type: bayes, tauPrior: {family: turner, outcome: itch}, justification: j}")).join("\n")).toMatch(/tauPrior\.outcome/);
  });
  it("refuses a halfnormal prior with a parameter of another family (strict)", () => {
    expect(errors(spec(", primaryModel: {type: bayes, tauPrior: {family: halfnormal, scale: 0.5, rate: 2}, justification: j}")).join("\n")).toMatch(/rate/);
  });
  it("refuses an unknown model type", () => {
    expect(errors(spec(", primaryModel: {type: mcmc, justification: j}")).length).toBeGreaterThan(0);
  });
});

describe("analysis spec: a GLMM and the multilevel model", () => {
  it("accepts a GLMM for odds ratios (UM.RS) with its justification; test z and level 95 by default", () => {
    const model = parsed(spec(", primaryModel: {type: glmm, glmmModel: UM.RS, justification: few events}", "", "OR")).syntheses[0]!.primaryModel;
    expect(model).toEqual({ type: "glmm", glmmModel: "UM.RS", test: "z", level: 95, justification: "few events" });
  });
  it("refuses an unknown GLMM model", () => {
    expect(errors(spec(", primaryModel: {type: glmm, glmmModel: CM.EL, justification: j}", "", "OR")).join("\n")).toMatch(/glmmModel/);
  });
  it("the frequentist model's type: inverse-variance by default, multilevel when asked", () => {
    expect(parsed(spec("")).syntheses[0]!.model.type).toBe("inverse-variance");
    expect(parsed(spec(", model: {type: multilevel, method: ML}")).syntheses[0]!.model).toMatchObject({ type: "multilevel", method: "ML" });
    expect(errors(spec(", model: {type: threelevel}")).join("\n")).toMatch(/model\.type/);
  });
  it("a scenario's model is model changes, a Bayesian model or a GLMM", () => {
    expect(parsed(spec("", "test: knha")).scenarios[0]!.model).toEqual({ test: "knha" });
    expect(parsed(spec("", "type: glmm, justification: j", "OR")).scenarios[0]!.model).toMatchObject({ type: "glmm" });
  });
});

const DATA = `studies:
  - {id: s1, indication: pain, citation: {year: 2020}, design: parallel-rct, population: adults}
arms:
  - {study: s1, id: e, type: experimental, intervention: naltrexone}
  - {study: s1, id: c, type: placebo, intervention: placebo}
results:
  - {id: r1, study: s1, outcome: {domain: pain, instrument: NRS, better: lower}, form: dichotomous, arms: [{arm: e, events: 3, total: 10}, {arm: c, events: 5, total: 10}], provenance: {source: S, location: L, quote: Q, status: verified}}
`;

function validate(specText: string): string[] {
  const data = parseFileText("d.yaml", DATA);
  const analysis = parseFileText("a.yaml", specText);
  expect([...data.issues, ...analysis.issues].map(formatIssue)).toEqual([]);
  const dataset = { extractions: [data.parsed as never], analyses: [analysis.parsed as ParsedAnalysis] };
  return checkDataset(dataset).filter((i) => i.severity === "error").map(formatIssue);
}

describe("validate: models against their syntheses", () => {
  it("a GLMM for odds ratios passes; for risk ratios it is refused (rma.glmm's OR models only)", () => {
    expect(validate(spec(", primaryModel: {type: glmm, justification: j}", "", "OR"))).toEqual([]);
    expect(validate(spec(", primaryModel: {type: glmm, justification: j}", "", "RR"))).toEqual([
      'a.yaml:syntheses[0].primaryModel.type: synthesis "s": a GLMM is fitted for odds ratios from 2x2 tables (measure OR), not RR',
    ]);
  });
  it("a Bayesian model or GLMM for a synthesis that is not pooled is refused, as primary and as a scenario", () => {
    const notPooled = `, pool: false, notPooledReason: definitions differ, primaryModel: {${BAYES}}`;
    expect(validate(spec(notPooled, "type: glmm, justification: j", "OR"))).toEqual([
      'a.yaml:syntheses[0].primaryModel: synthesis "s" is not pooled (pool: false): a Bayesian model or GLMM pools the results; remove it, or pool them',
      'a.yaml:scenarios[0].model: synthesis "s" is not pooled (pool: false): a Bayesian model or GLMM pools the results; remove it, or pool them',
    ]);
  });
  it("a multilevel model by DL is refused (rma.mv fits by REML or ML)", () => {
    expect(validate(spec(", model: {type: multilevel, method: DL}", "", "OR"))).toEqual([
      "a.yaml:syntheses[0].model.method: a multilevel model is fitted by REML or ML (metafor's rma.mv), not DL",
    ]);
  });
});
