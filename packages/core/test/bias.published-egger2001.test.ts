/**
 * Funnel asymmetry in the magnesium trials of Egger et al. (2001), Systematic Reviews in
 * Health Care, ch. 11 (dat.egger2001, log odds ratios, 1/2 added to the table with a zero
 * cell), as metafor's test_misc_pub_bias.r (published/CASES.md, C21: 4 decimals from the
 * test file, 6-decimal local values from metafor 3.8-1).
 */
import { column, expectClose, publishedData, tol } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { eggerTest, rankTest } from "../src/index.js";
import { logOddsRatios } from "./two-by-two.js";

const rows = publishedData("dat.egger2001.csv");
const ai = column(rows, "ai");
const ci = column(rows, "ci");
const n1i = column(rows, "n1i");
const n2i = column(rows, "n2i");
const data = {
  ...logOddsRatios({ ai, bi: ai.map((a, i) => n1i[i]! - a), ci, di: ci.map((c, i) => n2i[i]! - c) }),
  ni: n1i.map((n, i) => n + n2i[i]!),
};

describe("eggerTest(egger2001) reproduces C21", () => {
  it("regtest(rma(yi, vi)): z = -4.6686; limit estimate 0.041918 [-0.160445, 0.244281]", () => {
    const r = eggerTest(data);
    expectClose(r.statistic, -4.6686, tol.printed4, "z");
    expectClose(r.pval, 3e-6, { rel: 0, abs: 5e-7 }, "p (local, 1 significant digit)");
    expectClose(r.limitEstimate, 0.041918, tol.printed6, "limit estimate");
    expectClose(r.limitCiLower, -0.160445, tol.printed6, "limit lower");
    expectClose(r.limitCiUpper, 0.244281, tol.printed6, "limit upper");
  });
  it("regtest(res, model = 'lm', predictor = 'sqrtninv'): t = -5.6083", () => {
    expectClose(eggerTest(data, { model: "lm", predictor: "sqrtninv" }).statistic, -5.6083, tol.printed4, "t");
  });
  it("classic Egger (model lm, predictor sei): t = -5.784621 on 14 df, p 0.000047, limit 0.099617", () => {
    const r = eggerTest(data, { model: "lm" });
    expectClose(r.statistic, -5.784621, tol.printed6, "t");
    expect(r.df).toBe(14);
    expectClose(r.pval, 0.000047, tol.printed6, "p");
    expectClose(r.limitEstimate, 0.099617, tol.printed6, "limit estimate");
  });
});

describe("rankTest(egger2001) reproduces C21", () => {
  it("Kendall's tau = 0.15, p = 0.4503", () => {
    const r = rankTest(data);
    expectClose(r.tau, 0.15, tol.printed4, "tau");
    expectClose(r.pval, 0.4503, tol.printed4, "p");
    expect(r.exact).toBe(true);
  });
});
