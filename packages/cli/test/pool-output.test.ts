/**
 * What `metakit pool` gives an analyst beyond the model: each study's yi, vi, CI and
 * weight (JSON and --format csv), on the reporting scale for ratios, and with --by the
 * model of all studies beside the subgroups. Numbers: metafor 3.8-1, dat.bcg (the BCG
 * sample), escalc(measure = "RR"), rma(yi, vi) and weights(): study 1 yi -0.889311333920205, vi
 * 0.325584765003961, weight 5.059483079315513%; overall estimate -0.714532348365101.
 */
import { describe, expect, it } from "vitest";
import { expectClose, tol } from "@metakit/fixtures";
import { metakit, repoRoot, tempFile } from "./run-cli.js";

const BCG = `${repoRoot}data/sample/bcg.csv`;

describe("metakit pool --format json: per-study rows", () => {
  it("carries each study's yi, vi, CI, weight and, for RR, the back-transformed effect", async () => {
    const { stdout, code } = await metakit("pool", BCG, "--measure", "RR", "--format", "json");
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.perStudy).toHaveLength(13);
    const first = json.perStudy[0];
    expect(first.study).toBe("Aronson 1948");
    expectClose(first.yi, -0.889311333920205, tol.yi, "yi of Aronson 1948");
    expectClose(first.vi, 0.325584765003961, tol.vi, "vi of Aronson 1948");
    expectClose(first.weight, 5.059483079315513, tol.weight, "weight of Aronson 1948");
    expect(first.weight).toBe(json.weights[0]);
    expect(first.ciLower).toBeCloseTo(first.yi - 1.959964 * Math.sqrt(first.vi), 6);
    expect(first.backTransformed.effect).toBeCloseTo(Math.exp(first.yi), 12);
    expect(first.backTransformed.ciUpper).toBeCloseTo(Math.exp(first.ciUpper), 12);
  });

  it("has no backTransformed per study for an identity measure (GEN)", async () => {
    const file = tempFile("gen.csv", "study,yi,vi\na,0.1,0.04\nb,0.3,0.05\nc,-0.2,0.03\n");
    const json = JSON.parse((await metakit("pool", file, "--measure", "GEN", "--format", "json")).stdout);
    expect(json.perStudy.map((s: Record<string, unknown>) => "backTransformed" in s)).toEqual([false, false, false]);
  });
});

describe("metakit pool --format csv", () => {
  it("writes the per-study table, numbers as the JSON has them", async () => {
    const csv = (await metakit("pool", BCG, "--measure", "RR", "--format", "csv")).stdout;
    const json = JSON.parse((await metakit("pool", BCG, "--measure", "RR", "--format", "json")).stdout);
    const lines = csv.trimEnd().split("\n");
    expect(lines[0]).toBe("study,yi,vi,ciLower,ciUpper,weight,effect,effectCiLower,effectCiUpper");
    expect(lines).toHaveLength(14);
    const cells = lines[1]!.split(",");
    expect(cells[0]).toBe("Aronson 1948");
    expect(cells.slice(1, 6).map(Number)).toEqual([json.perStudy[0].yi, json.perStudy[0].vi, json.perStudy[0].ciLower, json.perStudy[0].ciUpper, json.perStudy[0].weight]);
  });

  it("neutralises a study label a spreadsheet would run as a formula", async () => {
    const file = tempFile("formula.csv", 'study,yi,vi\n"=HYPERLINK(""x"")",0.1,0.04\n-b,0.3,0.05\nc,-0.2,0.03\n');
    const lines = (await metakit("pool", file, "--measure", "GEN", "--format", "csv")).stdout.trimEnd().split("\n");
    expect(lines[1]!.startsWith(`"'=HYPERLINK(""x"")"`)).toBe(true);
    expect(lines[2]!.startsWith("'-b,")).toBe(true);
    expect(lines[3]!.startsWith("c,-0.2,")).toBe(true);
  });

  it("with --by, a group column first", async () => {
    const lines = (await metakit("pool", BCG, "--measure", "RR", "--by", "alloc", "--format", "csv")).stdout.trimEnd().split("\n");
    expect(lines[0]!.startsWith("group,study,yi,")).toBe(true);
    expect(lines).toHaveLength(14);
    expect(new Set(lines.slice(1).map((l) => l.split(",")[0]))).toEqual(new Set(["random", "alternate", "systematic"]));
  });

  it("is refused with --method BAYES (no per-study weights)", async () => {
    const { code, stderr } = await metakit("pool", BCG, "--measure", "RR", "--method", "BAYES", "--tau-prior", "halfnormal:0.5", "--format", "csv");
    expect(code).toBe(2);
    expect(stderr).toContain("--format csv");
  });
});

describe("metakit pool --by: the overall model beside the subgroups", () => {
  it("equals pool without --by (metafor: rma on all 13 BCG trials, estimate -0.7145)", async () => {
    const by = JSON.parse((await metakit("pool", BCG, "--measure", "RR", "--by", "alloc", "--format", "json")).stdout);
    const all = JSON.parse((await metakit("pool", BCG, "--measure", "RR", "--format", "json")).stdout);
    expect(by.overall).toEqual(all);
    expectClose(by.overall.estimate, -0.714532348365101, tol.estimate, "overall estimate");
    const text = (await metakit("pool", BCG, "--measure", "RR", "--by", "alloc")).stdout;
    expect(text).toContain("Overall (all subgroups)\nRandom-effects model (REML estimate of tau²), risk ratio (RR), 13 studies");
  });
});
