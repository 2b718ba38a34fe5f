/**
 * Meta-regression checks from first principles, where metafor is not the last word:
 * exact permutation p-values against brute-force enumeration of all k! orderings (and of
 * all 2^k sign flips), random permutations against the exact p, reproducibility by seed,
 * bubble-plot data against predictions, identities, and errors that name what to fix.
 */
import { MetakitError } from "@metakit/base";
import { describe, expect, it } from "vitest";
import type { Moderator, PermutationTestOptions } from "../src/index.js";
import { bubblePlotData, metaAnalysis, metaRegression, permutationTest, permutationTestSteps, predictRegression } from "../src/index.js";
import { closeTo, expectClose, tol } from "@metakit/fixtures";

const data = {
  yi: [0.12, -0.31, 0.45, 0.08, 0.61, -0.05, 0.33],
  vi: [0.04, 0.09, 0.05, 0.12, 0.07, 0.03, 0.1],
};
const dose = [1, 2.5, 3, 4.2, 5, 6.1, 7];
const numeric = (values: number[]): Moderator => ({ kind: "numeric", name: "x", values });
const COMPTOL = Math.sqrt(2.220446049250313e-16);

function* permutations(values: readonly number[]): Generator<number[]> {
  if (values.length <= 1) {
    yield [...values];
    return;
  }
  for (let i = 0; i < values.length; i++) {
    const rest = [...values.slice(0, i), ...values.slice(i + 1)];
    for (const tail of permutations(rest)) yield [values[i]!, ...tail];
  }
}

/** The share of all k! orderings of the moderator with statistics at least as extreme. */
function bruteForce(x: readonly number[], options: PermutationTestOptions) {
  const observed = metaRegression(data, [numeric([...x])], options);
  let n = 0;
  let qm = 0;
  const z = [0, 0];
  for (const order of permutations(x)) {
    const r = metaRegression(data, [numeric(order)], options);
    n++;
    if (r.QM >= observed.QM - COMPTOL) qm++;
    r.coefficients.forEach((c, j) => {
      if (Math.abs(c.statistic) >= Math.abs(observed.coefficients[j]!.statistic) - COMPTOL) z[j]!++;
    });
  }
  return { QMp: qm / n, pval: z.map((c) => c / n) };
}

describe("permutationTest(input, moderators) exact p-values equal brute-force enumeration", () => {
  it.each([
    ["distinct values, REML, z", dose, { method: "REML" }],
    ["distinct values, DL, knha", dose, { method: "DL", test: "knha" }],
    ["tied values (3 distinct rows), EE", [0, 0, 1, 1, 1, 2, 2], { method: "EE" }],
  ] as const)("%s", (_, x, options) => {
    const expected = bruteForce(x, options);
    const r = permutationTest(data, [numeric([...x])], { ...options, permutations: 5040 });
    expect(r.exact).toBe(true);
    expect(r.failed).toBe(0);
    expect(r.QMp).toBeCloseTo(expected.QMp, 12);
    r.coefficients.forEach((c, j) => expect(c.pval).toBeCloseTo(expected.pval[j]!, 12));
  });

  it("counts distinct arrangements only: 7! / (2! 3! 2!) = 210 for the tied moderator", () => {
    expect(permutationTest(data, [numeric([0, 0, 1, 1, 1, 2, 2])], { permutations: 210 }).permutations).toBe(210);
  });

  it("intercept only: sign flips of yi, all 2^k, equal to brute force over metaAnalysis()", () => {
    const observed = metaAnalysis(data);
    let exceed = 0;
    for (let mask = 0; mask < 2 ** 7; mask++) {
      const yi = data.yi.map((y, i) => ((mask >> i) & 1 ? -y : y));
      if (Math.abs(metaAnalysis({ yi, vi: data.vi }).statistic) >= Math.abs(observed.statistic) - COMPTOL) exceed++;
    }
    const r = permutationTest(data, [], { permutations: 128 });
    expect(r.exact).toBe(true);
    expect(r.coefficients[0]!.pval).toBeCloseTo(exceed / 128, 12);
  });
});

describe("permutationTest(input, moderators, { permutations, seed }) random", () => {
  const exact = permutationTest(data, [numeric(dose)], { permutations: 5040 });
  const random = permutationTest(data, [numeric(dose)], { permutations: 2000, seed: 7 });

  it("is random below the number of arrangements, and counts the observed order as one", () => {
    expect(random.exact).toBe(false);
    expect(random.permutations).toBe(2000);
  });
  it("estimates the exact p within 4 binomial standard errors", () => {
    const se = Math.sqrt((exact.QMp * (1 - exact.QMp)) / 2000);
    expect(Math.abs(random.QMp - exact.QMp)).toBeLessThan(4 * se + 1 / 2000);
  });
  it("is reproducible by seed, and another seed gives other permutations", () => {
    expect(permutationTest(data, [numeric(dose)], { permutations: 2000, seed: 7 })).toEqual(random);
    expect(permutationTest(data, [numeric(dose)], { permutations: 2000, seed: 8 }).QMp).not.toBe(random.QMp);
  });
});

