/**
 * Jackson, Turner, Rhodes & Viechtbauer (2014), "Confidence intervals for the
 * between-study variance in random-effects meta-analysis using generalised Cochran
 * heterogeneity statistics", BMC Med Res Methodol 14:103: intervals for the residual tau2
 * of a meta-regression with one moderator. Values from published/CASES.md, case C13
 * (metafor's test_analysis_example_jackson2014.r), 4 decimals: |x - expected| <= 5e-5.
 * The paper's Wald-log interval uses z = 1.96 exactly, so it is computed at the level
 * whose normal quantile is 1.96 (95.0004%); metafor's confint() uses qnorm(.975).
 * Not covered: the paper's generalised-Q intervals (weights 1/vi and 1/sqrt(vi)), which
 * need the distribution of a positive linear combination of chi-squares (Farebrother).
 */
import { normalTwoSidedP } from "@metakit/base";
import { describe, expect, it } from "vitest";
import type { Moderator } from "../src/index.js";
import { metaRegression, regressionTau2Interval } from "../src/index.js";
import { expectClose, tol } from "@metakit/fixtures";

const LEVEL_Z196 = 100 * (1 - normalTwoSidedP(1.96));

const example1 = {
  yi: [0.0267, 0.8242, 0.393, 2.4405, 2.1401, 1.2528, 2.4849, 0.3087, 1.4246, 0.1823, 1.1378, 1.2321, 2.0695, 4.0237, 1.4383, 1.6021],
  vi: [0.1285, 0.0315, 0.0931, 2.0967, 1.0539, 0.1602, 1.0235, 0.0218, 0.5277, 0.0556, 0.3304, 0.1721, 0.4901, 2.02, 0.3399, 0.183],
};
const xi1: Moderator[] = [{ kind: "numeric", name: "xi", values: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1] }];

const example2 = {
  yi: [0.54, 0.4, 0.64, 0.365, 0.835, 0.02, 0.12, 0.085, 1.18, 0.08, 0.18, 0.325, 0.06, 0.715, 0.065, 0.245, 0.24, 0.06, 0.19],
  vi: [
    0.0176, 0.019, 0.0906, 0.0861, 0.0063, 0.0126, 0.0126, 0.0041, 0.0759, 0.0126, 0.0104, 0.0242, 0.0026, 0.2629, 0.0169,
    0.0156, 0.0481, 0.0084, 0.0044,
  ],
};
const year: Moderator[] = [
  {
    kind: "numeric",
    name: "year",
    values: [1986, 1987, 1988, 1988, 1998, 1999, 2000, 2000, 2000, 2001, 2001, 2001, 2002, 2002, 2002, 2002, 2003, 2003, 2003],
  },
];

const cases = [
  { name: "example 1 (xi: ten 0s, six 1s)", data: example1, mods: xi1, waldLog: [0.011, 0.633], pm: [0.0023, 1.4871] },
  { name: "example 2 (publication year)", data: example2, mods: year, waldLog: [0.0163, 0.1108], pm: [0.0178, 0.1564] },
] as const;

describe("Jackson et al. (2014): tau2 intervals in meta-regression (CASES.md C13)", () => {
  for (const c of cases) {
    it(`regressionTau2Interval(${c.name}, { method: "REML", type: "WaldLog" }) with z = 1.96`, () => {
      const ci = regressionTau2Interval(c.data, c.mods, { method: "REML", type: "WaldLog", level: LEVEL_Z196 });
      expectClose(ci.tau2CI.lower, c.waldLog[0], tol.printed4, `${c.name} REML Wald-log lower`);
      expectClose(ci.tau2CI.upper, c.waldLog[1], tol.printed4, `${c.name} REML Wald-log upper`);
      expect(ci.tau2).toBeCloseTo(metaRegression(c.data, c.mods).tau2, 12);
    });

    it(`regressionTau2Interval(${c.name}, { method: "PM" }) is the Q-profile interval`, () => {
      const ci = regressionTau2Interval(c.data, c.mods, { method: "PM" });
      expect(ci.type).toBe("QP");
      expectClose(ci.tau2CI.lower, c.pm[0], tol.printed4, `${c.name} PM Q-profile lower`);
      expectClose(ci.tau2CI.upper, c.pm[1], tol.printed4, `${c.name} PM Q-profile upper`);
      expect(ci.tau2CI.lower <= ci.tau2 && ci.tau2 <= ci.tau2CI.upper).toBe(true);
    });
  }

  it("the level whose normal quantile is 1.96 is 95.0004%", () => {
    expect(LEVEL_Z196).toBeCloseTo(95.0004, 4);
  });
});
