/**
 * leaveOneOut() and cumulative() against every leaveOneOut and cumulative extra of the
 * metafor oracle (packages/fixtures/metafor/cases.json, metafor 3.8-1: leave1out() and
 * cumul() of rma(yi, vi), REML, in data order), to a relative 1e-6 (absolute 1e-9 near zero).
 */
import { expectClose, oracleCases, tol, type OracleCase } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { cumulative, leaveOneOut } from "../src/index.js";

const withExtra = (name: string) => oracleCases().filter((c) => c.extras?.[name] !== undefined);
const input = (c: OracleCase) => ({ yi: c.escalc.yi, vi: c.escalc.vi });

function expectColumns(actual: Record<string, readonly (number | null)[]>, expected: Record<string, unknown>, what: string) {
  for (const [field, values] of Object.entries(expected)) {
    const column = actual[field]!;
    expect(column, `${what} ${field}`).toHaveLength((values as number[]).length);
    (values as number[]).forEach((x, i) => expectClose(column[i], x, tol.metafor, `${what} ${field}[${i}]`));
  }
}

describe("leaveOneOut(input) vs leave1out(rma(yi, vi))", () => {
  it.each(withExtra("leaveOneOut").map((c) => [c.id, c] as const))("%s", (_, c) => {
    const r = leaveOneOut(input(c));
    expectColumns(r as unknown as Record<string, (number | null)[]>, c.extras!["leaveOneOut"]!.expected, c.id);
  });
});

describe("cumulative(input) vs cumul(rma(yi, vi))", () => {
  it.each(withExtra("cumulative").map((c) => [c.id, c] as const))("%s", (_, c) => {
    const r = cumulative(input(c));
    expectColumns(r as unknown as Record<string, (number | null)[]>, c.extras!["cumulative"]!.expected, c.id);
  });
});
