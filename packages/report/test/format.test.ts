/**
 * RevMan's number formatting for the lines under a forest plot. The dat.bcg numbers are
 * metafor 3.8-1's REML fit of oracle case S01 (packages/fixtures/metafor/cases.json).
 */
import { describe, expect, it } from "vitest";
import { flagValue, oracleCases } from "@metakit/fixtures";
import { MetakitError } from "@metakit/base";
import { formatEffectCi, formatFixed, formatP, formatWeight, heterogeneityText, i2FromQ, overallEffectText, subgroupDifferencesText } from "../src/index.js";

const s01 = oracleCases().find((c) => c.id === "S01")!;
const reml = s01.fits.find((f) => flagValue(f.args, "--method") === "REML")!.expected as Record<string, number>;

describe("formatP(p)", () => {
  it.each([
    [2e-26, "P < 0.001"],
    [0.0000099, "P < 0.001"],
    [0.00001, "P < 0.001"],
    [7.05e-5, "P < 0.001"],
    [0.000999, "P < 0.001"],
    [0.001, "P = 0.001"],
    [0.00096, "P < 0.001"],
    [0.00264, "P = 0.003"],
    [0.0096, "P = 0.01"],
    [0.0412, "P = 0.04"],
    [0.3944, "P = 0.39"],
    [0.999, "P = 1.00"],
    [1, "P = 1.00"],
    [0, "P < 0.001"],
  ])("formatP(%s) is %s", (p, text) => {
    expect(formatP(p)).toBe(text);
  });

  it("formatP(p) rejects NaN and values outside [0, 1]", () => {
    for (const p of [Number.NaN, -0.1, 1.5]) expect(() => formatP(p)).toThrow(MetakitError);
  });
});

describe("heterogeneity and overall-effect lines", () => {
  it("heterogeneityText reads as RevMan's line for dat.bcg (REML, S01)", () => {
    const text = heterogeneityText({ tau2: reml["tau2"]!, QE: reml["QE"]!, df: reml["k"]! - 1, QEp: reml["QEp"]!, I2: reml["I2"]! });
    expect(text).toBe("Heterogeneity: Tau² = 0.31; Chi² = 152.23, df = 12 (P < 0.001); I² = 92%");
  });

  // Issue 14, defect 3: one figure printed I² = 60% (metafor's, from tau²) over the plot and
  // I² = 58% (from Q) for the same Chi² and df in the subgroup test. RevMan computes I² from
  // Q and df (Higgins & Thompson 2002, eq. 10): (7.11 - 3) / 7.11 = 57.8%.
  it("heterogeneityText prints RevMan's I² from Q and df, the same as the subgroup test for the same Chi² and df", () => {
    const heterogeneity = heterogeneityText({ tau2: 0.769, QE: 7.1087, df: 3, QEp: 0.0686, I2: 60.5 });
    const subgroups = subgroupDifferencesText({ QM: 7.1087, df: 3, QMp: 0.0686, I2: 57.8 });
    expect(heterogeneity).toBe("Heterogeneity: Tau² = 0.77; Chi² = 7.11, df = 3 (P = 0.07); I² = 58%");
    expect(subgroups).toBe("Test for subgroup differences: Chi² = 7.11, df = 3 (P = 0.07), I² = 58%");
    expect(i2FromQ(7.1087, 3)).toBeCloseTo((100 * (7.1087 - 3)) / 7.1087, 12);
    expect(i2FromQ(2, 3)).toBe(0);
  });

  it("heterogeneityText without tau2 is the fixed-effect line", () => {
    expect(heterogeneityText({ QE: 3.456, df: 4, QEp: 0.4845, I2: 0 })).toBe("Heterogeneity: Chi² = 3.46, df = 4 (P = 0.48); I² = 0%");
  });

  it("overallEffectText prints |Z| with RevMan's P (dat.bcg, S01 REML: z = -3.974, p = 7.05e-5)", () => {
    expect(overallEffectText({ statistic: "z", value: reml["statistic"]!, pval: reml["pval"]! })).toBe("Test for overall effect: Z = 3.97 (P < 0.001)");
  });

  it("overallEffectText names t and its df for a Knapp-Hartung test", () => {
    expect(overallEffectText({ statistic: "t", value: 2.5, df: 7, pval: 0.041 })).toBe("Test for overall effect: t = 2.50, df = 7 (P = 0.04)");
  });

  it("subgroupDifferencesText", () => {
    expect(subgroupDifferencesText({ QM: 1.8611, df: 2, QMp: 0.3943, I2: 0 })).toBe("Test for subgroup differences: Chi² = 1.86, df = 2 (P = 0.39), I² = 0%");
  });

  it("rejects NaN, a negative tau2, a fractional df and a P value outside [0, 1]", () => {
    const ok = { tau2: 0.1, QE: 10, df: 4, QEp: 0.04, I2: 60 };
    for (const bad of [{ QE: Number.NaN }, { tau2: -0.01 }, { df: 2.5 }, { QEp: 1.5 }, { QEp: Number.NaN }]) {
      expect(() => heterogeneityText({ ...ok, ...bad })).toThrow(MetakitError);
    }
  });
});

describe("effect and weight text", () => {
  it("formatEffectCi(estimate, lower, upper) with two decimals", () => {
    expect(formatEffectCi(0.4109, 0.1336, 1.2638)).toBe("0.41 [0.13, 1.26]");
  });

  it("formatFixed never prints -0.00", () => {
    expect(formatFixed(-0.001, 2)).toBe("0.00");
  });

  it("formatWeight(percent) with one decimal", () => {
    expect(formatWeight(10.1894)).toBe("10.2%");
  });
});
