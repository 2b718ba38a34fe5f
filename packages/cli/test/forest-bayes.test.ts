/**
 * `metakit forest --method BAYES --tau-prior P [--shrinkage]` (issue 18): the forest plot's
 * data, as the report's figure code draws it, carry the posterior median and credible
 * interval of the overall effect, the predictive interval and (with --shrinkage) each
 * study's shrunken estimate, exactly as @metakit/core's bayesMeta gives them for the CSV's
 * effects (data/sample/bcg.csv, dat.bcg, log RR, shown as risk ratios); usage errors for
 * the options that need BAYES or do not fit it. No rendering here (the figure code's own
 * tests draw the Bayesian rows).
 */
import { describe, expect, it, vi } from "vitest";

vi.setConfig({ testTimeout: 120_000 });
import { bayesMeta } from "@metakit/core";
import { escalc } from "@metakit/effect-size";
import { forestOf, type ForestCommandOptions } from "../src/commands/forest.js";
import { readStudyCsv } from "../src/study-csv.js";
import { metakit, repoRoot } from "./run-cli.js";

const bcg = `${repoRoot}data/sample/bcg.csv`;
const base: ForestCommandOptions = { measure: "RR", method: "BAYES", test: "z", level: 95, transf: "auto", out: "x.svg", tauPrior: { family: "halfnormal", scale: 1 } };

describe("forest --method BAYES: the plot's data", () => {
  const table = readStudyCsv(bcg);
  const effects = escalc("RR", table.studies);
  const yi = effects.studies.map((s) => (s.estimable ? s.yi : NaN));
  const vi = effects.studies.map((s) => (s.estimable ? s.vi : NaN));
  const lib = bayesMeta({ yi, vi }, { tauPrior: { family: "halfnormal", scale: 1 } });

  it("the Bayesian diamond is bayesMeta's posterior median and shortest 95% credible interval as risk ratios, with the predictive interval", () => {
    const data = forestOf(table, base);
    expect(data.bayesian!.estimate).toBe(Math.exp(lib.mu.median));
    expect(data.bayesian!.ciLower).toBe(Math.exp(lib.mu.ciLower));
    expect(data.bayesian!.ciUpper).toBe(Math.exp(lib.mu.ciUpper));
    expect(data.bayesian!.piLower).toBe(Math.exp(lib.prediction.ciLower));
    expect(data.bayesian!.label).toBe("Bayesian, half-normal(scale = 1) prior (95% CrI)");
    expect(data.pooled).toBeUndefined();
    expect(data.rows.every((r) => r.weightPercent === undefined)).toBe(true);
    expect(data.bayesian!.shrinkage).toBeUndefined();
  });

  it("--shrinkage: each study's shrunken median and interval under its own row", () => {
    const data = forestOf(table, { ...base, shrinkage: true });
    const shrinkage = data.bayesian!.shrinkage!;
    expect(shrinkage.map((s) => s.label)).toEqual(data.rows.map((r) => r.label));
    shrinkage.forEach((s, i) => {
      expect(s.estimate).toBe(Math.exp(lib.shrinkage[i]!.median!));
      expect(s.ciUpper).toBe(Math.exp(lib.shrinkage[i]!.ciUpper!));
    });
  });
});

describe("forest --method BAYES: usage", () => {
  it("needs --tau-prior; --shrinkage needs --method BAYES; --by and --test knha are refused with BAYES", async () => {
    const out = "/tmp/metakit-forest-bayes-unused.svg";
    const run = (...args: string[]) => metakit("forest", bcg, "-m", "RR", "-o", out, ...args);
    const noPrior = await run("--method", "BAYES");
    expect([noPrior.code, noPrior.stderr.trim()]).toEqual([2, "error: --method BAYES needs --tau-prior, e.g. --tau-prior halfnormal:0.5"]);
    const shrink = await run("--shrinkage");
    expect([shrink.code, shrink.stderr.trim()]).toEqual([2, "error: --shrinkage needs --method BAYES"]);
    const by = await run("--method", "BAYES", "--tau-prior", "halfnormal:1", "--by", "alloc");
    expect(by.code).toBe(2);
    expect(by.stderr).toMatch(/--by works with the inverse-variance methods, not MH, PETO or BAYES/);
    const knha = await run("--method", "BAYES", "--tau-prior", "halfnormal:1", "--test", "knha");
    expect(knha.code).toBe(2);
  });
});
