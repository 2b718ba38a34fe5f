/**
 * waldToEffect against metafor 5.0-1's conv.wald() (fixtures/metafor-extra/conv-wald.json,
 * scripts/conv-wald.R; conv.wald is not in metafor 3.8-1): both limits, the upper limit
 * only, a z statistic, a p-value; ratios with transf "log"; 95% and 90% levels.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { MetakitError } from "@metakit/base";
import { waldToEffect, type WaldInput } from "../src/index.js";
import { closeTo, tol as shared } from "@metakit/fixtures";

/** yi is the same arithmetic; vi the same closed form (normal quantile from another library). */
const tol = { yi: shared.exact, vi: shared.transform };

interface Fixture {
  rows: { out: number[]; "ci.lb": (number | null)[]; "ci.ub": (number | null)[]; zval: (number | null)[]; pval: (number | null)[] };
  cases: { transf: "none" | "log"; level: number; yi: number[]; vi: number[] }[];
}
const require = createRequire(import.meta.url);
const fixture = JSON.parse(readFileSync(require.resolve("@metakit/fixtures/metafor-extra/conv-wald.json"), "utf8")) as Fixture;

function inputOf(i: number, transf: "none" | "log", level: number): WaldInput {
  const r = fixture.rows;
  const opt = (x: number | null | undefined) => (x === null || x === undefined ? undefined : x);
  return {
    out: r.out[i]!, transf, level,
    ...(opt(r["ci.lb"][i]) !== undefined && { ciLower: r["ci.lb"][i]! }),
    ...(opt(r["ci.ub"][i]) !== undefined && { ciUpper: r["ci.ub"][i]! }),
    ...(opt(r.zval[i]) !== undefined && { zval: r.zval[i]! }),
    ...(opt(r.pval[i]) !== undefined && { pval: r.pval[i]! }),
  };
}

describe("waldToEffect(input) matches metafor 5.0-1's conv.wald()", () => {
  for (const c of fixture.cases) {
    it(`transf ${c.transf}, level ${c.level}: ${c.yi.length} rows`, () => {
      c.yi.forEach((yi, i) => {
        const r = waldToEffect(inputOf(i, c.transf, c.level));
        expect(closeTo(r.yi, yi, tol.yi), `yi of row ${i + 1}`).toBe(true);
        expect(closeTo(r.vi, c.vi[i]!, tol.vi), `vi of row ${i + 1}: ${r.vi} vs ${c.vi[i]}`).toBe(true);
        expect(r.conversion.method).toBe("wald");
      });
    });
  }
  it("notes an estimate that is not halfway between its limits (metafor's warning), and not a centred one", () => {
    expect(waldToEffect({ out: 3.1, ciLower: 1.2, ciUpper: 12.4 }).notes).toHaveLength(1);
    expect(waldToEffect({ out: 3.1, ciLower: 1.2, ciUpper: 12.4, transf: "log" }).notes).toHaveLength(0);
  });
  it("level 0.95 is level 95", () => {
    expect(waldToEffect({ out: 1, ciLower: 0.5, ciUpper: 1.5, level: 0.95 }).vi).toBe(waldToEffect({ out: 1, ciLower: 0.5, ciUpper: 1.5 }).vi);
  });
  it.each([
    [{ out: 1.2, ciLower: -0.1, ciUpper: 2, transf: "log" } as WaldInput, "ciLower"],
    [{ out: 1.2, ciLower: 2, ciUpper: 1 } as WaldInput, "ciLower"],
    [{ out: 1.2 } as WaldInput, "ciUpper"],
    [{ out: 1.2, pval: 1.5 } as WaldInput, "pval"],
    [{ out: 1.2, zval: 0 } as WaldInput, "zval"],
    [{ out: 1.2, ciUpper: 1.2 } as WaldInput, "vi"],
  ])("rejects %j naming %s (INVALID_INPUT)", (input, field) => {
    try {
      waldToEffect(input);
      throw new Error("no error");
    } catch (error) {
      expect(error).toBeInstanceOf(MetakitError);
      expect((error as MetakitError).details.field).toBe(field);
    }
  });
});
