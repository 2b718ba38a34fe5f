/**
 * Edge cases, errors, identities and properties of subgroupAnalysis().
 */
import { MetakitError } from "@metakit/base";
import { column, expectClose, oracleData } from "@metakit/fixtures";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { metaAnalysis, oneStudyOptions, subgroupAnalysis, type SubgroupInput, subgroupDifferences } from "../src/index.js";

function caught(fn: () => unknown): MetakitError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MetakitError) return error;
    throw error;
  }
  throw new Error("expected a MetakitError");
}

const rows = oracleData("S10_teacher_expectancy_gen.csv");
const teacher: SubgroupInput = {
  yi: column(rows, "yi"),
  vi: column(rows, "vi"),
  labels: rows.map((row) => String(row["study"])),
  groups: column(rows, "weeks").map((w) => (w <= 3 ? String(w) : "5+")),
};
const tight = { rel: 1e-10, abs: 1e-12 };

describe("subgroupAnalysis(): edge cases", () => {
  it("a subgroup with k = 1 is the study itself, noted", () => {
    const result = subgroupAnalysis(teacher);
    const single = result.subgroups.find((s) => s.group === "3")!;
    expect(single.result.k).toBe(1);
    const i = single.indices[0]!;
    expectClose(single.result.estimate, teacher.yi[i]!, tight, "estimate = yi");
    expectClose(single.result.se, Math.sqrt(teacher.vi[i]!), tight, "se = sqrt(vi)");
    expect(single.result.studies.labels![0]).toBe(teacher.labels![i]);
    expect(result.notes).toContain('subgroup "3" has k = 1: its estimate is the study itself, with no heterogeneity statistics');
  });
  it("a subgroup with k = 1 under test knha is the study itself with a z interval (metafor: 'Setting argument test=\"z\" since k=1'); the others keep knha", () => {
    const result = subgroupAnalysis(teacher, { method: "REML", test: "knha" });
    const single = result.subgroups.find((s) => s.group === "3")!;
    const i = single.indices[0]!;
    const study = metaAnalysis({ yi: [teacher.yi[i]!], vi: [teacher.vi[i]!] }, { method: "EE", test: "z" });
    expect(single.result.test).toBe("z");
    expectClose(single.result.ciLower, study.ciLower, tight, "ciLower = yi - z sqrt(vi)");
    expectClose(single.result.ciUpper, study.ciUpper, tight, "ciUpper = yi + z sqrt(vi)");
    expect(result.subgroups.filter((s) => s.result.k > 1).every((s) => s.result.test === "knha")).toBe(true);
    expect(result.test).toBe("knha");
  });
  it("oneStudyOptions(options): EE, z, the asked level, no prediction interval or tau2 interval; a fixed tau2 is kept", () => {
    expect(oneStudyOptions({ method: "REML", test: "knha", level: 90, predictionInterval: "t", tau2Ci: true })).toEqual({ method: "EE", test: "z", level: 90 });
    expect(oneStudyOptions({ method: "REML", test: "knha", tau2: 0.1 })).toEqual({ method: "REML", test: "z", tau2: 0.1 });
  });
  it("one subgroup: the overall meta-analysis, and no test for differences (noted)", () => {
    const result = subgroupAnalysis({ ...teacher, groups: teacher.groups.map(() => "all") });
    const overall = metaAnalysis(teacher);
    expectClose(result.subgroups[0]!.result.estimate, overall.estimate, tight, "estimate");
    expect(result.differences).toEqual({ QB: 0, df: 0, pval: 1, I2: 0 });
    expect(result.notes.some((n) => n.startsWith("one subgroup"))).toBe(true);
  });
  it("with a common tau2, the subgroup notes say where tau2 came from, not that the user fixed it", () => {
    const result = subgroupAnalysis(teacher, { tau2Across: "common", method: "PM" });
    for (const { result: r } of result.subgroups) {
      expect(r.tau2Fixed).toBe(false);
      expect(r.notes.some((n) => n.startsWith("tau2 fixed by the user"))).toBe(false);
      expect(r.notes.some((n) => n.includes("common to all subgroups"))).toBe(true);
    }
  });
  it("a tau2 given by the user is used in every subgroup, separate or common alike", () => {
    const separate = subgroupAnalysis(teacher, { tau2: 0.02 });
    const common = subgroupAnalysis(teacher, { tau2: 0.02, tau2Across: "common" });
    separate.subgroups.forEach((s, g) => {
      expect(s.result.tau2).toBe(0.02);
      expectClose(common.subgroups[g]!.result.estimate, s.result.estimate, tight, "estimate");
    });
    expect(common.tau2).toBe(0.02);
  });
});

