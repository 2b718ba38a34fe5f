/**
 * multilevelModel() against metafor 3.8-1's rma.mv(yi, vi, mods, random = ~ 1 | outer/inner):
 * fixtures/multilevel/multilevel.json (scripts/multilevel.R), Konstantopoulos (2011)
 * (dat.konstantopoulos2011, districts/schools; REML and ML, z and t, mods = ~ year) and
 * Assink & Wibbelink (2016) (dat.assink2016, studies/effect sizes; mods deltype + year,
 * pubstatus). The fixtures were fitted with a tight nlminb control and sit within a relative
 * 4e-7 of the optimum (Newton step of metafor's own log-likelihood, written in the fixture);
 * multilevelModel converges on the gradient. Relative 1e-6 on every quantity.
 */
import { describe, expect, it } from "vitest";
import { multilevelModel } from "../src/index.js";
import { inputOf, multilevelCases, sigma2Tol } from "./multilevel-helpers.js";
import { expectClose, tol as sharedTol } from "@metakit/fixtures";

const ORACLE = sharedTol.metafor;

const tol = { sigma2: ORACLE, coefficient: ORACLE, fit: ORACLE, heterogeneity: ORACLE };

describe("multilevelModel(input, options) against metafor rma.mv", () => {
  for (const c of multilevelCases) {
    it(`${c.id}: sigma2, coefficients, tests and fit statistics`, () => {
      const r = multilevelModel(inputOf(c), { method: c.method, test: c.test, moderators: c.moderators });
      expect(r.k).toBe(c.k);
      expect(r.p).toBe(c.p);
      r.sigma2.forEach((s, j) => expectClose(s, c.sigma2[j]!, sigma2Tol(c.sigma2[j]!), `sigma2[${j}]`));
      r.coefficients.forEach((b, j) => {
        expect(b.name).toBe(c.names[j]!.replace(/^deltype/, "deltype="));
        expectClose(b.estimate, c.estimate[j]!, tol.coefficient, `estimate[${j}]`);
        expectClose(b.se, c.se[j]!, tol.coefficient, `se[${j}]`);
        expectClose(b.statistic, c.statistic[j]!, tol.coefficient, `statistic[${j}]`);
        expectClose(b.pval, c.pval[j]!, tol.coefficient, `pval[${j}]`);
        expectClose(b.ciLower, c.ciLower[j]!, tol.coefficient, `ciLower[${j}]`);
        expectClose(b.ciUpper, c.ciUpper[j]!, tol.coefficient, `ciUpper[${j}]`);
      });
      r.vcov.forEach((row, a) => row.forEach((v, b) => expectClose(v, c.vcov[a]![b]!, tol.coefficient, `vcov[${a}][${b}]`)));
      if (c.df !== null) expect(r.df).toBe(c.df[0]);
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
      // I2 of a level is 100 sigma2_j / total: at the bound, metafor's 1e-8 against 0 (sigma2Tol)
      r.I2Levels.forEach((v, j) => expectClose(v, c.I2Levels[j]!, c.sigma2[j]! < 1e-6 ? { rel: 0, abs: 1e-4 } : tol.heterogeneity, `I2Levels[${j}]`));
      expectClose(r.I2, c.I2, tol.heterogeneity, "I2");
      expectClose(r.typicalVariance, c.typicalV, tol.heterogeneity, "typicalVariance");
      if (c.prediction !== null) {
        const pr = r.prediction!;
        expectClose(pr.pred, c.prediction.pred, tol.coefficient, "pred");
        expectClose(pr.piLower, c.prediction.piLower, tol.coefficient, "piLower");
        expectClose(pr.piUpper, c.prediction.piUpper, tol.coefficient, "piUpper");
      } else {
        expect(r.prediction).toBeUndefined();
      }
      expect(r.convergence.decrement).toBeLessThanOrEqual(1e-20);
    });
  }
});
