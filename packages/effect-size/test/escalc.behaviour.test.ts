/** escalc's contract: labels, missing inputs, notes, options, intervals, column sets. */
import { describe, expect, it } from "vitest";
import { MetakitError, normalQuantile } from "@metakit/base";
import { escalc, requiredArgs, sdFromSe, type EffectSizeRow, type EstimableRow } from "../src/index.js";
import { closeTo, tol } from "@metakit/fixtures";


function estimable(row: EffectSizeRow | undefined): EstimableRow {
  if (row === undefined || !row.estimable) throw new Error(`not estimable: ${row === undefined ? "no row" : row.reason}`);
  return row;
}

describe("escalc(measure, studies) rows", () => {
  it("labels studies 'Study <index+1>' unless a study label is given", () => {
    const r = escalc("OR", [{ ai: 1, bi: 9, ci: 2, di: 8 }, { study: "Smith 2001", ai: 3, bi: 7, ci: 4, di: 6 }]);
    expect(r.studies.map((s) => [s.index, s.study])).toEqual([[0, "Study 1"], [1, "Smith 2001"]]);
  });
  it("returns a study with missing inputs as not estimable, naming the missing fields, and computes the others", () => {
    const r = escalc("SMD", [
      { m1i: 10, sd1i: 2, n1i: 20, m2i: 9, sd2i: 2, n2i: 20 },
      { m1i: 10, sd1i: null, n1i: 20, m2i: 9, n2i: 20 },
    ]);
    expect(r.studies[0]!.estimable).toBe(true);
    expect(r.studies[1]).toEqual({ index: 1, study: "Study 2", estimable: false, reason: "missing sd1i, sd2i" });
    expect(r.notes).toContain("1 study not estimable");
  });
  it("names the missing cells of the closest 2x2 column set", () => {
    const r = escalc("RR", [{ ai: 3, n1i: 20, ci: 4 }]);
    expect(r.studies[0]).toMatchObject({ estimable: false, reason: "missing n2i" });
  });
  it("accepts group sizes instead of non-events, and mixed per group", () => {
    const a = estimable(escalc("OR", [{ ai: 3, bi: 17, ci: 4, di: 16 }]).studies[0]);
    const b = estimable(escalc("OR", [{ ai: 3, n1i: 20, ci: 4, di: 16 }]).studies[0]);
    expect(b.yi).toBe(a.yi);
    expect(b.vi).toBe(a.vi);
  });
  it("computes the CI as yi ± z sqrt(vi) at the requested level", () => {
    const row = estimable(escalc("MD", [{ m1i: 5, sd1i: 2, n1i: 30, m2i: 4, sd2i: 3, n2i: 25 }], { level: 90 }).studies[0]);
    const z = normalQuantile(0.95);
    expect(closeTo(row.sei, Math.sqrt(row.vi), tol.exact)).toBe(true);
    expect(closeTo(row.ciLower, row.yi - z * row.sei, tol.exact)).toBe(true);
    expect(closeTo(row.ciUpper, row.yi + z * row.sei, tol.exact)).toBe(true);
  });
  it("escalc('RR', dat.bcg study 1) CI is metafor's [-2.0077, 0.2290]", () => {
    const row = estimable(escalc("RR", [{ ai: 4, bi: 119, ci: 11, di: 128 }]).studies[0]);
    expect(Math.abs(row.ciLower - -2.0077)).toBeLessThanOrEqual(0.5e-4);
    expect(Math.abs(row.ciUpper - 0.229)).toBeLessThanOrEqual(0.5e-4);
  });
});

describe("escalc zero cells", () => {
  const tables = [{ ai: 0, bi: 10, ci: 3, di: 7 }, { ai: 2, bi: 8, ci: 3, di: 7 }, { ai: 0, bi: 10, ci: 0, di: 10 }];
  it("by default adds 1/2 to each cell of a study with a zero cell and says so", () => {
    const r = escalc("OR", tables);
    expect(estimable(r.studies[0]).notes).toEqual(["0.5 added to each cell (continuity correction)"]);
    expect(estimable(r.studies[1]).notes).toEqual([]);
    expect(estimable(r.studies[2]).yi).toBe(0);
    expect(r.notes).toContain('continuity correction: 0.5 added to each cell of 2 studies (to = "only0")');
    expect(r.options).toEqual({ add: 0.5, to: "only0", drop00: false, vtype: "LS", level: 95, metaforCompat: "current" });
  });
  it("drop00 returns double-zero studies as not estimable with the reason", () => {
    const r = escalc("OR", tables, { drop00: true });
    expect(r.studies[2]).toMatchObject({ estimable: false, reason: "double-zero study dropped (drop00 = true)" });
    expect(r.notes).toContain("1 double-zero study not estimable (drop00 = true)");
  });
  it("to = 'none' leaves a zero-cell log odds ratio undefined: not estimable, never Infinity", () => {
    const r = escalc("OR", tables, { to: "none" });
    expect(r.studies[0]).toMatchObject({ estimable: false, reason: "yi cannot be computed from these inputs" });
    expect(r.studies[1]!.estimable).toBe(true);
  });
  it("a zero sampling variance is not estimable (metafor keeps vi = 0)", () => {
    const r = escalc("RD", [{ ai: 0, bi: 10, ci: 0, di: 10 }], { to: "none" });
    expect(r.studies[0]).toMatchObject({ estimable: false, reason: "sampling variance is 0" });
  });
  it("PAS and PFT default to add = 0, as in metafor", () => {
    expect(escalc("PFT", [{ xi: 0, ni: 10 }]).options.add).toBe(0);
    expect(escalc("PLO", [{ xi: 0, ni: 10 }]).options.add).toBe(0.5);
  });
});

