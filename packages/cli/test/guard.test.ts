/**
 * The output guard's walkers (guard.ts): the path of the first NaN/Infinity and the path
 * patterns of nulls, as the messages and `notApplicable` show them. They walk results of a
 * million per-study entries, so they build a path only for what they find.
 */
import { describe, expect, it } from "vitest";
import { explainNulls, firstNonFinite, nullPaths } from "../src/guard.js";

describe("firstNonFinite", () => {
  it("names the first NaN or Infinity by its JSON path, through objects, lists and typed arrays", () => {
    expect(firstNonFinite({ a: 1, b: [{ c: 2 }, { c: Infinity }], d: NaN })).toEqual({ path: "$.b[1].c", value: Infinity });
    expect(firstNonFinite({ yi: Float64Array.from([0, 1, -Infinity]) })).toEqual({ path: "$.yi[2]", value: -Infinity });
    expect(firstNonFinite([[1], [2, NaN]], "x")).toEqual({ path: "x[1][1]", value: NaN });
    expect(firstNonFinite({ a: [1, 2, { b: null, c: "NaN" }] })).toBeUndefined();
  });
});

describe("nullPaths and explainNulls", () => {
  it("lists each null's path pattern once, in order, lists as []", () => {
    const json = { top: null, perStudy: [{ pi: null, ci: 1 }, { pi: null, ci: null }], nested: { list: [[null]] } };
    expect(nullPaths(json)).toEqual(["top", "perStudy[].pi", "perStudy[].ci", "nested.list[][]"]);
    expect(nullPaths(null)).toEqual([""]);
    expect(nullPaths([{ a: null }], "rows")).toEqual(["rows[].a"]);
  });

  it("puts the reason beside each null, by its longest listed tail", () => {
    const out = explainNulls({ model: { piLower: null }, x: null }, { piLower: "k too small" });
    expect(out.notApplicable).toEqual({ "model.piLower": "k too small", x: "not applicable: no reason recorded (please report this as a metakit bug)" });
  });

  it("walks a million entries without a path string per entry", () => {
    const perStudy = Array.from({ length: 1_000_000 }, (_, i) => ({ yi: i, pi: i === 999_999 ? null : i }));
    expect(nullPaths({ perStudy })).toEqual(["perStudy[].pi"]);
    expect(firstNonFinite({ perStudy })).toBeUndefined();
  });
});
