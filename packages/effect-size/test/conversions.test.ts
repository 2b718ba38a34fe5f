/**
 * Conversions against worked values (Cochrane Handbook, Borenstein et al. 2009, Chinn
 * 2000, Morris-style identities) and against R (fixtures/metafor-extra/conversions.json,
 * from fixtures/scripts/conversions.R: each paper's formula in R, and metafor 3.8-1 where
 * it has the conversion; fixtures/metafor-extra/escalc-extra.json for SMD from t and
 * OR <-> SMD through metafor's escalc).
 */
import { describe, expect, it } from "vitest";
import { isMetakitError, normalTwoSidedP } from "@metakit/base";
import { changeScoreSd, combineGroups, correlationFromChangeSd, designEffect, effectiveSampleSize, escalc, logOrToSmd, meanSdFromMedian, pairedMdVarianceFromSd, pairedSmdFromP, pairedSmdFromT, sdFromCi, sdFromSe, seFromCi, seFromP, seFromT, smdFromP, smdFromT, smdToLogOr } from "../src/index.js";
import { conversionsFixture } from "./conversionsFixture.js";
import { extraFixture } from "./extraFixture.js";
import { closeTo, tol } from "@metakit/fixtures";

// Against R: tol.transform (relative 1e-9). Against printed values: tol.printed3/4 (half a unit in the last decimal).
const fx = conversionsFixture();
const extra = extraFixture();

describe("seFromCi", () => {
  it("seFromCi(ratio CI of dat.bcg study 1) gives metafor's sei 0.5706 of the log RR (Handbook 6.3.2)", () => {
    const c = fx.seFromCi.ratio;
    const r = seFromCi({ lower: c.lower, upper: c.upper, scale: "log" });
    expect(closeTo(r.se, c.se, tol.transform)).toBe(true);
    expect(closeTo(r.estimate, c.estimate, tol.transform)).toBe(true);
    expect(r.conversion.method).toBe("se-from-ci");
    expect(r.conversion.inputs).toMatchObject({ lower: c.lower, upper: c.upper, level: 95, scale: "log" });
  });
  it("seFromCi with level 90 and with a t quantile (df) match R", () => {
    const d = fx.seFromCi.difference90;
    expect(closeTo(seFromCi({ lower: d.lower, upper: d.upper, level: d.level }).se, d.se, tol.transform)).toBe(true);
    const t = fx.seFromCi.t;
    expect(closeTo(seFromCi({ lower: t.lower, upper: t.upper, df: t.df }).se, t.se, tol.transform)).toBe(true);
  });
  it("a 95% interval divides its width by 3.92 (Handbook 6.3.1)", () => {
    expect(closeTo(seFromCi({ lower: 0, upper: 3.92 }).se, 1, tol.printed3)).toBe(true);
  });
});

describe("seFromP", () => {
  it("seFromP on the z, ratio and t scales matches R", () => {
    const { z, ratio, t } = fx.seFromP;
    expect(closeTo(seFromP({ estimate: z.estimate, p: z.p }).se, z.se, tol.transform)).toBe(true);
    expect(closeTo(seFromP({ estimate: ratio.estimate, p: ratio.p, scale: "log" }).se, ratio.se, tol.transform)).toBe(true);
    expect(closeTo(seFromP({ estimate: t.estimate, p: t.p, df: t.df }).se, t.se, tol.transform)).toBe(true);
  });
  it("seFromP inverts the Wald test: the p-value of yi/se gives back se (dat.bcg study 1)", () => {
    const { estimate, se } = fx.seFromCi.ratio;
    expect(closeTo(seFromP({ estimate, p: normalTwoSidedP(estimate / se) }).se, se, tol.transform)).toBe(true);
  });
});

