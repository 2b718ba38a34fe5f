/**
 * Small-study tests from first principles: Kendall's exact null distribution against
 * brute-force enumeration, invariances (scaling yi by c and vi by c^2), the k < 10 note,
 * trim-and-fill's filled studies as mirror images, funnel contours, and typed errors.
 */
import { MetakitError } from "@metakit/base";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  concordantPairsDistribution,
  eggerTest,
  failSafeN,
  funnelData,
  harbordTest,
  kendallTest,
  rankTest,
  trimAndFill,
} from "../src/index.js";
import { expectClose, tol } from "@metakit/fixtures";

const SEED = 20261121;

describe("concordantPairsDistribution(n) (exact null of Kendall's statistic)", () => {
  it("equals the share of the n! permutations with t inversions, n = 6", () => {
    const counts = new Array<number>(16).fill(0);
    const permute = (prefix: number[], rest: number[]) => {
      if (rest.length === 0) {
        let inversions = 0;
        for (let i = 0; i < prefix.length; i++) for (let j = i + 1; j < prefix.length; j++) if (prefix[i]! > prefix[j]!) inversions++;
        counts[inversions]!++;
        return;
      }
      rest.forEach((x, i) => permute([...prefix, x], [...rest.slice(0, i), ...rest.slice(i + 1)]));
    };
    permute([], [0, 1, 2, 3, 4, 5]);
    const dist = concordantPairsDistribution(6);
    counts.forEach((c, t) => expect(dist[t]).toBeCloseTo(c / 720, 14));
  });
  it("sums to 1 for n = 160 (the largest oracle case)", () => {
    expect(concordantPairsDistribution(160).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 10);
  });
  it("kendallTest: perfect agreement of 5 pairs has tau 1 and p = 2/120", () => {
    const r = kendallTest([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]);
    expect(r.tau).toBe(1);
    expect(r.pval).toBeCloseTo(2 / 120, 14);
  });
});

const studies = fc.integer({ min: 10, max: 20 }).chain((k) =>
  fc.record({
    yi: fc.array(fc.integer({ min: -200, max: 200 }), { minLength: k, maxLength: k }).map((a) => a.map((x) => x / 100)),
    // distinct variances on a 0.005 grid: a precision that varies, never numerically collinear
    vi: fc.uniqueArray(fc.integer({ min: 2, max: 200 }), { minLength: k, maxLength: k }).map((a) => a.map((x) => x / 200)),
  }),
);

describe("invariance to the scale of the effect (yi -> c yi, vi -> c^2 vi)", () => {
  it("Egger's lm test statistic and Begg's tau do not change (fast-check, fixed seed)", () => {
    fc.assert(
      fc.property(studies, fc.double({ min: 0.1, max: 10, noNaN: true }), (s, c) => {
        const scaled = { yi: s.yi.map((y) => c * y), vi: s.vi.map((v) => c * c * v) };
        const a = eggerTest(s, { model: "lm" });
        const b = eggerTest(scaled, { model: "lm" });
        expect(Math.abs(a.statistic - b.statistic)).toBeLessThan(1e-7 * (1 + Math.abs(a.statistic)));
        expect(rankTest(scaled).tau).toBeCloseTo(rankTest(s).tau, 10);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});

describe("the k < 10 note (Cochrane Handbook)", () => {
  const nine = { yi: [0.1, 0.3, -0.2, 0.5, 0.4, 0.0, 0.2, 0.6, -0.1], vi: [0.1, 0.2, 0.05, 0.3, 0.15, 0.08, 0.12, 0.4, 0.09] };
  const ten = { yi: [...nine.yi, 0.25], vi: [...nine.vi, 0.2] };
  it("is on every test with 9 studies, and on none with 10", () => {
    for (const notes of [eggerTest(nine).notes, rankTest(nine).notes, trimAndFill(nine).notes]) expect(notes.join(" ")).toMatch(/fewer than 10/);
    for (const notes of [eggerTest(ten).notes, rankTest(ten).notes, trimAndFill(ten).notes]) expect(notes.join(" ")).not.toMatch(/fewer than 10/);
  });
});

describe("trimAndFill(): filled studies mirror the most extreme ones about the trimmed estimate", () => {
  it("their mean with the mirrored study is the same centre for every filled study", () => {
    const data = { yi: [0.1, 0.2, 0.25, 0.3, 0.5, 0.7, 0.9, 1.1, 1.4, 1.8], vi: [0.01, 0.02, 0.03, 0.04, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2] };
    const r = trimAndFill(data);
    expect(r.k0).toBeGreaterThan(0);
    const labels = data.yi.map((_, i) => String(i + 1));
    const centres = r.filled.map((f) => (f.yi + data.yi[labels.indexOf(f.mirrorOf)]!) / 2);
    centres.forEach((c) => expectClose(c, centres[0]!, tol.metafor, "centre"));
  });
});

describe("funnelData()", () => {
  it("contours at 1.645, 1.96 and 2.576 standard errors around the reference", () => {
    const f = funnelData({ yi: [0.1, 0.4, -0.2], vi: [0.04, 0.09, 0.16] });
    expect(f.seMax).toBeCloseTo(0.4, 14);
    expect(f.contours.map((c) => c.z.toFixed(3))).toEqual(["1.645", "1.960", "2.576"]);
    expect(f.contours[1]!.upper[1]!.y).toBeCloseTo(1.959964 * 0.4, 5);
  });
});

describe("errors name what to fix", () => {
  it("eggerTest with predictor ni needs ni", () => {
    expect(() => eggerTest({ yi: [1, 2, 3], vi: [1, 1, 1] }, { predictor: "ni" })).toThrow(MetakitError);
  });
  it("failSafeN rejects an unknown type; harbordTest a negative count, naming the study", () => {
    expect(() => failSafeN({ yi: [1, 2], vi: [1, 1] }, { type: "General" as "Orwin" })).toThrow(/type/);
    try {
      harbordTest([{ ai: 1, bi: -1, ci: 2, di: 3 }], ["Trial 1"]);
      throw new Error("expected an error");
    } catch (error) {
      expect((error as MetakitError).details).toMatchObject({ study: "Trial 1", field: "bi" });
    }
  });
  it("Orwin with target 0 is infinite, as metafor", () => {
    expect(failSafeN({ yi: [0.3, 0.5], vi: [0.1, 0.1] }, { type: "Orwin", target: 0 }).fsn).toBe(Infinity);
  });
});
