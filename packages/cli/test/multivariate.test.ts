import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { multivariateProfileIntervals, vcalc } from "@metakit/core";
import { metakit, repoRoot } from "./run-cli.js";

// Values: metafor 3.8-1 rma.mv(yi, V, mods = ~ outcome - 1, random = ~ outcome | study, struct)
// with V = vcalc(vi, study, type = outcome, rho), robust() CR1 and clubSandwich CR2:
// fixtures/multivariate/multivariate.json (scripts/multivariate.R); relative 1e-6.
const close = (actual: number, expected: number) => Math.abs(actual - expected) <= Math.max(1e-9, 1e-6 * Math.abs(expected));
const allClose = (actual: readonly number[], expected: readonly number[]) => actual.length === expected.length && actual.every((a, i) => close(a, expected[i]!));
const berkey = `${repoRoot}packages/fixtures/multivariate/dat.berkey1998.csv`;
const ishak = `${repoRoot}packages/fixtures/multivariate/dat.ishak2007-long.csv`;
interface Case {
  id: string;
  tau2: number[];
  rho: number[];
  estimate: number[];
  se: number[];
  ciLower: number[];
  QE: number;
  QEp: number;
  logLik: number;
  robustCR1: { se: number[]; df: number[] };
  robustCR2: { se: number[]; df: number[]; pval: number[] };
}
const cases = (JSON.parse(readFileSync(`${repoRoot}packages/fixtures/multivariate/multivariate.json`, "utf8")) as { cases: Case[] }).cases;
const un = cases.find((c) => c.id === "berkey1998 vcalc rho 0.4 UN REML")!;
const cs = cases.find((c) => c.id === "ishak2007 vcalc rho 0.6 CS REML")!;

interface Output {
  model: string;
  k: number;
  studies: number;
  coefficients: { name: string; estimate: number; se: number; statistic: number; pval: number; ciLower: number; ciUpper: number }[];
  tau2: number[];
  rho: number[];
  QE: number;
  QEp: number;
  logLik: number;
  robust?: { method: string; se: number[]; df: number[]; pval: number[] };
}

