/**
 * Edge cases of metaAnalysis(), each its own test: k = 1, k = 2, identical effects,
 * enormous and tiny variances side by side, invalid input (typed errors naming study,
 * field and value), and non-convergence (NOT_CONVERGED with its details).
 */
import { isMetakitError, MetakitError } from "@metakit/base";
import { describe, expect, it } from "vitest";
import { metaAnalysis, TAU2_METHODS } from "../src/index.js";
import { closeTo, expectClose, tol } from "@metakit/fixtures";

function caught(f: () => unknown): MetakitError {
  try {
    f();
  } catch (error) {
    if (isMetakitError(error)) return error;
    throw error;
  }
  throw new Error("expected a MetakitError");
}

function allFinite(r: object): boolean {
  return Object.values(r).every((v) =>
    typeof v === "number" ? Number.isFinite(v) : Array.isArray(v) ? v.every((x) => typeof x !== "number" || Number.isFinite(x)) : true,
  );
}

describe("metaAnalysis() edge cases", () => {
  it("metaAnalysis(k = 1) is the study itself, with tau2 = 0 and a note", () => {
    const r = metaAnalysis({ yi: [0.5], vi: [0.04], labels: ["Only"] }, { tau2Ci: true });
    expectClose(r.estimate, 0.5, tol.estimate, "estimate");
    expectClose(r.se, 0.2, tol.se, "se");
    expect(r.tau2).toBe(0);
    expect([r.QE, r.QEp, r.I2, r.H2]).toEqual([0, 1, 0, 1]);
    expect(r.weights).toEqual([100]);
    expect(r.tau2CI).toBeUndefined();
    expect(r.notes.some((n) => n.startsWith("k = 1: the result is the study itself"))).toBe(true);
    expect(r.notes).toContain("k = 1: no confidence interval for tau2");
    expect(allFinite(r)).toBe(true);
  });

  it("metaAnalysis(k = 1, {test: 'knha'}) throws INSUFFICIENT_DATA: no df for the t quantile", () => {
    expect(caught(() => metaAnalysis({ yi: [0.5], vi: [0.04] }, { test: "knha" })).code).toBe("INSUFFICIENT_DATA");
  });

  it("metaAnalysis(k = 2) fits every estimator; Higgins' t(k-2) interval is null, with a note", () => {
    const data = { yi: [0.2, 0.9], vi: [0.04, 0.09] };
    for (const method of TAU2_METHODS) {
      const weights = method === "GENQ" ? [25, 11.1] : undefined;
      try {
        const r = metaAnalysis(data, { method, ...(weights ? { weights } : {}) });
        expect(allFinite(r)).toBe(true);
      } catch (error) {
        // metafor 3.8's DLIT does not converge on every data set; it must say so.
        expect(method === "DLIT" && isMetakitError(error) && error.code === "NOT_CONVERGED").toBe(true);
      }
    }
    const higgins = metaAnalysis(data, { predictionInterval: "higgins" });
    expect(higgins.piLower).toBeNull();
    expect(higgins.piUpper).toBeNull();
    expect(higgins.piMethod).toBe("higgins");
    expect(higgins.notes).toContain("k = 2 is too small for a higgins prediction interval");
  });

  it("metaAnalysis(all yi equal) gives the common value, tau2 = 0, Q = 0, I2 = 0", () => {
    for (const method of TAU2_METHODS.filter((m) => m !== "GENQ")) {
      const r = metaAnalysis({ yi: [0.3, 0.3, 0.3, 0.3], vi: [0.01, 0.02, 0.05, 0.1] }, { method, tau2Ci: method !== "EE" && method !== "FE" });
      expectClose(r.estimate, 0.3, tol.estimate, `${method} estimate`);
      expect(r.tau2).toBe(0);
      expect(r.QE).toBeLessThan(1e-25);
      expect(r.I2).toBe(0);
      expect(allFinite(r)).toBe(true);
    }
  });

  it("metaAnalysis(all yi equal, {test: 'knha'}) throws (zero SE) but adhoc keeps the factor at 1", () => {
    const data = { yi: [0.3, 0.3, 0.3], vi: [0.01, 0.02, 0.05] };
    expect(caught(() => metaAnalysis(data, { test: "knha" })).code).toBe("INSUFFICIENT_DATA");
    const adhoc = metaAnalysis(data, { test: "adhoc" });
    const t = metaAnalysis(data, { test: "t" });
    expectClose(adhoc.se, t.se, tol.se, "adhoc se = t se");
  });

  it("metaAnalysis(vi 1e-12 next to 1e3) is dominated by the precise study and stays finite", () => {
    const yi = [0.1, 2, -1, 0.5];
    const vi = [1e-12, 1e3, 1e3, 1];
    for (const method of TAU2_METHODS.filter((m) => m !== "GENQ")) {
      try {
        const r = metaAnalysis({ yi, vi }, { method, tau2Ci: method !== "EE" && method !== "FE" });
        expect(allFinite(r)).toBe(true);
        expect(r.tau2).toBeGreaterThanOrEqual(0);
        if (r.tau2 === 0) expect(closeTo(r.estimate, 0.1, { rel: 1e-9, abs: 1e-9 })).toBe(true);
      } catch (error) {
        expect(isMetakitError(error) && error.code === "NOT_CONVERGED").toBe(true);
      }
    }
    const ee = metaAnalysis({ yi, vi }, { method: "EE" });
    expect(ee.weights[0]!).toBeGreaterThan(99.9999);
  });

  it("metaAnalysis(vi = 0) throws NON_POSITIVE_VARIANCE naming the study, field and value", () => {
    const error = caught(() => metaAnalysis({ yi: [1, 2, 3], vi: [0.1, 0, 0.2], labels: ["A", "B", "C"] }));
    expect(error.code).toBe("NON_POSITIVE_VARIANCE");
    expect(error.details).toMatchObject({ study: "B", field: "vi", value: 0 });
  });

  it("metaAnalysis(vi < 0) throws NON_POSITIVE_VARIANCE with the index when there are no labels", () => {
    const error = caught(() => metaAnalysis({ yi: [1, 2, 3], vi: [0.1, 0.2, -0.5] }));
    expect(error.code).toBe("NON_POSITIVE_VARIANCE");
    expect(error.details).toMatchObject({ study: 2, field: "vi", value: -0.5 });
  });

  it("metaAnalysis(NaN or Infinity) throws INVALID_INPUT naming the field", () => {
    expect(caught(() => metaAnalysis({ yi: [1, Number.NaN], vi: [0.1, 0.2] })).details).toMatchObject({ study: 1, field: "yi" });
    expect(caught(() => metaAnalysis({ yi: [1, 2], vi: [Infinity, 0.2] })).details).toMatchObject({ study: 0, field: "vi" });
  });

  it("metaAnalysis(length mismatch, k = 0) throws INVALID_INPUT / INSUFFICIENT_DATA", () => {
    expect(caught(() => metaAnalysis({ yi: [1, 2], vi: [0.1] })).code).toBe("INVALID_INPUT");
    expect(caught(() => metaAnalysis({ yi: [1, 2], vi: [0.1, 0.2], labels: ["a"] })).details.field).toBe("labels");
    expect(caught(() => metaAnalysis({ yi: [], vi: [] })).code).toBe("INSUFFICIENT_DATA");
  });

  it("metaAnalysis(options) rejects unknown methods, bad levels, negative tau2 and GENQ without weights", () => {
    const data = { yi: [1, 2, 3], vi: [0.1, 0.2, 0.3] };
    expect(caught(() => metaAnalysis(data, { method: "XX" as never })).details.field).toBe("method");
    expect(caught(() => metaAnalysis(data, { level: 950 })).details.field).toBe("level");
    expect(caught(() => metaAnalysis(data, { tau2: -1 })).details.field).toBe("tau2");
    expect(caught(() => metaAnalysis(data, { method: "GENQ" })).details.field).toBe("weights");
    expect(caught(() => metaAnalysis(data, { method: "GENQ", weights: [1, 0, 1] })).details).toMatchObject({ study: 1, field: "weights" });
    expect(caught(() => metaAnalysis(data, { method: "DL", tau2Ci: true, tau2CiType: "PL" })).code).toBe("UNSUPPORTED");
    expect(caught(() => metaAnalysis(data, { level: 100 })).details.field).toBe("level");
  });

  it("metaAnalysis({level: 0.9}) reads a level below 1 as a proportion, as metafor", () => {
    const data = { yi: [0.1, 0.5, 0.9], vi: [0.1, 0.2, 0.3] };
    const proportion = metaAnalysis(data, { level: 0.9 });
    const percent = metaAnalysis(data, { level: 90 });
    expect(proportion.level).toBe(90);
    expectClose(proportion.ciLower, percent.ciLower, tol.ci, "ciLower");
  });

  it("metaAnalysis(GENQ, tau2Ci) needs tau2CiType QP: metafor's generalised-Q interval is not implemented", () => {
    const data = { yi: [0.1, 0.5, 0.9, 0.2], vi: [0.1, 0.2, 0.3, 0.1] };
    const weights = [1, 1, 1, 1];
    expect(caught(() => metaAnalysis(data, { method: "GENQ", weights, tau2Ci: true })).code).toBe("UNSUPPORTED");
    const qp = metaAnalysis(data, { method: "GENQ", weights, tau2Ci: true, tau2CiType: "QP" });
    expect(qp.tau2CI).toBeDefined();
  });

  it("metaAnalysis(REML, maxiter 1) throws NOT_CONVERGED with method, iterations and last change", () => {
    const yi = [-0.89, -1.59, -1.35, -1.44, -0.22, -0.79, -1.62, 0.01, -0.47, -1.37, -0.34, 0.45, -0.02];
    const vi = [0.33, 0.19, 0.42, 0.07, 0.06, 0.01, 0.22, 0.004, 0.06, 0.07, 0.01, 0.53, 0.07];
    const error = caught(() => metaAnalysis({ yi, vi }, { method: "REML", control: { maxiter: 1 } }));
    expect(error.code).toBe("NOT_CONVERGED");
    expect(error.details).toMatchObject({ method: "REML", iterations: 2 });
    expect(error.details["lastChange"]).toBeGreaterThan(1e-5);
  });

  it("metaAnalysis(PM, control.tau2Max too small) throws NOT_CONVERGED", () => {
    const error = caught(() =>
      metaAnalysis({ yi: [-2, 0, 2, 4], vi: [0.01, 0.01, 0.01, 0.01] }, { method: "PM", control: { tau2Max: 0.1 } }),
    );
    expect(error.code).toBe("NOT_CONVERGED");
    expect(error.details).toMatchObject({ method: "PM", tau2Max: 0.1 });
  });

  it("metaAnalysis(negative tau2 estimate) truncates at zero and says so", () => {
    const r = metaAnalysis({ yi: [0.1, 0.12, 0.09], vi: [0.1, 0.2, 0.3] }, { method: "DL" });
    expect(r.tau2).toBe(0);
    expect(r.notes).toContain("tau2 estimate (DL) was negative and is truncated at zero");
  });

  it("metaAnalysis({tau2}) fixes tau2, says so, and gives no tau2 interval", () => {
    const r = metaAnalysis({ yi: [0.1, 0.5, 0.9], vi: [0.1, 0.2, 0.3] }, { tau2: 0.25, tau2Ci: true });
    expect(r.tau2).toBe(0.25);
    expect(r.tau2Fixed).toBe(true);
    expect(r.tau2CI).toBeUndefined();
    expect(r.notes).toContain("tau2 fixed by the user at 0.25");
  });

  it("metaAnalysis() is JSON-serialisable with plain arrays (no typed arrays)", () => {
    const r = metaAnalysis({ yi: [0.1, 0.5, 0.9], vi: [0.1, 0.2, 0.3] }, { tau2Ci: true, test: "knha" });
    const back = JSON.parse(JSON.stringify(r)) as typeof r;
    expect(back.weights).toEqual(r.weights);
    expect(back.tau2CI).toEqual(r.tau2CI);
    expect(back.df).toBe(2);
  });

  it("MetakitError is the class thrown", () => {
    expect(caught(() => metaAnalysis({ yi: [], vi: [] }))).toBeInstanceOf(MetakitError);
  });
});
