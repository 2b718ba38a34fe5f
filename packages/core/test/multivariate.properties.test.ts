/**
 * Properties of multivariateModel() for any data (fast-check, fixed seed): the order of rows
 * and the labels and order of studies do not matter (V remapped with the rows); with one
 * effect size per study the model is metafor's rma() with mods = ~ factor(outcome) (here
 * metaRegression, REML and ML, stopped at 1e-12), rho not identifiable and fixed at 0; with
 * one outcome level, struct DIAG is rma() (metaAnalysis); tau2 >= 0 and |rho| <= 1.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isMetakitError } from "@metakit/base";
import type { CovarianceEntry, MultivariateMethod, MultivariateResult, VarianceStructure } from "../src/index.js";
import { metaAnalysis, metaRegression, multivariateModel, vcalc } from "../src/index.js";
import { closeTo, type Tolerance } from "@metakit/fixtures";
import { inputOf, multivariateCases } from "./multivariate-helpers.js";

const SEED = 20261207;
const RUNS = 40;
/** Both fits converge on the gradient (decrement <= 1e-20): invariances hold far below this. */
const INVARIANT: Tolerance = { rel: 1e-7, abs: 1e-9 };
/** rma's Fisher scoring is stopped at |change| <= 1e-12 below. */
const TWO_LEVEL: Tolerance = { rel: 1e-6, abs: 1e-8 };
const LEVELS = ["A", "B", "C"];

interface Data {
  yi: number[];
  vi: number[];
  study: string[];
  outcome: string[];
  order: number[];
}

/** Studies of 1 to 3 effect sizes, each of a different outcome. */
const multivariate = fc
  .array(fc.shuffledSubarray(LEVELS, { minLength: 1, maxLength: 3 }), { minLength: 6, maxLength: 14 })
  .chain((studies) => {
    const k = studies.reduce((a, s) => a + s.length, 0);
    return fc
      .record({
        yi: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: k, maxLength: k }),
        vi: fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: k, maxLength: k }),
        order: fc.shuffledSubarray([...Array(k).keys()], { minLength: k, maxLength: k }),
      })
      .map(({ yi, vi, order }): Data => ({
        yi,
        vi,
        order,
        study: studies.flatMap((s, c) => s.map(() => `s${c}`)),
        outcome: studies.flat(),
      }));
  })
  .filter((d) => LEVELS.every((l) => d.outcome.includes(l)));

const method = fc.constantFrom<MultivariateMethod>("REML", "ML");
const struct = fc.constantFrom<VarianceStructure>("CS", "DIAG", "AR");

/** A fit, or undefined where the optimum is not reached inside the parameter space (NOT_CONVERGED on both orders is checked by the caller). */
function fitOf(d: Omit<Data, "order">, m: MultivariateMethod, s: VarianceStructure, covariance: readonly CovarianceEntry[]): MultivariateResult | "NOT_CONVERGED" {
  try {
    return multivariateModel({ yi: d.yi, vi: d.vi, study: d.study, outcome: d.outcome, covariance }, { method: m, struct: s });
  } catch (error) {
    if (isMetakitError(error) && error.code === "NOT_CONVERGED") return "NOT_CONVERGED";
    throw error;
  }
}

function permute<T>(values: readonly T[], order: readonly number[]): T[] {
  return order.map((i) => values[i]!);
}

/** The covariance entries after rows are permuted: new row n is old row order[n]. */
function permuteCovariance(entries: readonly CovarianceEntry[], order: readonly number[]): CovarianceEntry[] {
  const newIndex = new Map(order.map((old, n) => [old, n]));
  return entries.map((e) => ({ i: newIndex.get(e.i)!, j: newIndex.get(e.j)!, cov: e.cov }));
}

function sameFit(a: MultivariateResult, b: MultivariateResult): boolean {
  return (
    a.tau2.every((t, j) => closeTo(t, b.tau2[j]!, INVARIANT)) &&
    a.rho.every((r, j) => closeTo(r, b.rho[j]!, INVARIANT)) &&
    a.coefficients.every((c, j) => closeTo(c.estimate, b.coefficients[j]!.estimate, INVARIANT) && closeTo(c.se, b.coefficients[j]!.se, INVARIANT)) &&
    closeTo(a.logLik, b.logLik, INVARIANT) &&
    closeTo(a.QE, b.QE, INVARIANT)
  );
}

