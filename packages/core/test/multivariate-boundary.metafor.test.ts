/**
 * multivariateModel(struct = "UN") with three and four outcomes against metafor 3.8-1's
 * rma.mv: fixtures/multivariate/multivariate-boundary.json (scripts/multivariate-boundary.R).
 * dat.ishak2007 (long format), V = vcalc(vi, study, time1 = time, phi = 0.97):
 *   - four time points, REML and ML: the optimum is on the boundary of the parameter space
 *     (the between-study correlation matrix is singular), where metafor converges with its
 *     Cholesky parametrisation and metakit's iteration in (tau2, rho) alone would stop
 *     without converging;
 *   - time points 1 to 3, REML: an interior optimum with three outcomes.
 * The fixtures are polished by Newton steps on metafor's own log-likelihood in the Cholesky
 * parametrisation. Relative 1e-6 on every quantity (the shared metafor tolerance).
 * Also likelihoodRatioTest() between nested multivariate models (metafor's anova()), from
 * the log-likelihoods of fixtures/multivariate/multivariate.json.
 */
import { readFileSync } from "node:fs";
import { chisqUpperTail } from "@metakit/base";
import { describe, expect, it } from "vitest";
import { likelihoodRatioTest, multivariateModel, type MultivariateInput } from "../src/index.js";
import { inputOf as inputOfCase, metakitName, multivariateCases } from "./multivariate-helpers.js";
import { expectClose, tol as sharedTol } from "@metakit/fixtures";

const ORACLE = sharedTol.metafor;
/** A boundary fit costs about a second on a quiet machine (25 iterations in theta, then Newton steps with a differenced Hessian); the shared machine is often 10x slower. */
const BOUNDARY_FIT_TIMEOUT = 60_000;

interface BoundaryCase {
  id: string;
  method: "REML" | "ML";
  data: { yi: number[]; vi: number[]; study: string[]; outcome: string[] };
  V: { i: number[]; j: number[]; cov: number[] };
  optimum: { gradientCholesky: number[]; freeFitLogLik: number; smallestEigenvalueR: number };
  k: number;
  tau2: number[];
  rho: number[];
  names: string[];
  estimate: number[];
  se: number[];
  pval: number[];
  ciLower: number[];
  QE: number;
  QEp: number;
  QM: number;
  logLik: number;
  AIC: number;
  BIC: number;
}

const url = new URL("../../fixtures/multivariate/multivariate-boundary.json", import.meta.url);
const cases = (JSON.parse(readFileSync(url, "utf8")) as { cases: BoundaryCase[] }).cases;

const inputOf = (c: BoundaryCase): MultivariateInput => ({
  yi: c.data.yi,
  vi: c.data.vi,
  study: c.data.study,
  outcome: c.data.outcome,
  covariance: c.V.i.map((i, n) => ({ i, j: c.V.j[n]!, cov: c.V.cov[n]! })),
});

