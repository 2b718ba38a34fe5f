/**
 * RevMan's number formatting for the lines under a forest plot. The dat.bcg numbers are
 * metafor 3.8-1's REML fit of oracle case S01 (packages/fixtures/metafor/cases.json).
 */
import { describe, expect, it } from "vitest";
import { flagValue, oracleCases } from "@metakit/fixtures";
import { MetakitError } from "@metakit/base";
import { formatEffectCi, formatFixed, formatP, formatWeight, heterogeneityText, overallEffectText, subgroupDifferencesText } from "../src/index.js";

const s01 = oracleCases().find((c) => c.id === "S01")!;
const reml = s01.fits.find((f) => flagValue(f.args, "--method") === "REML")!.expected as Record<string, number>;

describe("formatP(p)", () => {
  it.each([
    [2e-26, "P < 0.00001"],
    [0.0000099, "P < 0.00001"],
    [0.00001, "P < 0.0001"],
    [7.05e-5, "P < 0.0001"],
    [0.0001, "P = 0.0001"],
    [0.000434, "P = 0.0004"],
    [0.00096, "P = 0.001"],
    [0.00264, "P = 0.003"],
    [0.0096, "P = 0.01"],
    [0.0412, "P = 0.04"],
    [0.3944, "P = 0.39"],
    [0.999, "P = 1.00"],
    [1, "P = 1.00"],
    [0, "P < 0.00001"],
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
    expect(text).toBe("Heterogeneity: Tau² = 0.31; Chi² = 152.23, df = 12 (P < 0.00001); I² = 92%");
  });

  it("heterogeneityText without tau2 is the fixed-effect line", () => {
    expect(heterogeneityText({ QE: 3.456, df: 4, QEp: 0.4845, I2: 0 })).toBe("Heterogeneity: Chi² = 3.46, df = 4 (P = 0.48); I² = 0%");
  });

  it("overallEffectText prints |Z| with RevMan's P (dat.bcg, S01 REML: z = -3.974, p = 7.05e-5)", () => {
    expect(overallEffectText({ statistic: "z", value: reml["statistic"]!, pval: reml["pval"]! })).toBe("Test for overall effect: Z = 3.97 (P < 0.0001)");
  });

  it("overallEffectText names t and its df for a Knapp-Hartung test", () => {
    expect(overallEffectText({ statistic: "t", value: 2.5, df: 7, pval: 0.041 })).toBe("Test for overall effect: t = 2.50, df = 7 (P = 0.04)");
  });

  it("subgroupDifferencesText", () => {
    expect(subgroupDifferencesText({ QM: 1.8611, df: 2, QMp: 0.3943, I2: 0 })).toBe("Test for subgroup differences: Chi² = 1.86, df = 2 (P = 0.39), I² = 0%");
  });

  it("rejects NaN, a negative tau2, a fractional df and I2 above 100", () => {
    const ok = { tau2: 0.1, QE: 10, df: 4, QEp: 0.04, I2: 60 };
    for (const bad of [{ QE: Number.NaN }, { tau2: -0.01 }, { df: 2.5 }, { I2: 101 }, { QEp: Number.NaN }]) {
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