describe("standard deviations", () => {
  it("sdFromSe(se, n) = se sqrt(n) (Handbook 6.5.2.2)", () => {
    const r = sdFromSe({ se: 1.2, n: 25 });
    expect(closeTo(r.sd, 6, tol.transform)).toBe(true);
    expect(r.conversion.formula).toContain("sqrt(n)");
  });
  it("sdFromCi with the t and normal quantiles matches R (Handbook 6.5.2.2)", () => {
    const { t, normal } = fx.sdFromCi;
    expect(closeTo(sdFromCi({ lower: t.lower, upper: t.upper, n: t.n }).sd, t.sd, tol.transform)).toBe(true);
    expect(closeTo(sdFromCi({ lower: normal.lower, upper: normal.upper, n: normal.n, distribution: "normal" }).sd, normal.sd, tol.transform)).toBe(true);
  });
  it("combineGroups equals the mean and SD of the pooled raw data (Handbook 6.5.2.10, Table 6.5.a)", () => {
    const c = fx.combineGroups;
    const r = combineGroups({ n: c.n1, mean: c.mean1, sd: c.sd1 }, { n: c.n2, mean: c.mean2, sd: c.sd2 });
    expect(r.n).toBe(c.n);
    expect(closeTo(r.mean, c.mean, tol.transform)).toBe(true);
    expect(closeTo(r.sd, c.sd, tol.transform)).toBe(true);
  });
  it("changeScoreSd reproduces the Handbook v5.1 §16.4.6.4 crossover example: SD_diff with Corr 0.68, SE(MD) 0.583", () => {
    const r = changeScoreSd({ sdBaseline: 2.38, sdFinal: 2.21, r: 0.68 });
    expect(closeTo(r.sd / Math.sqrt(10), 0.583, tol.printed3)).toBe(true);
    expect(r.conversion.inputs).toMatchObject({ r: 0.68 });
  });
  it("correlationFromChangeSd inverts changeScoreSd", () => {
    const sd = changeScoreSd({ sdBaseline: 6.4, sdFinal: 7.1, r: 0.78 }).sd;
    expect(closeTo(correlationFromChangeSd({ sdBaseline: 6.4, sdFinal: 7.1, sdChange: sd }).r, 0.78, tol.transform)).toBe(true);
  });
});

describe("meanSdFromMedian (Wan 2014, Luo 2018, Shi 2020)", () => {
  for (const c of fx.median) {
    it(`n = ${c.n}: range only (S1), IQR only (S3), both (S2) match the papers' formulas in R`, () => {
      const s1 = { n: c.n, median: c.median, min: c.min, max: c.max };
      const s3 = { n: c.n, median: c.median, q1: c.q1, q3: c.q3 };
      const s2 = { ...s1, q1: c.q1, q3: c.q3 };
      expect(closeTo(meanSdFromMedian(s1).mean, c.S1.luo, tol.transform)).toBe(true);
      expect(closeTo(meanSdFromMedian(s1, { mean: "wan" }).mean, c.S1.wan, tol.transform)).toBe(true);
      expect(closeTo(meanSdFromMedian(s1).sd, c.S1.sd, tol.transform)).toBe(true);
      expect(closeTo(meanSdFromMedian(s3).mean, c.S3.luo, tol.transform)).toBe(true);
      expect(closeTo(meanSdFromMedian(s3, { mean: "wan" }).mean, c.S3.wan, tol.transform)).toBe(true);
      expect(closeTo(meanSdFromMedian(s3).sd, c.S3.sd, tol.transform)).toBe(true);
      expect(closeTo(meanSdFromMedian(s2).mean, c.S2.luo, tol.transform)).toBe(true);
      expect(closeTo(meanSdFromMedian(s2, { mean: "wan" }).mean, c.S2.wan, tol.transform)).toBe(true);
      expect(closeTo(meanSdFromMedian(s2).sd, c.S2.shi, tol.transform)).toBe(true);
      expect(closeTo(meanSdFromMedian(s2, { sd: "wan" }).sd, c.S2.sdwan, tol.transform)).toBe(true);
    });
  }
  it("records the scenario, methods and references", () => {
    const r = meanSdFromMedian({ n: 40, median: 12, q1: 8, q3: 17 });
    expect(r.conversion.inputs).toMatchObject({ scenario: "S3", meanMethod: "luo", sdMethod: "shi", q1: 8, q3: 17 });
    expect(r.conversion.reference).toContain("Luo");
    expect(r.conversion.reference).toContain("Wan");
  });
  it("a symmetric normal summary gives back its median as the mean", () => {
    expect(closeTo(meanSdFromMedian({ n: 100, median: 5, q1: 4, q3: 6, min: 2, max: 8 }).mean, 5, tol.transform)).toBe(true);
  });
});

