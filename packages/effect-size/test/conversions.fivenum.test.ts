/**
 * meanSdFromMedian against metafor 5.0-1's conv.fivenum(test = FALSE)
 * (fixtures/metafor-extra/conv-fivenum.json, scripts/conv-fivenum.R; conv.fivenum is not in
 * metafor 3.8-1): metafor's default "luo/wan/shi" is metakit's default (Luo mean; Wan SD
 * from one spread, Shi's weights from both), "wan2014" is { mean: "wan", sd: "wan" };
 * range only, IQR only and both, n from 5 to 400.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { convFivenum, fivenumSkewnessTest, meanSdFromMedian, type MedianOptions, type MedianSummary } from "../src/index.js";
import { closeTo, tol as shared } from "@metakit/fixtures";

/** Closed forms of the same expressions: agree to rounding. */
const tol = { mean: shared.exact, sd: shared.exact };

type Rows = Record<"min" | "q1" | "median" | "q3" | "max" | "n", (number | null)[]>;
interface Fixture {
  rows: Rows;
  cases: { method: "luo/wan/shi" | "wan2014"; mean: number[]; sd: number[] }[];
  skewedRows: Rows;
  tested: { test: boolean; mean: (number | null)[]; sd: (number | null)[]; tval: (number | null)[]; crit: (number | null)[]; sig: (boolean | null)[] }[];
}
const require = createRequire(import.meta.url);
const fixture = JSON.parse(readFileSync(require.resolve("@metakit/fixtures/metafor-extra/conv-fivenum.json"), "utf8")) as Fixture;
const OPTIONS: Record<Fixture["cases"][number]["method"], MedianOptions> = { "luo/wan/shi": {}, wan2014: { mean: "wan", sd: "wan" } };

describe("meanSdFromMedian matches metafor 5.0-1's conv.fivenum()", () => {
  for (const c of fixture.cases) {
    it(`method ${c.method}: ${c.mean.length} summaries`, () => {
      const r = fixture.rows;
      c.mean.forEach((mean, i) => {
        const range = r.min[i] === null ? {} : { min: r.min[i]!, max: r.max[i]! };
        const iqr = r.q1[i] === null ? {} : { q1: r.q1[i]!, q3: r.q3[i]! };
        const result = meanSdFromMedian({ median: r.median[i]!, n: r.n[i]!, ...range, ...iqr }, OPTIONS[c.method]);
        expect(closeTo(result.mean, mean, tol.mean), `mean of row ${i + 1}`).toBe(true);
        expect(closeTo(result.sd, c.sd[i]!, tol.sd), `sd of row ${i + 1}`).toBe(true);
      });
    });
  }
});

/** Row i of a fixture table as a summary (a spread only where both of its ends are given). */
function summaryOf(r: Rows, i: number): MedianSummary {
  const range = r.min[i] === null ? {} : { min: r.min[i]!, max: r.max[i]! };
  const iqr = r.q1[i] === null ? {} : { q1: r.q1[i]!, q3: r.q3[i]! };
  return { median: r.median[i]!, n: r.n[i]!, ...range, ...iqr };
}

describe("convFivenum matches metafor 5.0-1's conv.fivenum(test = TRUE | FALSE), skewness test included", () => {
  const rows = fixture.skewedRows;
  for (const t of fixture.tested) {
    it(`test = ${t.test}: ${t.mean.length} summaries, converted exactly where metafor converts`, () => {
      t.mean.forEach((mean, i) => {
        const result = convFivenum(summaryOf(rows, i), { test: t.test });
        if (mean === null) {
          expect(result.estimable, `row ${i + 1}: metafor gives NA`).toBe(false);
          return;
        }
        if (!result.estimable) throw new Error(`row ${i + 1} not converted: ${result.reason}`);
        expect(closeTo(result.mean, mean, tol.mean), `mean of row ${i + 1}`).toBe(true);
        expect(closeTo(result.sd, t.sd[i]!, tol.sd), `sd of row ${i + 1}`).toBe(true);
      });
    });
  }
  it("the skewness statistic, critical value and verdict are metafor's (tval, crit, sig) where n >= 5", () => {
    const t = fixture.tested[0]!;
    t.tval.forEach((tval, i) => {
      if (tval === null) {
        expect(rows.n[i]!).toBeLessThan(5);
        return;
      }
      const test = fivenumSkewnessTest(summaryOf(rows, i));
      expect(closeTo(test.statistic!, tval, shared.exact), `statistic of row ${i + 1}`).toBe(true);
      expect(closeTo(test.critical, t.crit[i]!, shared.exact), `critical value of row ${i + 1}`).toBe(true);
      expect(test.skewed).toBe(t.sig[i]);
    });
  });
  it("a skewed summary is not converted, with the statistic and the way to skip the test in the reason", () => {
    const result = convFivenum({ median: 2, n: 30, min: 1, max: 20 });
    expect(result.estimable).toBe(false);
    if (!result.estimable) {
      expect(result.reason).toContain("skewed");
      expect(result.reason).toContain("0.8947");
      expect(result.reason).toContain("test = false");
    }
  });
  it("n < 5 is never converted, with or without the test (metafor sets those rows to NA)", () => {
    for (const test of [true, false]) {
      const result = convFivenum({ median: 5, n: 4, min: 1, max: 9 }, { test });
      expect(result.estimable).toBe(false);
      if (!result.estimable) expect(result.reason).toContain("n < 5");
    }
  });
  it("max = min gives no statistic and is not skewed, as metafor's isTRUE(NaN >= crit)", () => {
    const test = fivenumSkewnessTest({ median: 3, n: 20, min: 3, max: 3 });
    expect(test).toEqual({ statistic: null, critical: 1 / Math.log(29) + 2.5 / 21, skewed: false });
  });
});