describe("metakit pool --study --outcome --struct --rho (multivariate model)", () => {
  it("reproduces rma.mv(struct = UN) on dat.berkey1998 with V = vcalc(rho = 0.4), with the JSON fields of the issue", async () => {
    const { code, stdout, stderr } = await metakit("pool", berkey, "--measure", "GEN", "--study", "trial", "--outcome", "outcome", "--struct", "UN", "--rho", "0.4", "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as Output;
    for (const field of ["coefficients", "tau2", "rho", "QE", "QEp", "logLik"]) expect(r).toHaveProperty(field);
    expect(r.model).toBe("multivariate");
    expect(r.k).toBe(10);
    expect(r.studies).toBe(5);
    expect(r.coefficients.map((c) => c.name)).toEqual(["AL", "PD"]);
    expect(Object.keys(r.coefficients[0]!)).toEqual(["name", "estimate", "se", "statistic", "pval", "ciLower", "ciUpper"]);
    expect(allClose(r.coefficients.map((c) => c.estimate), un.estimate)).toBe(true);
    expect(allClose(r.coefficients.map((c) => c.se), un.se)).toBe(true);
    expect(allClose(r.coefficients.map((c) => c.ciLower), un.ciLower)).toBe(true);
    expect(allClose(r.tau2, un.tau2)).toBe(true);
    expect(allClose(r.rho, un.rho)).toBe(true);
    expect(close(r.QE, un.QE) && close(r.QEp, un.QEp) && close(r.logLik, un.logLik)).toBe(true);
  });

  it("struct CS on dat.ishak2007 (four time points): one tau2, one rho, coefficients in code-point order", async () => {
    const { code, stdout } = await metakit("pool", ishak, "--measure", "GEN", "--study", "study", "--outcome", "time", "--struct", "CS", "--rho", "0.6", "--format", "json");
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as Output;
    expect(r.coefficients.map((c) => c.name)).toEqual(["1", "2", "3", "4"]);
    expect(r.tau2.length).toBe(1);
    expect(r.rho.length).toBe(1);
    expect(allClose(r.coefficients.map((c) => c.estimate), cs.estimate)).toBe(true);
    expect(allClose(r.tau2, cs.tau2) && allClose(r.rho, cs.rho) && close(r.logLik, cs.logLik)).toBe(true);
  });

  it("--robust trial adds clubSandwich's CR2 (Satterthwaite df), --small-sample CR1 metafor's robust(adjust = TRUE)", async () => {
    const cr2 = JSON.parse((await metakit("pool", berkey, "--measure", "GEN", "--study", "trial", "--outcome", "outcome", "--struct", "UN", "--rho", "0.4", "--robust", "trial", "--format", "json")).stdout) as Output;
    expect(cr2.robust!.method).toBe("CR2");
    expect(allClose(cr2.robust!.se, un.robustCR2.se) && allClose(cr2.robust!.df, un.robustCR2.df) && allClose(cr2.robust!.pval, un.robustCR2.pval)).toBe(true);
    const cr1 = JSON.parse((await metakit("pool", berkey, "--measure", "GEN", "--study", "trial", "--outcome", "outcome", "--struct", "UN", "--rho", "0.4", "--robust", "trial", "--small-sample", "CR1", "--format", "json")).stdout) as Output;
    expect(allClose(cr1.robust!.se, un.robustCR1.se) && allClose(cr1.robust!.df, un.robustCR1.df)).toBe(true);
  });

  it("prints a readable text summary", async () => {
    const { code, stdout } = await metakit("pool", berkey, "--measure", "GEN", "--study", "trial", "--outcome", "outcome", "--struct", "UN", "--rho", "0.4");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Multivariate meta-analysis \(REML, struct UN\), GEN, 10 effect sizes of 2 outcomes in 5 studies/);
    expect(stdout).toMatch(/tau² \(AL, PD\): 0\.0327, 0\.0121; rho: 0\.5891/);
  });

  it("regress --mods year adds the moderator to ~ outcome - 1", async () => {
    const { code, stdout, stderr } = await metakit("regress", berkey, "--measure", "GEN", "--mods", "year", "--study", "trial", "--outcome", "outcome", "--struct", "DIAG", "--rho", "0.4", "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as Output;
    expect(r.coefficients.map((c) => c.name)).toEqual(["AL", "PD", "year"]);
    expect(r.rho).toEqual([]);
    expect(r.tau2.length).toBe(2);
  });

  it("--tau2-ci adds the profile-likelihood intervals of tau2 and rho (multivariateProfileIntervals, checked against metafor's confint in core)", async () => {
    const { code, stdout } = await metakit("pool", berkey, "--measure", "GEN", "--study", "trial", "--outcome", "outcome", "--struct", "CS", "--rho", "0.4", "--tau2-ci", "--format", "json");
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as Output & { profile: { component: string; estimate: number; lower: number; upper: number }[] };
    const rows = readFileSync(berkey, "utf8").trim().split("\n").slice(1).map((line) => line.split(","));
    const yi = rows.map((c) => Number(c[c.length - 2]));
    const vi = rows.map((c) => Number(c[c.length - 1]));
    const study = rows.map((c) => c[0]!);
    const outcome = rows.map((c) => c[c.length - 3]!.replace(/"/g, ""));
    const expected = multivariateProfileIntervals({ yi, vi, study, outcome, covariance: vcalc(vi, study, { type: outcome, rho: 0.4 }) }, { struct: "CS" });
    expect(r.profile.map((p) => p.component)).toEqual(["tau2[1]", "rho[1]"]);
    r.profile.forEach((p, j) => expect(close(p.lower, expected[j]!.lower) && close(p.upper, expected[j]!.upper)).toBe(true));
  });

  it("usage errors for conflicting or partial options", async () => {
    const cases: [string[], RegExp][] = [
      [["--struct", "UN"], /--struct needs --outcome/],
      [["--study", "trial"], /--study needs --outcome/],
      [["--outcome", "outcome"], /--outcome needs --study/],
      [["--study", "trial", "--outcome", "outcome", "--cluster", "trial"], /cannot be combined/],
      [["--study", "trial", "--outcome", "outcome", "--method", "DL"], /REML or ML/],
      [["--study", "trial", "--outcome", "outcome", "--rho", "1.5"], /--rho/],
      [["--study", "trial", "--outcome", "outcome", "--small-sample", "CR1"], /--small-sample needs --robust/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await metakit("pool", berkey, "--measure", "GEN", ...args);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr).toMatch(message);
    }
  });
});
