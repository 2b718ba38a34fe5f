// Indirectness rules (Guyatt et al. 2011, GRADE guidelines 8): more than half the weight.
import { describe, expect, it } from "vitest";
import { rateOutcome, studyIndirectness, type Concern, type StudyEvidence } from "../src/index.js";
import { baseline, baselineSpec, domain, lowRiskStudy } from "./build.js";

function withIndirect(parts: readonly [Concern, number][]) {
  const studies: StudyEvidence[] = parts.map(([population, w], i) => ({
    ...lowRiskStudy(`S${i}`, w),
    indirectness: { population, intervention: "no", comparator: "no", outcome: "no" },
  }));
  return domain(rateOutcome(baseline({ studies }), baselineSpec), "indirectness").proposal;
}

describe("studyIndirectness", () => {
  it("is the worst of the four judgements", () => {
    expect(studyIndirectness({ ...lowRiskStudy("A", 1), indirectness: { population: "serious", intervention: "no", comparator: "very serious", outcome: "no" } })).toBe("very serious");
  });
});

describe("indirectness: share of weight judged indirect", () => {
  it("50% serious: no", () => expect(withIndirect([["serious", 50], ["no", 50]]).concern).toBe("no"));
  it("50.1% serious: serious, with the affected weight reported", () => {
    const p = withIndirect([["serious", 50.1], ["no", 49.9]]);
    expect(p.concern).toBe("serious");
    expect(p.signal.seriousOrWorseWeightPercent).toBe(50.1);
    expect(p.signal.indirectStudies).toBe("S0");
  });
  it("50% very serious and 10% serious: serious (60% indirect, only 50% very serious)", () => {
    expect(withIndirect([["very serious", 50], ["serious", 10], ["no", 40]]).concern).toBe("serious");
  });
  it("50.1% very serious: very serious", () => {
    expect(withIndirect([["very serious", 50.1], ["no", 49.9]]).concern).toBe("very serious");
  });
  it("a study without a recorded judgement counts as direct and is named in the notes", () => {
    const { indirectness: _dropped, ...unjudged } = lowRiskStudy("U", 100);
    const rating = rateOutcome(baseline({ studies: [unjudged] }), baselineSpec);
    expect(domain(rating, "indirectness").proposal.concern).toBe("no");
    expect(rating.notes.join(" ")).toMatch(/No indirectness judgement recorded, counted as direct: U/);
  });
});
