/**
 * van Houwelingen, Arends & Stijnen (2002), Stat Med 21:589-624: ML random effects on
 * dat.colditz1994 (log odds ratios), profile-likelihood and Q-profile intervals for tau2,
 * Knapp–Hartung, and the prediction interval, as metafor's
 * test_analysis_example_vanhouwelingen2002.r (published/CASES.md, C14).
 */
import { describe, expect, it } from "vitest";
import { metaAnalysis } from "../src/index.js";
import { bcgTables } from "./bcg.js";
import { expectClose, tol } from "@metakit/fixtures";
import { logOddsRatios } from "./two-by-two.js";

const data = logOddsRatios(bcgTables("dat.colditz1994.csv"));

describe("metaAnalysis(colditz1994 OR) (van Houwelingen et al. 2002)", () => {
  it("EE: OR 0.6465 [0.5951, 0.7024]", () => {
    const r = metaAnalysis(data, { method: "EE" });
    expectClose(Math.exp(r.estimate), 0.6465, tol.printed4, "OR");
    expectClose(Math.exp(r.ciLower), 0.5951, tol.printed4, "OR lower");
    expectClose(Math.exp(r.ciUpper), 0.7024, tol.printed4, "OR upper");
  });

  it("ML: OR 0.4762 [0.3360, 0.6749], tau2 0.3025, est -0.741967, se 0.177953", () => {
    const r = metaAnalysis(data, { method: "ML" });
    expectClose(Math.exp(r.estimate), 0.4762, tol.printed4, "OR");
    expectClose(Math.exp(r.ciLower), 0.336, tol.printed4, "OR lower");
    expectClose(Math.exp(r.ciUpper), 0.6749, tol.printed4, "OR upper");
    expectClose(r.tau2, 0.3025, tol.printed4, "tau2");
    expectClose(r.estimate, -0.741967, tol.printed6, "estimate");
    expectClose(r.se, 0.177953, tol.printed6, "se");
  });

  it("tau2 intervals: profile likelihood [0.1151, 0.8937], Q-profile [0.1302, 1.1812]", () => {
    const pl = metaAnalysis(data, { method: "ML", tau2Ci: true, tau2CiType: "PL" });
    expectClose(pl.tau2CI?.lower, 0.1151, tol.printed4, "PL lower");
    expectClose(pl.tau2CI?.upper, 0.8937, tol.printed4, "PL upper");
    const qp = metaAnalysis(data, { method: "ML", tau2Ci: true });
    expectClose(qp.tau2CI?.lower, 0.1302, tol.printed4, "QP lower");
    expectClose(qp.tau2CI?.upper, 1.1812, tol.printed4, "QP upper");
  });

  it("ML + knha: OR CI [0.3175, 0.7141]", () => {
    const r = metaAnalysis(data, { method: "ML", test: "knha" });
    expectClose(Math.exp(r.ciLower), 0.3175, tol.printed4, "OR lower");
    expectClose(Math.exp(r.ciUpper), 0.7141, tol.printed4, "OR upper");
  });

  it("predict(): PI [-1.875, 0.391] (log OR, ML)", () => {
    const r = metaAnalysis(data, { method: "ML" });
    expectClose(r.piLower, -1.875, tol.printed3, "piLower");
    expectClose(r.piUpper, 0.391, tol.printed3, "piUpper");
    expect(r.piMethod).toBe("z");
  });
});
