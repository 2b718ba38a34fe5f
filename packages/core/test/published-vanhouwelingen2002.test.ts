/**
 * van Houwelingen, Arends & Stijnen (2002), Stat Med 21:589-624: ML random effects on
 * dat.colditz1994 (log odds ratios), profile-likelihood and Q-profile intervals for tau2,
 * Knapp–Hartung, and the prediction interval, as metafor's
 * test_analysis_example_vanhouwelingen2002.r (published/CASES.md, C14).
 */
import { describe, expect, it } from "vitest";
import { metaAnalysis } from "../src/index.js";
import { bcgTables } from "./bcg.js";
import { expectClose, LOCAL_6DP, PUBLISHED_3DP, PUBLISHED_4DP } from "./tolerance.js";
import { logOddsRatios } from "./two-by-two.js";

const data = logOddsRatios(bcgTables("dat.colditz1994.csv"));

describe("metaAnalysis(colditz1994 OR) (van Houwelingen et al. 2002)", () => {
  it("EE: OR 0.6465 [0.5951, 0.7024]", () => {
    const r = metaAnalysis(data, { method: "EE" });
    expectClose(Math.exp(r.estimate), 0.6465, PUBLISHED_4DP, "OR");
    expectClose(Math.exp(r.ciLower), 0.5951, PUBLISHED_4DP, "OR lower");
    expectClose(Math.exp(r.ciUpper), 0.7024, PUBLISHED_4DP, "OR upper");
  });

  it("ML: OR 0.4762 [0.3360, 0.6749], tau2 0.3025, est -0.741967, se 0.177953", () => {
    const r = metaAnalysis(data, { method: "ML" });
    expectClose(Math.exp(r.estimate), 0.4762, PUBLISHED_4DP, "OR");
    expectClose(Math.exp(r.ciLower), 0.336, PUBLISHED_4DP, "OR lower");
    expectClose(Math.exp(r.ciUpper), 0.6749, PUBLISHED_4DP, "OR upper");
    expectClose(r.tau2, 0.3025, PUBLISHED_4DP, "tau2");
    expectClose(r.estimate, -0.741967, LOCAL_6DP, "estimate");
    expectClose(r.se, 0.177953, LOCAL_6DP, "se");
  });

  it("tau2 intervals: profile likelihood [0.1151, 0.8937], Q-profile [0.1302, 1.1812]", () => {
    const pl = metaAnalysis(data, { method: "ML", tau2Ci: true, tau2CiType: "PL" });
    expectClose(pl.tau2CI?.lower, 0.1151, PUBLISHED_4DP, "PL lower");
    expectClose(pl.tau2CI?.upper, 0.8937, PUBLISHED_4DP, "PL upper");
    const qp = metaAnalysis(data, { method: "ML", tau2Ci: true });
    expectClose(qp.tau2CI?.lower, 0.1302, PUBLISHED_4DP, "QP lower");
    expectClose(qp.tau2CI?.upper, 1.1812, PUBLISHED_4DP, "QP upper");
  });

  it("ML + knha: OR CI [0.3175, 0.7141]", () => {
    const r = metaAnalysis(data, { method: "ML", test: "knha" });
    expectClose(Math.exp(r.ciLower), 0.3175, PUBLISHED_4DP, "OR lower");
    expectClose(Math.exp(r.ciUpper), 0.7141, PUBLISHED_4DP, "OR upper");
  });

  it("predict(): PI [-1.875, 0.391] (log OR, ML)", () => {
    const r = metaAnalysis(data, { method: "ML" });
    expectClose(r.piLower, -1.875, PUBLISHED_3DP, "piLower");
    expectClose(r.piUpper, 0.391, PUBLISHED_3DP, "piUpper");
    expect(r.piMethod).toBe("z");
  });
});