describe("SMD from test statistics", () => {
  it("smdFromT matches metafor escalc('SMD', ti, n1i, n2i)", () => {
    const c = extra.conversions.smdFromT;
    c.t.forEach((t, i) => {
      const r = smdFromT({ t, n1: c.n1i[i]!, n2: c.n2i[i]! });
      expect(closeTo(r.yi, c.yi[i]!, tol.transform)).toBe(true);
      expect(closeTo(r.vi, c.vi[i]!, tol.transform)).toBe(true);
    });
  });
  it("smdFromT reproduces Borenstein et al. (2009) ch. 4 example (X 103 vs 100, S 5.5/4.5, n 50/50): d 0.5970, g 0.5924", () => {
    const sWithin = Math.sqrt((49 * 5.5 ** 2 + 49 * 4.5 ** 2) / 98);
    const t = (103 - 100) / (sWithin * Math.sqrt(1 / 50 + 1 / 50));
    const r = smdFromT({ t, n1: 50, n2: 50 });
    expect(closeTo(r.d, 0.597, tol.printed4)).toBe(true);
    expect(closeTo(r.yi, 0.5924, tol.printed4)).toBe(true);
  });
  it("smdFromP matches metafor's SMD from the t quantile of p", () => {
    const c = fx.smdFromP;
    c.p.forEach((p, i) => {
      const r = smdFromP({ p, n1: c.n1[i]!, n2: c.n2[i]!, sign: c.sign[i]! });
      expect(closeTo(r.yi, c.yi[i]!, tol.transform)).toBe(true);
      expect(closeTo(r.vi, c.vi[i]!, tol.transform)).toBe(true);
      expect(r.conversion.method).toBe("smd-from-p");
    });
  });
});

describe("paired (crossover) SMD", () => {
  it("pairedSmdFromT reproduces Borenstein et al. (2009) ch. 4 matched-groups example: d 0.5, V 0.0225; g 0.4923, V 0.0218", () => {
    const t = 5 / (10 / Math.sqrt(50));
    const d = pairedSmdFromT({ t, n: 50 }, { r: 0.5 });
    expect(closeTo(d.d!, 0.5, tol.printed4)).toBe(true);
    expect(closeTo(d.vd!, 0.0225, tol.printed4)).toBe(true);
    const g = pairedSmdFromT({ t, n: 50 }, { r: 0.5, hedges: true });
    expect(closeTo(g.d!, 0.4923, tol.printed4)).toBe(true);
    expect(closeTo(g.vd!, 0.0218, tol.printed4)).toBe(true);
    expect(closeTo(Math.sqrt(g.vd!), 0.1477, tol.printed4)).toBe(true);
  });
  it("pairedSmdFromT reproduces the Handbook v5.1 §16.4.6.4 crossover example: SE(SMD) 0.256 with Corr 0.68", () => {
    const seMd = changeScoreSd({ sdBaseline: 2.38, sdFinal: 2.21, r: 0.68 }).sd / Math.sqrt(10);
    const r = pairedSmdFromT({ t: 0.5 / seMd, n: 10 }, { r: 0.68 });
    expect(closeTo(Math.sqrt(r.vd!), 0.256, tol.printed3)).toBe(true);
    // The Handbook's 0.218 standardises by the mean of the two period SDs; from t (as here)
    // it notes "a minor discrepancy": d = 0.217.
    expect(closeTo(r.d!, 0.217, tol.printed3)).toBe(true);
  });
  it("pairedSmdFromP matches R (t quantile of p on n - 1 df)", () => {
    const c = fx.pairedFromP;
    const r = pairedSmdFromP({ p: c.p, n: c.n, sign: 1 }, { r: c.r });
    expect(closeTo(r.dz, c.dz, tol.transform)).toBe(true);
    expect(closeTo(r.vdz, c.vdz, tol.transform)).toBe(true);
    expect(closeTo(r.d!, c.d, tol.transform)).toBe(true);
    expect(closeTo(r.vd!, c.vd, tol.transform)).toBe(true);
  });
  it("without r only d_z is given", () => {
    const r = pairedSmdFromT({ t: 2, n: 16 });
    expect(r.d).toBeUndefined();
    expect(closeTo(r.dz, 0.5, tol.transform)).toBe(true);
  });
});

describe("cluster design effect (Handbook 23.1.4)", () => {
  it("designEffect({ m: 10, icc: 0.05 }) = 1 + 9 x 0.05 = 1.45; effective n = n / 1.45", () => {
    expect(closeTo(designEffect({ m: 10, icc: 0.05 }).designEffect, 1.45, tol.transform)).toBe(true);
    const e = effectiveSampleSize({ n: 290, m: 10, icc: 0.05 });
    expect(closeTo(e.n, 200, tol.transform)).toBe(true);
    expect(e.conversion.inputs).toMatchObject({ n: 290, m: 10, icc: 0.05 });
  });
});

