/**
 * peto() against metafor 3.8-1's rma.peto(): every PETO fit in fixtures/metafor/cases.json
 * (S02, S08, S13, S20), and fixtures/metafor-extra/mantel-haenszel.json
 * (scripts/mantel-haenszel.R) for weights(), Q's df, zero cells, double-zero tables,
 * add/to/drop00 and k = 1.
 */
import { expectClose, flagValue, oracleCases, oracleData, tol } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { peto } from "../src/index.js";
import {
  expectedWeights,
  extraCases,
  extraOptions,
  extraTables,
  labelsFromRows,
  tablesFromRows,
} from "./mantel-haenszel-helpers.js";

const FIELDS = ["k", "estimate", "se", "statistic", "pval", "ciLower", "ciUpper", "QE", "QEp", "I2", "H2"] as const;

describe("peto(tables, options) matches rma.peto() on cases.json", () => {
  const fits = oracleCases().flatMap((c) =>
    c.fits.filter((fit) => flagValue(fit.args, "--method") === "PETO").map((fit) => ({ c, fit })),
  );
  it("covers the PETO fits of cases.json", () => {
    expect(fits.map(({ c }) => c.id)).toEqual(["S02", "S08", "S13", "S20"]);
  });
  for (const { c, fit } of fits) {
    it(`${c.id} ${c.data}: rma.peto()`, () => {
      const rows = oracleData(c.data);
      const result = peto(tablesFromRows(rows), { labels: labelsFromRows(rows) });
      for (const field of FIELDS) {
        const expected = fit.expected[field];
        if (typeof expected !== "number") throw new Error(`${c.id}: expected.${field} missing`);
        expectClose(result[field], expected, tol.metafor, `${c.id} ${field}`);
      }
      expect(result.method).toBe("PETO");
      expect(result.measure).toBe("OR");
    });
  }
});

describe("peto(tables, options) matches rma.peto() on metafor-extra/mantel-haenszel.json", () => {
  const fits = extraCases.filter((c) => c.options.method === "PETO" && c.expected !== undefined);
  it("covers the Peto cases of the extra oracle", () => {
    expect(fits.length).toBeGreaterThanOrEqual(7);
  });
  for (const c of fits) {
    it(`${c.id} (${c.source}): estimate, se, z, CI, Q and its df, I2, H2, weights`, () => {
      const e = c.expected!;
      const result = peto(extraTables(c.data), extraOptions(c.options, c.data.labels));
      expect(result.k).toBe(e["k"]);
      expect(result.QEdf).toBe(Math.max(0, (e["kQ"] as number) - 1));
      for (const field of FIELDS.slice(1)) expectClose(result[field], e[field] as number, tol.metafor, `${c.id} ${field}`);
      const weights = expectedWeights(c);
      result.weights.forEach((w, i) => expectClose(w, weights[i]!, tol.weight, `${c.id} weight ${i}`));
    });
  }
});
