/**
 * metaRegression(..., { method: "GENQ", weights }) against metafor 3.8-1's
 * rma(yi, vi, mods, weights, method = "GENQ"): fixtures/metafor-extra/meta-regression-genq.json
 * (scripts/meta-regression-genq.R). dat.bcg log RR with ablat, and with ablat, year and
 * alloc (reference random); weights the total sample size and a constant; tests z and
 * knha. tau2, its SE, I2, H2, R2, QM, QE and every coefficient to a relative 1e-6
 * (tol.metafor; GENQ is closed form, so the agreement is to rounding).
 */
import { describe, expect, it } from "vitest";
import type { Moderator, TestType } from "../src/index.js";
import { metaRegression } from "../src/index.js";
import { readExtra } from "./mantel-haenszel-helpers.js";
import { errorOf, expectClose, tol } from "@metakit/fixtures";

interface GenqCase {
  readonly id: string;
  readonly test: TestType;
  readonly data: { readonly yi: number[]; readonly vi: number[]; readonly weights: number[] };
  readonly moderators: Moderator[];
  readonly tau2: number;
  readonly seTau2: number;
  readonly I2: number;
  readonly H2: number;
  readonly R2: number;
  readonly QM: number;
  readonly QMp: number;
  readonly QE: number;
  readonly QEp: number;
  readonly estimate: number[];
  readonly se: number[];
  readonly statistic: number[];
  readonly pval: number[];
  readonly ciLower: number[];
  readonly ciUpper: number[];
}

const oracle = readExtra<{ cases: GenqCase[] }>("meta-regression-genq.json");
const COEFFICIENT_FIELDS = ["estimate", "se", "statistic", "pval", "ciLower", "ciUpper"] as const;

describe("metaRegression(input, moderators, { method: GENQ, weights, test }) vs rma(yi, vi, mods, weights, method = \"GENQ\")", () => {
  it.each(oracle.cases.map((c) => [c.id, c] as const))("%s", (_, c) => {
    const r = metaRegression({ yi: c.data.yi, vi: c.data.vi }, c.moderators, { method: "GENQ", weights: c.data.weights, test: c.test });
    expect(r.method).toBe("GENQ");
    for (const f of ["tau2", "seTau2", "I2", "H2", "R2", "QM", "QMp", "QE", "QEp"] as const) expectClose(r[f], c[f], tol.metafor, `${c.id} ${f}`);
    expect(r.coefficients).toHaveLength(c.estimate.length);
    r.coefficients.forEach((coef, j) => {
      for (const f of COEFFICIENT_FIELDS) expectClose(coef[f], c[f][j]!, tol.metafor, `${c.id} ${coef.name} ${f}`);
    });
  });
});

describe("metaRegression GENQ options", () => {
  const c = oracle.cases[0]!;
  const input = { yi: c.data.yi, vi: c.data.vi };
  const fieldOf = (f: () => unknown): unknown => (errorOf(f) as { details?: { field?: unknown } } | undefined)?.details?.field;
  it("GENQ without weights is an invalid option naming weights", () => {
    expect(fieldOf(() => metaRegression(input, c.moderators, { method: "GENQ" }))).toBe("weights");
  });
  it("weights with another method are refused, not ignored", () => {
    expect(fieldOf(() => metaRegression(input, c.moderators, { method: "REML", weights: c.data.weights }))).toBe("weights");
  });
  it("a weight of 0 or one too few names weights", () => {
    expect(fieldOf(() => metaRegression(input, c.moderators, { method: "GENQ", weights: c.data.weights.map((w, i) => (i === 2 ? 0 : w)) }))).toBe("weights");
    expect(fieldOf(() => metaRegression(input, c.moderators, { method: "GENQ", weights: c.data.weights.slice(1) }))).toBe("weights");
  });
});
