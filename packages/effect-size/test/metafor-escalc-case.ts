/**
 * One comparison of escalc with a metafor fixture case (data columns, options, metafor's
 * yi and vi), shared by the escalc oracle tests. Where metafor returns NA (or a zero
 * variance) the study must be not estimable; elsewhere yi and vi agree to tol.yi, tol.vi.
 */
import { expect } from "vitest";
import { closeTo, tol } from "@metakit/fixtures";
import { escalc, isMeasure, type EscalcOptions, type MetaforCompat, type StudyInput } from "../src/index.js";

export interface MetaforEscalcCase {
  readonly measure: string;
  readonly data: Readonly<Record<string, readonly number[]>>;
  readonly options: Readonly<Record<string, string | number | boolean>>;
  readonly yi: readonly (number | null)[];
  readonly vi: readonly (number | null)[];
}

/** The case's data columns as one StudyInput per study. */
export function studiesOf(c: MetaforEscalcCase): StudyInput[] {
  const columns = Object.entries(c.data);
  const k = columns[0]![1].length;
  return Array.from({ length: k }, (_, i) => Object.fromEntries(columns.map(([name, v]) => [name, v[i]!])) as StudyInput);
}

/** escalc on the case, with metafor's version as given, agrees with metafor study by study. */
export function expectEscalcMatches(c: MetaforEscalcCase, metaforCompat: MetaforCompat): void {
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
