/**
 * The standard error of tau2 (metafor's se.tau2) against metafor 3.8-1:
 * fixtures/metafor-extra/se-tau2.json (scripts/se-tau2.R). Every tau2 estimator (EE, DL,
 * DLIT, HE, HS, HSk, SJ, ML, REML, EB, PM, PMM, GENQ with weights 1/sqrt(vi)) on dat.bcg
 * (log RR; mods ablat), Lipsey & Wilson (2001) (mods random + intensity) and Jackson et
 * al. (2014) example 2 (mods year), intercept-only and with moderators, plus fits with
 * tau2 fixed by the user. Relative 1e-6 (tol.metafor).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Moderator, Tau2Method } from "../src/index.js";
import { fitRandomEffectsModel, metaAnalysis, metaRegression, REGRESSION_METHODS, tau2StandardError } from "../src/index.js";
import { interceptDesign } from "../src/design.js";
import { normalizeControl } from "../src/options.js";
import { moderatorDesign } from "../src/regression/moderators.js";
import { readExtra } from "./mantel-haenszel-helpers.js";
import { closeTo, expectClose, tol } from "@metakit/fixtures";

interface SeTau2Case {
  readonly id: string;
  readonly method: Tau2Method;
  readonly moderated: boolean;
  readonly yi: number[];
  readonly vi: number[];
  readonly moderators: Moderator[];
  readonly weights: number[] | null;
  readonly tau2Fixed: number | null;
  readonly tau2: number;
  readonly seTau2: number | null;
}

const { metafor, cases } = readExtra<{ metafor: string; cases: readonly SeTau2Case[] }>("se-tau2.json");

function engineFit(c: SeTau2Case) {
  const k = c.yi.length;
  const design = c.moderated ? moderatorDesign(k, c.moderators, undefined, "metaRegression").design : interceptDesign(k);
  const yi = Float64Array.from(c.yi);
  const vi = Float64Array.from(c.vi);
  const spec = {
    method: c.method,
    tau2Fixed: c.tau2Fixed ?? undefined,
    test: "z" as const,
    level: 95,
    weights: c.weights === null ? undefined : Float64Array.from(c.weights),
    control: normalizeControl(undefined, "metaRegression"),
  };
  const fit = fitRandomEffectsModel(design, yi, vi, spec);
  return { fit, seTau2: tau2StandardError(fit, design, yi, vi, spec) };
}

describe(`tau2StandardError(fit, design, yi, vi, spec) matches metafor ${metafor} se.tau2`, () => {
  it("has cases for every estimator, with and without moderators", () => {
    expect(cases.length).toBeGreaterThanOrEqual(75);
  });
  for (const c of cases) {
    it(c.id, () => {
      const { fit, seTau2 } = engineFit(c);
      expectClose(fit.tau2, c.tau2, tol.tau2, `${c.id} tau2`);
      if (c.seTau2 === null) expect(seTau2).toBeUndefined();
      else expectClose(seTau2, c.seTau2, tol.metafor, `${c.id} se.tau2`);
    });
  }
});

describe("metaAnalysis() and metaRegression() carry seTau2", () => {
  const intercept = cases.filter((c) => !c.moderated && c.tau2Fixed === null);
  for (const c of intercept) {
    it(`metaAnalysis(${c.id}).seTau2`, () => {
      const weights = c.weights === null ? {} : { weights: c.weights };
      const result = metaAnalysis({ yi: c.yi, vi: c.vi }, { method: c.method, ...weights });
      if (c.seTau2 === null) {
        expect(result.seTau2).toBeUndefined();
        expect(result.notes.join(" ")).toMatch(/no standard error/);
      } else {
        expectClose(result.seTau2, c.seTau2, tol.tau2, `${c.id} seTau2`);
      }
    });
  }
  it("metaAnalysis({ tau2: 0.1 }) reports se.tau2 at the given value, as metafor", () => {
    const c = cases.find((x) => x.id.startsWith("bcg intercept REML tau2 = 0.1"))!;
    const result = metaAnalysis({ yi: c.yi, vi: c.vi }, { method: "REML", tau2: 0.1 });
    expectClose(result.seTau2, c.seTau2!, tol.tau2, "bcg REML tau2 = 0.1 seTau2");
  });
  const regression = cases.filter(
    (c) => c.moderated && c.tau2Fixed === null && (REGRESSION_METHODS as readonly string[]).includes(c.method),
  );
  for (const c of regression) {
    it(`metaRegression(${c.id}).seTau2`, () => {
      const result = metaRegression({ yi: c.yi, vi: c.vi }, c.moderators, { method: c.method as "REML" });
      if (c.seTau2 === null) expect(result.seTau2).toBeUndefined();
      else expectClose(result.seTau2, c.seTau2, tol.tau2, `${c.id} seTau2`);
    });
  }
  it("metaAnalysis() at k = 1 has no seTau2, with a note", () => {
    const result = metaAnalysis({ yi: [0.3], vi: [0.1] });
    expect(result.seTau2).toBeUndefined();
    expect(result.notes.join(" ")).toMatch(/no standard error of tau2/);
  });
});

describe("seTau2 properties (fast-check, seed 20261122)", () => {
  const methods: Tau2Method[] = ["DL", "HE", "HS", "HSk", "SJ", "ML", "REML", "EB", "PM", "PMM"];
  const studies = fc.array(
    fc.record({ yi: fc.double({ min: -3, max: 3, noNaN: true }), vi: fc.double({ min: 0.01, max: 2, noNaN: true }) }),
    { minLength: 3, maxLength: 12 },
  );
  const input = (rows: { yi: number; vi: number }[]) => ({ yi: rows.map((r) => r.yi), vi: rows.map((r) => r.vi) });
  const tol = { rel: 1e-6, abs: 1e-12 };

  it("scaling yi by c and vi by c^2 scales seTau2 by c^2; reversing the study order leaves it unchanged", () => {
    fc.assert(
      fc.property(studies, fc.constantFrom(...methods), fc.double({ min: 0.1, max: 10, noNaN: true }), (rows, method, c) => {
        // iterations run to a tight stopping rule: the default (1e-5 absolute) is not scale-free
        const options = { method, control: { threshold: 1e-13, tol: 1e-13, maxiter: 1000, tau2Max: 1e4 } };
        const se = metaAnalysis(input(rows), options).seTau2!;
        const scaled = metaAnalysis(input(rows.map((r) => ({ yi: c * r.yi, vi: c * c * r.vi }))), options).seTau2!;
        const reversed = metaAnalysis(input([...rows].reverse()), options).seTau2!;
        return se > 0 && closeTo(scaled, c * c * se, tol) && closeTo(reversed, se, tol);
      }),
      { seed: 20261122, numRuns: 200 },
    );
  });
});
