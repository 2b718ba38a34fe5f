/**
 * tableFromMargins against metafor 5.0-1's conv.2x2() (fixtures/metafor-extra/conv-2x2.json,
 * scripts/conv-2x2.R; conv.2x2 is not in metafor 3.8-1): cells from the total and margins
 * with an odds ratio (incl. 1 and < 1), a phi coefficient, or a signed chi-square with and
 * without Yates' correction. Cells are whole numbers: compared exactly.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { MetakitError } from "@metakit/base";
import { escalc, tableFromMargins, type TableFromMarginsInput } from "../src/index.js";

interface Fixture {
  rows: Record<"ni" | "n1i" | "n2i" | "ori" | "ri" | "x2i", (number | null)[]>;
  correct: Record<"ai" | "bi" | "ci" | "di", (number | null)[]>;
  uncorrected: Record<"ai" | "bi" | "ci" | "di", (number | null)[]>;
}
const require = createRequire(import.meta.url);
const fixture = JSON.parse(readFileSync(require.resolve("@metakit/fixtures/metafor-extra/conv-2x2.json"), "utf8")) as Fixture;

function inputOf(i: number, correct: boolean): TableFromMarginsInput {
  const r = fixture.rows;
  return {
    ni: r.ni[i]!, n1i: r.n1i[i]!, n2i: r.n2i[i]!, correct,
    ...(r.ori[i] !== null && { or: r.ori[i]! }),
    ...(r.ri[i] !== null && { phi: r.ri[i]! }),
    ...(r.x2i[i] !== null && { chisq: r.x2i[i]! }),
  };
}

describe("tableFromMargins(input) matches metafor 5.0-1's conv.2x2()", () => {
  for (const [key, correct] of [["correct", true], ["uncorrected", false]] as const) {
    it(`${fixture.rows.ni.length} tables, Yates' correction ${correct}`, () => {
      fixture.rows.ni.forEach((_, i) => {
        const r = tableFromMargins(inputOf(i, correct));
        const want = fixture[key];
        expect([r.ai, r.bi, r.ci, r.di], `table ${i + 1}`).toEqual([want.ai[i], want.bi[i], want.ci[i], want.di[i]]);
        expect(r.conversion.method).toBe("table-from-margins");
      });
    });
  }
  it("gives back a table's cells from its own odds ratio and margins", () => {
    const t = { ai: 23, bi: 77, ci: 11, di: 89 };
    const or = (t.ai * t.di) / (t.bi * t.ci);
    const r = tableFromMargins({ ni: 200, n1i: t.ai + t.bi, n2i: t.ai + t.ci, or });
    expect([r.ai, r.bi, r.ci, r.di]).toEqual([t.ai, t.bi, t.ci, t.di]);
    const [row] = escalc("OR", [r]).studies;
    expect(row!.estimable && Math.abs(row!.yi - Math.log(or))).toBeLessThan(1e-12);
  });
  it.each([
    [{ ni: 100, n1i: 10, n2i: 90, phi: 0.9 }, "phi"],
    [{ ni: 100, n1i: 120, n2i: 50, or: 2 }, "n1i"],
    [{ ni: 100, n1i: 50, n2i: 50 }, "or"],
    [{ ni: 100, n1i: 50, n2i: 50, or: -2 }, "or"],
    [{ ni: 100, n1i: 50, n2i: 50, phi: 1.5 }, "phi"],
  ] as const)("rejects %j naming %s (INVALID_INPUT)", (input, field) => {
    try {
      tableFromMargins(input);
      throw new Error("no error");
    } catch (error) {
      expect(error).toBeInstanceOf(MetakitError);
      expect((error as MetakitError).details.field).toBe(field);
    }
  });
});
