/**
 * The measures beyond the first 19 against metafor: 3.8-1 (fixtures/metafor-extra/
 * escalc-more.json, scripts/escalc-more.R) with metaforCompat "3.8", and 5.0-1
 * (escalc-current.json, scripts/escalc-current.R) with the default metaforCompat
 * "current": incidence rates, 2x2 association, variability, Glass-type SMDs, correlations
 * from means, regressions and alphas, on metadat examples and edge-case data.
 * Where metafor returns NA (or a zero variance), metakit must return the study as not
 * estimable; everywhere else yi and vi agree to a relative 1e-9 (absolute 1e-12 near 0).
 */
import { describe, expect, it } from "vitest";
import { escalc, isMeasure, type EscalcOptions, type MetaforCompat, type StudyInput } from "../src/index.js";
import { moreFixture, type MoreCase } from "./moreFixture.js";
import { closeTo, tol } from "@metakit/fixtures";


function studiesOf(c: MoreCase): StudyInput[] {
  const columns = Object.entries(c.data);
  const k = columns[0]![1].length;
  return Array.from({ length: k }, (_, i) => Object.fromEntries(columns.map(([name, v]) => [name, v[i]!])) as StudyInput);
}

function expectMatches(c: MoreCase, metaforCompat: MetaforCompat): void {
  if (!isMeasure(c.measure)) throw new Error(`unknown measure ${c.measure}`);
  const result = escalc(c.measure, studiesOf(c), { ...(c.options as EscalcOptions), metaforCompat });
  expect(result.studies).toHaveLength(c.yi.length);
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
}

describe("escalc reproduces metafor 3.8-1 for the added measures (metaforCompat 3.8)", () => {
  for (const c of moreFixture("escalc-more.json")) {
    it(`escalc("${c.measure}", ${JSON.stringify(c.options)}) matches ${c.id}`, () => expectMatches(c, "3.8"));
  }
});

describe("escalc reproduces metafor 5.0-1 by default (metaforCompat current)", () => {
  for (const c of moreFixture("escalc-current.json")) {
    it(`escalc("${c.measure}", ${JSON.stringify(c.options)}) matches ${c.id} (5.0-1)`, () => expectMatches(c, "current"));
  }
});
