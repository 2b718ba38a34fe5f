/**
 * The canonical metafor example: dat.bcg, log risk ratios, REML (published/CASES.md, C04,
 * metafor 3.8-1 "local" values): rma(), predict(), confint() and test = "knha"; and the
 * OR version. Viechtbauer (2010), J Stat Softw 36(3), section 3.
 */
import { describe, it } from "vitest";
import { metaAnalysis } from "../src/index.js";
import { bcgTables } from "./bcg.js";
import { expectClose, LOCAL_6DP, PUBLISHED_4DP } from "./tolerance.js";
import { logOddsRatios, logRiskRatios } from "./two-by-two.js";

const rr = logRiskRatios(bcgTables());
const or = logOddsRatios(bcgTables());

describe("metaAnalysis(bcg RR) as rma(yi, vi, data = dat) (Viechtbauer 2010)", () => {
  it("REML: est -0.714532, se 0.179782, CI [-1.066898, -0.362167], z -3.974448, tau2 0.313243", () => {
    const r = metaAnalysis(rr);
    expectClose(r.estimate, -0.714532, LOCAL_6DP, "estimate");
    expectClose(r.se, 0.179782, LOCAL_6DP, "se");
    expectClose(r.ciLower, -1.066898, LOCAL_6DP, "ciLower");
    expectClose(r.ciUpper, -0.362167, LOCAL_6DP, "ciUpper");
    expectClose(r.statistic, -3.974448, LOCAL_6DP, "z");
    expectClose(r.tau2, 0.313243, LOCAL_6DP, "tau2");
    expectClose(r.I2, 92.2214, PUBLISHED_4DP, "I2");
    expectClose(r.QE, 152.233, PUBLISHED_4DP, "Q");
    expectClose(r.QEdf, 12, PUBLISHED_4DP, "Q df");
  });

  it("predict(): PI [-1.866692, 0.437628] (normal quantile under z)", () => {
    const r = metaAnalysis(rr);
    expectClose(r.piLower, -1.866692, LOCAL_6DP, "piLower");
    expectClose(r.piUpper, 0.437628, LOCAL_6DP, "piUpper");
  });

  it("confint(): tau2 [0.1197, 1.1115], tau [0.3460, 1.0543], I2 [81.9177, 97.6781], H2 [5.5303, 43.0680]", () => {
    const r = metaAnalysis(rr, { tau2Ci: true });
    expectClose(r.tau2CI?.lower, 0.1197, PUBLISHED_4DP, "tau2 lower");
    expectClose(r.tau2CI?.upper, 1.1115, PUBLISHED_4DP, "tau2 upper");
    expectClose(Math.sqrt(r.tau2CI!.lower), 0.346, PUBLISHED_4DP, "tau lower");
    expectClose(Math.sqrt(r.tau2CI!.upper), 1.0543, PUBLISHED_4DP, "tau upper");
    expectClose(r.I2CI?.lower, 81.9177, PUBLISHED_4DP, "I2 lower");
    expectClose(r.I2CI?.upper, 97.6781, PUBLISHED_4DP, "I2 upper");
    expectClose(r.H2CI?.lower, 5.5303, PUBLISHED_4DP, "H2 lower");
    expectClose(r.H2CI?.upper, 43.068, PUBLISHED_4DP, "H2 upper");
    expectClose(r.H2, 12.8558, PUBLISHED_4DP, "H2");
  });

  it("test = knha: se 0.180792, CI [-1.108444, -0.320621], t(12) -3.952240, PI [-1.996017, 0.566952]", () => {
    const r = metaAnalysis(rr, { test: "knha" });
    expectClose(r.se, 0.180792, LOCAL_6DP, "se");
    expectClose(r.ciLower, -1.108444, LOCAL_6DP, "ciLower");
    expectClose(r.ciUpper, -0.320621, LOCAL_6DP, "ciUpper");
    expectClose(r.statistic, -3.95224, LOCAL_6DP, "t");
    expectClose(r.df, 12, LOCAL_6DP, "df");
    expectClose(r.piLower, -1.996017, LOCAL_6DP, "piLower");
    expectClose(r.piUpper, 0.566952, LOCAL_6DP, "piUpper");
  });
});

describe("metaAnalysis(bcg OR) as rma(yi, vi) (CASES.md C04, OR version)", () => {
  it("REML: est -0.745178, se 0.186028, tau2 0.337772, I2 92.0727", () => {
    const r = metaAnalysis(or);
    expectClose(r.estimate, -0.745178, LOCAL_6DP, "estimate");
    expectClose(r.se, 0.186028, LOCAL_6DP, "se");
    expectClose(r.tau2, 0.337772, LOCAL_6DP, "tau2");
    expectClose(r.I2, 92.0727, PUBLISHED_4DP, "I2");
  });

  it("knha: se 0.186726, CI [-1.152019, -0.338336]", () => {
    const r = metaAnalysis(or, { test: "knha" });
    expectClose(r.se, 0.186726, LOCAL_6DP, "se");
    expectClose(r.ciLower, -1.152019, LOCAL_6DP, "ciLower");
    expectClose(r.ciUpper, -0.338336, LOCAL_6DP, "ciUpper");
  });
});
