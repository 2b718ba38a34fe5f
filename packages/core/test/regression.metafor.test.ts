/**
 * metaRegression(), predictRegression() and permutationTest() against metafor 3.8-1:
 * fixtures/metafor-extra/meta-regression.json (scripts/meta-regression.R). dat.bcg log RR
 * with ablat under EE, DL, HE, HS, SJ, ML, REML, EB and PM, each with z and knha tests;
 * alloc as a factor (default and relevel()ed reference); Lipsey & Wilson (2001) with two
 * moderators; predict() with CI and PI; exact permutest() p-values. Relative 1e-6.
 */
import { describe, expect, it } from "vitest";
import type { Moderator, RegressionMethod, TestType } from "../src/index.js";
import { metaRegression, permutationTest, predictRegression } from "../src/index.js";
import { readExtra } from "./mantel-haenszel-helpers.js";
import { expectClose, tol } from "@metakit/fixtures";

interface RegressionCase {
  readonly id: string;
  readonly method: RegressionMethod;
  readonly test: TestType;
  readonly data: { readonly yi: number[]; readonly vi: number[] };
  readonly moderators: Moderator[];
  readonly tau2: number;
  readonly I2: number;
  readonly H2: number;
  readonly R2?: number;
  readonly QM: number;
  readonly QMdf: number[];
  readonly QMp: number;
  readonly QE: number;
  readonly QEp: number;
  readonly estimate: number[];
  readonly se: number[];
  readonly statistic: number[];
  readonly pval: number[];
  readonly ciLower: number[];
  readonly ciUpper: number[];
  readonly vcov: number[][];
}

interface PermutationCase {
  readonly id: string;
  readonly method: RegressionMethod;
  readonly test: TestType;
  readonly permutations: number;
  readonly data: { readonly yi: number[]; readonly vi: number[] };
  readonly moderators: Moderator[];
  readonly QM: number;
  readonly QMp: number;
  readonly pval: number[];
}

const oracle = readExtra<{
  cases: RegressionCase[];
  predictions: Record<string, unknown>[];
  permutations: PermutationCase[];
}>("meta-regression.json");

const COEFFICIENT_FIELDS = ["estimate", "se", "statistic", "pval", "ciLower", "ciUpper"] as const;

describe("metaRegression(input, moderators, { method, test }) vs rma(yi, vi, mods)", () => {
  it.each(oracle.cases.map((c) => [c.id, c] as const))("%s", (_, c) => {
    const r = metaRegression(c.data, c.moderators, { method: c.method, test: c.test });
    for (const f of ["tau2", "I2", "H2", "QM", "QMp", "QE", "QEp"] as const) expectClose(r[f], c[f], tol.metafor, `${c.id} ${f}`);
    if (c.R2 !== undefined) expectClose(r.R2, c.R2, tol.metafor, `${c.id} R2`);
    expect(r.QMdf[0]).toBe(c.QMdf[0]);
    expect(r.QMdf[1]).toBe(c.QMdf[1] === -1 ? null : c.QMdf[1]);
    expect(r.coefficients).toHaveLength(c.estimate.length);
    r.coefficients.forEach((coef, j) => {
      for (const f of COEFFICIENT_FIELDS) expectClose(coef[f], c[f][j]!, tol.metafor, `${c.id} ${coef.name} ${f}`);
      c.vcov[j]!.forEach((v, l) => expectClose(r.vcov[j]![l], v, tol.metafor, `${c.id} vcov[${j}][${l}]`));
    });
  });

  it("names the terms: intercept, numeric moderators, one term per non-reference level", () => {
    const c = oracle.cases.find((x) => x.id === "bcg-ablat-alloc DL knha")!;
    const r = metaRegression(c.data, c.moderators, { method: "DL", test: "knha" });
    expect(r.coefficients.map((x) => x.name)).toEqual(["intrcpt", "ablat", "alloc=alternate", "alloc=systematic"]);
    expect(r.df).toBe(13 - 4);
  });
});

describe("predictRegression(model, at) vs predict(res, newmods)", () => {
  const bcg = oracle.cases.find((x) => x.id === "bcg-ablat REML z")!;
  const alloc = oracle.cases.find((x) => x.id === "bcg-ablat-alloc DL knha")!;
  const check = (actual: ReturnType<typeof predictRegression>, expected: Record<string, unknown>, id: string) => {
    for (const f of ["estimate", "se", "ciLower", "ciUpper", "piLower", "piUpper"] as const) {
      (expected[f] as number[]).forEach((x, i) => expectClose(actual[i]![f], x, tol.metafor, `${id} ${f}[${i}]`));
    }
  };

  it("numeric moderator, REML, z", () => {
    const e = oracle.predictions[0]!;
    const model = metaRegression(bcg.data, bcg.moderators);
    check(predictRegression(model, (e["at"] as number[]).map((ablat) => ({ ablat }))), e, "bcg-ablat REML");
  });

  it("numeric and categorical moderators, REML, knha (t quantiles on k - p df)", () => {
    const e = oracle.predictions[1]!;
    const ablat = alloc.moderators[0]!;
    const factor = { ...alloc.moderators[1]!, reference: "alternate" } as Moderator;
    const model = metaRegression(alloc.data, [ablat, factor], { test: "knha" });
    const at = (e["ablat"] as number[]).map((x, i) => ({ ablat: x, alloc: (e["alloc"] as string[])[i]! }));
    check(predictRegression(model, at), e, "bcg-ablat-alloc REML knha");
  });
});

describe("permutationTest(input, moderators, options) vs permutest() (exact)", () => {
  it.each(oracle.permutations.map((c) => [c.id, c] as const))("%s", (_, c) => {
    const r = permutationTest(c.data, c.moderators, { method: c.method, test: c.test, permutations: c.permutations });
    expect(r.exact).toBe(true);
    expectClose(r.QM, c.QM, tol.Q, `${c.id} QM`);
    expectClose(r.QMp, c.QMp, tol.pval, `${c.id} QMp`);
    c.pval.forEach((p, j) => expectClose(r.coefficients[j]!.pval, p, tol.pval, `${c.id} pval[${j}]`));
  });
});
