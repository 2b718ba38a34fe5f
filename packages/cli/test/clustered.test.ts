import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { metakit, repoRoot, tempFile } from "./run-cli.js";

// Values: metafor 3.8-1 rma.mv(yi, vi, random = ~ 1 | district/school, data = dat.konstantopoulos2011)
// and robust() / clubSandwich, fixtures/multilevel/multilevel.json (scripts/multilevel.R); relative 1e-6.
const close = (actual: number, expected: number) => Math.abs(actual - expected) <= Math.max(1e-9, 1e-6 * Math.abs(expected));
const konstantopoulos = `${repoRoot}packages/fixtures/published/dat.konstantopoulos2011.csv`;
interface Case {
  id: string;
  estimate: number[];
  sigma2: number[];
  logLik: number;
  robustCR2: { se: number[]; df: number[] };
  uniRobustCR1: { se: number[] };
}
const cases = (JSON.parse(readFileSync(`${repoRoot}packages/fixtures/multilevel/multilevel.json`, "utf8")) as { cases: Case[] }).cases;
const reml = cases.find((c) => c.id === "konstantopoulos2011 REML z")!;
const year = cases.find((c) => c.id === "konstantopoulos2011 REML z year")!;

describe("metakit pool --cluster (three-level model)", () => {
  it("reproduces rma.mv on dat.konstantopoulos2011 with the JSON fields of the issue", async () => {
    const { code, stdout, stderr } = await metakit("pool", konstantopoulos, "--measure", "GEN", "--cluster", "district", "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as { k: number; clusters: number; estimate: number; logLik: number; sigma2: [number, number] };
    for (const field of ["sigma2", "QE", "QEp", "logLik", "I2Levels", "estimate", "ciLower", "convergence"]) expect(r).toHaveProperty(field);
    expect(r.k).toBe(56);
    expect(r.clusters).toBe(11);
    expect(close(r.estimate, reml.estimate[0]!)).toBe(true);
    expect(close(r.sigma2[0], reml.sigma2[0]!) && close(r.sigma2[1], reml.sigma2[1]!)).toBe(true);
    expect(close(r.logLik, reml.logLik)).toBe(true);
  });

  it("--robust district --small-sample CR2 adds clubSandwich's CR2 test with Satterthwaite df", async () => {
    const { code, stdout } = await metakit("pool", konstantopoulos, "--measure", "GEN", "--cluster", "district", "--robust", "district", "--format", "json");
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as { robust: Record<string, number | string> };
    expect(Object.keys(r.robust)).toEqual(["method", "clusters", "se", "statistic", "df", "pval", "ciLower", "ciUpper"]);
    expect(r.robust["method"]).toBe("CR2");
    expect(r.robust["clusters"]).toBe(11);
    expect(close(r.robust["se"] as number, reml.robustCR2.se[0]!) && close(r.robust["df"] as number, reml.robustCR2.df[0]!)).toBe(true);
  });

  it("--robust without --cluster clusters the ordinary model (CR1: t on J - p df)", async () => {
    const { code, stdout } = await metakit("pool", konstantopoulos, "--measure", "GEN", "--robust", "district", "--small-sample", "CR1", "--format", "json");
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as { model: string; robust: { df: number; method: string; se: number } };
    expect(r.model).toBe("two-level");
    expect(close(r.robust.se, reml.uniRobustCR1.se[0]!)).toBe(true);
    expect(r.robust.method).toBe("CR1");
    expect(r.robust.df).toBe(10);
  });

  it("text output names the levels and the clusters", async () => {
    const { code, stdout } = await metakit("pool", konstantopoulos, "--measure", "GEN", "--cluster", "district", "--inner", "school");
    expect(code).toBe(0);
    expect(stdout).toMatch(/Three-level meta-analysis \(REML\), GEN, 56 effect sizes in 11 clusters/);
    expect(stdout).toMatch(/I² \(cluster, inner, total\)/);
  });

  it("rejects --cluster with a method other than REML or ML, naming the option", async () => {
    const { code, stderr } = await metakit("pool", konstantopoulos, "--measure", "GEN", "--cluster", "district", "--method", "DL");
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/--cluster fits the three-level model by REML or ML/);
  });

  it("an empty cluster cell is an error naming the row and column", async () => {
    const file = tempFile("k.csv", "study,yi,vi,district\na,0.1,0.01,1\nb,0.2,0.02,\nc,0.3,0.01,2\n");
    const { code, stderr } = await metakit("pool", file, "--measure", "GEN", "--cluster", "district");
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/district/);
    expect(stderr).toMatch(/3/);
  });
});

describe("metakit regress --cluster", () => {
  it("--mods year reproduces rma.mv(mods = ~ year, random = ~ 1 | district/school)", async () => {
    const { code, stdout, stderr } = await metakit("regress", konstantopoulos, "--measure", "GEN", "--mods", "year", "--cluster", "district", "--robust", "district", "--small-sample", "CR1", "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as { coefficients: { name: string; estimate: number }[]; robust: { coefficients: { df: number }[]; QMdf: number[] } };
    expect(r.coefficients.map((c) => c.name)).toEqual(["intrcpt", "year"]);
    expect(close(r.coefficients[1]!.estimate, year.estimate[1]!)).toBe(true);
    expect(r.robust.coefficients[1]!.df).toBe(9);
    expect(r.robust.QMdf).toEqual([1, 9]);
  });
});
