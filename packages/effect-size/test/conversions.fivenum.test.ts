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
import { meanSdFromMedian, type MedianOptions } from "../src/index.js";
import { closeTo, tol as shared } from "@metakit/fixtures";

/** Closed forms of the same expressions: agree to rounding. */
const tol = { mean: shared.exact, sd: shared.exact };

interface Fixture {
  rows: Record<"min" | "q1" | "median" | "q3" | "max" | "n", (number | null)[]>;
  cases: { method: "luo/wan/shi" | "wan2014"; mean: number[]; sd: number[] }[];
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
