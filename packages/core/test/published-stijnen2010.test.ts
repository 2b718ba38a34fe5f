/**
 * Stijnen, Hamza & Özdemir (2010), Stat Med 29:3046-3067: single-arm logit proportions
 * and sparse odds ratios on dat.nielweise2007 (catheter-related bloodstream infections),
 * as metafor's test_analysis_example_stijnen2010.r (published/CASES.md, C20). The
 * binomial-normal (GLMM) results of the paper need a GLMM fitter and are not tested here.
 */
import { describe, it } from "vitest";
import { column, expectClose, publishedData, tol } from "@metakit/fixtures";
import { backTransform, escalc, type StudyInput } from "@metakit/effect-size";
import { metaAnalysis } from "../src/index.js";

const rows = publishedData("dat.nielweise2007.csv");
const [ai, n1i, ci, n2i] = ["ai", "n1i", "ci", "n2i"].map((c) => column(rows, c)) as [number[], number[], number[], number[]];

function effects(measure: "PLO" | "OR", studies: StudyInput[], drop00 = false) {
  const estimable = escalc(measure, studies, { drop00 }).studies.flatMap((r) => (r.estimable ? [r] : []));
  return { yi: estimable.map((r) => r.yi), vi: estimable.map((r) => r.vi) };
}

describe("Stijnen 2010: logit proportions, REML", () => {
  it("control arms (xi = ci, ni = n2i): est -3.3018, se 0.2378, tau2 0.6629; p 0.0355 [0.0226, 0.0554]", () => {
    const r = metaAnalysis(effects("PLO", ci.map((x, i) => ({ xi: x, ni: n2i[i]! }))));
    expectClose(r.estimate, -3.3018, tol.printed4, "est");
    expectClose(r.se, 0.2378, tol.printed4, "se");
    expectClose(r.tau2, 0.6629, tol.printed4, "tau2");
    expectClose(backTransform("PLO", r.estimate), 0.0355, tol.printed4, "proportion");
    expectClose(backTransform("PLO", r.ciLower), 0.0226, tol.printed4, "ci.lb");
    expectClose(backTransform("PLO", r.ciUpper), 0.0554, tol.printed4, "ci.ub");
  });

  it("treated arms (xi = ai, ni = n1i): est -4.2604, se 0.2589, tau2 0.3928; p 0.0139 [0.0084, 0.0229]", () => {
    const r = metaAnalysis(effects("PLO", ai.map((x, i) => ({ xi: x, ni: n1i[i]! }))));
    expectClose(r.estimate, -4.2604, tol.printed4, "est");
    expectClose(r.se, 0.2589, tol.printed4, "se");
    expectClose(r.tau2, 0.3928, tol.printed4, "tau2");
    expectClose(backTransform("PLO", r.estimate), 0.0139, tol.printed4, "proportion");
    expectClose(backTransform("PLO", r.ciLower), 0.0084, tol.printed4, "ci.lb");
    expectClose(backTransform("PLO", r.ciUpper), 0.0229, tol.printed4, "ci.ub");
  });
});

describe("Stijnen 2010: odds ratios with drop00 (k = 17), REML", () => {
  it("est -0.9804, se 0.2435, tau 0.1886; OR 0.3752 [0.2328, 0.6046]", () => {
    const studies = ai.map((a, i) => ({ ai: a, n1i: n1i[i]!, ci: ci[i]!, n2i: n2i[i]! }));
    const data = effects("OR", studies, true);
    const r = metaAnalysis(data);
    expectClose(r.k, 17, tol.printed4, "k");
    expectClose(r.estimate, -0.9804, tol.printed4, "est");
    expectClose(r.se, 0.2435, tol.printed4, "se");
    expectClose(r.tau, 0.1886, tol.printed4, "tau");
    expectClose(Math.exp(r.estimate), 0.3752, tol.printed4, "OR");
    expectClose(Math.exp(r.ciLower), 0.2328, tol.printed4, "ci.lb");
    expectClose(Math.exp(r.ciUpper), 0.6046, tol.printed4, "ci.ub");
  });
});
