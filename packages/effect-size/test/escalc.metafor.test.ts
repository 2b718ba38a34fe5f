/**
 * Every `escalc` block of the shared metafor oracle (packages/fixtures/metafor/cases.json:
 * 22 datasets, yi and vi as metafor 3.8-1's escalc computes them with its defaults).
 */
import { describe, expect, it } from "vitest";
import { oracleCases, oracleData, type Row } from "@metakit/fixtures";
import { ESCALC_ARGS, escalc, isMeasure, type StudyInput } from "../src/index.js";
import { closeTo, tol } from "@metakit/fixtures";

/** yi and vi agree with metafor to a relative 1e-9 (absolute 1e-12 near zero). */

function toStudies(rows: readonly Row[]): StudyInput[] {
  return rows.map((row) => {
    const study: Record<string, number | string | null> = { study: String(row["study"]) };
    for (const arg of ESCALC_ARGS) {
      const value = row[arg];
      if (typeof value === "number" || value === null) study[arg] = value;
    }
    return study as StudyInput;
  });
}

describe("escalc reproduces metafor 3.8-1 (fixtures/metafor/cases.json)", () => {
  for (const oracle of oracleCases()) {
    it(`escalc("${oracle.measure}", ${oracle.data}) matches ${oracle.id}`, () => {
      if (!isMeasure(oracle.measure)) throw new Error(`unknown measure ${oracle.measure}`);
      const result = escalc(oracle.measure, toStudies(oracleData(oracle.data)));
      expect(result.studies).toHaveLength(oracle.escalc.yi.length);
      result.studies.forEach((row, i) => {
        if (!row.estimable) throw new Error(`${row.study} not estimable: ${row.reason}`);
        expect(closeTo(row.yi, oracle.escalc.yi[i]!, tol.yi), `yi of ${row.study}`).toBe(true);
        expect(closeTo(row.vi, oracle.escalc.vi[i]!, tol.vi), `vi of ${row.study}`).toBe(true);
      });
    });
  }
});
