/**
 * multivariateModel() against metafor 3.8-1's rma.mv(yi, V, mods = ~ outcome - 1,
 * random = ~ outcome | study, struct): fixtures/multivariate/multivariate.json
 * (scripts/multivariate.R). Berkey et al. (1998) (dat.berkey1998: PD and AL per trial, the
 * published within-trial covariances; struct UN by REML and ML, CS, HCS, DIAG, UN with
 * mods ~ outcome - 1 + I(year - 1983); V from vcalc(rho = 0.4) with UN and HCS) and Ishak
 * et al. (2007) (dat.ishak2007, four time points; V from vcalc(time1 = time, phi = 0.97);
 * AR by REML and ML, HCS; V from vcalc(type = time, rho = 0.6) with CS). The fixtures sit at
 * the optimum of metafor's log-likelihood (Newton-polished; the relative Newton step left,
 * written in the fixture, is below 1e-9); multivariateModel converges on the gradient.
 * Relative 1e-6 on every quantity.
 */
import { describe, expect, it } from "vitest";
import { multivariateModel, vcalc } from "../src/index.js";
import { covarianceOf, inputOf, metakitName, multivariateCases } from "./multivariate-helpers.js";
import { expectClose, tol as sharedTol } from "@metakit/fixtures";

const ORACLE = sharedTol.metafor;
const tol = { variance: ORACLE, coefficient: ORACLE, fit: ORACLE, heterogeneity: ORACLE, robust: ORACLE };

describe("multivariateModel(input, options) against metafor rma.mv", () => {
  it("has the cases the oracle script writes", () => {
    expect(multivariateCases.map((c) => c.struct).sort()).toEqual(["AR", "AR", "CS", "CS", "DIAG", "HCS", "HCS", "HCS", "UN", "UN", "UN", "UN"]);
  });
  for (const c of multivariateCases) {
    it(`${c.id}: tau2, rho, coefficients, tests and fit statistics`, () => {
      expect(Math.max(...c.optimum.relativeNewtonStep.map(Math.abs))).toBeLessThan(1e-8);
      const r = multivariateModel(inputOf(c), { struct: c.struct, method: c.method, moderators: c.moderators });
      expect(r.k).toBe(c.k);
      expect(r.p).toBe(c.p);
      expect(r.tau2.length).toBe(c.tau2.length);
      expect(r.rho.length).toBe(c.rho.length);
      r.tau2.forEach((t, j) => expectClose(t, c.tau2[j]!, tol.variance, `tau2[${j}]`));
      r.rho.forEach((t, j) => expectClose(t, c.rho[j]!, tol.variance, `rho[${j}]`));
      r.coefficients.forEach((b, j) => {
        expect(b.name).toBe(metakitName(c.names[j]!));
        expectClose(b.estimate, c.estimate[j]!, tol.coefficient, `estimate[${j}]`);
        expectClose(b.se, c.se[j]!, tol.coefficient, `se[${j}]`);
        expectClose(b.statistic, c.statistic[j]!, tol.coefficient, `statistic[${j}]`);
        expectClose(b.pval, c.pval[j]!, tol.coefficient, `pval[${j}]`);
        expectClose(b.ciLower, c.ciLower[j]!, tol.coefficient, `ciLower[${j}]`);
        expectClose(b.ciUpper, c.ciUpper[j]!, tol.coefficient, `ciUpper[${j}]`);
      });
      r.vcov.forEach((row, a) => row.forEach((v, b) => expectClose(v, c.vcov[a]![b]!, tol.coefficient, `vcov[${a}][${b}]`)));
      expectClose(r.QE, c.QE, tol.heterogeneity, "QE");
      expect(r.QEdf).toBe(c.QEdf);
      expectClose(r.QEp, c.QEp, tol.heterogeneity, "QEp");
      expectClose(r.QM, c.QM, tol.coefficient, "QM");
      expectClose(r.QMp, c.QMp, tol.coefficient, "QMp");
      expectClose(r.logLik, c.logLik, tol.fit, "logLik");
      expectClose(r.deviance, c.deviance, tol.fit, "deviance");
      expectClose(r.AIC, c.AIC, tol.fit, "AIC");
      expectClose(r.BIC, c.BIC, tol.fit, "BIC");
      expectClose(r.AICc, c.AICc, tol.fit, "AICc");
      expect(r.convergence.decrement).toBeLessThanOrEqual(1e-20);
    });
    it(`${c.id}: robust CR1 (metafor robust(adjust = TRUE)) and CR2 (clubSandwich)`, () => {
      for (const [method, expected] of [["CR1", c.robustCR1], ["CR2", c.robustCR2]] as const) {
        const r = multivariateModel(inputOf(c), { struct: c.struct, method: c.method, moderators: c.moderators, robust: { method } }).robust!;
        r.coefficients.forEach((b, j) => {
          expectClose(b.se, expected.se[j]!, tol.robust, `${method} se[${j}]`);
          expectClose(b.statistic, expected.statistic[j]!, tol.robust, `${method} statistic[${j}]`);
          expectClose(b.df, expected.df[j]!, tol.robust, `${method} df[${j}]`);
          expectClose(b.pval, expected.pval[j]!, tol.robust, `${method} pval[${j}]`);
          expectClose(b.ciLower, expected.ciLower[j]!, tol.robust, `${method} ciLower[${j}]`);
          expectClose(b.ciUpper, expected.ciUpper[j]!, tol.robust, `${method} ciUpper[${j}]`);
        });
        expectClose(r.QM!, expected.QM, tol.robust, `${method} QM`);
        expectClose(r.QMp!, expected.QMp, tol.robust, `${method} QMp`);
      }
    });
    if (c.within.kind === "vcalc") {
      const within = c.within;
      it(`${c.id}: vcalc() builds metafor's V`, () => {
        const built = vcalc(c.data.vi, c.data.study, within.time !== undefined ? { time: within.time, phi: within.phi! } : { type: c.data.outcome, rho: within.rho! });
        const expected = covarianceOf(c);
        expect(built.length).toBe(expected.length);
        const key = (e: { i: number; j: number }) => `${Math.max(e.i, e.j)},${Math.min(e.i, e.j)}`;
        const byKey = new Map(built.map((e) => [key(e), e.cov]));
        for (const e of expected) expectClose(byKey.get(key(e))!, e.cov, sharedTol.vi, `V[${key(e)}]`);
      });
    }
  }
});
