/**
 * Properties and edge cases of glmm() (metafor's rma.glmm models):
 * - the 7-point Gauss–Hermite rule integrates x^j exp(-x²) exactly for j <= 13
 *   (Abramowitz & Stegun 1964, 25.4.46: ∫ x^(2m) exp(-x²) dx = Γ(m + 1/2));
 * - the fit does not depend on the order of the studies (fast-check, fixed seed);
 * - tau2 -> 0: where the maximum is at tau = 0 (dat.nielweise2007 studies 1-4, dat.pritz1997
 *   studies 5, 8, 10, 11), the estimate and se are those of metafor's equal-effects fit
 *   (rma.glmm(..., method = "EE"), a glm), since the likelihood is even in tau;
 * - double-zero studies are dropped as metafor's drop00 = TRUE does; 0% and 100% kept;
 * - invalid input raises a typed MetakitError naming the study and field.
 */
import fc from "fast-check";
import gammaln from "@stdlib/math-base-special-gammaln";
import { describe, expect, it, vi } from "vitest";
import { isMetakitError } from "@metakit/base";
import { errorOf, expectClose, tol, type Tolerance } from "@metakit/fixtures";
import { GAUSS_HERMITE_7, glmm, type GlmmInput } from "../src/index.js";
import { GLMM_CASES, glmmInput } from "./glmm-cases.js";

vi.setConfig({ testTimeout: 120_000 });

/** Reordering changes only floating-point rounding and the optimiser's path. */
const REORDERED: Tolerance = { rel: 1e-7, abs: 1e-10 };
/** metafor's EE fit is a glm stopped at a relative deviance change of 1e-8. */
const GLM_FIT: Tolerance = { rel: 1e-6, abs: 1e-9 };
const SEED = 20261207;

const caseById = (id: string) => {
  const c = GLMM_CASES.find((x) => x.id === id);
  if (!c) throw new Error(`no fixture ${id}`);
  return c;
};

describe("GAUSS_HERMITE_7", () => {
  it("integrates x^j exp(-x^2) exactly for j = 0..13", () => {
    for (let j = 0; j <= 13; j++) {
      const sum = GAUSS_HERMITE_7.nodes.reduce((s, x, q) => s + GAUSS_HERMITE_7.weights[q]! * x ** j, 0);
      const exact = j % 2 === 1 ? 0 : Math.exp(gammaln(j / 2 + 0.5));
      expectClose(sum, exact, { rel: 1e-14, abs: 1e-14 }, `moment ${j}`);
    }
  });
});

describe("glmm(input) properties", () => {
  it("does not depend on the order of the studies (OR, UM.FS; PLO)", () => {
    for (const id of ["nielweise2007-umfs", "pritz1997-plo"]) {
      const c = caseById(id);
      const input = glmmInput(c);
      const base = glmm(input);
      const k = Object.values(c.data)[0]!.length;
      fc.assert(
        fc.property(fc.shuffledSubarray([...Array(k).keys()], { minLength: k, maxLength: k }), (order) => {
          const permuted = Object.fromEntries(
            Object.entries(input).map(([key, v]) => [key, typeof v === "string" ? v : Array.from(v as ArrayLike<number>, (_, i) => (v as ArrayLike<number>)[order[i]!]!)]),
          ) as unknown as GlmmInput;
          const r = glmm(permuted);
          expectClose(r.estimate, base.estimate, REORDERED, "estimate");
          expectClose(r.se, base.se, REORDERED, "se");
          expectClose(r.tau2, base.tau2, REORDERED, "tau2");
          expectClose(r.heterogeneity!.wald.statistic, base.heterogeneity!.wald.statistic, REORDERED, "QE.Wld");
        }),
        { seed: SEED, numRuns: 8 },
      );
    }
  });

  it("at tau2 = 0 gives metafor's equal-effects estimate and se (rma.glmm method = \"EE\")", () => {
    for (const id of ["nielweise2007-first4-umfs", "pritz1997-sparse-plo"]) {
      const c = caseById(id);
      const r = glmm(glmmInput(c));
      expect(r.tau2).toBeLessThan(1e-14);
      expect(r.I2).toBeLessThan(1e-10);
      expectClose(r.estimate, c.equalEffects.estimate, GLM_FIT, "estimate");
      expectClose(r.se, c.equalEffects.se, GLM_FIT, "se");
    }
  });

  it("with test = \"t\" gives rma.glmm(test = \"t\")'s p-value and interval (t on k - 1 df)", () => {
    for (const c of GLMM_CASES.filter((x) => x.testT !== undefined)) {
      const r = glmm(glmmInput(c), { test: "t" });
      expect(r.test).toBe("t");
      expectClose(r.pval, c.testT!.pval, tol.glmerTight, `${c.id} pval`);
      expectClose(r.ciLower, c.testT!.ciLower, tol.glmerTight, `${c.id} ciLower`);
      expectClose(r.ciUpper, c.testT!.ciUpper, tol.glmerTight, `${c.id} ciUpper`);
    }
  });

  it("gives the intervals as estimate ± z se and back-transforms them", () => {
    const r = glmm(glmmInput(caseById("pritz1997-plo")), { level: 0.9 });
    expect(r.level).toBe(90);
    expectClose(r.ciUpper - r.estimate, 1.6448536269514722 * r.se, tol.identity, "half-width");
    expectClose(r.transformed.estimate, 1 / (1 + Math.exp(-r.estimate)), tol.identity, "proportion");
    const or = glmm(glmmInput(caseById("bcg-umfs")));
    expectClose(or.transformed.ciLower, Math.exp(or.ciLower), tol.identity, "OR lower");
  });

  it("drops double-zero studies as metafor does and keeps 0% and 100% studies", () => {
    const sparse = glmm(glmmInput(caseById("nielweise2007-sparse-umfs")));
    expect(sparse.k).toBe(2);
    expect(sparse.excluded).toEqual([{ study: 1, reason: "no events in either arm" }]);
    const zero = caseById("nielweise2007-zero-plo");
    expect(glmm(glmmInput(zero)).k).toBe(zero.data["xi"]!.length);
  });
});

