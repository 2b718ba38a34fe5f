/**
 * Lipsey & Wilson (2001), Practical Meta-Analysis, ch. 7: the analog to the ANOVA and
 * meta-regression, fixed and mixed, as metafor's test_analysis_example_lipsey2001.r
 * (published/CASES.md, C10; values printed to 4 or 5 decimals in the book).
 */
import { describe, it } from "vitest";
import { metaRegression, predictRegression } from "../src/index.js";
import { expectClose, tol, type Tolerance } from "@metakit/fixtures";

const data = {
  yi: [-0.33, 0.32, 0.39, 0.31, 0.17, 0.64, -0.33, 0.15, -0.02, 0.0],
  vi: [0.084, 0.035, 0.017, 0.034, 0.072, 0.117, 0.102, 0.093, 0.012, 0.067],
};
const random = { kind: "numeric", name: "random", values: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1] } as const;
const intensity = { kind: "numeric", name: "intensity", values: [7, 3, 7, 5, 7, 7, 4, 4, 5, 6] } as const;
/** Values printed to 5 decimals. */
const DP5: Tolerance = { rel: 0, abs: 5.01e-6 };

describe("analog to the ANOVA: metaRegression(data, ~ random, EE) (Lipsey & Wilson 2001)", () => {
  const r = metaRegression(data, [random], { method: "EE" });
  it("QM (between) 7.0739, p .0078; QE (within) 7.6901, p .4643", () => {
    expectClose(r.QM, 7.0739, tol.printed4, "QM");
    expectClose(r.QMp, 0.0078, tol.printed4, "QMp");
    expectClose(r.QE, 7.6901, tol.printed4, "QE");
    expectClose(r.QEp, 0.4643, tol.printed4, "QEp");
  });
  it("group means .2984 (se .0813, CI .1390 to .4578) and -.0277 (se .0917, CI -.2075 to .1521)", () => {
    const [g0, g1] = predictRegression(r, [{ random: 0 }, { random: 1 }]);
    expectClose(g0!.estimate, 0.2984, tol.printed4, "mean 0");
    expectClose(g0!.se, 0.0813, tol.printed4, "se 0");
    expectClose(g0!.ciLower, 0.139, tol.printed4, "lb 0");
    expectClose(g0!.ciUpper, 0.4578, tol.printed4, "ub 0");
    expectClose(g1!.estimate, -0.0277, tol.printed4, "mean 1");
    expectClose(g1!.se, 0.0917, tol.printed4, "se 1");
    expectClose(g1!.ciLower, -0.2075, tol.printed4, "lb 1");
    expectClose(g1!.ciUpper, 0.1521, tol.printed4, "ub 1");
  });
});

describe("meta-regression on random + intensity (Lipsey & Wilson 2001)", () => {
  it("fixed effects: b = .32233, -.32978, -.00409; se = .29978, .13042, .04928; QM 7.0807 (p .0290); QE 7.6832 (p .3614)", () => {
    const r = metaRegression(data, [random, intensity], { method: "EE" });
    [0.32233, -0.32978, -0.00409].forEach((b, j) => expectClose(r.coefficients[j]!.estimate, b, DP5, `b${j}`));
    [0.29978, 0.13042, 0.04928].forEach((s, j) => expectClose(r.coefficients[j]!.se, s, DP5, `se${j}`));
    expectClose(r.QM, 7.0807, tol.printed4, "QM");
    expectClose(r.QMp, 0.029, tol.printed4, "QMp");
    expectClose(r.QE, 7.6832, tol.printed4, "QE");
    expectClose(r.QEp, 0.3614, tol.printed4, "QEp");
  });
  it("mixed effects (DL): b = .33107, -.32692, -.00682; se = .31984, .14394, .05280; QM 5.5711 (p .0617); tau2 .00488; R2 81.2023", () => {
    const r = metaRegression(data, [random, intensity], { method: "DL" });
    [0.33107, -0.32692, -0.00682].forEach((b, j) => expectClose(r.coefficients[j]!.estimate, b, DP5, `b${j}`));
    [0.31984, 0.14394, 0.0528].forEach((s, j) => expectClose(r.coefficients[j]!.se, s, DP5, `se${j}`));
    expectClose(r.QM, 5.5711, tol.printed4, "QM");
    expectClose(r.QMp, 0.0617, tol.printed4, "QMp");
    expectClose(r.tau2, 0.00488, DP5, "tau2");
    expectClose(r.R2, 81.2023, tol.printed4, "R2");
  });
});
