/**
 * Small-study tests against metafor 3.8-1 (and R's lm) beyond cases.json's extras:
 * fixtures/metafor-extra/small-study.json (scripts/small-study.R). regtest() with every
 * predictor, models rma and lm, REML/z and DL/knha; trimfill() with R0, EE and a given
 * side, with the filled studies; ranktest() with tied variances (normal approximation);
 * fsn() Rosenthal (Stouffer, Fisher), Orwin, Rosenberg; Harbord's test as regtest() of
 * Z/V on sqrt(1/V) (and R's lm of Z/sqrt(V) on sqrt(V)); Peters' test as R's lm; PET and
 * PEESE as R's lm. Relative 1e-6 (absolute 1e-9 near zero).
 */
import { describe, expect, it } from "vitest";
import type { EggerModel, EggerPredictor, FsnType, RegressionMethod, TestType, TrimfillEstimator } from "../src/index.js";
import { eggerTest, failSafeN, harbordTest, petersTest, petPeese, rankTest, trimAndFill } from "../src/index.js";
import { readExtra } from "./mantel-haenszel-helpers.js";
import { expectClose, tol } from "@metakit/fixtures";

type Data = { readonly yi: number[]; readonly vi: number[]; readonly ni?: number[] };
type Fields = Record<string, number>;
const oracle = readExtra<{
  egger: (Fields & { id: string; predictor: EggerPredictor; model: EggerModel; method: RegressionMethod; test: TestType; data: Data; df: number | null; limitEstimate?: number | null })[];
  trimfill: (Fields & { id: string; method: RegressionMethod; estimator: TrimfillEstimator; side: "left" | "right"; givenSide: "left" | "right" | null; data: Data; pK0: number | null; filledYi: number[]; filledVi: number[] })[];
  rank: { id: string; data: Data; tau: number; pval: number }[];
  fsn: { id: string; data: Data; type: FsnType; options: Record<string, unknown>; fsn: number; pval: number | null; meanEffect: number | null; target: number | null }[];
  oddsRatio: { id: string; tables: Record<"ai" | "bi" | "ci" | "di", number[]>; yi: number[]; harbord: Fields; peters: Fields }[];
  petPeese: { id: string; data: Data; pet: Fields; peese: Fields }[];
}>("small-study.json");

describe("eggerTest(input, { model, predictor, method, test }) vs regtest()", () => {
  it.each(oracle.egger.map((c) => [c.id, c] as const))("%s", (_, c) => {
    const r = eggerTest(c.data, { model: c.model, predictor: c.predictor, method: c.method, test: c.test });
    expectClose(r.statistic, c["statistic"]!, tol.statistic, `${c.id} statistic`);
    expectClose(r.pval, c["pval"]!, tol.pval, `${c.id} pval`);
    expect(r.df ?? null).toBe(c.df);
    if (c.limitEstimate === null || c.limitEstimate === undefined) {
      expect(r.limitEstimate).toBeUndefined();
    } else {
      expectClose(r.limitEstimate, c.limitEstimate, tol.estimate, `${c.id} limitEstimate`);
      expectClose(r.limitCiLower, c["limitCiLower"]!, tol.ci, `${c.id} limitCiLower`);
      expectClose(r.limitCiUpper, c["limitCiUpper"]!, tol.ci, `${c.id} limitCiUpper`);
    }
  });
});

describe("trimAndFill(input, { estimator, method, side }) vs trimfill()", () => {
  it.each(oracle.trimfill.map((c) => [c.id, c] as const))("%s", (_, c) => {
    const r = trimAndFill(c.data, { method: c.method, estimator: c.estimator, ...(c.givenSide ? { side: c.givenSide } : {}) });
    expect(r.k0).toBe(c["k0"]);
    expect(r.side).toBe(c.side);
    for (const f of ["seK0", "estimate", "se", "ciLower", "ciUpper", "tau2"] as const) expectClose(r[f], c[f]!, tol.metafor, `${c.id} ${f}`);
    if (c.pK0 !== null) expectClose(r.pK0, c.pK0, tol.metafor, `${c.id} pK0`);
    expect(r.filled.map((f) => f.vi)).toEqual(c.filledVi);
    c.filledYi.forEach((y, i) => expectClose(r.filled[i]!.yi, y, tol.metafor, `${c.id} filled yi[${i}]`));
  });
});

