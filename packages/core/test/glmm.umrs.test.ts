/**
 * glmm(input, { model: "UM.RS" }): metafor 3.8-1's rma.glmm(measure = "OR", model =
 * "UM.RS"), fitted by lme4::glmer with the Laplace approximation (metafor sets nAGQ = 1),
 * against fixtures/glmm-umrs/*.json (scripts/glmm-umrs.R):
 * - `maximum`: the maximum of the same Laplace likelihood written out in R, found by
 *   Newton's method with numDeriv derivatives from the tight glmer fit; the standard error
 *   from the numDeriv Hessian: tol.laplaceMaximum (estimate, se, tau2, sigma2, logLik);
 * - `glmerTight` (bobyqa, rhoend 1e-12): the likelihood-ratio test for heterogeneity
 *   (tol.Q), and the Wald-type test, whose covariance metafor takes from lme4's
 *   finite-difference Hessian (tol.lme4Vcov); glmer's own se differs from the maximum's
 *   by up to 4e-3 (bcg), which is why the estimate is checked against `maximum`;
 * - `metafor` (defaults): estimate within tol.glmerDefault.
 * With a zero cell the saturated model has no maximum, so glmm reports no tests there.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { expectClose, tol } from "@metakit/fixtures";
import { glmm } from "../src/index.js";

vi.setConfig({ testTimeout: 120_000 });

interface UmrsCase {
  readonly id: string;
  readonly source: string;
  readonly data: { ai: number[]; n1i: number[]; ci: number[]; n2i: number[] };
  readonly maximum: { estimate: number; se: number; tau2: number; sigma2: number; logLik: number };
  readonly maxGradient: number;
  readonly glmerTight: Record<string, number>;
  readonly metafor: Record<string, number>;
}

const dir = new URL("../../fixtures/glmm-umrs/", import.meta.url);
const CASES: readonly UmrsCase[] = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, dir), "utf8")) as UmrsCase);

describe("glmm(input, { model: \"UM.RS\" }) against rma.glmm(model = \"UM.RS\") (fixtures/glmm-umrs)", () => {
  it("has bcg, collins1985a and nielweise2007", () => {
    expect(CASES.map((c) => c.id)).toEqual(["bcg-umrs", "collins1985a-umrs", "nielweise2007-umrs"]);
  });
  for (const c of CASES) {
    it(`${c.id}: ${c.source}`, () => {
      const d = c.data;
      const r = glmm({ measure: "OR", ai: d.ai, bi: d.n1i.map((n, i) => n - d.ai[i]!), ci: d.ci, di: d.n2i.map((n, i) => n - d.ci[i]!) }, { model: "UM.RS" });
      expect(r.quadrature).toEqual({ method: "Laplace", nodes: 1 });
      expect(c.maxGradient).toBeLessThan(1e-7);
      expectClose(r.estimate, c.maximum.estimate, tol.laplaceMaximum, "estimate");
      expectClose(r.se, c.maximum.se, tol.laplaceMaximum, "se");
      expectClose(r.tau2, c.maximum.tau2, tol.laplaceMaximum, "tau2");
      expectClose(r.sigma2, c.maximum.sigma2, tol.laplaceMaximum, "sigma2");
      expectClose(r.logLik, c.maximum.logLik, tol.logEvidence, "logLik");
      expect(r.k).toBe(c.glmerTight["k"]);
      // metafor's typical variance vt from its I2 and tau2 (I2 = 100 tau2 / (vt + tau2)), then I2 at the maximum's tau2
      const t2 = c.glmerTight["tau2"]!, i2 = c.glmerTight["I2"]!;
      const vt = (t2 * (100 - i2)) / i2;
      expectClose(r.I2, (100 * r.tau2) / (vt + r.tau2), tol.glmmMaximum, "I2");
      expectClose(r.estimate, c.metafor["estimate"]!, tol.glmerDefault, "default estimate");
      const zeroCell = d.ai.some((a, i) => a === 0 || a === d.n1i[i] || d.ci[i] === 0 || d.ci[i] === d.n2i[i]);
      if (zeroCell) {
        expect(r.heterogeneity).toBeNull();
      } else {
        expectClose(r.heterogeneity!.lrt.statistic, c.glmerTight["QELRT"]!, tol.Q, "QE.LRT");
        expectClose(r.heterogeneity!.wald.statistic, c.glmerTight["QEWald"]!, tol.lme4Vcov, "QE.Wld");
      }
    });
  }
});