describe("multivariateModel() properties (fast-check, seed 20261207)", () => {
  it("is invariant to the order of rows (V permuted with them)", () => {
    let converged = 0;
    fc.assert(
      fc.property(multivariate, method, struct, (d, m, s) => {
        const V = vcalc(d.vi, d.study, { type: d.outcome, rho: 0.5 });
        const a = fitOf(d, m, s, V);
        const shuffled = { yi: permute(d.yi, d.order), vi: permute(d.vi, d.order), study: permute(d.study, d.order), outcome: permute(d.outcome, d.order) };
        const b = fitOf(shuffled, m, s, permuteCovariance(V, d.order));
        if (a === "NOT_CONVERGED" || b === "NOT_CONVERGED") return a === b;
        converged++;
        const bounded = a.tau2.every((t) => t >= 0) && a.rho.every((r) => Math.abs(r) <= 1);
        return bounded && sameFit(a, b);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(converged).toBeGreaterThan(RUNS / 2);
  });

  it("is invariant to the labels and order of studies", () => {
    fc.assert(
      fc.property(multivariate, method, struct, (d, m, s) => {
        const V = vcalc(d.vi, d.study, { type: d.outcome, rho: 0.5 });
        const a = fitOf(d, m, s, V);
        const b = fitOf({ ...d, study: d.study.map((c) => `z${1000 - Number(c.slice(1))}`) }, m, s, V);
        if (a === "NOT_CONVERGED" || b === "NOT_CONVERGED") return a === b;
        return sameFit(a, b) && a.studies === b.studies;
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("Berkey et al. (1998), struct UN: reversing the rows and renaming the trials changes nothing", () => {
    const c = multivariateCases.find((x) => x.id === "berkey1998 UN REML")!;
    const input = inputOf(c);
    const order = [...Array(c.k).keys()].reverse();
    const a = multivariateModel(input, { struct: "UN" });
    const b = multivariateModel(
      {
        yi: permute(input.yi as number[], order),
        vi: permute(input.vi as number[], order),
        study: permute(input.study, order).map((s) => `trial ${s}`),
        outcome: permute(input.outcome, order),
        covariance: permuteCovariance(input.covariance!, order),
      },
      { struct: "UN" },
    );
    expect(sameFit(a, b)).toBe(true);
  });

  it("with one effect size per study equals rma with mods = ~ factor(outcome) (metaRegression); rho is fixed at 0", () => {
    fc.assert(
      fc.property(multivariate, method, (d, m) => {
        const single = { ...d, study: d.yi.map((_, i) => `s${i}`) };
        const mv = fitOf(single, m, "CS", []);
        if (mv === "NOT_CONVERGED") return false;
        const control = { threshold: 1e-12, maxiter: 10000 };
        const uni = metaRegression({ yi: d.yi, vi: d.vi }, [{ kind: "categorical", name: "outcome", values: d.outcome }], { method: m, control });
        const b0 = uni.coefficients[0]!.estimate;
        const means = [b0, b0 + uni.coefficients[1]!.estimate, b0 + uni.coefficients[2]!.estimate];
        return (
          closeTo(mv.tau2[0]!, uni.tau2, TWO_LEVEL) &&
          mv.rho[0] === 0 &&
          mv.rhoFixed[0] === true &&
          mv.coefficients.every((c, j) => closeTo(c.estimate, means[j]!, TWO_LEVEL))
        );
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("with one outcome level and struct DIAG equals rma (metaAnalysis), I2 included", () => {
    fc.assert(
      fc.property(multivariate, method, (d, m) => {
        const single = { ...d, study: d.yi.map((_, i) => `s${i}`), outcome: d.yi.map(() => "A") };
        const mv = fitOf(single, m, "DIAG", []);
        if (mv === "NOT_CONVERGED") return false;
        const uni = metaAnalysis({ yi: d.yi, vi: d.vi }, { method: m, control: { threshold: 1e-12, maxiter: 10000 } });
        const i2 = uni.tau2 === 0 ? mv.I2[0] === 0 || Math.abs(mv.I2[0]!) < 1e-6 : closeTo(mv.I2[0]!, uni.I2, TWO_LEVEL);
        return closeTo(mv.tau2[0]!, uni.tau2, TWO_LEVEL) && closeTo(mv.coefficients[0]!.estimate, uni.estimate, TWO_LEVEL) && closeTo(mv.coefficients[0]!.se, uni.se, TWO_LEVEL) && i2;
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
