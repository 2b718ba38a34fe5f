/**
 * GLMMs of metafor 3.8-1's rma.glmm (glmm(): OR with model UM.FS, PLO, IRLN) against
 * fixtures/glmm/*.json (scripts/glmm.R). Oracles, per case:
 * - `maximum`: the maximum of the same 7-node adaptive Gauss–Hermite likelihood that
 *   rma.glmm fits with lme4::glmer(nAGQ = 7), found in R by Newton's method with numDeriv
 *   derivatives (step below 1e-9) from glmer with bobyqa and rhoend = 1e-12, and the
 *   standard error from the numDeriv Hessian of all parameters: tol.glmmMaximum;
 * - `glmerTight`: rma.glmm itself with glmerControl(optimizer = "bobyqa", rhoend = 1e-12):
 *   tol.glmerTight (1e-4, the issue's target), which includes I² and H²;
 * - `metafor`: rma.glmm with its defaults; its tests for heterogeneity (Wald-type and
 *   likelihood ratio, from glm fits of the saturated and equal-effects models) do not
 *   depend on glmer: tol.Q and tol.pval. Its estimate, se and tau2 (glmer's default
 *   optimiser stops early) only to tol.glmerDefault.
 * Data: metafor's rma.glmm examples (dat.nielweise2007 OR, dat.pritz1997 PLO,
 * dat.nielweise2008 IRLN), dat.bcg, dat.collins1985a, dat.debruin2009, dat.hart1999, and
 * sparse subsets with zero cells, a double-zero study, 0% and 100% proportions.
 */
import { describe, expect, it, vi } from "vitest";
import { expectClose, tol } from "@metakit/fixtures";
import { glmm, type GlmmResult } from "../src/index.js";
import { GLMM_CASES, glmmInput, type GlmmCase } from "./glmm-cases.js";

vi.setConfig({ testTimeout: 120_000 });

const fits = new Map<string, GlmmResult>();
const fitOf = (c: GlmmCase): GlmmResult => {
  const cached = fits.get(c.id);
  if (cached) return cached;
  const r = glmm(glmmInput(c));
  fits.set(c.id, r);
  return r;
};

describe("glmm(input) against metafor 3.8-1's rma.glmm (fixtures/glmm, scripts/glmm.R)", () => {
  it("has the cases the issue names", () => {
    expect(GLMM_CASES.map((c) => c.id)).toEqual(expect.arrayContaining(["nielweise2007-umfs", "pritz1997-plo", "nielweise2008-irln", "bcg-umfs", "collins1985a-umfs"]));
  });

  for (const c of GLMM_CASES) {
    describe(`${c.id}: ${c.source}`, () => {
      it("reaches the maximum of the same AGQ likelihood (estimate, se, z, p, CI, tau2, logLik)", () => {
        const r = fitOf(c);
        const m = c.maximum;
        expect(c.maxGradient).toBeLessThan(1e-7);
        expectClose(r.estimate, m.estimate, tol.glmmMaximum, "estimate");
        expectClose(r.se, m.se, tol.glmmMaximum, "se");
        expectClose(r.zval, m.zval, tol.glmmMaximum, "zval");
        expectClose(r.pval, m.pval, tol.glmmMaximum, "pval");
        expectClose(r.ciLower, m.ciLower, tol.glmmMaximum, "ciLower");
        expectClose(r.ciUpper, m.ciUpper, tol.glmmMaximum, "ciUpper");
        expectClose(r.tau2, m.tau2, tol.glmmMaximum, "tau2");
        expectClose(r.logLik, m.logLik, tol.logEvidence, "logLik");
      });

      it("matches rma.glmm with a tight glmer optimiser (estimate, se, tau2, I2, H2) to 1e-4", () => {
        const r = fitOf(c);
        const t = c.glmerTight;
        expect(r.k).toBe(t.k);
        for (const key of ["estimate", "se", "ciLower", "ciUpper", "tau2", "I2", "H2"] as const) expectClose(r[key], t[key], tol.glmerTight, key);
      });

      it("gives metafor's tests for heterogeneity (Wald-type and LRT) and is near its default fit", () => {
        const r = fitOf(c);
        const mf = c.metafor;
        expect(r.heterogeneity).not.toBeNull();
        const h = r.heterogeneity!;
        expect(h.wald.df).toBe(mf.QEdf);
        expectClose(h.wald.statistic, mf.QEWald, tol.Q, "QE.Wld");
        expectClose(h.wald.pval, mf.QEWaldP, tol.pval, "QEp.Wld");
        expectClose(h.lrt.statistic, mf.QELRT, tol.Q, "QE.LRT");
        expectClose(h.lrt.pval, mf.QELRTP, tol.pval, "QEp.LRT");
        for (const key of ["estimate", "se", "tau2"] as const) expectClose(r[key], mf[key], tol.glmerDefault, `default ${key}`);
      });
    });
  }
});
