/**
 * mantelHaenszel() against published values (fixtures/published/CASES.md):
 * - C03: dat.bcg, MH RR/OR/RD as in metafor's test_misc_metan_vs_rma.mh_with_dat.bcg.r,
 *   which checks rma.mh against Stata's metan (Bradburn, Deeks & Altman 1998). 4-decimal
 *   values to 5e-5; the "local" SE to 6 decimals.
 * - C17: Rothman, Greenland & Lash (2008), Modern Epidemiology, 3rd ed., ch. 15,
 *   tolbutamide data in two age strata, all at level = 90 (test_analysis_example_rothman2008.r).
 */
import { column, expectClose, publishedData, tol } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { mantelHaenszel, type MantelHaenszelResult, type Table2x2 } from "../src/index.js";

function bcgTables(): Table2x2[] {
  const rows = publishedData("dat.bcg.csv");
  const [tpos, tneg, cpos, cneg] = ["tpos", "tneg", "cpos", "cneg"].map((name) => column(rows, name));
  return tpos!.map((ai, i) => ({ ai, bi: tneg![i]!, ci: cpos![i]!, di: cneg![i]! }));
}

function expectPublished(result: MantelHaenszelResult, expected: Readonly<Record<string, number>>, what: string): void {
  for (const [field, value] of Object.entries(expected)) {
    const actual =
      field === "expEstimate" ? Math.exp(result.estimate)
      : field === "expCiLower" ? Math.exp(result.ciLower)
      : field === "expCiUpper" ? Math.exp(result.ciUpper)
      : (result[field as keyof MantelHaenszelResult] as number);
    expectClose(actual, value, tol.printed4, `${what} ${field}`);
  }
}

describe("C03: dat.bcg, rma.mh vs Stata metan (CASES.md C03)", () => {
  const tables = bcgTables();
  it("mantelHaenszel(bcg, { measure: 'RR' }): log RR -0.4537 [-0.5308, -0.3766], z -11.5338, Q 152.5676, RR 0.6353 [0.5881, 0.6862]", () => {
    const result = mantelHaenszel(tables, { measure: "RR" });
    expectPublished(result, { estimate: -0.4537, ciLower: -0.5308, ciUpper: -0.3766, statistic: -11.5338, QE: 152.5676, expEstimate: 0.6353, expCiLower: 0.5881, expCiUpper: 0.6862 }, "MH RR");
    expectClose(result.se, 0.039337, tol.printed6, "MH RR se (local)");
  });
  it("mantelHaenszel(bcg, { measure: 'OR' }): log OR -0.4734 [-0.5538, -0.3930], z -11.5444, Q 163.9426, OR 0.6229 [0.5748, 0.6750]", () => {
    const result = mantelHaenszel(tables, { measure: "OR" });
    expectPublished(result, { estimate: -0.4734, ciLower: -0.5538, ciUpper: -0.393, statistic: -11.5444, QE: 163.9426, expEstimate: 0.6229, expCiLower: 0.5748, expCiUpper: 0.675 }, "MH OR");
    expectClose(result.se, 0.041008, tol.printed6, "MH OR se (local)");
  });
  it("mantelHaenszel(bcg, { measure: 'RD' }): -0.0033 [-0.0039, -0.0027], z -11.4708 (Sato et al. 1989 SE), Q 386.7759", () => {
    const result = mantelHaenszel(tables, { measure: "RD" });
    expectPublished(result, { estimate: -0.0033, ciLower: -0.0039, ciUpper: -0.0027, statistic: -11.4708, QE: 386.7759 }, "MH RD");
    expectClose(result.se, 0.000287, tol.printed6, "MH RD se (local)");
  });
});

describe("C17: Rothman et al. (2008), ch. 15, tolbutamide, level = 90 (CASES.md C17)", () => {
  const tables: Table2x2[] = [
    { ai: 8, bi: 98, ci: 5, di: 115 },
    { ai: 22, bi: 76, ci: 16, di: 69 },
  ];
  const labels = ["age < 55", "age 55+"];
  it("mantelHaenszel(tolbutamide, { measure: 'RD', level: 90 }): 0.0349 [-0.0176, 0.0874], Q 0.0017 (p .9669)", () => {
    const result = mantelHaenszel(tables, { measure: "RD", level: 90, labels });
    expectPublished(result, { estimate: 0.0349, ciLower: -0.0176, ciUpper: 0.0874, QE: 0.0017, QEp: 0.9669 }, "MH RD");
  });
  it("mantelHaenszel(tolbutamide, { measure: 'RR', level: 90 }): log RR 0.2818 [-0.1442, 0.7078], Q .4472 (p .5037), RR 1.3256 [0.8658, 2.0296]", () => {
    const result = mantelHaenszel(tables, { measure: "RR", level: 90, labels });
    expectPublished(result, { estimate: 0.2818, ciLower: -0.1442, ciUpper: 0.7078, QE: 0.4472, QEp: 0.5037, expEstimate: 1.3256, expCiLower: 0.8658, expCiUpper: 2.0296 }, "MH RR");
  });
  it("mantelHaenszel(tolbutamide, { measure: 'OR', level: 90, correct: false }): log OR 0.3387 [-0.1731, 0.8505], Q .3474, CO 1.1976, CMH 1.1914, Tarone .3489", () => {
    const result = mantelHaenszel(tables, { measure: "OR", level: 90, correct: false, labels });
    expectPublished(result, { estimate: 0.3387, ciLower: -0.1731, ciUpper: 0.8505, QE: 0.3474, QEp: 0.5556, expEstimate: 1.4031, expCiLower: 0.8411, expCiUpper: 2.3409 }, "MH OR");
    const { cochran, cmh, tarone } = result;
    if (cochran === undefined || cmh === undefined || tarone === undefined) throw new Error("OR tests missing");
    expectClose(cochran.statistic, 1.1976, tol.printed4, "Cochran statistic");
    expectClose(cochran.pval, 0.2738, tol.printed4, "Cochran p");
    expectClose(cmh.statistic, 1.1914, tol.printed4, "CMH statistic");
    expectClose(cmh.pval, 0.275, tol.printed4, "CMH p");
    expectClose(tarone.statistic, 0.3489, tol.printed4, "Tarone statistic");
    expectClose(tarone.pval, 0.5547, tol.printed4, "Tarone p");
    expect(tarone.df).toBe(1);
    expect(result.level).toBe(90);
  });
});