describe("log OR <-> SMD (Chinn 2000)", () => {
  it("logOrToSmd matches metafor escalc('OR2DL') and smdToLogOr matches escalc('D2ORL')", () => {
    const a = extra.conversions.logOrToSmd;
    a.logOr.forEach((logOr, i) => {
      const r = logOrToSmd({ logOr, vi: a.vLogOr[i]! });
      expect(closeTo(r.smd, a.yi[i]!, tol.transform)).toBe(true);
      expect(closeTo(r.vi!, a.vi[i]!, tol.transform)).toBe(true);
    });
    const b = extra.conversions.smdToLogOr;
    b.d.forEach((d, i) => expect(closeTo(smdToLogOr({ smd: d }).logOr, b.yi[i]!, tol.transform)).toBe(true));
  });
  it("ln(OR) = 1.81 d (Chinn 2000)", () => {
    expect(closeTo(smdToLogOr({ smd: 1 }).logOr, 1.81, { rel: 0, abs: 0.005 })).toBe(true);
    expect(closeTo(logOrToSmd({ logOr: smdToLogOr({ smd: 0.37 }).logOr }).smd, 0.37, tol.transform)).toBe(true);
  });
});

describe("seFromT (Handbook 6.5.2.3: SE = MD / t)", () => {
  it("seFromT({ estimate: -1.2, t: -2.4 }).se = 0.5, the sign of t ignored", () => {
    expect(closeTo(seFromT({ estimate: -1.2, t: -2.4 }).se, 0.5, tol.transform)).toBe(true);
    expect(closeTo(seFromT({ estimate: -1.2, t: 2.4 }).se, 0.5, tol.transform)).toBe(true);
    expect(seFromT({ estimate: -1.2, t: 2.4 }).conversion).toMatchObject({ method: "se-from-t", inputs: { estimate: -1.2, t: 2.4 } });
  });
  it("agrees with seFromP given the two-sided normal p-value of the same statistic", () => {
    for (const z of [0.4, 1.3, 2.1, 3.7]) {
      const fromP = seFromP({ estimate: 0.8, p: normalTwoSidedP(z) }).se;
      expect(closeTo(seFromT({ estimate: 0.8, t: z }).se, fromP, tol.transform)).toBe(true);
    }
  });
  it("t = 0 is INVALID_INPUT on t, never Infinity", () => {
    const thrown = (() => {
      try {
        return seFromT({ estimate: 1, t: 0 });
      } catch (error) {
        return error;
      }
    })();
    expect(isMetakitError(thrown) && thrown.code === "INVALID_INPUT" && thrown.details.field === "t").toBe(true);
    expect(() => seFromT({ estimate: 1, t: 0 })).toThrow(/t must not be 0/);
  });
});

describe("pairedMdVarianceFromSd (Handbook 23.2.7: paired analysis of a crossover trial)", () => {
  it("vi = SD_diff^2 / n and SE = SD_diff / sqrt(n): pairedMdVarianceFromSd({ sdDifference: 2, n: 16 }) gives 0.25 and 0.5", () => {
    const r = pairedMdVarianceFromSd({ sdDifference: 2, n: 16 });
    expect(closeTo(r.vi, 0.25, tol.transform)).toBe(true);
    expect(closeTo(r.se, 0.5, tol.transform)).toBe(true);
    expect(r.conversion).toMatchObject({ method: "paired-md-variance-from-sd", inputs: { sdDifference: 2, n: 16 } });
  });
  it("equals escalc('MC')'s vi, whose SD of the differences is sqrt(sd1^2 + sd2^2 - 2 r sd1 sd2) (metafor's mean change)", () => {
    const [sd1i, sd2i, ri, ni] = [3.1, 2.4, 0.55, 23];
    const mc = escalc("MC", [{ m1i: 5, m2i: 4, sd1i, sd2i, ri, ni }]).studies[0]!;
    const sdDifference = Math.sqrt(sd1i ** 2 + sd2i ** 2 - 2 * ri * sd1i * sd2i);
    expect(mc.estimable && closeTo(pairedMdVarianceFromSd({ sdDifference, n: ni }).vi, mc.vi, tol.transform)).toBe(true);
  });
  it("a negative SD or n = 0 is INVALID_INPUT", () => {
    expect(() => pairedMdVarianceFromSd({ sdDifference: -1, n: 10 })).toThrow(/sdDifference/);
    expect(() => pairedMdVarianceFromSd({ sdDifference: 1, n: 0 })).toThrow(/n must be > 0/);
  });
});
