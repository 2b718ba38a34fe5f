/**
 * Viechtbauer (2007a), Stat Med 26:37-52: confidence intervals for tau2 on the
 * pre-eclampsia trials (dat.collins1985b, log odds ratios), as metafor's
 * test_analysis_example_viechtbauer2007a.r (published/CASES.md, C08; 4 decimals).
 */
import { column, expectClose, publishedData, tol } from "@metakit/fixtures";
import { describe, it } from "vitest";
import type { Tau2Method } from "../src/index.js";
import { metaAnalysis } from "../src/index.js";
import { logOddsRatios, tablesFromCounts } from "./two-by-two.js";

const rows = publishedData("dat.collins1985b.csv");
const data = logOddsRatios(
  tablesFromCounts(column(rows, "pre.xti"), column(rows, "pre.nti"), column(rows, "pre.xci"), column(rows, "pre.nci")),
);

describe("metaAnalysis(collins1985b) reproduces Viechtbauer (2007a)", () => {
  it.each([
    ["DL", 0.2297],
    ["ML", 0.2386],
    ["REML", 0.3008],
    ["SJ", 0.4563],
  ] as [Tau2Method, number][])("%s: tau2 %d", (method, tau2) => {
    expectClose(metaAnalysis(data, { method }).tau2, tau2, tol.printed4, "tau2");
  });

  it("Q-profile: tau2 [.0723, 2.2027], I2 [43.1209, 95.8494], H2 [1.7581, 24.0929]", () => {
    const r = metaAnalysis(data, { method: "DL", tau2Ci: true });
    expectClose(r.tau2CI?.lower, 0.0723, tol.printed4, "tau2 lower");
    expectClose(r.tau2CI?.upper, 2.2027, tol.printed4, "tau2 upper");
    expectClose(r.I2CI?.lower, 43.1209, tol.printed4, "I2 lower");
    expectClose(r.I2CI?.upper, 95.8494, tol.printed4, "I2 upper");
    expectClose(r.H2CI?.lower, 1.7581, tol.printed4, "H2 lower");
    expectClose(r.H2CI?.upper, 24.0929, tol.printed4, "H2 upper");
  });

  it("profile likelihood: ML [.0266, 1.1308], REML [.0427, 1.4747]", () => {
    const ml = metaAnalysis(data, { method: "ML", tau2Ci: true, tau2CiType: "PL" });
    expectClose(ml.tau2CI?.lower, 0.0266, tol.printed4, "ML lower");
    expectClose(ml.tau2CI?.upper, 1.1308, tol.printed4, "ML upper");
    const reml = metaAnalysis(data, { method: "REML", tau2Ci: true, tau2CiType: "PL" });
    expectClose(reml.tau2CI?.lower, 0.0427, tol.printed4, "REML lower");
    expectClose(reml.tau2CI?.upper, 1.4747, tol.printed4, "REML upper");
  });
});
