/**
 * Berkey et al. (1995), Stat Med 14:395-411: empirical Bayes meta-regression of the BCG
 * trials (log RR) on centred absolute latitude, with "smoothed" within-study variances,
 * as metafor's test_analysis_example_berkey1995.r (published/CASES.md, C11; 4 decimals).
 */
import { column, expectClose, publishedData, tol } from "@metakit/fixtures";
import { describe, it } from "vitest";
import { metaRegression, predictRegression } from "../src/index.js";
import { bcgTables } from "./bcg.js";
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
    expectClose(r.coefficients[0]!.estimate, -0.6303, tol.printed4, "b0");
    expectClose(r.coefficients[1]!.estimate, -0.0268, tol.printed4, "b1");
    expectClose(r.coefficients[0]!.se, 0.1591, tol.printed4, "se0");
    expectClose(r.coefficients[1]!.se, 0.011, tol.printed4, "se1");
    expectClose(r.tau2, 0.1572, tol.printed4, "tau2");
    expectClose(r.R2, 41.3844, tol.printed4, "R2");
    const rr = predictRegression(r, [{ ablat: 0 }, { ablat: 42 - 33.46 }]).map((p) => Math.exp(p.estimate));
    expectClose(rr[0], 0.5324, tol.printed4, "RR at 33.46");
    expectClose(rr[1], 0.4236, tol.printed4, "RR at 42");
  });
  it("FE: b = -0.5949, -0.0282; se = 0.0696, 0.0040; RR 0.5516, 0.4336", () => {
    const r = metaRegression(data, [ablat], { method: "FE" });
    expectClose(r.coefficients[0]!.estimate, -0.5949, tol.printed4, "b0");
    expectClose(r.coefficients[1]!.estimate, -0.0282, tol.printed4, "b1");
    expectClose(r.coefficients[0]!.se, 0.0696, tol.printed4, "se0");
    expectClose(r.coefficients[1]!.se, 0.004, tol.printed4, "se1");
    const rr = predictRegression(r, [{ ablat: 0 }, { ablat: 42 - 33.46 }]).map((p) => Math.exp(p.estimate));
    expectClose(rr[0], 0.5516, tol.printed4, "RR at 33.46");
    expectClose(rr[1], 0.4336, tol.printed4, "RR at 42");
  });
});
