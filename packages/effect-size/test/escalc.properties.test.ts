/**
 * Properties of escalc over random inputs (fast-check, fixed seed): group swaps, unit
 * changes, study order, and that no output is NaN or infinite.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MetakitError } from "@metakit/base";
import { backTransform, escalc, MEASURES, type EffectSizeRow, type Measure, type StudyInput } from "../src/index.js";
import { closeTo, tol } from "@metakit/fixtures";

const settings = { seed: 20260121, numRuns: 300 };
/** Identities that hold algebraically agree to rounding error. */

const count = fc.integer({ min: 0, max: 60 });
const table = fc.record({ ai: count, bi: count, ci: count, di: count }).filter((t) => t.ai + t.bi > 0 && t.ci + t.di > 0);
const sd = fc.double({ min: 0.05, max: 50, noNaN: true });
const n = fc.integer({ min: 2, max: 400 });
const mean = fc.double({ min: -100, max: 100, noNaN: true });
const positiveMean = fc.double({ min: 0.5, max: 100, noNaN: true });
const groups = (m: fc.Arbitrary<number>) => fc.record({ m1i: m, sd1i: sd, n1i: n, m2i: m, sd2i: sd, n2i: n });
const correlation = fc.double({ min: -0.95, max: 0.95, noNaN: true });
const option = fc.record({ to: fc.constantFrom("only0", "all", "if0all", "none" as const), drop00: fc.boolean() });

function swap2x2(t: { ai: number; bi: number; ci: number; di: number }): StudyInput {
  return { ai: t.ci, bi: t.di, ci: t.ai, di: t.bi };
}
function swapGroups(g: { m1i: number; sd1i: number; n1i: number; m2i: number; sd2i: number; n2i: number }): StudyInput {
  return { m1i: g.m2i, sd1i: g.sd2i, n1i: g.n2i, m2i: g.m1i, sd2i: g.sd1i, n2i: g.n1i };
}
function expectNegated(a: EffectSizeRow, b: EffectSizeRow): void {
  expect(a.estimable).toBe(b.estimable);
  if (!a.estimable || !b.estimable) return;
  expect(closeTo(b.yi, -a.yi, tol.identity)).toBe(true);
  expect(closeTo(b.vi, a.vi, tol.identity)).toBe(true);
}

describe("swapping the groups", () => {
  for (const measure of ["OR", "RR", "RD", "PETO"] as const) {
    it(`escalc("${measure}") of the swapped table is -yi with the same vi (a ratio is inverted)`, () => {
      fc.assert(
        fc.property(fc.array(table, { minLength: 1, maxLength: 6 }), option, (tables, opts) => {
          const a = escalc(measure, tables, opts).studies;
          const b = escalc(measure, tables.map(swap2x2), opts).studies;
          a.forEach((row, i) => expectNegated(row, b[i]!));
        }),
        settings,
      );
    });
  }
  for (const measure of ["MD", "SMD", "SMDH"] as const) {
    it(`escalc("${measure}") with the groups swapped flips the sign of yi and keeps vi`, () => {
      fc.assert(fc.property(groups(mean), (g) => expectNegated(escalc(measure, [g]).studies[0]!, escalc(measure, [swapGroups(g)]).studies[0]!)), settings);
    });
  }
  it('escalc("ROM") with the groups swapped inverts the ratio (log ratio changes sign)', () => {
    fc.assert(fc.property(groups(positiveMean), (g) => expectNegated(escalc("ROM", [g]).studies[0]!, escalc("ROM", [swapGroups(g)]).studies[0]!)), settings);
  });
});

describe("changing the unit of the means", () => {
  const factor = fc.double({ min: 0.01, max: 1000, noNaN: true });
  it('escalc("MD") scales yi by c and vi by c^2 (both vtypes)', () => {
    fc.assert(
      fc.property(groups(mean), factor, fc.constantFrom("LS" as const, "HO" as const), (g, c, vtype) => {
        const scaled = { ...g, m1i: c * g.m1i, m2i: c * g.m2i, sd1i: c * g.sd1i, sd2i: c * g.sd2i };
        const [a] = escalc("MD", [g], { vtype }).studies;
        const [b] = escalc("MD", [scaled], { vtype }).studies;
        if (!a?.estimable || !b?.estimable) throw new Error("not estimable");
        expect(closeTo(b.yi, c * a.yi, tol.identity)).toBe(true);
        expect(closeTo(b.vi, c * c * a.vi, tol.identity)).toBe(true);
      }),
      settings,
    );
  });
  for (const measure of ["SMD", "SMDH", "ROM"] as const) {
    it(`escalc("${measure}") is unchanged (yi and vi)`, () => {
      fc.assert(
        fc.property(groups(measure === "ROM" ? positiveMean : mean), factor, (g, c) => {
          const scaled = { ...g, m1i: c * g.m1i, m2i: c * g.m2i, sd1i: c * g.sd1i, sd2i: c * g.sd2i };
          const [a] = escalc(measure, [g]).studies;
          const [b] = escalc(measure, [scaled]).studies;
          if (!a?.estimable || !b?.estimable) throw new Error("not estimable");
          expect(closeTo(b.yi, a.yi, tol.identity)).toBe(true);
          expect(closeTo(b.vi, a.vi, tol.identity)).toBe(true);
        }),
        settings,
      );
    });
  }
});

describe("study order", () => {
  it("reversing the studies reverses the rows (every to rule, drop00)", () => {
    fc.assert(
      fc.property(fc.array(table, { minLength: 1, maxLength: 8 }), option, (tables, opts) => {
        const forward = escalc("OR", tables, opts).studies;
        const backward = escalc("OR", [...tables].reverse(), opts).studies.slice().reverse();
        forward.forEach((row, i) => {
          const other = backward[i]!;
          expect(other.estimable).toBe(row.estimable);
          if (row.estimable && other.estimable) expect(other.yi).toBe(row.yi);
        });
      }),
      settings,
    );
  });
});

