/** Bad input: every check throws MetakitError("INVALID_INPUT") naming study, index, field and value. */
import { describe, expect, it } from "vitest";
import { MetakitError } from "@metakit/base";
import { escalc, type Measure, type StudyInput } from "../src/index.js";

function thrown(f: () => unknown): MetakitError {
  try {
    f();
  } catch (error) {
    if (error instanceof MetakitError) return error;
    throw error;
  }
  throw new Error("expected a MetakitError");
}

const ok = {
  twoByTwo: { ai: 2, bi: 8, ci: 3, di: 7 },
  means: { m1i: 10, sd1i: 2, n1i: 20, m2i: 9, sd2i: 2, n2i: 20 },
  prePost: { m1i: 10, m2i: 9, sd1i: 2, sd2i: 2, ri: 0.5, ni: 20 },
} as const;

const cases: readonly [string, Measure, StudyInput, string, unknown][] = [
  ["negative sd1i", "MD", { ...ok.means, sd1i: -1 }, "sd1i", -1],
  ["negative sd2i", "SMD", { ...ok.means, sd2i: -0.5 }, "sd2i", -0.5],
  ["n1i < 2 where an SD is needed", "MD", { ...ok.means, n1i: 1 }, "n1i", 1],
  ["n2i < 2 for SMDH", "SMDH", { ...ok.means, n2i: 0 }, "n2i", 0],
  ["ROM with a non-positive mean", "ROM", { ...ok.means, m2i: 0 }, "m2i", 0],
  ["ai > n1i", "OR", { ai: 12, n1i: 10, ci: 3, n2i: 10 }, "ai", 12],
  ["ci > n2i", "RR", { ai: 1, n1i: 10, ci: 11, n2i: 10 }, "ci", 11],
  ["negative ai", "RD", { ...ok.twoByTwo, ai: -1 }, "ai", -1],
  ["negative di", "PETO", { ...ok.twoByTwo, di: -2 }, "di", -2],
  ["n1i not ai + bi", "OR", { ...ok.twoByTwo, n1i: 11 }, "n1i", 11],
  ["xi > ni", "PR", { xi: 11, ni: 10 }, "xi", 11],
  ["negative xi", "PLO", { xi: -1, ni: 10 }, "xi", -1],
  ["ni = 0 for a proportion", "PAS", { xi: 0, ni: 0 }, "ni", 0],
  ["ri = 1", "COR", { ri: 1, ni: 20 }, "ri", 1],
  ["ri < -1", "ZCOR", { ri: -1.2, ni: 20 }, "ri", -1.2],
  ["ri out of range in pre/post", "SMCR", { ...ok.prePost, ri: 1.5 }, "ri", 1.5],
  ["negative sd2i in pre/post", "SMCC", { ...ok.prePost, sd2i: -1 }, "sd2i", -1],
  ["ni < 2 in pre/post", "MC", { ...ok.prePost, ni: 1 }, "ni", 1],
  ["negative sdi", "MN", { mi: 1, sdi: -1, ni: 10 }, "sdi", -1],
  ["ni < 2 for MN", "MN", { mi: 1, sdi: 1, ni: 1 }, "ni", 1],
  ["vi = 0", "GEN", { yi: 0.1, vi: 0 }, "vi", 0],
  ["negative sei", "GEN", { yi: 0.1, sei: -0.2 }, "sei", -0.2],
  ["NaN", "MD", { ...ok.means, m1i: Number.NaN }, "m1i", Number.NaN],
  ["Infinity", "OR", { ...ok.twoByTwo, bi: Number.POSITIVE_INFINITY }, "bi", Number.POSITIVE_INFINITY],
  ["non-finite yi", "GEN", { yi: Number.NEGATIVE_INFINITY, vi: 1 }, "yi", Number.NEGATIVE_INFINITY],
];

describe("escalc rejects invalid values", () => {
  for (const [what, measure, bad, field, value] of cases) {
    it(`escalc("${measure}") throws INVALID_INPUT for ${what}, naming study, index, field and value`, () => {
      const error = thrown(() => escalc(measure, [{ study: "Good", ...goodFor(measure) }, { study: "Bad", ...bad }]));
      expect(error.code).toBe("INVALID_INPUT");
      expect(error.details).toMatchObject({ study: "Bad", index: 1, field });
      expect(Object.is(error.details.value, value)).toBe(true);
      expect(error.message).toContain(field);
      expect(error.message).toContain('study "Bad"');
      expect(error.message).toMatch(/^[a-z]/);
      expect(error.message.length).toBeLessThan(120);
    });
  }
});

function goodFor(measure: Measure): StudyInput {
  if (["OR", "RR", "RD", "PETO"].includes(measure)) return ok.twoByTwo;
  if (["PR", "PLO", "PAS", "PFT"].includes(measure)) return { xi: 3, ni: 10 };
  if (["COR", "ZCOR"].includes(measure)) return { ri: 0.2, ni: 30 };
  if (["MC", "SMCC", "SMCR"].includes(measure)) return ok.prePost;
  if (measure === "MN") return { mi: 1, sdi: 1, ni: 10 };
  if (measure === "GEN") return { yi: 0.1, vi: 0.01 };
  return ok.means;
}
