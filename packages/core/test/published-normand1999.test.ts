/**
 * Normand (1999), Stat Med 18:321-359: risk differences (dat.hine1989, percent scale) and
 * mean differences with a pooled SD (dat.normand1999), as metafor's
 * test_analysis_example_normand1999.r (published/CASES.md, C05).
 */
import { column, expectClose, publishedData, tol } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import type { Tau2Method } from "../src/index.js";
import { metaAnalysis } from "../src/index.js";
import { riskDifferences, tablesFromCounts } from "./two-by-two.js";

function hine() {
  const rows = publishedData("dat.hine1989.csv");
  const rd = riskDifferences(
    tablesFromCounts(column(rows, "ai"), column(rows, "n1i"), column(rows, "ci"), column(rows, "n2i")),
  );
  return { yi: rd.yi.map((y) => 100 * y), vi: rd.vi.map((v) => 100 ** 2 * v) };
}

function normand() {
  const rows = publishedData("dat.normand1999.csv");
  const [n1, m1, s1, n2, m2, s2] = ["n1i", "m1i", "sd1i", "n2i", "m2i", "sd2i"].map((c) => column(rows, c));
  const yi = m1!.map((m, i) => m - m2![i]!);
  const vi = n1!.map((a, i) => {
    const b = n2![i]!;
    const sdp2 = ((a - 1) * s1![i]! ** 2 + (b - 1) * s2![i]! ** 2) / (a + b - 2);
    return sdp2 / a + sdp2 / b;
  });
  return { yi, vi };
}

describe("metaAnalysis(hine1989 RD x 100) (Normand 1999, section 4.1)", () => {
  const data = hine();
  it("study values: yi and 95% CIs as printed", () => {
    const r = metaAnalysis(data, { method: "EE" });
    const yi = [2.8026, 0, 1.9711, 1.7961, 3.5334, 4.4031];
    const vi = [17.7575, 37.5657, 8.1323, 10.8998, 8.0114, 6.132];
    const lb = [-5.4566, -12.0128, -3.6182, -4.6747, -2.0141, -0.4503];
    const ub = [11.0618, 12.0128, 7.5604, 8.2669, 9.081, 9.2566];
    yi.forEach((_, i) => {
      expectClose(r.studies.yi[i]!, yi[i]!, tol.printed4, `yi[${i}]`);
      expectClose(r.studies.vi[i]!, vi[i]!, tol.printed4, `vi[${i}]`);
      expectClose(r.studies.ciLower[i]!, lb[i]!, tol.printed4, `ci.lb[${i}]`);
      expectClose(r.studies.ciUpper[i]!, ub[i]!, tol.printed4, `ci.ub[${i}]`);
    });
  });

  it.each(["EE", "REML", "DL"] as Tau2Method[])("%s: 2.9444 [0.3831, 5.5058], tau2 = 0", (method) => {
    const r = metaAnalysis(data, { method });
    expectClose(r.estimate, 2.944432, tol.printed6, "estimate");
    expectClose(r.ciLower, 0.383089, tol.printed6, "ciLower");
    expectClose(r.ciUpper, 5.505775, tol.printed6, "ciUpper");
    expect(r.tau2).toBe(0);
  });
});

describe("metaAnalysis(normand1999 MD, pooled SD) (Normand 1999, section 4.2)", () => {
  const data = normand();
  it("EE: -3.4939 [-5.0265, -1.9613], se 0.781957, Q 241.059010", () => {
    const r = metaAnalysis(data, { method: "EE" });
    expectClose(r.estimate, -3.4939, tol.printed4, "estimate");
    expectClose(r.ciLower, -5.0265, tol.printed4, "ciLower");
    expectClose(r.ciUpper, -1.9613, tol.printed4, "ciUpper");
    expectClose(r.se, 0.781957, tol.printed6, "se");
    expectClose(r.QE, 241.05901, tol.printed6, "Q");
  });
  it("DL: -14.0972 [-24.4454, -3.7490], tau2 218.7216, I2 96.6813, se 5.279799", () => {
    const r = metaAnalysis(data, { method: "DL" });
    expectClose(r.estimate, -14.0972, tol.printed4, "estimate");
    expectClose(r.ciLower, -24.4454, tol.printed4, "ciLower");
    expectClose(r.ciUpper, -3.749, tol.printed4, "ciUpper");
    expectClose(r.tau2, 218.7216, tol.printed4, "tau2");
    expectClose(r.I2, 96.6813, tol.printed4, "I2");
    expectClose(r.se, 5.279799, tol.printed6, "se");
  });
  it("REML: -15.1217 [-32.6716, 2.4282], tau2 685.1965, I2 98.9162, se 8.954201", () => {
    const r = metaAnalysis(data, { method: "REML" });
    expectClose(r.estimate, -15.1217, tol.printed4, "estimate");
    expectClose(r.ciLower, -32.6716, tol.printed4, "ciLower");
    expectClose(r.ciUpper, 2.4282, tol.printed4, "ciUpper");
    expectClose(r.tau2, 685.1965, tol.printed4, "tau2");
    expectClose(r.I2, 98.9162, tol.printed4, "I2");
    expectClose(r.se, 8.954201, tol.printed6, "se");
  });
});