/** Random inputs for any measure, including zeros, extremes and missing values. */
/** A study with the draws fitTo() uses for measures whose mi and ai mean something else. */
type RandomStudy = StudyInput & { alpha: number; predictors: number; items: number };

function anyStudy(): fc.Arbitrary<RandomStudy> {
  const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 8 });
  const small = fc.integer({ min: 0, max: 5 });
  return fc
    .record({
      ai: maybe(small), bi: maybe(small), ci: maybe(small), di: maybe(small),
      m1i: maybe(positiveMean), sd1i: maybe(fc.constantFrom(0, 1e-8, 1, 1e6)), n1i: maybe(fc.integer({ min: 2, max: 5 })),
      m2i: maybe(positiveMean), sd2i: maybe(fc.constantFrom(0, 1e-8, 1, 1e6)), n2i: maybe(fc.integer({ min: 2, max: 5 })),
      xi: maybe(small), ni: maybe(fc.integer({ min: 5, max: 9 })), mi: maybe(fc.double({ min: -5, max: 5, noNaN: true })),
      sdi: maybe(fc.constantFrom(0, 0.5, 3)), ri: maybe(correlation),
      yi: maybe(fc.double({ min: -10, max: 10, noNaN: true })), vi: maybe(fc.constantFrom(1e-12, 0.5, 1e6)), sei: fc.constant(null),
      x1i: maybe(small), x2i: maybe(small), t1i: maybe(fc.constantFrom(1e-6, 0.5, 3, 1e6)), t2i: maybe(fc.constantFrom(1e-6, 0.5, 3, 1e6)),
      ti: maybe(fc.constantFrom(0.5, 3, 100)), r2i: maybe(fc.constantFrom(0, 0.3, 0.99)),
      alpha: fc.double({ min: -0.5, max: 1, noNaN: true }), predictors: fc.integer({ min: 1, max: 3 }), items: fc.integer({ min: 2, max: 10 }),
    })
    .map((s) => ({ ...s, ...(s.xi !== null && s.ni !== null && s.xi > s.ni ? { xi: s.ni } : {}) }));
}

const PROPORTIONS = ["PR", "PLN", "PLO", "PRZ", "PAS", "PFT"];
const TWO_BY_TWO = ["OR", "RR", "RD", "PETO", "AS", "PHI", "ZPHI", "YUQ", "YUY", "OR2DN", "OR2DL", "RTET", "ZTET"];
const REGRESSION = ["PCOR", "ZPCOR", "SPCOR", "ZSPCOR", "R2", "ZR2"];
const ALPHA = ["ARAW", "AHW", "ABT"];

/**
 * A random study in the ranges where the measure's inputs mean something: mi (non-events)
 * and n1i/n2i would mostly contradict counts drawn independently; mi is a number of
 * predictors or items, ai an alpha, for the regression and reliability measures.
 */
function fitTo(measure: Measure, study: RandomStudy): StudyInput {
  const { alpha, predictors, items, ...s } = study;
  if (PROPORTIONS.includes(measure)) return { ...s, mi: null };
  if (TWO_BY_TWO.includes(measure)) return { ...s, n1i: null, n2i: null };
  if (REGRESSION.includes(measure)) return { ...s, mi: s.mi === null ? null : predictors };
  if (measure === "CLES" || measure === "AUC") return { ...s, ai: s.ai === null ? null : Math.abs(alpha) };
  if (ALPHA.includes(measure)) return { ...s, ai: s.ai === null ? null : alpha, mi: s.mi === null ? null : items };
  if (measure === "MNLN" || measure === "CVLN") return { ...s, mi: s.mi === null ? null : Math.abs(s.mi!) };
  return s;
}

describe("outputs are finite", () => {
  for (const measure of MEASURES) {
    it(`escalc("${measure}") never returns NaN or Infinity: a typed error, or rows estimable or with a reason`, () => {
      let estimableRows = 0;
      fc.assert(
        fc.property(fc.array(anyStudy(), { maxLength: 5 }), option, (studies, opts) => {
          const input = studies.map((s) => fitTo(measure, s));
          let result;
          try {
            result = escalc(measure as Measure, input, opts);
          } catch (error) {
            expect(error).toBeInstanceOf(MetakitError);
            expect((error as MetakitError).code).toBe("INVALID_INPUT");
            return;
          }
          for (const row of result.studies) {
            if (!row.estimable) {
              expect(row.reason.length).toBeGreaterThan(0);
              continue;
            }
            for (const v of [row.yi, row.vi, row.sei, row.ciLower, row.ciUpper]) expect(Number.isFinite(v)).toBe(true);
            expect(row.vi).toBeGreaterThan(0);
            expect(row.ciLower).toBeLessThanOrEqual(row.yi);
            expect(row.ciUpper).toBeGreaterThanOrEqual(row.yi);
            estimableRows += 1;
          }
        }),
        { ...settings, numRuns: 150 },
      );
      expect(estimableRows).toBeGreaterThan(20);
    });
  }
  it("ZCOR back-transformed with tanh gives back ri", () => {
    fc.assert(
      fc.property(correlation, fc.integer({ min: 4, max: 1000 }), (ri, ni) => {
        const [row] = escalc("ZCOR", [{ ri, ni }]).studies;
        if (row === undefined) throw new Error("no row");
        if (!row.estimable) throw new Error(row.reason);
        expect(closeTo(backTransform("ZCOR", row.yi), ri, tol.identity)).toBe(true);
      }),
      settings,
    );
  });
});
