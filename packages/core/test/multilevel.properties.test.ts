/**
 * Properties of multilevelModel() for any data (fast-check, fixed seed): the order of rows
 * and of clusters does not matter; the fit with the inner component fixed at 0 and one
 * effect size per cluster is metafor's rma() (here metaAnalysis/metaRegression, REML and ML,
 * stopped at 1e-12); scaling yi by c and vi by c^2 scales sigma2 by c^2 and b by c;
 * sigma2 >= 0 and 0 <= I2 < 100; the fit with the inner component fixed at 0 is the
 * two-level model, as the multivariate code computes it with one outcome level.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isMetakitError } from "@metakit/base";
import type { MultilevelMethod, MultilevelResult } from "../src/index.js";
import { metaAnalysis, metaRegression, multilevelModel, multivariateModel } from "../src/index.js";
import { closeTo, type Tolerance } from "@metakit/fixtures";

const SEED = 20261207;
const RUNS = 60;
/** Both fits converge on the gradient (decrement <= 1e-20): invariances hold far below this. */
const INVARIANT: Tolerance = { rel: 1e-7, abs: 1e-9 };
/** rma's Fisher scoring is stopped at |change| <= 1e-12 below. */
const TWO_LEVEL: Tolerance = { rel: 1e-6, abs: 1e-8 };

interface Data {
  yi: number[];
  vi: number[];
  cluster: string[];
  x: number[];
}

const clustered = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 3, maxLength: 12 })
  .chain((sizes) => {
    const k = sizes.reduce((a, b) => a + b, 0);
    return fc
      .record({
        yi: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: k, maxLength: k }),
        vi: fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: k, maxLength: k }),
        x: fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: k, maxLength: k }),
        order: fc.shuffledSubarray([...Array(k).keys()], { minLength: k, maxLength: k }),
      })
      .map(({ yi, vi, x, order }): Data & { order: number[] } => ({
        yi,
        vi,
        x,
        cluster: sizes.flatMap((n, c) => Array.from({ length: n }, () => `c${c}`)),
        order,
      }));
  })
  .filter((d) => new Set(d.cluster).size < d.yi.length);

const method = fc.constantFrom<MultilevelMethod>("REML", "ML");

function fitOf(d: Data, m: MultilevelMethod, mods = false): MultilevelResult | undefined {
  try {
    return multilevelModel(
      { yi: d.yi, vi: d.vi, cluster: d.cluster },
      { method: m, ...(mods ? { moderators: [{ kind: "numeric", name: "x", values: d.x }] } : {}) },
    );
  } catch (error) {
    if (isMetakitError(error) && error.code === "INVALID_INPUT") return undefined; // a singular design
    throw error;
  }
}

/** Runs a property, counting a singular design (constant moderator) as vacuously true. */
function singularAllowed(property: () => boolean): boolean {
  try {
    return property();
  } catch (error) {
    if (isMetakitError(error) && error.code === "INVALID_INPUT") return true;
    throw error;
  }
}

function permute<T>(values: readonly T[], order: readonly number[]): T[] {
  return order.map((i) => values[i]!);
}

function sameFit(a: MultilevelResult, b: MultilevelResult): boolean {
  return (
    a.sigma2.every((s, j) => closeTo(s, b.sigma2[j]!, INVARIANT)) &&
    a.coefficients.every((c, j) => closeTo(c.estimate, b.coefficients[j]!.estimate, INVARIANT) && closeTo(c.se, b.coefficients[j]!.se, INVARIANT)) &&
    closeTo(a.logLik, b.logLik, INVARIANT)
  );
}