describe("subgroupAnalysis(): invalid input", () => {
  it("groups of the wrong length throw INVALID_INPUT on groups", () => {
    const error = caught(() => subgroupAnalysis({ ...teacher, groups: ["a"] }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.details.field).toBe("groups");
  });
  it("an empty subgroup label throws INVALID_INPUT naming the study", () => {
    const groups = [...teacher.groups];
    groups[4] = "";
    const error = caught(() => subgroupAnalysis({ ...teacher, groups }));
    expect(error.details).toMatchObject({ study: teacher.labels![4], field: "groups", value: "" });
  });
  it("a non-positive variance throws NON_POSITIVE_VARIANCE naming the study (from the whole input)", () => {
    const vi = Array.from(teacher.vi);
    vi[7] = 0;
    const error = caught(() => subgroupAnalysis({ ...teacher, vi }));
    expect(error.code).toBe("NON_POSITIVE_VARIANCE");
    expect(error.details.study).toBe(teacher.labels![7]);
  });
  it("an unknown tau2Across throws INVALID_INPUT", () => {
    const error = caught(() => subgroupAnalysis(teacher, { tau2Across: "pooled" as "common" }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.details.field).toBe("tau2Across");
  });
});

describe("subgroupAnalysis(): identities", () => {
  it("equal effects: total Q = Q between + sum of Q within (Lipsey & Wilson 2001, ch. 7; Borenstein et al. 2009, ch. 19)", () => {
    const total = metaAnalysis(teacher, { method: "EE" });
    const result = subgroupAnalysis(teacher, { method: "EE" });
    const within = result.subgroups.reduce((s, g) => s + g.result.QE, 0);
    expectClose(result.differences.QB + within, total.QE, { rel: 1e-10, abs: 1e-10 }, "Q decomposition");
    const common = subgroupAnalysis(teacher, { method: "EE", tau2Across: "common" });
    expectClose(common.QE!, within, { rel: 1e-10, abs: 1e-10 }, "QE within = the moderator model's residual QE");
  });
  it("subgroupDifferences(estimates, ses) is Cochran's Q of an equal-effects meta-analysis of the estimates", () => {
    const estimates = [0.1, -0.3, 0.25, 0.7];
    const ses = [0.1, 0.2, 0.15, 0.4];
    const ee = metaAnalysis({ yi: estimates, vi: ses.map((s) => s * s) }, { method: "EE" });
    const d = subgroupDifferences(estimates, ses);
    expectClose(d.QB, ee.QE, tight, "QB");
    expectClose(d.pval, ee.QEp, tight, "p");
    expectClose(d.I2, ee.I2, tight, "I2");
  });
});

describe("subgroupAnalysis(): properties (fast-check, fixed seed)", () => {
  const studyArb = fc.record({
    yi: fc.double({ min: -2, max: 2, noNaN: true }),
    vi: fc.double({ min: 0.01, max: 1, noNaN: true }),
    group: fc.constantFrom("a", "b", "c"),
  });
  const dataArb = fc.array(studyArb, { minLength: 2, maxLength: 15 });
  const toInput = (studies: readonly { yi: number; vi: number; group: string }[]): SubgroupInput => ({
    yi: studies.map((s) => s.yi),
    vi: studies.map((s) => s.vi),
    groups: studies.map((s) => s.group),
  });
  it("each subgroup's result and QB do not depend on study order; QB >= 0; 0 <= p <= 1", () => {
    fc.assert(
      fc.property(dataArb, fc.constantFrom("separate" as const, "common" as const), (studies, tau2Across) => {
        const a = subgroupAnalysis(toInput(studies), { method: "DL", tau2Across });
        const b = subgroupAnalysis(toInput([...studies].reverse()), { method: "DL", tau2Across });
        for (const s of a.subgroups) {
          const t = b.subgroups.find((x) => x.group === s.group)!;
          expectClose(t.result.estimate, s.result.estimate, { rel: 1e-8, abs: 1e-10 }, `${s.group} estimate`);
          expect(t.result.k).toBe(s.result.k);
        }
        expectClose(b.differences.QB, a.differences.QB, { rel: 1e-8, abs: 1e-10 }, "QB");
        expect(a.differences.QB >= 0 && a.differences.pval >= 0 && a.differences.pval <= 1).toBe(true);
        expect(a.differences.df).toBe(a.subgroups.length - 1);
      }),
      { seed: 20261121, numRuns: 150 },
    );
  });
  it("shifting every yi by c shifts each subgroup estimate by c and leaves QB unchanged", () => {
    fc.assert(
      fc.property(dataArb, fc.double({ min: -5, max: 5, noNaN: true }), (studies, c) => {
        const a = subgroupAnalysis(toInput(studies), { method: "DL" });
        const b = subgroupAnalysis(toInput(studies.map((s) => ({ ...s, yi: s.yi + c }))), { method: "DL" });
        a.subgroups.forEach((s, g) => expectClose(b.subgroups[g]!.result.estimate, s.result.estimate + c, { rel: 1e-8, abs: 1e-9 }, "shifted estimate"));
        expectClose(b.differences.QB, a.differences.QB, { rel: 1e-7, abs: 1e-9 }, "QB");
      }),
      { seed: 20261121, numRuns: 150 },
    );
  });
});
