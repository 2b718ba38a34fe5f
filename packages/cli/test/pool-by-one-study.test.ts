/**
 * A subgroup of one study gets one policy, @metakit/core's subgroupAnalysis: it is the study
 * itself (estimate yi, SE sqrt(vi), z interval), whatever the model and test of the other
 * subgroups, as metafor's rma() with k = 1 ('Setting argument test="z" since k=1').
 * `metakit pool --by` and `metakit analyze` (spec subgroups) call the same function, so
 * they give the same numbers, with Knapp-Hartung as with z. Data: the synthetic trials of
 * packages/review/test/synthetic-trials.ts (k = 4; trial 3, a crossover, is alone in its
 * design subgroup).
 */
import { describe, expect, it } from "vitest";
import { normalQuantile } from "@metakit/base";
import { expectClose, tol } from "@metakit/fixtures";
import type { EstimableEffect } from "@metakit/review";
import { analyzeSynthetic } from "../../review/test/synthetic-trials.js";
import { metakit, tempFile } from "./run-cli.js";


interface PoolBySubgroup {
  readonly group: string;
  readonly k: number;
  readonly estimate: number;
  readonly se: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly test: string;
}

describe("metakit pool --by COL --test knha with a one-study subgroup", () => {
  const synthesis = analyzeSynthetic(4, { test: "knha", extra: ", subgroups: [design]" }).result.syntheses[0]!;
  const effects = synthesis.effects.filter((e): e is EstimableEffect => e.estimable);
  const csv = ["study,yi,vi,design", ...effects.map((e) => `${e.study},${e.yi},${e.vi},${e.groups["design"]}`)].join("\n");

  it("computes: the one-study subgroup is the study itself with a z interval", async () => {
    const { code, stdout, stderr } = await metakit("pool", tempFile("one-study.csv", csv), "--measure", "GEN", "--test", "knha", "--by", "design", "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const single = (JSON.parse(stdout) as { subgroups: PoolBySubgroup[] }).subgroups.find((s) => s.k === 1)!;
    const study = effects.find((e) => e.groups["design"] === single.group)!;
    expect(study.study).toBe("t3");
    expectClose(single.estimate, study.yi, tol.exact, "one-study subgroup estimate = yi");
    expectClose(single.se, Math.sqrt(study.vi), tol.exact, "one-study subgroup se = sqrt(vi)");
    expectClose(single.ciLower, study.yi - normalQuantile(0.975) * Math.sqrt(study.vi), tol.identity, "one-study subgroup ciLower = yi - z sqrt(vi)");
  });

  it("gives the numbers `metakit analyze` gives for the spec's subgroups, subgroup by subgroup, and the same test for differences", async () => {
    const { stdout } = await metakit("pool", tempFile("one-study.csv", csv), "--measure", "GEN", "--test", "knha", "--by", "design", "--format", "json");
    const pooled = JSON.parse(stdout) as { subgroups: PoolBySubgroup[]; subgroupDifferences: { QB: number; pval: number } };
    const analysed = synthesis.subgroups.find((s) => s.variable === "design")!;
    expect(analysed.groups!.map((g) => g.group)).toEqual(pooled.subgroups.map((s) => s.group));
    analysed.groups!.forEach((g, i) => {
      const s = pooled.subgroups[i]!;
      expect(s.k).toBe(g.results.length);
      expectClose(s.estimate, g.pooled.model.estimate, tol.exact, `pool --by vs analyze: ${s.group} estimate`);
      expectClose(s.se, g.pooled.model.se, tol.exact, `pool --by vs analyze: ${s.group} se`);
      expectClose(s.ciLower, g.pooled.model.ciLower, tol.exact, `pool --by vs analyze: ${s.group} ciLower`);
      expectClose(s.ciUpper, g.pooled.model.ciUpper, tol.exact, `pool --by vs analyze: ${s.group} ciUpper`);
    });
    expect(pooled.subgroups.filter((s) => s.k > 1).every((s) => s.test === "knha")).toBe(true);
    expectClose(pooled.subgroupDifferences.QB, analysed.differences!.QB, tol.exact, "pool --by vs analyze: QB");
  });
});