describe("multilevelModel() properties (fast-check, seed 20261207)", () => {
  it("is invariant to the order of rows", () => {
    fc.assert(
      fc.property(clustered, method, fc.boolean(), (d, m, mods) => {
        const a = fitOf(d, m, mods);
        if (a === undefined) return true;
        const shuffled = { yi: permute(d.yi, d.order), vi: permute(d.vi, d.order), x: permute(d.x, d.order), cluster: permute(d.cluster, d.order) };
        return sameFit(a, fitOf(shuffled, m, mods)!);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("is invariant to the labels and order of clusters", () => {
    fc.assert(
      fc.property(clustered, method, (d, m) => {
        const a = fitOf(d, m)!;
        const relabelled = { ...d, cluster: d.cluster.map((c) => `z${1000 - Number(c.slice(1))}`) };
        const b = fitOf(relabelled, m)!;
        return sameFit(a, b) && b.clusters === a.clusters;
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("scales sigma2 by c^2 and b by c when yi is scaled by c and vi by c^2; sigma2 >= 0, 0 <= I2 < 100", () => {
    fc.assert(
      fc.property(clustered, method, fc.double({ min: 0.1, max: 10, noNaN: true }), (d, m, c) => {
        const a = fitOf(d, m)!;
        const b = fitOf({ ...d, yi: d.yi.map((y) => c * y), vi: d.vi.map((v) => c * c * v) }, m)!;
        const bounded = a.sigma2.every((s) => s >= 0) && a.I2 >= 0 && a.I2 < 100;
        return (
          bounded &&
          a.sigma2.every((s, j) => closeTo(b.sigma2[j]!, c * c * s, { rel: 1e-6, abs: 1e-9 * c * c })) &&
          closeTo(b.coefficients[0]!.estimate, c * a.coefficients[0]!.estimate, { rel: 1e-6, abs: 1e-9 * c })
        );
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("with the inner component fixed at 0 and one effect size per cluster equals rma (metaAnalysis, metaRegression)", () => {
    fc.assert(
      fc.property(clustered, method, fc.boolean(), (d, m, mods) => singularAllowed(() => {
        const single = { ...d, cluster: d.yi.map((_, i) => `s${i}`) };
        const ml = multilevelModel(
          { yi: single.yi, vi: single.vi, cluster: single.cluster },
          { method: m, sigma2: [null, 0], ...(mods ? { moderators: [{ kind: "numeric", name: "x", values: d.x }] } : {}) },
        );
        const control = { threshold: 1e-12, maxiter: 10000 };
        const uni = mods
          ? metaRegression({ yi: d.yi, vi: d.vi }, [{ kind: "numeric", name: "x", values: d.x }], { method: m, control })
          : metaAnalysis({ yi: d.yi, vi: d.vi }, { method: m, control });
        const b = "coefficients" in uni ? uni.coefficients[0]! : uni;
        return closeTo(ml.sigma2[0], uni.tau2, TWO_LEVEL) && ml.sigma2[1] === 0 && closeTo(ml.coefficients[0]!.estimate, b.estimate, TWO_LEVEL);
      })),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe("multilevelModel(sigma2: [null, 0]) is the two-level model rma.mv(random = ~ 1 | cluster)", () => {
  it("equals multivariateModel with one outcome level per cluster (G = tau2 shared by a cluster's rows), REML and ML", () => {
    // Two implementations of M_c = diag(vi) + sigma2 11': the three-level code with the inner
    // component held at 0, and the multivariate code with one outcome level (struct CS)
    fc.assert(
      fc.property(clustered, method, (d, m) =>
        singularAllowed(() => {
          const threeLevel = multilevelModel({ yi: d.yi, vi: d.vi, cluster: d.cluster }, { method: m, sigma2: [null, 0] });
          const twoLevel = multivariateModel({ yi: d.yi, vi: d.vi, study: d.cluster, outcome: d.yi.map(() => "A") }, { method: m, struct: "DIAG" });
          return (
            closeTo(threeLevel.sigma2[0], twoLevel.tau2[0]!, INVARIANT) &&
            closeTo(threeLevel.coefficients[0]!.estimate, twoLevel.coefficients[0]!.estimate, INVARIANT) &&
            closeTo(threeLevel.coefficients[0]!.se, twoLevel.coefficients[0]!.se, INVARIANT) &&
            closeTo(threeLevel.logLik, twoLevel.logLik, INVARIANT)
          );
        }),
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe("multilevelModel() edge cases", () => {
  const yi = [0.1, 0.3, 0.2, 0.5, 0.4, 0.0];
  const vi = [0.02, 0.03, 0.02, 0.04, 0.03, 0.02];
  it("one effect size per cluster: the inner level is fixed at 0 with a note", () => {
    const r = multilevelModel({ yi, vi, cluster: ["a", "b", "c", "d", "e", "f"] });
    expect(r.sigma2[1]).toBe(0);
    expect(r.sigma2Fixed).toEqual([false, true]);
    expect(r.notes.join(" ")).toMatch(/not identifiable/);
    expect(r.sigma2[0]).toBeCloseTo(metaAnalysis({ yi, vi }, { control: { threshold: 1e-12 } }).tau2, 8);
  });
  it("throws INVALID_INPUT naming the study of a missing cluster label", () => {
    expect(() => multilevelModel({ yi, vi, cluster: ["a", "a", "", "b", "b", "c"] })).toThrow(/cluster of study 2 is missing/);
  });
  it("throws INVALID_INPUT when cluster and yi differ in length", () => {
    expect(() => multilevelModel({ yi, vi, cluster: ["a", "a"] })).toThrow(/cluster has 2/);
  });
  it("throws NOT_CONVERGED with the iterations and gradient when maxiter is too small", () => {
    try {
      multilevelModel({ yi, vi, cluster: ["a", "a", "b", "b", "c", "c"] }, { control: { maxiter: 0, sigma2Init: [1, 1] } });
      expect.unreachable();
    } catch (error) {
      expect(isMetakitError(error) && error.code).toBe("NOT_CONVERGED");
      expect((error as Error).message).toMatch(/gradient/);
    }
  });
  it("reads level 0.9 and 90 alike", () => {
    const a = multilevelModel({ yi, vi, cluster: ["a", "a", "b", "b", "c", "c"] }, { level: 0.9 });
    const b = multilevelModel({ yi, vi, cluster: ["a", "a", "b", "b", "c", "c"] }, { level: 90 });
    expect(a.coefficients[0]!.ciLower).toBe(b.coefficients[0]!.ciLower);
    expect(a.level).toBe(90);
  });
});
