/**
 * subgroupAnalysis() against metafor 3.8-1: fixtures/metafor-extra/subgroups.json
 * (scripts/subgroups.R). dat.bcg log RR by alloc (REML, DL, EE, REML + knha), Lipsey &
 * Wilson (2001) by random (EE, DL), and the teacher-expectancy data by weeks (REML, PM;
 * one grouping has a subgroup with k = 1).
 * - separate: each subgroup vs rma(yi, vi, subset = group == g, method, test); the test
 *   for subgroup differences vs rma(estimates, sei = ses, method = "EE")$QE.
 * - common: tau2 and the subgroup estimates/SEs vs rma(yi, vi, mods = ~ factor(group) - 1);
 *   the test vs QM of rma(yi, vi, mods = ~ factor(group)); each subgroup vs
 *   rma(yi, vi, subset, tau2 = common tau2).
 */
import { describe, expect, it } from "vitest";
import { MetakitError } from "@metakit/base";
import { type SubgroupResult, subgroupAnalysis, type Tau2Method, type TestType } from "../src/index.js";
import { readExtra } from "./mantel-haenszel-helpers.js";
import { expectClose, tol } from "@metakit/fixtures";

type Fields = Readonly<Record<string, number | string | readonly number[]>>;

interface SubgroupCase {
  readonly id: string;
  readonly source: string;
  readonly method: Tau2Method;
  readonly test: TestType;
  readonly data: { readonly labels: string[]; readonly yi: number[]; readonly vi: number[]; readonly groups: string[] };
  readonly separate: { readonly subgroups: readonly Fields[]; readonly QB: number; readonly df: number; readonly pval: number };
  readonly common?: {
    readonly tau2: number;
    readonly QE: number;
    readonly QEdf: number;
    readonly QEp: number;
    readonly coefficients: readonly number[];
    readonly se: readonly number[];
    readonly QM: number;
    readonly QMdf: number;
    readonly QMp: number;
    readonly subgroups: readonly Fields[];
  };
}

const cases = readExtra<{ cases: readonly SubgroupCase[] }>("subgroups.json").cases;

const FIELDS = ["estimate", "se", "statistic", "pval", "ciLower", "ciUpper", "tau2", "QE", "QEp", "I2", "H2"] as const;

function expectSubgroup(actual: SubgroupResult, expected: Fields, what: string): void {
  expect(actual.group).toBe(expected["group"]);
  expect(actual.result.k).toBe(expected["k"]);
  for (const field of FIELDS) expectClose(actual.result[field], expected[field] as number, tol.metafor, `${what} ${actual.group} ${field}`);
  const weights = [expected["weights"]].flat() as number[];
  actual.result.weights.forEach((w, i) => expectClose(w, weights[i]!, tol.metafor, `${what} ${actual.group} weight ${i}`));
}

describe("subgroupAnalysis(input, { tau2Across: 'separate' }) matches rma per subgroup and rma(estimates, sei, method = 'EE')", () => {
  for (const c of cases) {
    it(`${c.id} (${c.source}), method ${c.method}, test ${c.test}`, () => {
      const result = subgroupAnalysis({ ...c.data }, { method: c.method, test: c.test });
      expect(result.tau2Across).toBe("separate");
      expect(result.k).toBe(c.data.yi.length);
      expect(result.subgroups.map((s) => s.group)).toEqual(c.separate.subgroups.map((s) => s["group"]));
      result.subgroups.forEach((s, g) => {
        const expected = c.separate.subgroups[g]!;
        expect(s.indices).toEqual([expected["indices"]].flat());
        expectSubgroup(s, expected, c.id);
      });
      expectClose(result.differences.QB, c.separate.QB, tol.Q, "QB");
      expect(result.differences.df).toBe(c.separate.df);
      expectClose(result.differences.pval, c.separate.pval, tol.pval, "QB p");
    });
  }
});

describe("subgroupAnalysis(input, { tau2Across: 'common' }) matches rma(yi, vi, mods = ~ factor(group))", () => {
  for (const c of cases.filter((x) => x.common !== undefined && x.test === "z")) {
    const common = c.common!;
    it(`${c.id} (${c.source}), method ${c.method}`, () => {
      const result = subgroupAnalysis({ ...c.data }, { method: c.method, tau2Across: "common" });
      expect(result.tau2Across).toBe("common");
      expectClose(result.tau2!, common.tau2, tol.tau2, "common tau2");
      expectClose(result.QE!, common.QE, tol.Q, "QE within");
      expect(result.QEdf).toBe(common.QEdf);
      expectClose(result.QEp!, common.QEp, tol.pval, "QEp within");
      result.subgroups.forEach((s, g) => {
        expectClose(s.result.estimate, common.coefficients[g]!, tol.estimate, `${s.group} coefficient`);
        expectClose(s.result.se, common.se[g]!, tol.se, `${s.group} coefficient se`);
        expectSubgroup(s, common.subgroups[g]!, `${c.id} common`);
      });
      expectClose(result.differences.QB, common.QM, tol.Q, "QB = QM");
      expect(result.differences.df).toBe(common.QMdf);
      expectClose(result.differences.pval, common.QMp, tol.pval, "QB p = QMp");
    });
  }
  it("a common tau2 with test 'knha' throws UNSUPPORTED (metafor's moderator test is then an F test)", () => {
    const c = cases.find((x) => x.test === "knha")!;
    let error: unknown;
    try {
      subgroupAnalysis({ ...c.data }, { method: c.method, test: "knha", tau2Across: "common" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MetakitError);
    expect((error as MetakitError).code).toBe("UNSUPPORTED");
  });
});
