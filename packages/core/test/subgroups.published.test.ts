/**
 * subgroupAnalysis() against published values (fixtures/published/CASES.md):
 * - C10: Lipsey & Wilson (2001), Practical Meta-Analysis, ch. 7 (the "ANOVA analog"),
 *   10 studies grouped by random assignment, fixed effects
 *   (metafor's test_analysis_example_lipsey2001.r). 4-decimal values to 5e-5.
 * - C04: dat.bcg log RR by allocation, rma(yi, vi, mods = ~ alloc) (REML): tau2 and QM,
 *   local 6-decimal values from metafor 3.8-1.
 */
import { column, expectClose, oracleData, publishedData, tol } from "@metakit/fixtures";
import { escalc } from "@metakit/effect-size";
import { describe, expect, it } from "vitest";
import { subgroupAnalysis } from "../src/index.js";

describe("C10: Lipsey & Wilson (2001), subgroups by random assignment, fixed effects (CASES.md C10)", () => {
  const rows = oracleData("S11_lipsey2001_gen.csv");
  const input = {
    yi: column(rows, "yi"),
    vi: column(rows, "vi"),
    groups: column(rows, "random").map((r) => (r === 1 ? "random" : "nonrandom")),
  };
  for (const tau2Across of ["separate", "common"] as const) {
    it(`subgroupAnalysis(lipsey, { method: 'EE', tau2Across: '${tau2Across}' }): means .2984 and -.0277, Q between 7.0739 (p .0078)`, () => {
      const result = subgroupAnalysis(input, { method: "EE", tau2Across });
      const [nonrandom, random] = result.subgroups;
      expect([nonrandom!.group, random!.group]).toEqual(["nonrandom", "random"]);
      expectClose(nonrandom!.result.estimate, 0.2984, tol.printed4, "group 0 mean");
      expectClose(nonrandom!.result.se, 0.0813, tol.printed4, "group 0 se");
      expectClose(nonrandom!.result.ciLower, 0.139, tol.printed4, "group 0 ci.lb");
      expectClose(nonrandom!.result.ciUpper, 0.4578, tol.printed4, "group 0 ci.ub");
      expectClose(nonrandom!.result.QE, 6.4382, tol.printed4, "group 0 Q");
      expectClose(nonrandom!.result.QEp, 0.2659, tol.printed4, "group 0 Q p");
      expectClose(random!.result.estimate, -0.0277, tol.printed4, "group 1 mean");
      expectClose(random!.result.se, 0.0917, tol.printed4, "group 1 se");
      expectClose(random!.result.ciLower, -0.2075, tol.printed4, "group 1 ci.lb");
      expectClose(random!.result.ciUpper, 0.1521, tol.printed4, "group 1 ci.ub");
      expectClose(random!.result.QE, 1.2519, tol.printed4, "group 1 Q");
      expectClose(random!.result.QEp, 0.7406, tol.printed4, "group 1 Q p");
      expectClose(result.differences.QB, 7.0739, tol.printed4, "Q between");
      expectClose(result.differences.pval, 0.0078, tol.printed4, "Q between p");
      expect(result.differences.df).toBe(1);
    });
  }
  it("with a common (EE) tau2 the within-subgroup Q is 7.6901 (p .4643) on 8 df", () => {
    const result = subgroupAnalysis(input, { method: "EE", tau2Across: "common" });
    expectClose(result.QE!, 7.6901, tol.printed4, "QE within");
    expectClose(result.QEp!, 0.4643, tol.printed4, "QE within p");
    expect(result.QEdf).toBe(8);
  });
});

describe("C04: dat.bcg by alloc, rma(yi, vi, mods = ~ alloc), REML (CASES.md C04, local values)", () => {
  it("subgroupAnalysis(bcg, { tau2Across: 'common' }): tau2 0.361503, QM 1.767513, alternate -0.517956, random - alternate -0.447818", () => {
    const rows = publishedData("dat.bcg.csv");
    const tables = rows.map((row) => ({ ai: row["tpos"] as number, bi: row["tneg"] as number, ci: row["cpos"] as number, di: row["cneg"] as number }));
    const yivi = escalc("RR", tables).studies.map((s) => {
      if (!s.estimable) throw new Error(`bcg study ${s.study} not estimable`);
      return s;
    });
    const result = subgroupAnalysis(
      { yi: yivi.map((s) => s.yi), vi: yivi.map((s) => s.vi), groups: rows.map((row) => String(row["alloc"])) },
      { tau2Across: "common" },
    );
    const estimate = (group: string) => result.subgroups.find((s) => s.group === group)!.result.estimate;
    expectClose(result.tau2!, 0.361503, tol.printed6, "tau2");
    expectClose(result.differences.QB, 1.767513, tol.printed6, "QM");
    expectClose(result.differences.pval, 0.4132, tol.printed4, "QM p");
    expectClose(estimate("alternate"), -0.517956, tol.printed6, "alternate (intercept)");
    expectClose(estimate("random") - estimate("alternate"), -0.447818, tol.printed6, "random - alternate");
    expectClose(estimate("systematic") - estimate("alternate"), 0.089038, tol.printed6, "systematic - alternate");
  });
});
