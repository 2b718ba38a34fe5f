// Results described study by study, not pooled (e.g. incommensurable definitions; Cochrane
// Handbook v6.4 chapter 12, SWiM): no pooled estimate although studies are estimable, so the
// rules leave inconsistency and imprecision to the reviewer's written judgement, and the
// Summary of Findings says the results were described, not that nothing could be estimated.
import { describe, expect, it } from "vitest";
import { gradeAnalysis, rateOutcome, type OutcomeEvidence } from "../src/index.js";
import { baseline, domain } from "./build.js";

const described = (changes: Partial<OutcomeEvidence> = {}): OutcomeEvidence => {
  const { pooled: _pooled, ...rest } = baseline();
  return { ...rest, notPooled: "the trials define remission differently", ...changes };
};

describe("rateOutcome(evidence with notPooled)", () => {
  it("is estimable (the studies are), with the not-pooled rules for inconsistency and imprecision", () => {
    const rating = rateOutcome(described());
    expect(rating.estimable).toBe(true);
    for (const name of ["inconsistency", "imprecision"] as const) {
      const p = domain(rating, name).proposal;
      expect([p.rule, p.concern, p.levels]).toEqual([`${name}.not-pooled`, "not assessable", 0]);
      expect(p.explanation).toMatch(/the trials define remission differently/);
    }
    expect(rating.notes.join(" ")).toMatch(/Described study by study, not pooled/);
  });
  it("without notPooled the same evidence is 'no estimate': imprecision very serious", () => {
    const { pooled: _pooled, ...rest } = baseline();
    const p = domain(rateOutcome({ ...rest, studies: rest.studies.map((s) => ({ ...s, estimable: false })) }), "imprecision").proposal;
    expect([p.rule, p.concern]).toEqual(["imprecision.no-estimate", "very serious"]);
  });
  it("the reviewer's judgements rate it: imprecision very serious is two levels down (-2)", () => {
    const rating = rateOutcome(described(), { judgements: { imprecision: { concern: "very serious", reason: "three trials of 20 people each" } } });
    expect(domain(rating, "imprecision").final).toMatchObject({ by: "reviewer", concern: "very serious", levels: -2 });
  });
  it("refuses a pooled estimate together with notPooled", () => {
    expect(() => rateOutcome({ ...baseline(), notPooled: "x" })).toThrow(/described without pooling has no pooled estimate/);
  });
  it("the Summary of Findings row: described, not 'not estimable'; participants of the estimable studies", () => {
    const evidence = described({ studies: [...baseline().studies, { id: "D", n: 50, estimable: false }] });
    const row = gradeAnalysis({ population: "p", intervention: "the drug", comparison: "placebo" }, [evidence], { outcomes: {} }).summaryOfFindings.rows[0]!;
    expect(row.comments).toEqual(["Described study by study, not pooled: the trials define remission differently.", "1 of 4 studies gave no usable numbers."]);
    expect(row.participants).toBe(3000);
    expect(row.statement).toMatch(/^Remission: results described study by study, not pooled/);
    expect(row.relativeEffect).toBeNull();
  });
});
