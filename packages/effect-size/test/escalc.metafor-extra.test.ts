/**
 * Measures and options beyond the shared oracle, against metafor 3.8-1
 * (fixtures/metafor-extra/escalc-extra.json, written by fixtures/scripts/escalc-extra.R):
 * PETO, SMDH, MD/ROM vtype "HO", SMD "UB"/"LS2", MN, COR, MC, SMCC, SMCR, every `to`
 * rule with and without drop00, add = 0.25, zero-cell tables and proportions.
 * Where metafor returns NA (or a zero variance), metakit must return the study as not
 * estimable; everywhere else yi and vi agree to a relative 1e-9.
 */
import { describe, expect, it } from "vitest";
import { escalc, isMeasure, type EscalcOptions, type StudyInput } from "../src/index.js";
import { extraFixture, type ExtraCase } from "./extraFixture.js";
import { closeTo, tol } from "@metakit/fixtures";


function studiesOf(c: ExtraCase): StudyInput[] {
  const columns = Object.entries(c.data);
  const k = columns[0]![1].length;
  return Array.from({ length: k }, (_, i) => Object.fromEntries(columns.map(([name, v]) => [name, v[i]!])) as StudyInput);
}

describe("escalc reproduces metafor 3.8-1 beyond the shared cases (fixtures/metafor-extra/escalc-extra.json)", () => {
  for (const c of extraFixture().cases) {
    it(`escalc("${c.measure}", ${JSON.stringify(c.options)}) matches ${c.id}`, () => {
      if (!isMeasure(c.measure)) throw new Error(`unknown measure ${c.measure}`);
      const result = escalc(c.measure, studiesOf(c), { ...(c.options as EscalcOptions), metaforCompat: "3.8" });
      result.studies.forEach((row, i) => {
        const yi = c.yi[i];
        const vi = c.vi[i];
        if (yi === null || yi === undefined || vi === null || vi === undefined || vi === 0) {
          expect(row.estimable, `study ${i + 1}: metafor gives yi ${yi}, vi ${vi}`).toBe(false);
          return;
        }
        if (!row.estimable) throw new Error(`study ${i + 1} not estimable: ${row.reason}`);
        expect(closeTo(row.yi, yi, tol.yi), `yi of study ${i + 1}: ${row.yi} vs ${yi}`).toBe(true);
        expect(closeTo(row.vi, vi, tol.vi), `vi of study ${i + 1}: ${row.vi} vs ${vi}`).toBe(true);
      });
    });
  }
});
