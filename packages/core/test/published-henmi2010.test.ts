/**
 * Henmi & Copas (2010), Stat Med 29:2969-2983: the DerSimonian–Laird fit of dat.lee2004
 * (log odds ratios) that their robust interval starts from, as metafor's
 * test_analysis_example_henmi2010.r (published/CASES.md, C12; 4 decimals). The
 * Henmi–Copas interval itself is not implemented.
 */
import { column, expectClose, publishedData, tol } from "@metakit/fixtures";
import { describe, it } from "vitest";
import { metaAnalysis } from "../src/index.js";
import { logOddsRatios, tablesFromCounts } from "./two-by-two.js";

const rows = publishedData("dat.lee2004.csv");
const data = logOddsRatios(tablesFromCounts(column(rows, "ai"), column(rows, "n1i"), column(rows, "ci"), column(rows, "n2i")));

describe("metaAnalysis(lee2004, {method: DL}) (Henmi & Copas 2010)", () => {
  it("tau2 0.3325, est -0.6787 [-1.0664, -0.2911]", () => {
    const r = metaAnalysis(data, { method: "DL" });
    expectClose(r.tau2, 0.3325, tol.printed4, "tau2");
    expectClose(r.estimate, -0.6787, tol.printed4, "estimate");
    expectClose(r.ciLower, -1.0664, tol.printed4, "ciLower");
    expectClose(r.ciUpper, -0.2911, tol.printed4, "ciUpper");
  });
});
