/**
 * regressionTau2Interval() against metafor 3.8-1's confint() for meta-regressions:
 * fixtures/metafor-extra/tau2-interval-regression.json (scripts/tau2-interval-regression.R).
 * dat.bcg (ablat), Lipsey & Wilson (2001) (random + intensity) and Jackson et al. (2014)
 * examples 1 and 2; DL, HE, HS, SJ, ML, REML, EB, PM; types QP, PL (ML/REML) and
 * Wald.log; levels 95 and 90. Relative 1e-6 on everything: the QP and PL bounds are
 * found by the same Brent iteration as R's uniroot(), so they agree far beyond its
 * tolerance eps^0.25.
 */
import { isMetakitError } from "@metakit/base";
import { describe, expect, it } from "vitest";
import type { Moderator, RegressionMethod, RegressionTau2IntervalType } from "../src/index.js";
import { regressionTau2Interval } from "../src/index.js";
import { readExtra } from "./mantel-haenszel-helpers.js";
import { expectClose, tol } from "@metakit/fixtures";

interface IntervalCase {
  readonly id: string;
  readonly method: RegressionMethod;
  readonly type: RegressionTau2IntervalType;
  readonly level: number;
  readonly yi: number[];
  readonly vi: number[];
  readonly moderators: Moderator[];
  readonly tau2: number;
  readonly seTau2: number;
  readonly tau2CI: (number | string)[];
  readonly I2CI: (number | string)[];
  readonly H2CI: (number | string)[];
}

const { metafor, cases } = readExtra<{ metafor: string; cases: readonly IntervalCase[] }>("tau2-interval-regression.json");
const finite = (c: IntervalCase) => c.tau2CI.every((x) => typeof x === "number");

describe(`regressionTau2Interval(input, moderators, options) matches metafor ${metafor} confint()`, () => {
  it("has QP, PL and WaldLog cases", () => {
    for (const type of ["QP", "PL", "WaldLog"]) expect(cases.filter((c) => c.type === type).length).toBeGreaterThan(10);
  });
  for (const c of cases.filter(finite)) {
    it(c.id, () => {
      const ci = regressionTau2Interval({ yi: c.yi, vi: c.vi }, c.moderators, { method: c.method, type: c.type, level: c.level });
      expectClose(ci.tau2, c.tau2, tol.tau2, `${c.id} tau2`);
      expectClose(ci.seTau2, c.seTau2, tol.tau2, `${c.id} se.tau2`);
      expectClose(ci.tau2CI.lower, c.tau2CI[0] as number, tol.ci, `${c.id} tau2 lower`);
      expectClose(ci.tau2CI.upper, c.tau2CI[1] as number, tol.ci, `${c.id} tau2 upper`);
      expectClose(ci.I2CI.lower, c.I2CI[0] as number, tol.ci, `${c.id} I2 lower`);
      expectClose(ci.I2CI.upper, c.I2CI[1] as number, tol.ci, `${c.id} I2 upper`);
      expectClose(ci.H2CI.lower, c.H2CI[0] as number, tol.ci, `${c.id} H2 lower`);
      expectClose(ci.H2CI.upper, c.H2CI[1] as number, tol.ci, `${c.id} H2 upper`);
    });
  }
});

describe("regressionTau2Interval: where there is no interval", () => {
  const bcg = cases.find((c) => c.id.startsWith("bcg ablat REML"))!;
  const input = { yi: bcg.yi, vi: bcg.vi };
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      return isMetakitError(error) ? error.code : "other";
    }
    return "none";
  };

  it("WaldLog where metafor's upper bound is Inf (tau2 ~ 3e-6, Lipsey ML) throws INSUFFICIENT_DATA", () => {
    const c = cases.find((x) => !finite(x))!;
    expect(c.id).toMatch(/WaldLog|Wald.log/);
    expect(code(() => regressionTau2Interval({ yi: c.yi, vi: c.vi }, c.moderators, { method: c.method, type: "WaldLog" }))).toBe(
      "INSUFFICIENT_DATA",
    );
  });
  it("EE has no tau2 to bound (UNSUPPORTED)", () => {
    expect(code(() => regressionTau2Interval(input, bcg.moderators, { method: "EE" }))).toBe("UNSUPPORTED");
  });
  it("PL with DL is UNSUPPORTED", () => {
    expect(code(() => regressionTau2Interval(input, bcg.moderators, { method: "DL", type: "PL" }))).toBe("UNSUPPORTED");
  });
  it("an unknown type is INVALID_INPUT", () => {
    const type = "Wald" as RegressionTau2IntervalType;
    expect(code(() => regressionTau2Interval(input, bcg.moderators, { type }))).toBe("INVALID_INPUT");
  });
  it("WaldLog at tau2 = 0 throws INSUFFICIENT_DATA", () => {
    const yi = [0.1, 0.2, 0.3, 0.4];
    const vi = [1, 1, 1, 1];
    const x: Moderator[] = [{ kind: "numeric", name: "x", values: [1, 2, 3, 4] }];
    expect(code(() => regressionTau2Interval({ yi, vi }, x, { method: "DL", type: "WaldLog" }))).toBe("INSUFFICIENT_DATA");
  });
});
