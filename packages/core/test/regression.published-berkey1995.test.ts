/**
 * Berkey et al. (1995), Stat Med 14:395-411: empirical Bayes meta-regression of the BCG
 * trials (log RR) on centred absolute latitude, with "smoothed" within-study variances,
 * as metafor's test_analysis_example_berkey1995.r (published/CASES.md, C11; 4 decimals).
 */
import { column, publishedData } from "@metakit/fixtures";
import { describe, it } from "vitest";
import { metaRegression, predictRegression } from "../src/index.js";
import { bcgTables } from "./bcg.js";
import { expectClose, PUBLISHED_4DP } from "./tolerance.js";
import { logRiskRatios } from "./two-by-two.js";

const rows = publishedData("dat.bcg.csv");
const t = bcgTables();
const k = t.ai.length;
// vi = sum(tneg/tpos) / (13 (tneg + tpos)) + sum(cneg/cpos) / (13 (cneg + cpos))
const sumT = t.bi.reduce((s, b, i) => s + b / t.ai[i]!, 0);
const sumC = t.di.reduce((s, d, i) => s + d / t.ci[i]!, 0);
const vi = t.ai.map((a, i) => sumT / (k * (t.bi[i]! + a)) + sumC / (k * (t.di[i]! + t.ci[i]!)));
const data = { yi: logRiskRatios(t).yi, vi };
const ablat = { kind: "numeric", name: "ablat", values: column(rows, "ablat").map((x) => x - 33.46) } as const;

describe("metaRegression(bcg, ~ I(ablat - 33.46)) reproduces Berkey et al. (1995)", () => {
  it("EB: b = -0.6303, -0.0268; se = 0.1591, 0.0110; tau2 0.1572; R2 41.3844; RR at 33.46 and 42: 0.5324, 0.4236", () => {
    const r = metaRegression(data, [ablat], { method: "EB" });
    expectClose(r.coefficients[0]!.estimate, -0.6303, PUBLISHED_4DP, "b0");
    expectClose(r.coefficients[1]!.estimate, -0.0268, PUBLISHED_4DP, "b1");
    expectClose(r.coefficients[0]!.se, 0.1591, PUBLISHED_4DP, "se0");
    expectClose(r.coefficients[1]!.se, 0.011, PUBLISHED_4DP, "se1");
    expectClose(r.tau2, 0.1572, PUBLISHED_4DP, "tau2");
    expectClose(r.R2, 41.3844, PUBLISHED_4DP, "R2");
    const rr = predictRegression(r, [{ ablat: 0 }, { ablat: 42 - 33.46 }]).map((p) => Math.exp(p.estimate));
    expectClose(rr[0], 0.5324, PUBLISHED_4DP, "RR at 33.46");
    expectClose(rr[1], 0.4236, PUBLISHED_4DP, "RR at 42");
  });
  it("FE: b = -0.5949, -0.0282; se = 0.0696, 0.0040; RR 0.5516, 0.4336", () => {
    const r = metaRegression(data, [ablat], { method: "FE" });
    expectClose(r.coefficients[0]!.estimate, -0.5949, PUBLISHED_4DP, "b0");
    expectClose(r.coefficients[1]!.estimate, -0.0282, PUBLISHED_4DP, "b1");
    expectClose(r.coefficients[0]!.se, 0.0696, PUBLISHED_4DP, "se0");
    expectClose(r.coefficients[1]!.se, 0.004, PUBLISHED_4DP, "se1");
    const rr = predictRegression(r, [{ ablat: 0 }, { ablat: 42 - 33.46 }]).map((p) => Math.exp(p.estimate));
    expectClose(rr[0], 0.5516, PUBLISHED_4DP, "RR at 33.46");
    expectClose(rr[1], 0.4336, PUBLISHED_4DP, "RR at 42");
  });
});
