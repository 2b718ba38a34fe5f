/**
 * Raudenbush (2009), The Handbook of Research Synthesis and Meta-Analysis, ch. 16, Table
 * 16.3: teacher expectancy (dat.raudenbush1985) under EE, ML, REML, DL and HE with z and
 * Knapp–Hartung tests, as metafor's test_analysis_example_raudenbush2009.r
 * (published/CASES.md, C09; 4 decimals).
 */
import { column, expectClose, publishedData, tol } from "@metakit/fixtures";
import { describe, it } from "vitest";
import type { Tau2Method } from "../src/index.js";
import { metaAnalysis } from "../src/index.js";

const rows = publishedData("dat.raudenbush1985.csv");
const data = { yi: column(rows, "yi"), vi: column(rows, "vi") };

const table = [
  { method: "EE", tau2: 0, mu: 0.0604, se: 0.0365, z: 1.6553, lb: -0.0111, ub: 0.1318 },
  { method: "ML", tau2: 0.0126, mu: 0.0777, se: 0.0475, z: 1.6368, lb: -0.0153, ub: 0.1708 },
  { method: "REML", tau2: 0.0188, mu: 0.0837, se: 0.0516, z: 1.6208, lb: -0.0175, ub: 0.1849 },
  { method: "DL", tau2: 0.0259, mu: 0.0893, se: 0.0558, z: 1.6009, lb: -0.02, ub: 0.1987 },
  { method: "HE", tau2: 0.0804, mu: 0.1143, se: 0.0792, z: 1.4432, lb: -0.0409, ub: 0.2696 },
] as const;
const knha = {
  se: [0.0515, 0.0593, 0.0616, 0.0636, 0.0711],
  t: [1.1733, 1.311, 1.3593, 1.405, 1.6078],
  lb: [-0.0477, -0.0468, -0.0457, -0.0442, -0.0351],
  ub: [0.1685, 0.2023, 0.2131, 0.2229, 0.2637],
};

describe("metaAnalysis(raudenbush1985) reproduces Raudenbush (2009), Table 16.3", () => {
  it.each(table)("$method, z test", (row) => {
    const r = metaAnalysis(data, { method: row.method as Tau2Method });
    expectClose(r.tau2, row.tau2, tol.printed4, "tau2");
    expectClose(r.estimate, row.mu, tol.printed4, "mu");
    expectClose(r.se, row.se, tol.printed4, "se");
    expectClose(r.statistic, row.z, tol.printed4, "z");
    expectClose(r.ciLower, row.lb, tol.printed4, "ciLower");
    expectClose(r.ciUpper, row.ub, tol.printed4, "ciUpper");
  });

  it.each(table.map((row, i) => ({ method: row.method, i })))("$method, test = knha (df 18)", ({ method, i }) => {
    const r = metaAnalysis(data, { method: method as Tau2Method, test: "knha" });
    expectClose(r.se, knha.se[i]!, tol.printed4, "se");
    expectClose(r.statistic, knha.t[i]!, tol.printed4, "t");
    expectClose(r.ciLower, knha.lb[i]!, tol.printed4, "ciLower");
    expectClose(r.ciUpper, knha.ub[i]!, tol.printed4, "ciUpper");
    expectClose(r.df, 18, tol.printed4, "df");
  });

  it("Q = 35.8295 on 18 df; REML prediction interval [-0.2036, 0.3711]", () => {
    const r = metaAnalysis(data);
    expectClose(r.QE, 35.8295, tol.printed4, "Q");
    expectClose(r.QEdf, 18, tol.printed4, "df");
    expectClose(r.piLower, -0.2036, tol.printed4, "piLower");
    expectClose(r.piUpper, 0.3711, tol.printed4, "piUpper");
  });
});
