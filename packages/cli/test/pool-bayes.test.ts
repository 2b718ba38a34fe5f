/**
 * `metakit pool --method BAYES`: the JSON of issue 18 end to end on data/sample/bcg.csv
 * (dat.bcg, log RR). The numbers are checked against the exact posterior in core's
 * bayes.oracle.test.ts (fixtures/bayes/case-bcg-halfnormal.json, R integrate); here the
 * CLI must hand the options through unchanged and give the same result as the library.
 */
import { describe, expect, it, vi } from "vitest";

// Each fit takes milliseconds, but the shared test machine can be slowed many times over.
vi.setConfig({ testTimeout: 120_000 });
import { bayesMeta } from "@metakit/core";
import { escalc } from "@metakit/effect-size";
import { metakit, repoRoot } from "./run-cli.js";
import { readStudyCsv } from "../src/study-csv.js";

const bcg = `${repoRoot}data/sample/bcg.csv`;

describe("metakit pool --method BAYES", () => {
  it("writes posterior {mu, tau, prediction}, probabilities and Bayes factors as JSON", async () => {
    const { code, stdout, stderr } = await metakit(
      "pool", bcg, "--measure", "RR", "--method", "BAYES", "--tau-prior", "halfnormal:0.5",
      "--mu-prior", "normal:0,4", "--interval", "central", "--prob-below", "0", "--prob-below", "-0.5", "--format", "json",
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    const table = readStudyCsv(bcg);
    const effects = escalc("RR", table.studies);
    const yi = effects.studies.map((s) => (s.estimable ? s.yi : NaN));
    const vi = effects.studies.map((s) => (s.estimable ? s.vi : NaN));
    const lib = bayesMeta({ yi, vi }, { tauPrior: { family: "halfnormal", scale: 0.5 }, muPrior: { mean: 0, sd: 4 }, interval: "central", probBelow: [0, -0.5] });
    expect(out.method).toBe("BAYES");
    expect(out.posterior.mu.median).toBe(lib.mu.median);
    expect(out.posterior.mu.ciLower).toBe(lib.mu.ciLower);
    expect(out.posterior.tau.median).toBe(lib.tau.median);
    expect(out.posterior.prediction.ciUpper).toBe(lib.prediction.ciUpper);
    expect(out.probBelow.map((p: { x: number }) => p.x)).toEqual([0, -0.5]);
    expect(out.probBelow[0].probability).toBe(lib.probBelow[0]!.probability);
    expect(out.bayesFactors.tau0.log).toBe(lib.bayesFactors.tau0!.log);
    expect(out.interval).toBe("central");
    expect(out.level).toBe(95);
    expect(out.shrinkage).toHaveLength(13);
  });

  it("reads Turner et al. priors by name", async () => {
    const { code, stdout } = await metakit("pool", bcg, "--measure", "RR", "--method", "BAYES", "--tau-prior", "turner:all-cause-mortality,pharma-placebo", "--format", "json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout).tauPrior).toContain("Turner et al. (2015)");
  });

  it("prints a text summary", async () => {
    const { code, stdout } = await metakit("pool", bcg, "--measure", "RR", "--method", "BAYES", "--tau-prior", "halfcauchy:0.5");
    expect(code).toBe(0);
    expect(stdout).toContain("Bayesian random-effects meta-analysis");
    expect(stdout).toMatch(/mu: median -0\.\d{4} \[/);
  });

  const usage: [string, string[], RegExp][] = [
    ["no tau prior", ["--method", "BAYES"], /needs --tau-prior/],
    ["a tau prior without BAYES", ["--tau-prior", "halfnormal:0.5"], /needs --method BAYES/],
    ["a non-number scale", ["--method", "BAYES", "--tau-prior", "halfnormal:abc"], /must be a number greater than 0/],
    ["a negative scale", ["--method", "BAYES", "--tau-prior", "halfcauchy:-1"], /must be a number greater than 0/],
    ["an unknown family", ["--method", "BAYES", "--tau-prior", "gamma:1"], /must be one of/],
    ["a missing parameter", ["--method", "BAYES", "--tau-prior", "halft:3"], /halft needs DF,SCALE/],
    ["a bad mu prior", ["--method", "BAYES", "--tau-prior", "halfnormal:0.5", "--mu-prior", "normal:0"], /normal:MEAN,SD/],
    ["a bad threshold", ["--method", "BAYES", "--tau-prior", "halfnormal:0.5", "--prob-below", "x"], /must be a number/],
  ];
  for (const [what, args, message] of usage) {
    it(`rejects ${what}`, async () => {
      const { code, stderr } = await metakit("pool", bcg, "--measure", "RR", ...args);
      expect(code).not.toBe(0);
      expect(stderr).toMatch(message);
    });
  }
});
