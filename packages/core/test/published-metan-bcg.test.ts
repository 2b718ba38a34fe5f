/**
 * dat.bcg with inverse-variance EE and DL pooling against Stata's metan, as metafor's
 * test_misc_metan_vs_rma.uni_with_dat.bcg.r (published/CASES.md, C02; 4 decimals, local
 * SEs at 6).
 */
import { describe, it } from "vitest";
import type { MetaAnalysisResult } from "../src/index.js";
import { metaAnalysis } from "../src/index.js";
import { bcgTables } from "./bcg.js";
import { expectClose, tol } from "@metakit/fixtures";
import { logOddsRatios, logRiskRatios, riskDifferences } from "./two-by-two.js";

const tables = bcgTables();

function expectSummary(r: MetaAnalysisResult, est: number, lb: number, ub: number, z: number): void {
  expectClose(r.estimate, est, tol.printed4, "estimate");
  expectClose(r.ciLower, lb, tol.printed4, "ciLower");
  expectClose(r.ciUpper, ub, tol.printed4, "ciUpper");
  expectClose(r.statistic, z, tol.printed4, "z");
}

function expectExp(r: MetaAnalysisResult, est: number, lb: number, ub: number): void {
  expectClose(Math.exp(r.estimate), est, tol.printed4, "exp(estimate)");
  expectClose(Math.exp(r.ciLower), lb, tol.printed4, "exp(ciLower)");
  expectClose(Math.exp(r.ciUpper), ub, tol.printed4, "exp(ciUpper)");
}

describe("metaAnalysis(bcg) matches Stata metan (metafor test_misc_metan_vs_rma.uni)", () => {
  it("RR, EE: -0.4303 [-0.5097, -0.3509], z -10.6247, Q 152.2330", () => {
    const r = metaAnalysis(logRiskRatios(tables), { method: "EE" });
    expectSummary(r, -0.4303, -0.5097, -0.3509, -10.6247);
    expectClose(r.QE, 152.233, tol.printed4, "Q");
    expectExp(r, 0.6503, 0.6007, 0.704);
    expectClose(r.se, 0.040499, tol.printed6, "se");
  });

  it("RR, DL: -0.7141 [-1.0644, -0.3638], z -3.9952, tau2 0.3088, I2 92.1173", () => {
    const r = metaAnalysis(logRiskRatios(tables), { method: "DL" });
    expectSummary(r, -0.7141, -1.0644, -0.3638, -3.9952);
    expectClose(r.tau2, 0.3088, tol.printed4, "tau2");
    expectClose(r.I2, 92.1173, tol.printed4, "I2");
    expectExp(r, 0.4896, 0.3449, 0.695);
    expectClose(r.se, 0.178742, tol.printed6, "se");
    expectClose(r.H2, 12.686084, tol.printed6, "H2");
  });

  it("OR, EE: -0.4361 [-0.5190, -0.3533], z -10.3190, Q 163.1649", () => {
    const r = metaAnalysis(logOddsRatios(tables), { method: "EE" });
    expectSummary(r, -0.4361, -0.519, -0.3533, -10.319);
    expectClose(r.QE, 163.1649, tol.printed4, "Q");
    expectExp(r, 0.6465, 0.5951, 0.7024);
    expectClose(r.se, 0.042265, tol.printed6, "se");
  });

  it("OR, DL: -0.7474 [-1.1242, -0.3706], z -3.8873, tau2 0.3663, I2 92.6455", () => {
    const r = metaAnalysis(logOddsRatios(tables), { method: "DL" });
    expectSummary(r, -0.7474, -1.1242, -0.3706, -3.8873);
    expectClose(r.tau2, 0.3663, tol.printed4, "tau2");
    expectClose(r.I2, 92.6455, tol.printed4, "I2");
    expectExp(r, 0.4736, 0.3249, 0.6903);
    expectClose(r.se, 0.192263, tol.printed6, "se");
    expectClose(r.H2, 13.597076, tol.printed6, "H2");
  });

  it("RD, EE: -0.0009 [-0.0014, -0.0005], z -4.0448, Q 276.4737", () => {
    const r = metaAnalysis(riskDifferences(tables), { method: "EE" });
    expectSummary(r, -0.0009, -0.0014, -0.0005, -4.0448);
    expectClose(r.QE, 276.4737, tol.printed4, "Q");
    expectClose(r.se, 0.000226, tol.printed6, "se");
  });

  it("RD, DL: -0.0071 [-0.0101, -0.0040], z -4.5128, tau2 0.000019 (local), I2 95.6596", () => {
    const r = metaAnalysis(riskDifferences(tables), { method: "DL" });
    expectSummary(r, -0.0071, -0.0101, -0.004, -4.5128);
    expectClose(r.tau2, 0.000019, tol.printed6, "tau2");
    expectClose(r.I2, 95.6596, tol.printed4, "I2");
    expectClose(r.se, 0.001563, tol.printed6, "se");
  });
});
