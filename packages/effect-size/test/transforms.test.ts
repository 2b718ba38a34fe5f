/**
 * Back-transformations and Hedges' correction against metafor 3.8-1's transf.* and
 * .cmicalc (fixtures/metafor-extra/escalc-extra.json).
 */
import { describe, expect, it } from "vitest";
import { MetakitError } from "@metakit/base";
import { backTransform, backTransformOf, freemanTukey, harmonicMean, hedgesCorrection, inverseArcsine, inverseFreemanTukey, inverseFreemanTukeyHarmonic, inverseLogit, isRatioMeasure, MEASURES, zToR } from "../src/index.js";
import { extraFixture } from "./extraFixture.js";
import { closeTo, tol } from "@metakit/fixtures";

const transforms = extraFixture().transforms as Record<string, number[] | number>;

/** A series of metafor's transforms fixture (x values or results); throws if missing. */
function series(name: string): number[] {
  const value = transforms[name];
  if (!Array.isArray(value)) throw new Error(`transforms fixture: no series "${name}"`);
  return value;
}

/** A scalar argument of metafor's transforms fixture (e.g. n); throws if missing. */
function scalar(name: string): number {
  const value = transforms[name];
  if (typeof value !== "number") throw new Error(`transforms fixture: no number "${name}"`);
  return value;
}

function expectSeries(f: (x: number) => number, xs: readonly number[], expected: readonly (number | null)[]): void {
  xs.forEach((x, i) => {
    const e = expected[i];
    if (e === null || e === undefined) throw new Error(`metafor gives NA at x = ${x}`);
    expect(closeTo(f(x), e, tol.transform), `x = ${x}: ${f(x)} vs ${e}`).toBe(true);
  });
}

describe("back-transformations match metafor's transf.*", () => {
  it("inverseLogit(x) = transf.ilogit, including |x| = 30", () => expectSeries(inverseLogit, series("ilogit_x"), series("ilogit")));
  it("zToR(z) = transf.ztor", () => expectSeries(zToR, series("ztor_x"), series("ztor")));
  it("inverseArcsine(x) = transf.iarcsin, clamped outside [0, pi/2]", () => expectSeries(inverseArcsine, series("x"), series("iarcsin")));
  it("inverseFreemanTukey(x, 20) = transf.ipft(x, 20)", () => expectSeries((x) => inverseFreemanTukey(x, scalar("ipft_n")), series("x"), series("ipft")));
  it("inverseFreemanTukeyHarmonic(x, ni) = transf.ipft.hm(x, targs = list(ni))", () =>
    expectSeries((x) => inverseFreemanTukeyHarmonic(x, series("ipft_hm_ni")), series("x"), series("ipft_hm")));
  it("freemanTukey(p, 20) = transf.pft(p, 20)", () => expectSeries((p) => freemanTukey(p, scalar("pft_n")), series("pft_p"), series("pft")));
  it("inverseFreemanTukey inverts freemanTukey", () => {
    for (const p of [0.01, 0.2, 0.5, 0.93]) expect(closeTo(inverseFreemanTukey(freemanTukey(p, 37), 37), p, tol.transform)).toBe(true);
  });
  it("harmonicMean([15, 20, 10, 30, 25]) = 5 / sum(1/ni)", () => {
    expect(closeTo(harmonicMean([15, 20, 10, 30, 25]), 5 / (1 / 15 + 1 / 20 + 1 / 10 + 1 / 30 + 1 / 25), tol.transform)).toBe(true);
  });
});

describe("backTransform(measure, value)", () => {
  it("uses exp for OR, RR, PETO, ROM and no transform for difference measures", () => {
    expect(closeTo(backTransform("OR", Math.log(2)), 2, tol.transform)).toBe(true);
    expect(backTransformOf("ROM")).toBe("exp");
    expect(backTransform("MD", -1.5)).toBe(-1.5);
    expect(backTransformOf("PLO")).toBe("ilogit");
    expect(backTransformOf("ZCOR")).toBe("tanh");
    expect(backTransformOf("PAS")).toBe("iarcsin");
    expect(backTransformOf("PFT")).toBe("ipft");
  });
  it("PFT needs ni: a number uses it, an array its harmonic mean", () => {
    expect(() => backTransform("PFT", 0.5)).toThrow(MetakitError);
    expect(backTransform("PFT", 0.5, { ni: 20 })).toBe(inverseFreemanTukey(0.5, 20));
    expect(backTransform("PFT", 0.5, { ni: [15, 20, 10] })).toBe(inverseFreemanTukeyHarmonic(0.5, [15, 20, 10]));
  });
  it("refuses non-finite values and overflow instead of returning Infinity", () => {
    expect(() => backTransform("OR", Number.NaN)).toThrow(MetakitError);
    expect(() => backTransform("OR", 800)).toThrow(/out of range/);
  });
  it("isRatioMeasure is true exactly for the exp-transformed measures", () => {
    for (const m of MEASURES) expect(isRatioMeasure(m)).toBe(backTransformOf(m) === "exp");
  });
});

describe("hedgesCorrection(m) = metafor:::.cmicalc(m)", () => {
  it("matches for m = 2 ... 1000", () => {
    const { m, J } = extraFixture().hedges;
    m.forEach((mi, i) => expect(closeTo(hedgesCorrection(mi), J[i]!, tol.exact), `m = ${mi}`).toBe(true));
  });
  it("is NaN for m <= 1 (undefined), which escalc reports as not estimable", () => {
    expect(hedgesCorrection(1)).toBeNaN();
  });
});
