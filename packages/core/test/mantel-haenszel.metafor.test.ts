/**
 * mantelHaenszel() against metafor 3.8-1's rma.mh():
 * - every MH fit in fixtures/metafor/cases.json (S01, S02, S03, S08, S13, S20);
 * - fixtures/metafor-extra/mantel-haenszel.json (scripts/mantel-haenszel.R): weights(),
 *   the Cochran, CMH, Breslow–Day and Tarone tests, Q's df, and zero-cell, double-zero,
 *   add/to/drop00 and k = 1 cases.
 */
import { expectClose, flagValue, oracleCases, oracleData, tol } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { type MantelHaenszelMeasure, mantelHaenszel } from "../src/index.js";
import {
  expectedWeights,
  extraCases,
  extraOptions,
  extraTables,
  labelsFromRows,
  tablesFromRows,
} from "./mantel-haenszel-helpers.js";

const FIELDS = ["k", "estimate", "se", "statistic", "pval", "ciLower", "ciUpper", "QE", "QEp", "I2", "H2"] as const;

describe("mantelHaenszel(tables, options) matches rma.mh() on cases.json", () => {
  const fits = oracleCases().flatMap((c) =>
    c.fits.filter((fit) => flagValue(fit.args, "--method") === "MH").map((fit) => ({ c, fit })),
  );
  it("covers the MH fits of cases.json", () => {
    expect(fits.map(({ c }) => c.id)).toEqual(["S01", "S02", "S03", "S08", "S13", "S20"]);
  });
  for (const { c, fit } of fits) {
    const measure = flagValue(fit.args, "--measure") as MantelHaenszelMeasure;
    it(`${c.id} ${c.data}: rma.mh(measure = "${measure}")`, () => {
      const rows = oracleData(c.data);
      const result = mantelHaenszel(tablesFromRows(rows), { measure, labels: labelsFromRows(rows) });
      for (const field of FIELDS) {
        const expected = fit.expected[field];
        if (typeof expected !== "number") throw new Error(`${c.id}: expected.${field} missing`);
        expectClose(result[field], expected, tol.metafor, `${c.id} ${field}`);
      }
      expect(result.method).toBe("MH");
      expect(result.tau2).toBe(0);
    });
  }
});

const NULLABLE_FIELDS = ["estimate", "se", "statistic", "pval", "ciLower", "ciUpper", "QE", "QEp", "I2", "H2"] as const;

const TESTS = [
  ["cochran", "CO", "COp"],
  ["cmh", "MH", "MHp"],
  ["breslowDay", "BD", "BDp"],
  ["tarone", "TA", "TAp"],
] as const;

describe("mantelHaenszel(tables, options) matches rma.mh() on metafor-extra/mantel-haenszel.json", () => {
  const fits = extraCases.filter((c) => c.options.method === "MH" && c.expected !== undefined && c.expected["statistic"] !== null);
  for (const c of fits.filter((c) => c.expected!["QE"] !== null)) {
    it(`${c.id} (${c.source}): estimate, se, z, CI, Q and its df, I2, H2, weights`, () => {
      const e = c.expected!;
      const result = mantelHaenszel(extraTables(c.data), { measure: c.options.measure, correct: c.options.correct, ...extraOptions(c.options, c.data.labels) });
      expect(result.k).toBe(e["k"]);
      expect(result.QEdf).toBe(Math.max(0, (e["kQ"] as number) - 1));
      for (const field of NULLABLE_FIELDS) expectClose(result[field], e[field] as number, tol.metafor, `${c.id} ${field}`);
      const weights = expectedWeights(c);
      expect(result.weights).toHaveLength(weights.length);
      result.weights.forEach((w, i) => expectClose(w, weights[i]!, tol.weight, `${c.id} weight ${i}`));
      expect(result.level).toBe(c.options.level);
    });
  }
  for (const c of fits.filter((c) => c.options.measure === "OR")) {
    it(`${c.id} (${c.source}): Cochran, CMH, Breslow–Day and Tarone tests`, () => {
      const e = c.expected!;
      const result = mantelHaenszel(extraTables(c.data), { measure: "OR", correct: c.options.correct, ...extraOptions(c.options, c.data.labels) });
      for (const [key, stat, p] of TESTS) {
        const test = result[key];
        if (e[p] === null) {
          expect(test, `${c.id} ${key}`).toBeUndefined();
          continue;
        }
        if (test === undefined) throw new Error(`${c.id}: ${key} missing`);
        expectClose(test.statistic, e[stat] as number, tol.statistic, `${c.id} ${stat}`);
        expectClose(test.pval, e[p] as number, tol.pval, `${c.id} ${p}`);
        expect(test.df).toBe(key === "cochran" || key === "cmh" ? 1 : (e["kPos"] as number) - 1);
      }
    });
  }
});
