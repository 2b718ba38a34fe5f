import { describe, expect, it } from "vitest";
import { expectClose, tol } from "@metakit/fixtures";
import { absoluteEffect, continuousEffect, describeDifferencePer1000, MetakitError, riskWithIntervention } from "./imports.js";

// Tolerance for risks per 1,000 computed in closed form: rounding error only.
const point = (x: number) => ({ estimate: x, lower: x, upper: x });
const population = { label: "study population", risk: 0.3 };

// Cochrane Handbook v6 section 15.4.4 (v5.1 sections 12.5.4.2 and 12.5.4.3): with an assumed
// comparator risk of 0.3, RR 0.92 gives 24 fewer per 1,000 and OR 0.73 gives 62 fewer.
describe("absoluteEffect: Cochrane Handbook worked examples (ACR 0.3)", () => {
  it('absoluteEffect("RR", 0.3, 0.92) is 24 fewer per 1,000 (300 x 0.92 = 276)', () => {
    const a = absoluteEffect("RR", population, point(0.92));
    expect(a.comparatorPer1000).toBe(300);
    expectClose(a.interventionPer1000.estimate, 276, tol.per1000, "intervention per 1000");
    expect(Math.round(a.differencePer1000.estimate)).toBe(-24);
    expect(a.text).toBe("24 fewer per 1,000 (from 24 fewer to 24 fewer)");
  });
  it('absoluteEffect("OR", 0.3, 0.73) is 62 fewer per 1,000 (0.73 x 0.3 / (0.7 + 0.219) = 0.2383)', () => {
    const a = absoluteEffect("OR", population, point(0.73));
    expectClose(a.interventionPer1000.estimate, (1000 * 0.219) / 0.919, tol.per1000, "intervention per 1000");
    expect(Math.round(a.differencePer1000.estimate)).toBe(-62);
  });
});

describe("absoluteEffect(measure, comparator, interval)", () => {
  it("applies the formula to the estimate and both CI limits, in order", () => {
    const a = absoluteEffect("RR", population, { estimate: 0.92, lower: 0.83, upper: 1.02 });
    expect(a.interventionPer1000.lower).toBeCloseTo(249, 9);
    expect(a.interventionPer1000.upper).toBeCloseTo(306, 9);
    expect(a.text).toBe("24 fewer per 1,000 (from 51 fewer to 6 more)");
  });
  it('HR: risk = 1 - (1 - ACR)^HR; HR 0.5 with ACR 0.3 is 1 - 0.7^0.5 = 163.3 per 1,000', () => {
    const a = absoluteEffect("HR", population, point(0.5));
    expectClose(a.interventionPer1000.estimate, 1000 * (1 - Math.sqrt(0.7)), tol.per1000, "intervention per 1000");
  });
  it("HR approaches RR as the comparator risk gets small", () => {
    const hr = riskWithIntervention("HR", 0.001, 0.7);
    expect(Math.abs(hr / 0.001 - 0.7)).toBeLessThan(1e-3);
  });
  it("RD adds the risk difference to the comparator risk", () => {
    const a = absoluteEffect("RD", population, { estimate: -0.05, lower: -0.1, upper: 0 });
    expect(a.differencePer1000.estimate).toBeCloseTo(-50, 9);
    expect(a.text).toBe("50 fewer per 1,000 (from 100 fewer to 0 more)");
  });
  it("caps a risk above 1 (RR 4 with ACR 0.3) at 1,000 per 1,000 and says so", () => {
    const a = absoluteEffect("RR", population, { estimate: 2, lower: 1.5, upper: 4 });
    expect(a.interventionPer1000.upper).toBe(1000);
    expect(a.capped).toBe(true);
    expect(absoluteEffect("RR", population, point(2)).capped).toBe(false);
  });
  it("refuses a comparator risk of 0, 1 or NaN with a typed error", () => {
    for (const risk of [0, 1, Number.NaN]) {
      expect(() => absoluteEffect("RR", { label: "x", risk }, point(0.9))).toThrow(MetakitError);
    }
  });
  it("refuses a measure without an absolute risk (MD)", () => {
    expect(() => riskWithIntervention("MD", 0.3, 1)).toThrow(/no absolute risk for MD/);
  });
});

describe("describeDifferencePer1000", () => {
  it("rounds to whole people and names the direction of each limit", () => {
    expect(describeDifferencePer1000({ estimate: -61.7, lower: -90.2, upper: 4.6 })).toBe("62 fewer per 1,000 (from 90 fewer to 5 more)");
  });
});

describe("continuousEffect", () => {
  it("MD with a comparator mean gives the intervention mean and GRADEpro wording", () => {
    const c = continuousEffect("MD", { estimate: -0.8, lower: -1.5, upper: 0.1 }, 5.2);
    expect(c.interventionMean?.estimate).toBeCloseTo(4.4, 12);
    expect(c.text).toBe("MD 0.8 lower (1.5 lower to 0.1 higher)");
  });
  it("SMD has no intervention mean even with a comparator mean", () => {
    expect(continuousEffect("SMD", { estimate: 0.3, lower: 0.1, upper: 0.5 }, 5).interventionMean).toBeNull();
  });
});