describe("permutationTest progress: onProgress and the steps (pure, no clock)", () => {
  it("reports every progressEvery refits, ends at the total, and leaves the result unchanged (random rows)", () => {
    const calls: [number, number][] = [];
    const withProgress = permutationTest(data, [numeric(dose)], { permutations: 2000, seed: 7, onProgress: (done, total) => calls.push([done, total]), progressEvery: 500 });
    expect(withProgress).toEqual(permutationTest(data, [numeric(dose)], { permutations: 2000, seed: 7 }));
    expect(calls).toEqual([[500, 2000], [1000, 2000], [1500, 2000], [2000, 2000]]);
  });
  it("counts distinct arrangements when exact (2^7 sign flips without moderators)", () => {
    const calls: [number, number][] = [];
    permutationTest(data, [], { permutations: 128, onProgress: (done, total) => calls.push([done, total]), progressEvery: 50 });
    expect(calls).toEqual([[50, 128], [100, 128], [128, 128]]);
  });
  it("the steps stop where the caller stops: nothing runs past the last step taken", () => {
    const steps = permutationTestSteps(data, [numeric(dose)], { permutations: 2000, seed: 7, progressEvery: 100 });
    expect(steps.next().value).toEqual({ done: 100, total: 2000 });
    expect(steps.return(undefined as never).done).toBe(true);
  });
});

describe("metaRegression identities", () => {
  it("with one binary moderator under EE, QM + QE equals the intercept-only QE (Q partition)", () => {
    const groups = numeric([0, 0, 0, 1, 1, 1, 1]);
    const r = metaRegression(data, [groups], { method: "EE" });
    expectClose(r.QM + r.QE, metaAnalysis(data, { method: "EE" }).QE, tol.Q, "QM + QE");
  });
  it("a categorical moderator and its dummy columns give the same fit", () => {
    const levels = ["b", "a", "c", "a", "b", "c", "c"];
    const r1 = metaRegression(data, [{ kind: "categorical", name: "g", values: levels, reference: "a" }]);
    const r2 = metaRegression(data, [
      numeric(levels.map((l) => (l === "b" ? 1 : 0))),
      { kind: "numeric", name: "y", values: levels.map((l) => (l === "c" ? 1 : 0)) },
    ]);
    r1.coefficients.forEach((c, j) => expectClose(c.estimate, r2.coefficients[j]!.estimate, tol.estimate, `b${j}`));
    expect(r1.coefficients.map((c) => c.name)).toEqual(["intrcpt", "g=b", "g=c"]);
  });
  it("the bubble-plot line is predictRegression() on the grid, from the smallest to the largest value", () => {
    const model = metaRegression(data, [numeric(dose)]);
    const bubble = bubblePlotData(model, data, [{ name: "x", values: dose }], "x", 5);
    expect(bubble.line.map((p) => p.x)).toEqual([1, 2.5, 4, 5.5, 7]);
    const direct = predictRegression(model, [{ x: 4 }])[0]!;
    expect(bubble.line[2]!.estimate).toBe(direct.estimate);
    expect(bubble.points.reduce((s, p) => s + p.weight, 0)).toBeCloseTo(100, 10);
    expect(bubble.line.every((p) => p.piLower <= p.ciLower && p.ciUpper <= p.piUpper)).toBe(true);
  });
});

describe("metaRegression errors name what to fix", () => {
  const expectError = (f: () => unknown, code: string, field: string) => {
    try {
      f();
    } catch (error) {
      expect(error).toBeInstanceOf(MetakitError);
      expect((error as MetakitError).code).toBe(code);
      expect((error as MetakitError).details.field).toBe(field);
      return;
    }
    throw new Error("expected a MetakitError");
  };
  it("a non-finite moderator value names the study and moderator", () => {
    expectError(() => metaRegression(data, [numeric([1, 2, Number.NaN, 4, 5, 6, 7])]), "INVALID_INPUT", "x");
  });
  it("a reference that is not a level", () => {
    expectError(
      () => metaRegression(data, [{ kind: "categorical", name: "g", values: ["a", "b", "a", "b", "a", "b", "a"], reference: "z" }]),
      "INVALID_INPUT",
      "g",
    );
  });
  it("an estimator that does not apply to meta-regression", () => {
    expectError(() => metaRegression(data, [numeric(dose)], { method: "HSk" as "REML" }), "INVALID_INPUT", "method");
    expectError(() => metaRegression(data, [numeric(dose)], { method: "GENQ" }), "INVALID_INPUT", "weights");
  });
  it("a moderator of the wrong length, and a collinear design", () => {
    expectError(() => metaRegression(data, [numeric([1, 2])]), "INVALID_INPUT", "x");
    expectError(() => metaRegression(data, [numeric(dose), { kind: "numeric", name: "2x", values: dose.map((d) => 2 * d) }]), "INVALID_INPUT", "X");
  });
  it("predicting at an unknown level", () => {
    const model = metaRegression(data, [{ kind: "categorical", name: "g", values: ["a", "b", "a", "b", "a", "b", "a"] }]);
    expectError(() => predictRegression(model, [{ g: "c" }]), "INVALID_INPUT", "g");
  });
  it("never returns NaN: every number of a fit is finite", () => {
    const r = metaRegression(data, [numeric(dose)], { test: "knha" });
    const numbers = [r.tau2, r.I2, r.H2, r.R2 ?? 0, r.QM, r.QMp, r.QE, r.QEp, ...r.coefficients.flatMap((c) => Object.values(c).filter((v) => typeof v === "number"))];
    expect(numbers.every((x) => Number.isFinite(x))).toBe(true);
    expect(closeTo(r.QMp, r.coefficients[1]!.pval, tol.metafor)).toBe(true); // F(1, df) = t^2
  });
});
