/**
 * The forest plot's Bayesian estimate (issue 18): a diamond row for the posterior median and
 * credible interval under the frequentist total, its predictive interval, and a shrunken
 * estimate under each study's own row when given; checked on the table the plot is laid
 * out from (no rendering), and the models table that puts each model beside the
 * frequentist result. Values are made up for layout only: nothing here is a statistic.
 */
import { describe, expect, it } from "vitest";
import { MetakitError } from "@metakit/base";
import { forestAxis, modelsTable, validateForestPlotData, type ForestPlotData } from "../src/index.js";
import { forestTable } from "../src/forest/table.js";

const base: ForestPlotData = {
  title: "t",
  measure: "Risk Ratio",
  scale: "log",
  kind: "comparative",
  columns: { intervention: "A", comparator: "B" },
  rows: [
    { label: "One 2001", estimate: 0.5, ciLower: 0.25, ciUpper: 1, weightPercent: 40 },
    { label: "Two 2002", estimate: 0.8, ciLower: 0.5, ciUpper: 1.28, weightPercent: 60 },
  ],
  pooled: { estimate: 0.68, ciLower: 0.5, ciUpper: 0.92 },
};
const bayesian = {
  label: "Bayesian, half-normal(scale = 0.5) prior (95% CrI)",
  estimate: 0.66,
  ciLower: 0.3,
  ciUpper: 1.4,
  piLower: 0.1,
  piUpper: 4,
  shrinkage: [
    { label: "One 2001", estimate: 0.6, ciLower: 0.35, ciUpper: 1 },
    { label: "Two 2002", estimate: 0.75, ciLower: 0.5, ciUpper: 1.1 },
  ],
};

describe("forestTable(data) with a Bayesian estimate", () => {
  const lines = forestTable({ ...base, bayesian }).lines;
  it("a shrunken row under each study, then the total (no prediction interval given here), then the Bayesian diamond and its predictive interval", () => {
    expect(lines.map((l) => l.kind)).toEqual(["study", "study", "study", "study", "summary", "summary", "interval"]);
    const texts = lines.map((l) => ("cells" in l ? l.cells["label"]?.text : "")!);
    expect(texts[1]).toMatch(/shrunken \(Bayesian\)/);
    expect(texts[5]).toBe(bayesian.label);
    expect(texts[6]).toBe("Predictive interval (Bayesian)");
    const diamond = lines[5]!;
    expect(diamond.kind === "summary" && diamond.summary).toMatchObject({ estimate: 0.66, ciLower: 0.3, ciUpper: 1.4 });
    expect(diamond.kind === "summary" && diamond.cells["effect"]!.text).toBe("0.66 [0.30, 1.40]");
  });
  it("without shrinkage: the diamond only, no shrunken rows", () => {
    const { shrinkage: _unused, ...diamondOnly } = bayesian;
    expect(forestTable({ ...base, bayesian: diamondOnly }).lines.map((l) => l.kind)).toEqual(["study", "study", "summary", "summary", "interval"]);
  });
  it("the axis keeps the Bayesian predictive interval inside (0.1 to 4 needs the 0.1-10 decade range)", () => {
    const without = forestAxis(base);
    const withIt = forestAxis({ ...base, bayesian });
    expect(withIt.domain[0]).toBeLessThanOrEqual(0.1);
    expect(withIt.domain[1]).toBeGreaterThanOrEqual(4);
    expect(without.domain[0]).toBeGreaterThan(0.1);
  });
});

describe("validateForestPlotData: the Bayesian estimate", () => {
  it("refuses a shrunken estimate for a row that does not exist, and an interval out of order", () => {
    expect(() => validateForestPlotData({ ...base, bayesian: { ...bayesian, shrinkage: [{ label: "Three 2003", estimate: 1, ciLower: 0.5, ciUpper: 2 }] } })).toThrow(MetakitError);
    expect(() => validateForestPlotData({ ...base, bayesian: { ...bayesian, ciLower: 0.7 } })).toThrow(/ciLower must be <= estimate/);
    expect(() => validateForestPlotData({ ...base, bayesian })).not.toThrow();
  });
});

describe("modelsTable(models, measure)", () => {
  it("each model beside the frequentist result, its assumptions in words, CrI named", () => {
    const table = modelsTable(
      [
        {
          label: "Bayesian",
          model: "Bayesian random-effects model",
          role: "sensitivity",
          assumes: ["Prior on tau: half-normal(scale = 0.5). Weakly informative."],
          k: 2,
          frequentist: { estimate: 0.68, ciLower: 0.5, ciUpper: 0.92 },
          frequentistLevel: 95,
          estimate: { estimate: 0.66, ciLower: 0.3, ciUpper: 1.4 },
          interval: "95% CrI",
        },
        { label: "GLMM", model: "GLMM", role: "primary", assumes: [], k: 1, frequentist: null, frequentistLevel: 95, estimate: null, interval: "95% CI", notFitted: "needs at least 2 studies" },
      ],
      "Risk Ratio",
    );
    expect(table.columns.map((c) => c.header)).toEqual(["Analysis", "Model and what it assumes", "Studies", "Risk Ratio, frequentist (CI)", "Risk Ratio, this model"]);
    expect(table.rows[0]).toEqual(["Bayesian", "Bayesian random-effects model. Prior on tau: half-normal(scale = 0.5). Weakly informative.", 2, "0.68 [0.50, 0.92] (95% CI)", "0.66 [0.30, 1.40] (95% CrI)"]);
    expect(table.rows[1]![4]).toBe("not fitted: needs at least 2 studies");
  });
});
