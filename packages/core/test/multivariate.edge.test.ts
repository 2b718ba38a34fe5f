/**
 * multivariateModel() and vcalc(): typed errors naming what to fix, components held fixed,
 * and the convergence record. Reference values: fixtures/multivariate/multivariate.json
 * (metafor 3.8-1, dat.berkey1998).
 */
import { describe, expect, it } from "vitest";
import { isMetakitError } from "@metakit/base";
import { multivariateModel, vcalc } from "../src/index.js";
import { expectClose, tol } from "@metakit/fixtures";
import { inputOf, multivariateCases } from "./multivariate-helpers.js";

const berkey = multivariateCases.find((c) => c.id === "berkey1998 UN REML")!;

function errorOf(f: () => unknown): { code: string; details: Record<string, unknown>; message: string } {
  try {
    f();
  } catch (error) {
    if (isMetakitError(error)) return { code: error.code, details: error.details as Record<string, unknown>, message: error.message };
    throw error;
  }
  throw new Error("expected a MetakitError");
}

describe("multivariateModel() edge cases", () => {
  it("with tau2 and rho held at metafor's estimates gives metafor's log-likelihood and no iteration", () => {
    const r = multivariateModel(inputOf(berkey), { struct: "UN", tau2: berkey.tau2, rho: berkey.rho });
    expectClose(r.logLik, berkey.logLik, tol.metafor, "logLik");
    expect(r.convergence.iterations).toBe(0);
    expect(r.tau2Fixed).toEqual([true, true]);
    // held components are not counted as parameters: AIC = -2 ll + 2 p
    expectClose(r.AIC, -2 * berkey.logLik + 2 * 2, tol.metafor, "AIC");
  });

  it("records the stopping rule and gradient; NOT_CONVERGED with the last iterate when the cap is reached", () => {
    const r = multivariateModel(inputOf(berkey), { struct: "UN" });
    expect(r.convergence.stoppingRule).toMatch(/Newton/);
    expect(r.convergence.gradient.length).toBe(3);
    const e = errorOf(() => multivariateModel(inputOf(berkey), { struct: "UN", control: { maxiter: 1 } }));
    expect(e.code).toBe("NOT_CONVERGED");
    expect(e.details["field"]).toBe("theta");
    expect((e.details["value"] as { iterations: number }).iterations).toBe(1);
  });

  it("rejects an unknown struct, a covariance across studies and a within-study block that is not positive definite", () => {
    expect(errorOf(() => multivariateModel(inputOf(berkey), { struct: "XX" as "CS" })).code).toBe("INVALID_INPUT");
    const input = inputOf(berkey);
    const across = errorOf(() => multivariateModel({ ...input, covariance: [{ i: 0, j: 2, cov: 0.001 }] }));
    expect(across.code).toBe("INVALID_INPUT");
    expect(across.details["field"]).toBe("covariance");
    const notPd = errorOf(() => multivariateModel({ ...input, covariance: [{ i: 1, j: 0, cov: 1 }] }));
    expect(notPd.code).toBe("INVALID_INPUT");
    expect(notPd.message).toMatch(/study 1 is not positive definite/);
  });

  it("rejects a fixed rho outside [-1, 1] and the wrong number of fixed tau2", () => {
    expect(errorOf(() => multivariateModel(inputOf(berkey), { struct: "UN", rho: [1.5] })).details["field"]).toBe("rho");
    expect(errorOf(() => multivariateModel(inputOf(berkey), { struct: "UN", tau2: [0.1] })).details["field"]).toBe("tau2");
  });

  it("a missing outcome label is INVALID_INPUT naming the row", () => {
    const input = inputOf(berkey);
    const e = errorOf(() => multivariateModel({ ...input, outcome: input.outcome.map((o, i) => (i === 3 ? "" : o)) }));
    expect(e.code).toBe("INVALID_INPUT");
    expect(e.details["study"]).toBe(3);
  });
});

describe("vcalc(vi, cluster, options)", () => {
  it("correlates different types rho and equal types 1 within a cluster, nothing across clusters", () => {
    const entries = vcalc([0.1, 0.4, 0.2, 0.3], ["a", "a", "b", "a"], { type: ["x", "y", "x", "x"], rho: 0.5 });
    const cov = (i: number, j: number) => entries.find((e) => (e.i === i && e.j === j) || (e.i === j && e.j === i))?.cov;
    expectClose(cov(1, 0)!, 0.5 * Math.sqrt(0.04), tol.exact, "cov(1, 0)");
    expectClose(cov(3, 0)!, Math.sqrt(0.03), tol.exact, "cov(3, 0)");
    expect(cov(2, 0)).toBeUndefined();
  });

  it("time and phi: phi^|t_i - t_j|", () => {
    const [e] = vcalc([0.1, 0.4], ["a", "a"], { time: [1, 3], phi: 0.9 });
    expectClose(e!.cov, 0.81 * Math.sqrt(0.04), tol.exact, "cov");
  });

  it("rejects a missing rho, a correlation outside [-1, 1] and a length mismatch", () => {
    expect(errorOf(() => vcalc([0.1, 0.2], ["a", "a"], { type: ["x", "y"] })).details["field"]).toBe("rho");
    expect(errorOf(() => vcalc([0.1, 0.2], ["a", "a"], { type: ["x", "y"], rho: 2 })).details["field"]).toBe("rho");
    expect(errorOf(() => vcalc([0.1, 0.2], ["a"], { type: ["x", "y"], rho: 0.5 })).details["field"]).toBe("cluster");
    expect(errorOf(() => vcalc([0.1, 0.2], ["a", "a"], {})).code).toBe("INVALID_INPUT");
  });
});
