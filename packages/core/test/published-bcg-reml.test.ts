/**
 * The canonical metafor example: dat.bcg, log risk ratios, REML (published/CASES.md, C04,
 * metafor 3.8-1 "local" values): rma(), predict(), confint() and test = "knha"; and the
 * OR version. Viechtbauer (2010), J Stat Softw 36(3), section 3.
 */
import { describe, it } from "vitest";
import { metaAnalysis } from "../src/index.js";
import { bcgTables } from "./bcg.js";
import { expectClose, tol } from "@metakit/fixtures";
import { logOddsRatios, logRiskRatios } from "./two-by-two.js";

const rr = logRiskRatios(bcgTables());
const or = logOddsRatios(bcgTables());

describe("metaAnalysis(bcg RR) as rma(yi, vi, data = dat) (Viechtbauer 2010)", () => {
  it("REML: est -0.714532, se 0.179782, CI [-1.066898, -0.362167], z -3.974448, tau2 0.313243", () => {
    const r = metaAnalysis(rr);
    expectClose(r.estimate, -0.714532, tol.printed6, "estimate");
    expectClose(r.se, 0.179782, tol.printed6, "se");
    expectClose(r.ciLower, -1.066898, tol.printed6, "ciLower");
    expectClose(r.ciUpper, -0.362167, tol.printed6, "ciUpper");
    expectClose(r.statistic, -3.974448, tol.printed6, "z");
    expectClose(r.tau2, 0.313243, tol.printed6, "tau2");
    expectClose(r.I2, 92.2214, tol.printed4, "I2");
    expectClose(r.QE, 152.233, tol.printed4, "Q");
    expectClose(r.QEdf, 12, tol.printed4, "Q df");
  });

  it("predict(): PI [-1.866692, 0.437628] (normal quantile under z)", () => {
    const r = metaAnalysis(rr);
    expectClose(r.piLower, -1.866692, tol.printed6, "piLower");
    expectClose(r.piUpper, 0.437628, tol.printed6, "piUpper");
  });

  it("confint(): tau2 [0.1197, 1.1115], tau [0.3460, 1.0543], I2 [81.9177, 97.6781], H2 [5.5303, 43.0680]", () => {
    const r = metaAnalysis(rr, { tau2Ci: true });
    expectClose(r.tau2CI?.lower, 0.1197, tol.printed4, "tau2 lower");
    expectClose(r.tau2CI?.upper, 1.1115, tol.printed4, "tau2 upper");
    expectClose(Math.sqrt(r.tau2CI!.lower), 0.346, tol.printed4, "tau lower");
    expectClose(Math.sqrt(r.tau2CI!.upper), 1.0543, tol.printed4, "tau upper");
    expectClose(r.I2CI?.lower, 81.9177, tol.printed4, "I2 lower");
    expectClose(r.I2CI?.upper, 97.6781, tol.printed4, "I2 upper");
    expectClose(r.H2CI?.lower, 5.5303, tol.printed4, "H2 lower");
    expectClose(r.H2CI?.upper, 43.068, tol.printed4, "H2 upper");
    expectClose(r.H2, 12.8558, tol.printed4, "H2");
  });

  it("test = knha: se 0.180792, CI [-1.108444, -0.320621], t(12) -3.952240, PI [-1.996017, 0.566952]", () => {
    const r = metaAnalysis(rr, { test: "knha" });
    expectClose(r.se, 0.180792, tol.printed6, "se");
    expectClose(r.ciLower, -1.108444, tol.printed6, "ciLower");
    expectClose(r.ciUpper, -0.320621, tol.printed6, "ciUpper");
    expectClose(r.statistic, -3.95224, tol.printed6, "t");
    expectClose(r.df, 12, tol.printed6, "df");
    expectClose(r.piLower, -1.996017, tol.printed6, "piLower");
    expectClose(r.piUpper, 0.566952, tol.printed6, "piUpper");
  });
});

describe("metaAnalysis(bcg OR) as rma(yi, vi) (CASES.md C04, OR version)", () => {
  it("REML: est -0.745178, se 0.186028, tau2 0.337772, I2 92.0727", () => {
    const r = metaAnalysis(or);
    expectClose(r.estimate, -0.745178, tol.printed6, "estimate");
    expectClose(r.se, 0.186028, tol.printed6, "se");
    expectClose(r.tau2, 0.337772, tol.printed6, "tau2");
    expectClose(r.I2, 92.0727, tol.printed4, "I2");
  });

  it("knha: se 0.186726, CI [-1.152019, -0.338336]", () => {
    const r = metaAnalysis(or, { test: "knha" });
    expectClose(r.se, 0.186726, tol.printed6, "se");
    expectClose(r.ciLower, -1.152019, tol.printed6, "ciLower");
    expectClose(r.ciUpper, -0.338336, tol.printed6, "ciUpper");
  });
});
