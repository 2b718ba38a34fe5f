import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { metakit, repoRoot } from "./run-cli.js";

// Values: metafor 3.8-1 on dat.konstantopoulos2011 (random = ~ 1 | district/school):
// predict(rma.mv(mods = ~ year), newmods) from fixtures/multilevel/predict.json
// (scripts/multilevel-predict.R) and confint() from fixtures/multilevel/multilevel.json
// (scripts/multilevel.R); relative 1e-6.
const close = (actual: number, expected: number) => Math.abs(actual - expected) <= Math.max(1e-9, 1e-6 * Math.abs(expected));
const konstantopoulos = `${repoRoot}packages/fixtures/published/dat.konstantopoulos2011.csv`;
const predictCases = (JSON.parse(readFileSync(`${repoRoot}packages/fixtures/multilevel/predict.json`, "utf8")) as {
  cases: { id: string; year: number[]; pred: number[]; ciLower: number[]; piLower: number[]; piUpper: number[] }[];
}).cases;
const profileCase = (JSON.parse(readFileSync(`${repoRoot}packages/fixtures/multilevel/multilevel.json`, "utf8")) as {
  cases: { id: string; profile: { lower: number; upper: number }[] }[];
}).cases.find((c) => c.id === "konstantopoulos2011 REML z")!;

describe("metakit regress --cluster --predict and pool --cluster --tau2-ci (three-level model)", () => {
  it("--predict year=... gives metafor's predict() for the three-level meta-regression", async () => {
    const expected = predictCases.find((c) => c.id === "konstantopoulos2011 REML z year")!;
    const args = expected.year.flatMap((y) => ["--predict", `year=${y}`]);
    const { code, stdout, stderr } = await metakit("regress", konstantopoulos, "--measure", "GEN", "--mods", "year", "--cluster", "district", ...args, "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as { predictions: { values: { year: number }; pred: number; ciLower: number; piLower: number; piUpper: number }[] };
    expect(r.predictions.map((p) => p.values.year)).toEqual(expected.year);
    r.predictions.forEach((p, j) => {
      expect(close(p.pred, expected.pred[j]!) && close(p.ciLower, expected.ciLower[j]!)).toBe(true);
      expect(close(p.piLower, expected.piLower[j]!) && close(p.piUpper, expected.piUpper[j]!)).toBe(true);
    });
  });

  it("--tau2-ci gives metafor's profile-likelihood confint() for both sigma2", async () => {
    const { code, stdout } = await metakit("pool", konstantopoulos, "--measure", "GEN", "--cluster", "district", "--tau2-ci", "--format", "json");
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as { profile: { component: string; lower: number; upper: number }[] };
    expect(r.profile.map((p) => p.component)).toEqual(["outer", "inner"]);
    r.profile.forEach((p, j) => expect(close(p.lower, profileCase.profile[j]!.lower) && close(p.upper, profileCase.profile[j]!.upper)).toBe(true));
  });

  it("--predict and --tau2-ci with --robust alone are usage errors", async () => {
    const a = await metakit("regress", konstantopoulos, "--measure", "GEN", "--mods", "year", "--robust", "district", "--predict", "year=1985");
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--predict with --robust needs --cluster/);
    const b = await metakit("pool", konstantopoulos, "--measure", "GEN", "--robust", "district", "--tau2-ci");
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--tau2-ci with --robust needs --cluster/);
  });
});