describe("multivariateModel(struct = UN) with 3 and 4 outcomes against metafor rma.mv", () => {
  it("has a boundary case by REML and ML and an interior case with three outcomes", () => {
    expect(cases.map((c) => c.id)).toEqual(["ishak2007 UN REML (boundary)", "ishak2007 UN ML (boundary)", "ishak2007 times 1-3 UN REML"]);
    expect(cases.map((c) => new Set(c.data.outcome).size)).toEqual([4, 4, 3]);
    expect(cases.map((c) => c.optimum.smallestEigenvalueR < 1e-8)).toEqual([true, true, false]);
  });
  for (const c of cases) {
    it(`${c.id}: tau2, rho, coefficients, tests and fit statistics at metafor's optimum`, () => {
      // the fixture and metafor's best free fit sit at the same optimum (their log-likelihoods
      // agree to 1e-8; the ML polish leaves a gradient of 7e-5 in the Cholesky entry that is 0)
      expect(Math.abs(c.logLik - c.optimum.freeFitLogLik)).toBeLessThan(1e-8);
      const r = multivariateModel(inputOf(c), { struct: "UN", method: c.method });
      expect(r.k).toBe(c.k);
      r.tau2.forEach((t, j) => expectClose(t, c.tau2[j]!, ORACLE, `tau2[${j}]`));
      r.rho.forEach((t, j) => expectClose(t, c.rho[j]!, ORACLE, `rho[${j}]`));
      r.coefficients.forEach((b, j) => {
        expect(b.name).toBe(metakitName(c.names[j]!));
        expectClose(b.estimate, c.estimate[j]!, ORACLE, `estimate[${j}]`);
        expectClose(b.se, c.se[j]!, ORACLE, `se[${j}]`);
        expectClose(b.pval, c.pval[j]!, ORACLE, `pval[${j}]`);
        expectClose(b.ciLower, c.ciLower[j]!, ORACLE, `ciLower[${j}]`);
      });
      expectClose(r.QE, c.QE, ORACLE, "QE");
      expectClose(r.QEp, c.QEp, ORACLE, "QEp");
      expectClose(r.QM, c.QM, ORACLE, "QM");
      expectClose(r.logLik, c.logLik, ORACLE, "logLik");
      expectClose(r.AIC, c.AIC, ORACLE, "AIC");
      expectClose(r.BIC, c.BIC, ORACLE, "BIC");
      // at least as high as metafor's best: metakit is at the optimum, not short of it
      expect(r.logLik).toBeGreaterThanOrEqual(c.optimum.freeFitLogLik - 1e-10);
    }, BOUNDARY_FIT_TIMEOUT);
  }
  it("says where the optimum is on the boundary, and how it converged there", () => {
    const [boundary, , interior] = cases;
    const r = multivariateModel(inputOf(boundary!), { struct: "UN" });
    expect(r.notes.some((n) => /correlation matrix is singular at the optimum/.test(n))).toBe(true);
    expect(r.convergence.stoppingRule).toMatch(/Cholesky parametrisation/);
    const inner = multivariateModel(inputOf(interior!), { struct: "UN" });
    expect(inner.notes.some((n) => /boundary/.test(n))).toBe(false);
    expect(inner.convergence.stoppingRule).not.toMatch(/Cholesky/);
  }, BOUNDARY_FIT_TIMEOUT);
  it("keeps NOT_CONVERGED for a genuine failure: the boundary iteration given too few iterations", () => {
    expect(() => multivariateModel(inputOf(cases[0]!), { struct: "UN", control: { maxiter: 3 } })).toThrow(/no convergence/);
  }, BOUNDARY_FIT_TIMEOUT);
});

describe("likelihoodRatioTest(full, reduced) between multivariate models (metafor's anova())", () => {
  const byId = (id: string) => multivariateCases.find((c) => c.id === id)!;
  it("UN against CS on dat.berkey1998 (REML, published V): LRT = 2 (ll_UN - ll_CS) on 1 df", () => {
    const un = byId("berkey1998 UN REML");
    const cs = byId("berkey1998 CS REML");
    const test = likelihoodRatioTest(multivariateModel(inputOfCase(un), { struct: "UN" }), multivariateModel(inputOfCase(cs), { struct: "CS" }));
    // metafor's anova(): LRT from the two fits' logLik (their values at the optimum, from the fixture)
    const LRT = Math.max(0, 2 * (un.logLik - cs.logLik));
    expect(test.df).toBe(1);
    expectClose(test.LRT, LRT, ORACLE, "LRT");
    expectClose(test.pval, chisqUpperTail(LRT, 1), ORACLE, "pval");
    expectClose(test.AIC[0], un.AIC, ORACLE, "AIC full");
    expectClose(test.AIC[1], cs.AIC, ORACLE, "AIC reduced");
  });
  it("refuses models that are not nested (same parameter count, or different methods)", () => {
    const un = byId("berkey1998 UN REML");
    const full = multivariateModel(inputOfCase(un), { struct: "UN" });
    expect(() => likelihoodRatioTest(full, multivariateModel(inputOfCase(un), { struct: "UN", method: "ML" }))).toThrow(/not nested/);
    expect(() => likelihoodRatioTest(full, full)).toThrow(/not nested/);
  });
});
