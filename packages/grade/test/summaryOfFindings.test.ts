import { describe, expect, it } from "vitest";
import { footnoteLetter, gradeAnalysis, type OutcomeEvidence } from "../src/index.js";
import { baseline, baselineSpec, lowRiskStudy, withPooledRatios } from "./build.js";

const question = { population: "adults with chronic pain", intervention: "low-dose naltrexone", comparison: "placebo" };

const imprecise: OutcomeEvidence = {
  ...withPooledRatios({ estimate: 0.92, ciLower: 0.83, ciUpper: 1.02, piLower: 0.83, piUpper: 1.02 }),
  outcome: "response",
  studies: [{ ...lowRiskStudy("A", 70), riskOfBias: "high" }, lowRiskStudy("B", 30)],
};
const pain: OutcomeEvidence = {
  outcome: "pain (0-10)",
  measure: "MD",
  design: "randomised",
  studies: [lowRiskStudy("A", 55, 40), lowRiskStudy("B", 45, 30)],
  pooled: { estimate: -0.8, ciLower: -1.5, ciUpper: 0.1, I2: 0, tau2: 0, QEp: 0.6, k: 2, scale: "identity" },
};
const missing: OutcomeEvidence = {
  outcome: "self-injury",
  measure: "RR",
  design: "randomised",
  studies: [{ id: "C", n: 37, estimable: false, riskOfBias: "some concerns" }],
};

describe("gradeAnalysis(question, evidence, spec)", () => {
  const { ratings, summaryOfFindings } = gradeAnalysis(question, [imprecise, pain, missing], {
    outcomes: {
      response: { ...baselineSpec, followUp: "12 weeks" },
      "pain (0-10)": { importantDifference: 1, comparatorMean: 5.2, optimalInformationSize: { sd: 2 }, comment: "Lower is better." },
    },
  });
  const [response, painRow, missingRow] = summaryOfFindings.rows;

  it("gives one row per outcome, in order, with the ratings", () => {
    expect(summaryOfFindings.rows.map((r) => r.outcome)).toEqual(["response", "pain (0-10)", "self-injury"]);
    expect(ratings.map((r) => r.certainty)).toEqual(summaryOfFindings.rows.map((r) => r.certainty));
  });
  it("dichotomous row: absolute effects per 1,000 from the comparator risk (Handbook: RR 0.92 at 0.3 is 24 fewer)", () => {
    expect(response!.absoluteEffects).toHaveLength(1);
    expect(response!.absoluteEffects[0]!.text).toBe("24 fewer per 1,000 (from 51 fewer to 6 more)");
    expect(response!.relativeEffect!.text).toBe("RR 0.92 (0.83 to 1.02)");
    expect(response!.followUp).toBe("12 weeks");
    expect(response!.participants).toBe(2000);
    expect(response!.studies).toBe(2);
  });
  it("footnotes: one per change of level, lettered across the table", () => {
    // response: risk of bias (70% high) and imprecision (CI 0.83-1.02 crosses the null): a, b.
    expect(response!.footnotes).toEqual(["a", "b"]);
    expect(response!.certainty).toBe("low");
    expect(response!.symbols).toBe("⊕⊕◯◯");
    expect(summaryOfFindings.footnotes[0]!.text).toMatch(/^Rated down one level for risk of bias: 70% of the weight/);
    expect(summaryOfFindings.footnotes[1]!.text).toMatch(/^Rated down one level for imprecision: the 95% CI 0.83 to 1.02 crosses 1/);
    expect(painRow!.footnotes[0]).toBe("c");
    const letters = summaryOfFindings.footnotes.map((f) => f.letter);
    expect(new Set(letters).size).toBe(letters.length);
  });
  it("continuous row: the MD with the comparator mean, no relative effect", () => {
    expect(painRow!.continuousEffect!.text).toBe("MD 0.8 lower (1.5 lower to 0.1 higher)");
    expect(painRow!.continuousEffect!.comparatorMean).toBe(5.2);
    expect(painRow!.relativeEffect).toBeNull();
    expect(painRow!.comments).toContain("Lower is better.");
  });
  it("plain-language statements follow the certainty", () => {
    expect(response!.statement).toBe("Low-dose naltrexone may result in little to no difference in response.");
    expect(missingRow!.statement).toMatch(/could not be estimated: no study gave usable numbers/);
  });
  it("an outcome with no estimable study still has a row, with no effects and a comment", () => {
    expect(missingRow!.absoluteEffects).toEqual([]);
    expect(missingRow!.relativeEffect).toBeNull();
    expect(missingRow!.participants).toBe(37);
    expect(missingRow!.estimableStudies).toBe(0);
    expect(missingRow!.comments).toContain("Not estimable: no study gave usable numbers.");
  });
  it("is plain data: every number is finite (JSON would hide a NaN as null)", () => {
    const numbers: number[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === "number") numbers.push(value);
      else if (value !== null && typeof value === "object") Object.values(value).forEach(walk);
    };
    walk({ ratings, summaryOfFindings });
    expect(numbers.length).toBeGreaterThan(50);
    expect(numbers.filter((x) => !Number.isFinite(x))).toEqual([]);
  });
  it("a spec entry for an outcome with no evidence is an error (a typo would drop its judgements)", () => {
    expect(() => gradeAnalysis(question, [baseline()], { outcomes: { remision: {} } })).toThrow(/no evidence for outcome remision/);
  });
});

describe("gradeAnalysis: outcome names", () => {
  it("two outcomes with the same name are refused (their specs could not be told apart)", () => {
    expect(() => gradeAnalysis(question, [baseline(), baseline()])).toThrow(/two outcomes named remission/);
  });
});

describe("footnoteLetter", () => {
  it("runs a..z then aa, ab", () => {
    expect([0, 1, 25, 26, 27, 51, 52].map(footnoteLetter)).toEqual(["a", "b", "z", "aa", "ab", "az", "ba"]);
  });
});
