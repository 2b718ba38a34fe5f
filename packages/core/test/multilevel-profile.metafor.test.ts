/**
 * multilevelProfileIntervals() and likelihoodRatioTest() against metafor 3.8-1:
 * confint(rma.mv(...), sigma2 = j, control = list(tol = 1e-12)) and
 * anova(threeLevel, rma.mv(..., sigma2 = c(NA, 0))), fixtures/multilevel/multilevel.json
 * (scripts/multilevel.R). Relative 1e-6 on each bound, the LRT and its p-value.
 */
import { describe, expect, it } from "vitest";
import { likelihoodRatioTest, multilevelModel, multilevelProfileIntervals } from "../src/index.js";
import { inputOf, multilevelCases, sigma2Tol } from "./multilevel-helpers.js";
import { expectClose, tol as sharedTol } from "@metakit/fixtures";

const ORACLE = sharedTol.metafor;

const tol = { bound: ORACLE, lrt: ORACLE };

describe("multilevelProfileIntervals(input, options) against metafor confint.rma.mv", () => {
  for (const c of multilevelCases) {
    it(`${c.id}: profile-likelihood bounds of both components`, () => {
      const intervals = multilevelProfileIntervals(inputOf(c), { method: c.method, test: c.test, moderators: c.moderators });
      expect(intervals).toHaveLength(2);
      intervals.forEach((ci, j) => {
        expectClose(ci.estimate, c.profile[j]!.estimate, sigma2Tol(c.profile[j]!.estimate), `sigma2[${j}]`);
        expectClose(ci.lower, c.profile[j]!.lower, tol.bound, `lower[${j}]`);
        expectClose(ci.upper, c.profile[j]!.upper, tol.bound, `upper[${j}]`);
        expect(ci.lower).toBeLessThanOrEqual(ci.estimate);
        expect(ci.upper).toBeGreaterThan(ci.estimate);
      });
    });
  }
});

describe("likelihoodRatioTest(threeLevel, twoLevel) against metafor anova.rma", () => {
  for (const c of multilevelCases) {
    it(`${c.id}: LRT of the inner component`, () => {
      const options = { method: c.method, test: c.test, moderators: c.moderators };
      const full = multilevelModel(inputOf(c), options);
      const reduced = multilevelModel(inputOf(c), { ...options, sigma2: [null, 0] });
      expectClose(reduced.sigma2[0], c.twoLevel.sigma2[0]!, ORACLE, "two-level sigma2");
      expectClose(reduced.logLik, c.twoLevel.logLik, ORACLE, "two-level logLik");
      const test = likelihoodRatioTest(full, reduced);
      expectClose(test.LRT, c.lrt.LRT, tol.lrt, "LRT");
      expect(test.df).toBe(c.lrt.df);
      expectClose(test.pval, c.lrt.pval, tol.lrt, "pval");
    });
  }
  it("throws INVALID_INPUT for models fitted by different methods", () => {
    const c = multilevelCases[0]!;
    const reml = multilevelModel(inputOf(c), { method: "REML" });
    const ml = multilevelModel(inputOf(c), { method: "ML", sigma2: [null, 0] });
    expect(() => likelihoodRatioTest(reml, ml)).toThrow(/not nested/);
  });
});
