/**
 * multivariateProfileIntervals() against metafor 3.8-1's confint() for rma.mv:
 * fixtures/multivariate/multivariate.json (scripts/multivariate.R), Berkey et al. (1998)
 * (dat.berkey1998, published V, struct CS, REML): the profile-likelihood intervals of tau2
 * and rho, root search tightened to 1e-12 in R. metafor's refits inside confint() use its
 * default stopping rule; at each bound the profiled log-likelihood is flat in the other
 * component, so that error enters the bound only to second order. Relative 1e-6.
 */
import { describe, expect, it } from "vitest";
import { multivariateProfileIntervals } from "../src/index.js";
import { inputOf, multivariateCases } from "./multivariate-helpers.js";
import { expectClose, tol as sharedTol } from "@metakit/fixtures";

const tol = { bound: sharedTol.tau2 };

describe("multivariateProfileIntervals(input, options) against metafor confint(rma.mv)", () => {
  for (const c of multivariateCases.filter((x) => x.profile !== null)) {
    it(`${c.id}: every component's interval`, () => {
      const intervals = multivariateProfileIntervals(inputOf(c), { struct: c.struct, method: c.method });
      expect(intervals.map((i) => i.component)).toEqual(c.profile!.map((p) => p.component));
      intervals.forEach((interval, j) => {
        const expected = c.profile![j]!;
        expectClose(interval.lower, expected.lower, tol.bound, `${interval.component} lower`);
        expectClose(interval.upper, expected.upper, tol.bound, `${interval.component} upper`);
        expect(interval.lower).toBeLessThanOrEqual(interval.estimate);
        expect(interval.upper).toBeGreaterThanOrEqual(interval.estimate);
      });
    });
  }
});
