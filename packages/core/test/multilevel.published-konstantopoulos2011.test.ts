/**
 * Published case C25 (fixtures/published/CASES.md): the three-level model of Konstantopoulos
 * (2011), Res Synth Methods 2:61-76, as metafor's analysis example prints it
 * (test_analysis_example_konstantopoulos2011.r), 4 decimals: rma.mv(yi, vi,
 * random = ~ 1 | district/study) REML est 0.1847, se 0.0846, sigma2 0.0651 and 0.0327,
 * logLik -7.9587, ICC .6653, profile-likelihood CIs sigma2.1 [0.0222, 0.2072] and
 * sigma2.2 [0.0163, 0.0628]; ML est 0.1845, se 0.0805, sigma2 0.0577, 0.0329, PI
 * [-0.4262, 0.7951].
 */
import { column, publishedData } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { multilevelModel, multilevelProfileIntervals } from "../src/index.js";
import { expectClose, tol as sharedTol } from "@metakit/fixtures";

const PUBLISHED_4DP = sharedTol.printed4;

const rows = publishedData("dat.konstantopoulos2011.csv");
const input = {
  yi: column(rows, "yi"),
  vi: column(rows, "vi"),
  cluster: column(rows, "district").map(String),
  inner: column(rows, "study").map(String),
};

describe("Konstantopoulos (2011) three-level model (CASES.md C25)", () => {
  it("REML: estimate, se, sigma2, logLik and the intraclass correlation", () => {
    const r = multilevelModel(input);
    expect(r.k).toBe(56);
    expect(r.clusters).toBe(11);
    expectClose(r.coefficients[0]!.estimate, 0.1847, PUBLISHED_4DP, "estimate");
    expectClose(r.coefficients[0]!.se, 0.0846, PUBLISHED_4DP, "se");
    expectClose(r.sigma2[0], 0.0651, PUBLISHED_4DP, "sigma2 district");
    expectClose(r.sigma2[1], 0.0327, PUBLISHED_4DP, "sigma2 school");
    expectClose(r.logLik, -7.9587, PUBLISHED_4DP, "logLik");
    expectClose(r.sigma2[0] / (r.sigma2[0] + r.sigma2[1]), 0.6653, PUBLISHED_4DP, "ICC");
  });

  it("REML: profile-likelihood CIs of both components", () => {
    const [outer, inner] = multilevelProfileIntervals(input);
    expectClose(outer!.lower, 0.0222, PUBLISHED_4DP, "sigma2.1 lower");
    expectClose(outer!.upper, 0.2072, PUBLISHED_4DP, "sigma2.1 upper");
    expectClose(inner!.lower, 0.0163, PUBLISHED_4DP, "sigma2.2 lower");
    expectClose(inner!.upper, 0.0628, PUBLISHED_4DP, "sigma2.2 upper");
  });

  it("ML: estimate, se, sigma2 and the prediction interval", () => {
    const r = multilevelModel(input, { method: "ML" });
    expectClose(r.coefficients[0]!.estimate, 0.1845, PUBLISHED_4DP, "estimate");
    expectClose(r.coefficients[0]!.se, 0.0805, PUBLISHED_4DP, "se");
    expectClose(r.sigma2[0], 0.0577, PUBLISHED_4DP, "sigma2 district");
    expectClose(r.sigma2[1], 0.0329, PUBLISHED_4DP, "sigma2 school");
    expectClose(r.prediction!.piLower, -0.4262, PUBLISHED_4DP, "pi lower");
    expectClose(r.prediction!.piUpper, 0.7951, PUBLISHED_4DP, "pi upper");
  });
});
