/**
 * Cluster-robust tests against metafor 3.8-1's robust() and clubSandwich (version in the
 * fixture): robust(fit, cluster, adjust = TRUE) (CR1, t on J - p df) and
 * robust(fit, cluster, clubSandwich = TRUE) (vcovCR type CR2, coef_test Satterthwaite),
 * for the three-level rma.mv fits and the ordinary rma.uni fits of
 * fixtures/multilevel/multilevel.json (scripts/multilevel.R), clustered by district / study.
 * Relative 1e-6 on se, statistic, df, p-value and bounds, and on the omnibus test (CR2: HTZ).
 */
import { describe, expect, it } from "vitest";
import { multilevelModel, robustRegression } from "../src/index.js";
import type { RobustResult } from "../src/index.js";
import type { RobustFields } from "./multilevel-helpers.js";
import { inputOf, multilevelCases } from "./multilevel-helpers.js";
import { expectClose, tol as sharedTol } from "@metakit/fixtures";

const ORACLE = sharedTol.metafor;

const tol = { robust: ORACLE };
/** A bound b -/+ q se near zero: relative 1e-6 of the se (the bound's own scale). */
const boundTol = (se: number) => ({ rel: ORACLE.rel, abs: ORACLE.rel * se });

function expectRobust(actual: RobustResult, expected: RobustFields, what: string): void {
  actual.coefficients.forEach((b, j) => {
    expectClose(b.estimate, expected.estimate[j]!, tol.robust, `${what} estimate[${j}]`);
    expectClose(b.se, expected.se[j]!, tol.robust, `${what} se[${j}]`);
    expectClose(b.statistic, expected.statistic[j]!, tol.robust, `${what} statistic[${j}]`);
    expectClose(b.df, expected.df[j]!, tol.robust, `${what} df[${j}]`);
    expectClose(b.pval, expected.pval[j]!, tol.robust, `${what} pval[${j}]`);
    expectClose(b.ciLower, expected.ciLower[j]!, boundTol(b.se), `${what} ciLower[${j}]`);
    expectClose(b.ciUpper, expected.ciUpper[j]!, boundTol(b.se), `${what} ciUpper[${j}]`);
  });
  // QM: F on (m, J - p) for CR1; clubSandwich's Wald_test(test = "HTZ") for CR2 (t^2 for one coefficient)
  expectClose(actual.QM!, expected.QM, tol.robust, `${what} QM`);
  expectClose(actual.QMp!, expected.QMp, tol.robust, `${what} QMp`);
  expect(actual.QMdf![0]).toBe(expected.QMdf[0]);
  expectClose(actual.QMdf![1], expected.QMdf[1]!, tol.robust, `${what} QMdf[1]`);
}

describe("multilevelModel(input, { robust }) against metafor robust() and clubSandwich", () => {
  for (const c of multilevelCases) {
    for (const method of ["CR1", "CR2"] as const) {
      it(`${c.id}: ${method}`, () => {
        const r = multilevelModel(inputOf(c), { method: c.method, test: c.test, moderators: c.moderators, robust: { method } });
        expect(r.robust!.clusters).toBe(new Set(c.data.outer).size);
        expectRobust(r.robust!, method === "CR1" ? c.robustCR1 : c.robustCR2, `rma.mv ${method}`);
      });
    }
  }
});

describe("robustRegression(input, moderators, options, method) against metafor robust(rma.uni) and clubSandwich", () => {
  for (const c of multilevelCases) {
    for (const method of ["CR1", "CR2"] as const) {
      it(`${c.id}: ${method}`, () => {
        const r = robustRegression({ yi: c.data.yi, vi: c.data.vi, cluster: c.data.outer }, c.moderators, { method: c.method }, method);
        expectRobust(r, method === "CR1" ? c.uniRobustCR1 : c.uniRobustCR2, `rma.uni ${method}`);
      });
    }
  }
});

describe("cluster-robust edge cases", () => {
  const c = multilevelCases[0]!;
  it("throws INVALID_INPUT when the model's clusters are not nested within the robust clusters", () => {
    const robustCluster = c.data.inner; // schools: finer than the model's districts
    expect(() => multilevelModel(inputOf(c), { robust: { cluster: robustCluster } })).toThrow(/not nested/);
  });
  it("throws INSUFFICIENT_DATA with fewer clusters than coefficients plus one", () => {
    const one = c.data.outer.map(() => "all");
    expect(() => robustRegression({ yi: c.data.yi, vi: c.data.vi, cluster: one }, [], {}, "CR1")).toThrow(/1 clusters for 1 coefficients/);
  });
  it("CR1 and CR2 agree in the estimate and give positive df and se", () => {
    const [a, b] = (["CR1", "CR2"] as const).map((method) => multilevelModel(inputOf(c), { robust: { method } }).robust!);
    expect(a!.coefficients[0]!.estimate).toBe(b!.coefficients[0]!.estimate);
    expect(b!.coefficients[0]!.df).toBeGreaterThan(0);
    expect(b!.coefficients[0]!.se).toBeGreaterThan(0);
  });
});
