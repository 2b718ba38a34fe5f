/**
 * Viechtbauer (2007b), Z Psychol 215:104-121: St John's wort trials (dat.linde2005 rows
 * 7-10 and 13-25, log risk ratios), EE and DL with the prediction interval, as metafor's
 * test_analysis_example_viechtbauer2007b.r (published/CASES.md, C15; 4 decimals). The
 * meta-regression part belongs to meta-regression's tests.
 */
import { column, expectClose, publishedData, tol } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { metaAnalysis } from "../src/index.js";
import { logRiskRatios, tablesFromCounts } from "./two-by-two.js";

const rows = publishedData("dat.linde2005.csv").filter((_, i) => (i >= 6 && i <= 9) || (i >= 12 && i <= 24));
const data = logRiskRatios(tablesFromCounts(column(rows, "ai"), column(rows, "n1i"), column(rows, "ci"), column(rows, "n2i")));

describe("metaAnalysis(linde2005 RR) (Viechtbauer 2007b)", () => {
  it("uses the 17 trials", () => {
    expect(data.yi.length).toBe(17);
  });

  it("EE: RR 1.3840 [1.2599, 1.5204], Q 51.5454", () => {
    const r = metaAnalysis(data, { method: "EE" });
    expectClose(Math.exp(r.estimate), 1.384, tol.printed4, "RR");
    expectClose(Math.exp(r.ciLower), 1.2599, tol.printed4, "RR lower");
    expectClose(Math.exp(r.ciUpper), 1.5204, tol.printed4, "RR upper");
    expectClose(r.QE, 51.5454, tol.printed4, "Q");
  });

  it("DL: RR 1.5722 [1.3103, 1.8864], PI [0.8488, 2.9120], tau2 0.0903", () => {
    const r = metaAnalysis(data, { method: "DL" });
    expectClose(Math.exp(r.estimate), 1.5722, tol.printed4, "RR");
    expectClose(Math.exp(r.ciLower), 1.3103, tol.printed4, "RR lower");
    expectClose(Math.exp(r.ciUpper), 1.8864, tol.printed4, "RR upper");
    expectClose(Math.exp(r.piLower!), 0.8488, tol.printed4, "PI lower");
    expectClose(Math.exp(r.piUpper!), 2.912, tol.printed4, "PI upper");
    expectClose(r.tau2, 0.0903, tol.printed4, "tau2");
  });
});