describe("glmm(input) errors", () => {
  const code = (input: GlmmInput) => {
    const e = errorOf(() => glmm(input));
    expect(isMetakitError(e)).toBe(true);
    return isMetakitError(e) ? { code: e.code, field: e.details.field, study: e.details.study } : null;
  };
  it("rejects counts that are not non-negative whole numbers, naming study and field", () => {
    expect(code({ measure: "PLO", xi: [1, -1], ni: [5, 5] })).toEqual({ code: "INVALID_INPUT", field: "xi", study: 1 });
    expect(code({ measure: "PLO", xi: [1, 2.5], ni: [5, 5] })).toEqual({ code: "INVALID_INPUT", field: "xi", study: 1 });
    expect(code({ measure: "PLO", xi: [1, 6], ni: [5, 5] })).toEqual({ code: "INVALID_INPUT", field: "ni", study: 1 });
    expect(code({ measure: "IRLN", xi: [1, 2], ti: [5, 0] })).toEqual({ code: "INVALID_INPUT", field: "ti", study: 1 });
    expect(code({ measure: "OR", ai: [1, 2], bi: [3, Number.NaN], ci: [1, 1], di: [2, 2] })).toEqual({ code: "INVALID_INPUT", field: "bi", study: 1 });
  });
  it("says so when the maximum is at infinity or there are too few studies", () => {
    expect(code({ measure: "PLO", xi: [0, 0, 0], ni: [5, 6, 7] })?.code).toBe("INSUFFICIENT_DATA");
    expect(code({ measure: "OR", ai: [0, 0], bi: [10, 12], ci: [2, 3], di: [8, 9] })?.code).toBe("INSUFFICIENT_DATA");
    expect(code({ measure: "PLO", xi: [3], ni: [5] })?.code).toBe("INSUFFICIENT_DATA");
    expect(code({ measure: "OR", ai: [0, 1], bi: [10, 12], ci: [0, 3], di: [8, 9] })?.code).toBe("INSUFFICIENT_DATA");
  });
  it("reports NOT_CONVERGED when tau^2 has no finite maximum (one study at 100%, one at 0%)", () => {
    const e = errorOf(() => glmm({ measure: "PLO", xi: [5, 0], ni: [5, 5] }));
    expect(isMetakitError(e) && e.code).toBe("NOT_CONVERGED");
    expect(isMetakitError(e) && e.details.field).toBe("tau2");
  });
  it("rejects an unknown model or level", () => {
    const input = glmmInput(caseById("pritz1997-plo"));
    expect(code({ ...input, measure: "RR" } as unknown as GlmmInput)?.code).toBe("INVALID_INPUT");
    expect(isMetakitError(errorOf(() => glmm(input, { model: "CM.EL" as never })))).toBe(true);
    expect(isMetakitError(errorOf(() => glmm(input, { level: 100 })))).toBe(true);
  });
});
