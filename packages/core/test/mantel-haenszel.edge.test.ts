/**
 * Edge cases, errors and properties of mantelHaenszel() and peto(). Where metafor returns
 * NA or NaN (no events at all; a zero-variance RD without a correction) metakit throws a
 * typed error or leaves the table out with a note; the metafor behaviour is in
 * fixtures/metafor-extra/mantel-haenszel.json (cases "no-events-*", "sparse-mh-rd-none").
 */
import { MetakitError } from "@metakit/base";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mantelHaenszel, type MantelHaenszelMeasure, peto, type Table2x2 } from "../src/index.js";
import { extraCases, extraTables } from "./mantel-haenszel-helpers.js";
import { expectClose, tol } from "@metakit/fixtures";

const MEASURES: readonly MantelHaenszelMeasure[] = ["OR", "RR", "RD"];

function caught(fn: () => unknown): MetakitError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MetakitError) return error;
    throw error;
  }
  throw new Error("expected a MetakitError");
}

function extraCase(id: string) {
  const c = extraCases.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no extra case ${id}`);
  return c;
}

const tables: Table2x2[] = [
  { ai: 4, bi: 119, ci: 11, di: 128 },
  { ai: 6, bi: 300, ci: 29, di: 274 },
  { ai: 3, bi: 228, ci: 11, di: 209 },
];

describe("mantelHaenszel() and peto(): invalid input", () => {
  it.each([
    ["ai", -1],
    ["bi", Number.NaN],
    ["ci", Number.POSITIVE_INFINITY],
    ["di", "7"],
  ] as const)("mantelHaenszel(tables) with %s = %s throws INVALID_INPUT naming study, field and value", (field, value) => {
    const bad = tables.map((t, i) => (i === 1 ? { ...t, [field]: value } : t)) as Table2x2[];
    for (const fn of [() => mantelHaenszel(bad, { measure: "OR", labels: ["a", "b", "c"] }), () => peto(bad, { labels: ["a", "b", "c"] })]) {
      const error = caught(fn);
      expect(error.code).toBe("INVALID_INPUT");
      expect(error.details).toMatchObject({ study: "b", field });
      expect(Object.is(error.details.value, value)).toBe(true);
    }
  });
  it("mantelHaenszel(tables) names the 0-based index when there are no labels", () => {
    const error = caught(() => mantelHaenszel([tables[0]!, { ai: 1, bi: 2, ci: -3, di: 4 }], { measure: "RR" }));
    expect(error.details).toMatchObject({ study: 1, field: "ci", value: -3 });
  });
  it("an empty group throws INVALID_INPUT", () => {
    const error = caught(() => mantelHaenszel([{ ai: 0, bi: 0, ci: 3, di: 4 }], { measure: "RD" }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.details.study).toBe(0);
  });
  it("no tables throws INSUFFICIENT_DATA", () => {
    expect(caught(() => mantelHaenszel([], { measure: "OR" })).code).toBe("INSUFFICIENT_DATA");
    expect(caught(() => peto([])).code).toBe("INSUFFICIENT_DATA");
  });
  it.each([
    [{ measure: "SMD" as MantelHaenszelMeasure }, "measure"],
    [{ measure: "OR" as const, level: 0 }, "level"],
    [{ measure: "OR" as const, level: 100 }, "level"],
    [{ measure: "OR" as const, add: -0.5 }, "add"],
    [{ measure: "OR" as const, to: "some" as "all" }, "to"],
    [{ measure: "OR" as const, labels: ["a"] }, "labels"],
    [{ measure: "OR" as const, correct: "yes" as unknown as boolean }, "correct"],
  ])("mantelHaenszel(tables, %o) throws INVALID_INPUT on field %s", (options, field) => {
    const error = caught(() => mantelHaenszel(tables, options));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.details.field).toBe(field);
  });
});

describe("mantelHaenszel() and peto(): all-zero-event tables", () => {
  const noEvents = extraTables(extraCase("no-events-mh-or").data);
  it.each(MEASURES)("mantelHaenszel(no events, { measure: %s }) throws INSUFFICIENT_DATA (metafor: NA estimate or NaN z)", (measure) => {
    const error = caught(() => mantelHaenszel(noEvents, { measure }));
    expect(error.code).toBe("INSUFFICIENT_DATA");
    expect(error.message).toContain(measure);
  });
  it("peto(no events) throws INSUFFICIENT_DATA (metafor stops: 'one of the two outcomes never occurred')", () => {
    expect(extraCase("no-events-peto").error).toContain("never occurred");
    expect(caught(() => peto(noEvents)).code).toBe("INSUFFICIENT_DATA");
  });
  it("a table with only events in both groups is double-zero too", () => {
    const allEvents = [{ ai: 5, bi: 0, ci: 7, di: 0 }, ...tables];
    const result = mantelHaenszel(allEvents, { measure: "OR", labels: ["full", "a", "b", "c"] });
    expect(result.weights[0]).toBe(0);
    expect(result.QEdf).toBe(2);
    expect(result.notes.join("\n")).toContain("study full left out");
  });
});

describe("mantelHaenszel() and peto(): zero cells and double-zero tables", () => {
  const niel = extraCase("nielweise-mh-or");
  it("a double-zero table gets weight 0, is left out of Q, and is named in the notes (metafor: k 18, Q df 16)", () => {
    const result = mantelHaenszel(extraTables(niel.data), { measure: "OR", labels: niel.data.labels });
    expect(result.k).toBe(18);
    expect(result.QEdf).toBe(16);
    expect(result.weights[14]).toBe(0);
    expect(result.notes.some((n) => n.includes("15 Yucel") && n.startsWith("heterogeneity test"))).toBe(true);
    expect(result.notes.some((n) => n.includes("15 Yucel") && n.includes("adds no information"))).toBe(true);
  });
  it("a table with a zero cell still counts (OR: B has ci = 0, weight 0 in weights(), yet adds ai di / Ni to R)", () => {
    const c = extraCase("sparse-mh-or");
    const result = mantelHaenszel(extraTables(c.data), { measure: "OR", labels: c.data.labels });
    expect(result.weights[1]).toBe(0);
    expect(result.notes.some((n) => n.includes("study B adds no information"))).toBe(false);
    expect(result.notes.some((n) => n.includes("study C adds no information"))).toBe(true);
    const withoutB = mantelHaenszel(extraTables(c.data).filter((_, i) => i !== 1), { measure: "OR" });
    expect(Math.abs(withoutB.estimate - result.estimate)).toBeGreaterThan(1e-3);
  });
  it("drop00: [true, true] drops it from the pooled estimate too (k 17), weight 0 in input order", () => {
    const result = mantelHaenszel(extraTables(niel.data), { measure: "RD", drop00: [true, true], labels: niel.data.labels });
    expect(result.k).toBe(17);
    expect(result.weights).toHaveLength(18);
    expect(result.weights[14]).toBe(0);
    expect(result.notes.some((n) => n.startsWith("pooled estimate: study 15 Yucel dropped"))).toBe(true);
  });
  it("RD without any correction: a zero-variance table is left out of Q with a note, where metafor's Q is NaN", () => {
    const c = extraCase("sparse-mh-rd-none");
    expect(c.expected!["QE"]).toBeNull();
    const result = mantelHaenszel(extraTables(c.data), { measure: "RD", add: [0, 0], to: ["none", "none"], drop00: [false, false], labels: c.data.labels });
    expectClose(result.estimate, c.expected!["estimate"] as number, tol.estimate, "estimate");
    expectClose(result.se, c.expected!["se"] as number, tol.se, "se");
    expect(Number.isFinite(result.QE)).toBe(true);
    expect(result.QEdf).toBe(3);
    expect(result.notes.some((n) => n.includes("study C left out") && n.includes("sampling variance is 0"))).toBe(true);
  });
  it("a continuity correction for the pooled estimate is noted", () => {
    const c = extraCase("sparse-mh-or-all");
    const result = mantelHaenszel(extraTables(c.data), { measure: "OR", add: [0.5, 0.5], to: ["all", "all"], labels: c.data.labels });
    expect(result.notes).toContain("pooled estimate: 0.5 added to each cell of 5 table(s) (continuity correction)");
  });
});

describe("mantelHaenszel() and peto(): one study", () => {
  const single = [{ ai: 313, bi: 4346, ci: 352, di: 4298 }];
  it("mantelHaenszel(one table, OR) is the table's log odds ratio, with no heterogeneity test (noted)", () => {
    const result = mantelHaenszel(single, { measure: "OR" });
    expectClose(result.estimate, Math.log((313 * 4298) / (4346 * 352)), tol.estimate, "log OR");
    expect([result.QE, result.QEp, result.I2, result.H2, result.QEdf]).toEqual([0, 1, 0, 1, 0]);
    expect(result.weights).toEqual([100]);
    expect(result.breslowDay).toBeUndefined();
    expect(result.tarone).toBeUndefined();
    expect(result.notes.some((n) => n.includes("no test"))).toBe(true);
  });
  it("peto(one table) equals escalc's Peto log odds ratio (Yusuf et al. 1985)", () => {
    const { ai, bi, ci, di } = single[0]!;
    const N = ai + bi + ci + di;
    const V = ((ai + ci) * (bi + di) * (ai + bi) * (ci + di)) / (N * N * (N - 1));
    const result = peto(single);
    expectClose(result.estimate, (ai - ((ai + ci) * (ai + bi)) / N) / V, tol.estimate, "Peto log OR");
    expectClose(result.se, 1 / Math.sqrt(V), tol.se, "Peto se");
    expect([result.QEp, result.I2, result.H2]).toEqual([1, 0, 1]);
  });
  it("non-integer counts are accepted, as metafor does", () => {
    const result = mantelHaenszel([{ ai: 2.5, bi: 10.5, ci: 4.5, di: 9.5 }, ...tables], { measure: "RR" });
    expect(Number.isFinite(result.estimate) && Number.isFinite(result.se)).toBe(true);
  });
});

const tableArb = fc
  .record({ ai: fc.integer({ min: 0, max: 60 }), bi: fc.integer({ min: 0, max: 60 }), ci: fc.integer({ min: 0, max: 60 }), di: fc.integer({ min: 0, max: 60 }) })
  .filter((t) => t.ai + t.bi > 0 && t.ci + t.di > 0);
/** Tables where every estimator is defined: at least one event and one non-event per group. */
const informativeArb = fc.array(tableArb, { minLength: 1, maxLength: 12 }).filter((ts) => {
  const sum = (f: (t: Table2x2) => number) => ts.reduce((s, t) => s + f(t), 0);
  return sum((t) => t.ai * t.di) > 0 && sum((t) => t.bi * t.ci) > 0;
});
const RUNS = { seed: 20261121, numRuns: 200 };

describe("mantelHaenszel() and peto(): properties (fast-check, fixed seed)", () => {
  it("results do not depend on study order, and weights follow the tables", () => {
    fc.assert(
      fc.property(informativeArb, (ts) => {
        const reversed = [...ts].reverse();
        for (const measure of MEASURES) {
          const a = mantelHaenszel(ts, { measure });
          const b = mantelHaenszel(reversed, { measure });
          expectClose(b.estimate, a.estimate, { rel: 1e-10, abs: 1e-12 }, `${measure} estimate`);
          expectClose(b.QE, a.QE, { rel: 1e-9, abs: 1e-9 }, `${measure} QE`);
          b.weights.forEach((w, i) => expectClose(w, a.weights[ts.length - 1 - i]!, { rel: 1e-10, abs: 1e-12 }, "weight"));
        }
        const p = peto(ts);
        expectClose(peto(reversed).estimate, p.estimate, { rel: 1e-10, abs: 1e-12 }, "Peto estimate");
      }),
      RUNS,
    );
  });
  it("outputs are finite, the CI contains the estimate, 0 <= I2 < 100, weights sum to 100", () => {
    fc.assert(
      fc.property(informativeArb, (ts) => {
        const results = [...MEASURES.map((measure) => mantelHaenszel(ts, { measure })), peto(ts)];
        for (const r of results) {
          for (const v of [r.estimate, r.se, r.statistic, r.pval, r.ciLower, r.ciUpper, r.QE, r.QEp, r.I2, r.H2]) expect(Number.isFinite(v)).toBe(true);
          expect(r.ciLower <= r.estimate && r.estimate <= r.ciUpper).toBe(true);
          expect(r.I2 >= 0 && r.I2 < 100).toBe(true);
          expectClose(r.weights.reduce((s, w) => s + w, 0), 100, { rel: 1e-12, abs: 1e-9 }, "sum of weights");
        }
      }),
      RUNS,
    );
  });
  it("swapping treatment and control negates the estimate (OR, RR, RD, Peto)", () => {
    fc.assert(
      fc.property(informativeArb, (ts) => {
        const swapped = ts.map(({ ai, bi, ci, di }) => ({ ai: ci, bi: di, ci: ai, di: bi }));
        for (const measure of MEASURES) {
          expectClose(mantelHaenszel(swapped, { measure }).estimate, -mantelHaenszel(ts, { measure }).estimate, { rel: 1e-10, abs: 1e-12 }, measure);
        }
        expectClose(peto(swapped).estimate, -peto(ts).estimate, { rel: 1e-10, abs: 1e-12 }, "Peto");
      }),
      RUNS,
    );
  });
});
