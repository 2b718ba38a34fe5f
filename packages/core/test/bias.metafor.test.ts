/**
 * The small-study tests against every egger, eggerClassic, begg and trimfill extra of the
 * metafor oracle (packages/fixtures/metafor/cases.json, metafor 3.8-1: regtest(rma(yi, vi)),
 * regtest(..., model = "lm"), ranktest(), trimfill() with REML), from the case's escalc
 * yi/vi, to a relative 1e-6 (absolute 1e-9 near zero).
 */
import { expectClose, oracleCases, tol, type OracleCase } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { eggerTest, rankTest, trimAndFill } from "../src/index.js";

const withExtra = (name: string) => oracleCases().filter((c) => c.extras?.[name] !== undefined);
const input = (c: OracleCase) => ({ yi: c.escalc.yi, vi: c.escalc.vi });
const expected = (c: OracleCase, name: string) => c.extras![name]!.expected as Record<string, number | string>;

describe("eggerTest(input) vs regtest(rma(yi, vi))", () => {
  it.each(withExtra("egger").map((c) => [c.id, c] as const))("%s", (_, c) => {
    const e = expected(c, "egger");
    const r = eggerTest(input(c));
    expectClose(r.statistic, e["statistic"] as number, tol.statistic, `${c.id} statistic`);
    expectClose(r.pval, e["pval"] as number, tol.pval, `${c.id} pval`);
    expectClose(r.limitEstimate, e["limitEstimate"] as number, tol.metafor, `${c.id} limitEstimate`);
    expect(r.df).toBeUndefined();
  });
});

describe("eggerTest(input, { model: 'lm' }) vs regtest(..., model = 'lm')", () => {
  it.each(withExtra("eggerClassic").map((c) => [c.id, c] as const))("%s", (_, c) => {
    const e = expected(c, "eggerClassic");
    const r = eggerTest(input(c), { model: "lm" });
    expectClose(r.statistic, e["statistic"] as number, tol.statistic, `${c.id} statistic`);
    expectClose(r.pval, e["pval"] as number, tol.pval, `${c.id} pval`);
    expect(r.df).toBe(e["df"]);
  });
});

describe("rankTest(input) vs ranktest()", () => {
  it.each(withExtra("begg").map((c) => [c.id, c] as const))("%s", (_, c) => {
    const e = expected(c, "begg");
    const r = rankTest(input(c));
    expectClose(r.tau, e["tau"] as number, tol.tau2, `${c.id} tau`);
    expectClose(r.pval, e["pval"] as number, tol.pval, `${c.id} pval`);
  });
});

describe("trimAndFill(input) vs trimfill(rma(yi, vi))", () => {
  it.each(withExtra("trimfill").map((c) => [c.id, c] as const))("%s", (_, c) => {
    const e = expected(c, "trimfill");
    const r = trimAndFill(input(c));
    expect(r.k0).toBe(e["k0"]);
    expect(r.side).toBe(e["side"]);
    expect(r.filled).toHaveLength(r.k0);
    expectClose(r.estimate, e["estimate"] as number, tol.estimate, `${c.id} estimate`);
    expectClose(r.se, e["se"] as number, tol.se, `${c.id} se`);
    expectClose(r.tau2, e["tau2"] as number, tol.tau2, `${c.id} tau2`);
  });
});
