/**
 * The multivariate model's within-study covariance on the command line: --time/--phi
 * (metafor's vcalc(vi, study, time1 = time, phi)) and --V FILE (a block-diagonal V in the
 * layout of dat.berkey1998's v1i, v2i), read strictly; and --emit-r for the models of
 * issues 17 and 18 (rma.mv with vcalc or the file's V, rma.mv three-level with robust(),
 * rma.glmm). Values: metafor 3.8-1, fixtures/multivariate/multivariate.json
 * (scripts/multivariate.R) at relative 1e-6; `pnpm check:r` runs the scripts with R.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { metakit, repoRoot, tempFile } from "./run-cli.js";

const close = (actual: number, expected: number) => Math.abs(actual - expected) <= Math.max(1e-9, 1e-6 * Math.abs(expected));
const allClose = (actual: readonly number[], expected: readonly number[]) => actual.length === expected.length && actual.every((a, i) => close(a, expected[i]!));
const folder = join(repoRoot, "packages/fixtures/multivariate");
const berkey = join(folder, "dat.berkey1998.csv");
const berkeyV = join(folder, "dat.berkey1998-V.csv");
const ishak = join(folder, "dat.ishak2007-long.csv");
interface Case { id: string; tau2: number[]; rho: number[]; estimate: number[]; se: number[]; logLik: number; QE: number }
const cases = (JSON.parse(readFileSync(join(folder, "multivariate.json"), "utf8")) as { cases: Case[] }).cases;
const byId = (id: string) => cases.find((c) => c.id === id)!;
interface Output { tau2: number[]; rho: number[]; coefficients: { estimate: number; se: number }[]; logLik: number; QE: number; within: Record<string, unknown>; notes: string[] }

async function fit(...args: string[]): Promise<Output> {
  const r = await metakit(...args, "--format", "json");
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Output;
}

function expectCase(r: Output, c: Case): void {
  expect(allClose(r.tau2, c.tau2)).toBe(true);
  expect(allClose(r.rho, c.rho)).toBe(true);
  expect(allClose(r.coefficients.map((b) => b.estimate), c.estimate)).toBe(true);
  expect(allClose(r.coefficients.map((b) => b.se), c.se)).toBe(true);
  expect(close(r.logLik, c.logLik) && close(r.QE, c.QE)).toBe(true);
}

describe("pool --study --outcome --time --phi (vcalc's time1/phi)", () => {
  it("reproduces rma.mv(struct = AR) on dat.ishak2007 with V = vcalc(vi, study, time1 = time, phi = 0.97)", async () => {
    const r = await fit("pool", ishak, "--measure", "GEN", "--study", "study", "--outcome", "time", "--struct", "AR", "--time", "time", "--phi", "0.97");
    expectCase(r, byId("ishak2007 AR REML"));
    expect(r.within).toEqual({ source: "vcalc", time: "time", phi: 0.97 });
    expect(r.notes.some((n) => /no --rho/.test(n))).toBe(false);
  });
  it("--time needs --phi and --phi needs --time", async () => {
    const base = ["pool", ishak, "--measure", "GEN", "--study", "study", "--outcome", "time"];
    expect((await metakit(...base, "--time", "time")).stderr).toMatch(/--time needs --phi/);
    expect((await metakit(...base, "--phi", "0.9")).stderr).toMatch(/--phi needs --time/);
    expect((await metakit(...base, "--time", "time", "--phi", "1.5")).code).toBe(2);
  });
});

describe("pool --study --outcome --V FILE (a user-given within-study covariance)", () => {
  it("reproduces rma.mv(struct = UN) on dat.berkey1998 with the published covariances (REML and ML)", async () => {
    const reml = await fit("pool", berkey, "--measure", "GEN", "--study", "trial", "--outcome", "outcome", "--struct", "UN", "--V", berkeyV);
    expectCase(reml, byId("berkey1998 UN REML"));
    expect(reml.within).toEqual({ source: "file", file: berkeyV });
    expectCase(await fit("pool", berkey, "--measure", "GEN", "--study", "trial", "--outcome", "outcome", "--struct", "UN", "--V", berkeyV, "--method", "ML"), byId("berkey1998 UN ML"));
  });

  const base = ["pool", berkey, "--measure", "GEN", "--study", "trial", "--outcome", "outcome", "--struct", "CS"];
  const lines = readFileSync(berkeyV, "utf8").trim().split("\n");
  const withLine = (n: number, text: string) => tempFile("V.csv", lines.map((l, i) => (i === n ? text : l)).join("\n") + "\n");
  async function refusal(file: string): Promise<string> {
    const r = await metakit(...base, "--V", file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    return r.stderr;
  }

  it("refuses a block that is not positive definite, naming the study", async () => {
    // trial 2: variances 0.0057 and 0.0008 with a covariance 0.01 (a correlation above 1)
    const file = tempFile("V.csv", lines.map((l, i) => (i === 3 ? "2,0.0057,0.01" : i === 4 ? "2,0.01,8e-04" : l)).join("\n") + "\n");
    expect(await refusal(file)).toMatch(/V\.csv:4: the within-study covariance block of study 2 is not positive definite/);
  });
  it("refuses an asymmetric block, a diagonal that is not the data's vi, rows of another study, a non-number and a missing cell", async () => {
    expect(await refusal(withLine(1, "1,0.0075,0.0031"))).toMatch(/block of study 1 is not symmetric/);
    expect(await refusal(withLine(1, "1,0.0076,0.003"))).toMatch(/V\.csv:2:v1i: the variance of study 1 in v1i is 0\.0076, but its sampling variance .* is 0\.0075/);
    expect(await refusal(withLine(1, "7,0.0075,0.003"))).toMatch(/V\.csv:2:trial: study "7" but row 2 of .* has study "1"/);
    expect(await refusal(withLine(1, "1,0,0075,0.003"))).toMatch(/malformed csv/);
    expect(await refusal(withLine(1, "1,abc,0.003"))).toMatch(/V\.csv:2:v1i: v1i is not a number: "abc"/);
    expect(await refusal(withLine(1, "1,,0.003"))).toMatch(/v1i of study 1 is missing/);
  });
  it("refuses a file without the study column, with other columns, or with another number of rows", async () => {
    expect(await refusal(tempFile("V.csv", lines.map((l) => l.split(",").slice(1).join(",")).join("\n")))).toMatch(/no column "trial"/);
    expect(await refusal(tempFile("V.csv", lines.map((l, i) => `${l},${i === 0 ? "note" : "x"}`).join("\n")))).toMatch(/column "note" is not read/);
    expect(await refusal(tempFile("V.csv", lines.slice(0, -1).join("\n")))).toMatch(/9 rows, but the data file .* has 10/);
  });
  it("--V cannot be combined with --rho or --time", async () => {
    const r = await metakit(...base, "--V", berkeyV, "--rho", "0.5");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--V gives the within-study covariance itself/);
  });
});

describe("--emit-r for the multivariate, three-level robust and GLMM models", () => {
  async function script(...args: string[]): Promise<string> {
    const r = await metakit(...args, "--emit-r");
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  }
  it("--study/--outcome: vcalc() with type/rho or time1/phi, or the --V file inline, then rma.mv with the outcome levels in code-point order", async () => {
    const rho = await script("pool", berkey, "--measure", "GEN", "--study", "trial", "--outcome", "outcome", "--struct", "UN", "--rho", "0.4", "--robust", "trial");
    expect(rho).toContain("V <- vcalc(vi, cluster = .study, type = .outcome, rho = 0.4, data = dat)");
    expect(rho).toContain('random = ~ .outcome | .study, struct = "UN"');
    expect(rho).toContain('sort(unique(as.character(dat[["outcome"]])), method = "radix")');
    expect(rho).toContain("rb <- robust(res, cluster = cl, clubSandwich = TRUE)");
    expect(await script("pool", ishak, "--measure", "GEN", "--study", "study", "--outcome", "time", "--struct", "AR", "--time", "time", "--phi", "0.97")).toContain("V <- vcalc(vi, cluster = .study, time1 = .time, phi = 0.97, data = dat)");
    const file = await script("pool", berkey, "--measure", "GEN", "--study", "trial", "--outcome", "outcome", "--V", berkeyV);
    expect(file).toContain("v1i = c(0.0075, 0.003, 0.0057, 0.0009");
    expect(file).toContain("V <- V[keep, keep, drop = FALSE]");
    const mods = await script("regress", berkey, "--measure", "GEN", "--mods", "year", "--study", "trial", "--outcome", "outcome", "--struct", "CS", "--rho", "0.4");
    expect(mods).toContain("mods = ~ .outcome - 1 + scale(year)");
    expect(mods).toContain("mods = ~ .outcome - 1 + year");
  });
  it("regress --cluster with --robust, and regress --robust alone", async () => {
    const konstantopoulos = join(repoRoot, "packages/fixtures/published/dat.konstantopoulos2011.csv");
    const three = await script("regress", konstantopoulos, "--measure", "GEN", "--mods", "year", "--cluster", "district", "--robust", "district", "--small-sample", "CR1");
    expect(three).toContain("mods = ~ year, random = ~ 1 | .cluster/.inner");
    expect(three).toContain("rb <- robust(res, cluster = cl, adjust = TRUE)");
    expect(await script("regress", konstantopoulos, "--measure", "GEN", "--mods", "year", "--robust", "district")).toContain('res <- rma(yi, vi, mods = ~ year, data = dat, method = "REML", test = "z", level = 95)');
  });
  it("--method GLMM: rma.glmm with the model, and the early stop of lme4 said in the header", async () => {
    const text = await script("pool", join(repoRoot, "data/sample/bcg.csv"), "--measure", "OR", "--method", "GLMM", "--glmm-model", "UM.RS");
    expect(text).toContain('rma.glmm(measure = "OR", ai = ai, bi = bi, ci = ci, di = di, data = dat, model = "UM.RS", test = "z", level = 95, slab = study)');
    expect(text).toMatch(/^# rma\.glmm\(\) fits with lme4 .* stops early/m);
  });
});

describe("--emit-r with --V reads the file as the command does", () => {
  it("refuses a non-positive-definite block before writing any script", async () => {
    const lines = readFileSync(berkeyV, "utf8").trim().split("\n");
    const file = tempFile("V.csv", lines.map((l, i) => (i === 3 ? "2,0.0057,0.01" : i === 4 ? "2,0.01,8e-04" : l)).join("\n") + "\n");
    const r = await metakit("pool", berkey, "--measure", "GEN", "--study", "trial", "--outcome", "outcome", "--V", file, "--emit-r");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/block of study 2 is not positive definite/);
  });
});
