/**
 * DerSimonian & Kacker (2007), Contemp Clin Trials 28:105-114: every tau2 estimator on the
 * CLASP trials (log odds ratios), as metafor's test_analysis_example_dersimonian2007.r
 * (published/CASES.md, C01). "test" values are the paper's 4 decimals; "local" values
 * metafor 3.8-1's at 6 decimals.
 */
import { describe, it } from "vitest";
import type { Tau2Method } from "../src/index.js";
import { metaAnalysis } from "../src/index.js";
import { expectClose, tol } from "@metakit/fixtures";
import { logOddsRatios, tablesFromCounts } from "./two-by-two.js";

const clasp = logOddsRatios(
  tablesFromCounts([5, 5, 12, 69, 9, 313], [156, 303, 565, 1570, 103, 4659], [8, 17, 9, 94, 11, 352], [74, 303, 477, 1565, 105, 4650]),
);

// DerSimonian & Kacker 2007, Table 2 (tau, mu, se); "CA" is HE.
const table2: { method: Tau2Method; tau: number; mu: number; se: number; local?: [number, number, number] }[] = [
  { method: "PM", tau: 0.3681, mu: -0.3811, se: 0.206, local: [0.135475, -0.381062, 0.20599] },
  { method: "HE", tau: 0.441, mu: -0.4035, se: 0.2327, local: [0.194478, -0.403514, 0.232739] },
  { method: "DL", tau: 0.2323, mu: -0.324, se: 0.154, local: [0.053966, -0.323997, 0.154005] },
  { method: "EB", tau: 0.3681, mu: -0.3811, se: 0.206, local: [0.135476, -0.381063, 0.20599] },
  { method: "ML", tau: 0.0023, mu: -0.1974, se: 0.0694, local: [0.000005, -0.197383, 0.06939] },
  { method: "REML", tau: 0.1843, mu: -0.298, se: 0.1343, local: [0.033959, -0.298038, 0.13433] },
  { method: "HS", tau: 0.133, mu: -0.2666, se: 0.1125, local: [0.017698, -0.266605, 0.112498] },
  { method: "SJ", tau: 0.4572, mu: -0.4079, se: 0.2386, local: [0.208991, -0.407859, 0.238627] },
  { method: "HSk", tau: 0.1644, mu: -0.2863, se: 0.1259, local: [0.027012, -0.286272, 0.125928] },
  { method: "PMM", tau: 0.4341, mu: -0.4016, se: 0.2302, local: [0.188455, -0.401598, 0.230228] },
];

describe("metaAnalysis(clasp, {method}) reproduces DerSimonian & Kacker (2007), Table 2", () => {
  it.each(table2)("$method: tau $tau, mu $mu, se $se", ({ method, tau, mu, se, local }) => {
    const result = metaAnalysis(clasp, { method });
    expectClose(result.tau, tau, tol.printed4, "tau");
    expectClose(result.estimate, mu, tol.printed4, "mu");
    expectClose(result.se, se, tol.printed4, "se");
    if (local !== undefined) {
      expectClose(result.tau2, local[0], tol.printed6, "tau2 (local)");
      expectClose(result.estimate, local[1], tol.printed6, "mu (local)");
      expectClose(result.se, local[2], tol.printed6, "se (local)");
    }
  });

  it("I2 of PM, HE, DL and REML (metafor 3.8-1, 4 decimals)", () => {
    const I2 = { PM: 70.137, HE: 77.1247, DL: 48.3357, REML: 37.0565 } as const;
    for (const [method, value] of Object.entries(I2)) {
      expectClose(metaAnalysis(clasp, { method: method as Tau2Method }).I2, value, tol.printed4, `${method} I2`);
    }
  });

  it("Q = 9.677867 (local)", () => {
    expectClose(metaAnalysis(clasp, { method: "DL" }).QE, 9.677867, tol.printed6, "Q");
  });

  it("two-step CA2 and DL2: GENQ with weights 1/(vi + tau2), then the model at that tau2", () => {
    const twoStep = (first: Tau2Method) => {
      const tau2First = metaAnalysis(clasp, { method: first }).tau2;
      const weights = clasp.vi.map((v) => 1 / (v + tau2First));
      const tau2 = metaAnalysis(clasp, { method: "GENQ", weights }).tau2;
      return metaAnalysis(clasp, { tau2 });
    };
    const ca2 = twoStep("HE");
    expectClose(ca2.tau, 0.3831, tol.printed4, "CA2 tau");
    expectClose(ca2.estimate, -0.3861, tol.printed4, "CA2 mu");
    expectClose(ca2.se, 0.2115, tol.printed4, "CA2 se");
    const dl2 = twoStep("DL");
    expectClose(dl2.tau, 0.3254, tol.printed4, "DL2 tau");
    expectClose(dl2.estimate, -0.3655, tol.printed4, "DL2 mu");
    expectClose(dl2.se, 0.1901, tol.printed4, "DL2 se");
  });

  it("SJ2: Sidik–Jonkman started from the HE estimate", () => {
    const tau2Init = metaAnalysis(clasp, { method: "HE" }).tau2;
    const sj2 = metaAnalysis(clasp, { method: "SJ", control: { tau2Init } });
    expectClose(sj2.tau, 0.4084, tol.printed4, "SJ2 tau");
    expectClose(sj2.estimate, -0.3941, tol.printed4, "SJ2 mu");
    expectClose(sj2.se, 0.2208, tol.printed4, "SJ2 se");
  });

  it("GENQ with weights 1/vi: DL's tau2, mu and se from the GENQ weights (local)", () => {
    const result = metaAnalysis(clasp, { method: "GENQ", weights: clasp.vi.map((v) => 1 / v) });
    expectClose(result.tau2, 0.053966, tol.printed6, "tau2");
    expectClose(result.estimate, -0.197347, tol.printed6, "mu");
    expectClose(result.se, 0.190443, tol.printed6, "se");
  });
});