describe("escalc measure-specific cases", () => {
  it("COR and ZCOR with ni <= 3 are not estimable (metafor: vi NA)", () => {
    const r = escalc("ZCOR", [{ ri: 0.3, ni: 3 }]);
    expect(r.studies[0]).toMatchObject({ estimable: false, reason: "ni must be > 3 for the sampling variance of a correlation, got 3" });
  });
  it("GEN takes vi, or sei squared; with both, vi and a note", () => {
    expect(estimable(escalc("GEN", [{ yi: 0.2, sei: 0.3 }]).studies[0]).vi).toBeCloseTo(0.09, 15);
    const both = estimable(escalc("GEN", [{ yi: 0.2, vi: 0.05, sei: 0.3 }]).studies[0]);
    expect(both.vi).toBe(0.05);
    expect(both.notes).toEqual(["vi used; sei ignored"]);
  });
  it("SMCR with ni = 2 has no Hedges correction (m = 1): not estimable", () => {
    const r = escalc("SMCR", [{ m1i: 2, m2i: 1, sd1i: 1, ri: 0.5, ni: 2 }]);
    expect(r.studies[0]!.estimable).toBe(false);
  });
});

describe("escalc options", () => {
  it("rejects an unknown measure, a bad add, to or level with INVALID_INPUT", () => {
    expect(() => escalc("XX" as "OR", [])).toThrow(/unknown measure "XX"/);
    expect(() => escalc("OR", [], { add: -1 })).toThrow(/add must be/);
    expect(() => escalc("OR", [], { to: "some" as "all" })).toThrow(/to must be one of/);
    expect(() => escalc("OR", [], { level: 0 })).toThrow(/level must be/);
    expect(() => escalc("OR", [], { level: 100 })).toThrow(/level must be/);
  });
  it("reads level as metafor does: 95, 0.95 and 0.05 all mean a 95% interval", () => {
    for (const level of [95, 0.95, 0.05]) expect(escalc("OR", [], { level }).options.level).toBeCloseTo(95, 12);
  });
  it("rejects a vtype the measure does not have with UNSUPPORTED", () => {
    try {
      escalc("OR", [], { vtype: "HO" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MetakitError);
      expect((error as MetakitError).code).toBe("UNSUPPORTED");
    }
  });
  it("returns no rows and no notes for no studies", () => {
    expect(escalc("MD", [])).toMatchObject({ studies: [], notes: [] });
  });
});

describe("escalc carries conversions", () => {
  it("copies a study's conversions (how its inputs were derived) to its row", () => {
    const sd2 = sdFromSe({ se: 0.5, n: 16 });
    const r = escalc("MD", [
      { m1i: 5, sd1i: 2, n1i: 16, m2i: 4, sd2i: sd2.sd, n2i: 16, conversions: [sd2.conversion] },
      { m1i: 5, sd1i: 2, n1i: 16, m2i: 4, sd2i: 2, n2i: 16 },
    ]);
    expect(r.studies[0]!.conversions).toEqual([sd2.conversion]);
    expect(r.studies[0]!.conversions![0]!.method).toBe("sd-from-se");
    expect(r.studies[1]!.conversions).toBeUndefined();
  });
});

describe("requiredArgs(measure)", () => {
  it("lists the accepted column sets", () => {
    expect(requiredArgs("OR")).toContainEqual(["ai", "bi", "ci", "di"]);
    expect(requiredArgs("OR")).toContainEqual(["ai", "n1i", "ci", "n2i"]);
    expect(requiredArgs("GEN")).toEqual([["yi", "vi"], ["yi", "sei"]]);
    expect(requiredArgs("SMCR")).toEqual([["m1i", "m2i", "sd1i", "ri", "ni"]]);
  });
});