describe("rankTest(input) vs ranktest()", () => {
  it.each(oracle.rank.map((c) => [c.id, c] as const))("%s", (_, c) => {
    const r = rankTest(c.data);
    expectClose(r.tau, c.tau, tol.tau2, `${c.id} tau`);
    expectClose(r.pval, c.pval, tol.pval, `${c.id} pval`);
  });

  it("uses the normal approximation when the variances are tied (teacher expectancy data)", () => {
    const r = rankTest(oracle.rank[0]!.data);
    expect(r.exact).toBe(false);
    expect(r.notes.join(" ")).toMatch(/ties/);
  });
});

describe("failSafeN(input, options) vs fsn()", () => {
  it.each(oracle.fsn.map((c) => [c.id, c] as const))("%s", (_, c) => {
    const o = c.options;
    const r = failSafeN(c.data, {
      type: c.type,
      ...(o["test"] === "Fisher" ? { pool: "Fisher" as const } : {}),
      ...(typeof o["target"] === "number" ? { target: o["target"] } : {}),
      ...(typeof o["alpha"] === "number" ? { alpha: o["alpha"] } : {}),
      ...(o["weighted"] === true ? { weighted: true } : {}),
      metaforCompat: "3.8", // small-study.json is metafor 3.8-1
    });
    expect(r.fsn).toBe(c.fsn);
    if (c.pval !== null) expectClose(r.pval, c.pval, tol.pval, `${c.id} pval`);
    if (c.meanEffect !== null) expectClose(r.meanEffect, c.meanEffect, tol.metafor, `${c.id} meanEffect`);
    if (c.target !== null) expectClose(r.target, c.target, tol.metafor, `${c.id} target`);
  });
});

describe("harbordTest(tables) and petersTest(tables, yi) vs R", () => {
  const tablesOf = (t: Record<"ai" | "bi" | "ci" | "di", number[]>) =>
    t.ai.map((ai, i) => ({ ai, bi: t.bi[i]!, ci: t.ci[i]!, di: t.di[i]! }));
  it.each(oracle.oddsRatio.map((c) => [c.id, c] as const))("%s", (_, c) => {
    const h = harbordTest(tablesOf(c.tables));
    expectClose(h.statistic, c.harbord["statistic"]!, tol.statistic, `${c.id} Harbord statistic`);
    expectClose(h.statistic, c.harbord["olsStatistic"]!, tol.statistic, `${c.id} Harbord = OLS of Z/sqrt(V) on sqrt(V)`);
    expectClose(h.pval, c.harbord["pval"]!, tol.pval, `${c.id} Harbord pval`);
    expectClose(h.coefficient, c.harbord["coefficient"]!, tol.metafor, `${c.id} Harbord intercept`);
    expectClose(h.se, c.harbord["se"]!, tol.se, `${c.id} Harbord se`);
    expect(h.df).toBe(c.harbord["df"]);
    const p = petersTest(tablesOf(c.tables), c.yi);
    for (const f of ["coefficient", "se", "statistic", "pval"] as const) expectClose(p[f], c.peters[f]!, tol.metafor, `${c.id} Peters ${f}`);
    expect(p.df).toBe(c.peters["df"]);
  });
});

describe("petPeese(input) vs lm(yi ~ sei) and lm(yi ~ vi), weights 1/vi", () => {
  it.each(oracle.petPeese.map((c) => [c.id, c] as const))("%s", (_, c) => {
    const r = petPeese(c.data);
    for (const part of ["pet", "peese"] as const) {
      for (const f of ["estimate", "se", "statistic", "pval", "slope", "ciLower", "ciUpper"] as const) {
        expectClose(r[part][f], c[part][f]!, tol.metafor, `${c.id} ${part} ${f}`);
      }
    }
    expect(r.selected).toBe(c.pet["pval"]! < 0.05 ? "PEESE" : "PET");
    expect(r.estimate).toBe(r.selected === "PET" ? r.pet.estimate : r.peese.estimate);
  });
});
