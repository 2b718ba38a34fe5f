// Issue 14 ("Wrong or misleading today"), the grade package's part: footnotes say what
// happened. Each test fails on the wording before the fix.
import { describe, expect, it } from "vitest";
import { formatPValue, formatPWithRelation, rateOutcome, type StudyEvidence } from "../src/index.js";
import { baseline, baselineSpec, domain, lowRiskStudy } from "./build.js";

const unassessed = (id: string, weightPercent: number): StudyEvidence => {
  const { riskOfBias: _none, ...study } = lowRiskStudy(id, weightPercent);
  return study;
};

describe("risk of bias not assessed (issue 14, defect 2)", () => {
  it("no study assessed: 'not assessed' is its own state, one level down by default, and no share of judgements is quoted", () => {
    const p = domain(rateOutcome(baseline({ studies: [unassessed("A", 60), unassessed("B", 40)] }), baselineSpec), "riskOfBias").proposal;
    expect(p.rule).toBe("risk-of-bias.not-assessed");
    expect(p.concern).toBe("serious");
    expect(p.explanation).toBe("risk of bias not assessed for any of the 2 studies (no RoB 2 or ROBINS-I judgement recorded); rated down one level by default.");
    expect(p.explanation).not.toMatch(/% of the weight/);
  });

  it("no estimable study: the shares are of the participants, and the footnote says there is no pooled weight", () => {
    const studies: StudyEvidence[] = [
      { id: "A", n: 30, estimable: false, riskOfBias: "some concerns" },
      { id: "B", n: 10, estimable: false, riskOfBias: "high" },
    ];
    const { pooled: _none, ...evidence } = baseline({ studies });
    const p = domain(rateOutcome(evidence, baselineSpec), "riskOfBias").proposal;
    expect(p.explanation).toBe("no study was estimable, so there is no pooled weight; 100% of the participants from studies at high risk or with some concerns (25% at high risk).");
  });

  it("one of three studies unassessed: said, and counted as some concerns", () => {
    const studies = [lowRiskStudy("A", 40), lowRiskStudy("B", 35), unassessed("C", 25)];
    const p = domain(rateOutcome(baseline({ studies }), baselineSpec), "riskOfBias").proposal;
    expect(p.explanation).toBe("25% of the weight from studies at high risk or with some concerns (0% at high risk); 1 of 3 studies not assessed, counted as some concerns.");
  });
});

it("estimable studies described without pooling: the footnote says not pooled, not 'no study was estimable'", () => {
  const studies: StudyEvidence[] = [
    { id: "A", n: 30, estimable: true, riskOfBias: "high" },
    { id: "B", n: 10, estimable: true, riskOfBias: "high" },
  ];
  const { pooled: _none, ...evidence } = baseline({ studies });
  const p = domain(rateOutcome(evidence, baselineSpec), "riskOfBias").proposal;
  expect(p.explanation.startsWith("not pooled, so there is no pooled weight; 100% of the participants")).toBe(true);
});

describe("imprecision names the analysis's confidence level (user report)", () => {
  it("a 90% interval is called a 90% CI, not a 95% CI", () => {
    const evidence = baseline();
    const p = domain(rateOutcome({ ...evidence, pooled: { ...evidence.pooled!, level: 0.9 } }, baselineSpec), "imprecision").proposal;
    expect(p.explanation).toMatch(/^the 90% CI 0\.5 to 0\.72 /);
  });
  it("no level given: 95%", () => {
    expect(domain(rateOutcome(baseline(), baselineSpec), "imprecision").proposal.explanation).toMatch(/^the 95% CI /);
  });
});

describe("formatPValue(p): the report's one P-value format (Cochrane style)", () => {
  it.each([
    [2e-26, "< 0.001"],
    [0.000999, "< 0.001"],
    [0.001, "0.001"],
    [0.00264, "0.003"],
    [0.00996, "0.01"],
    [0.0264, "0.03"],
    [0.0686, "0.07"],
    [0.97, "0.97"],
    [1, "1.00"],
  ])("formatPValue(%s) is %s", (p, text) => {
    expect(formatPValue(p)).toBe(text);
  });
  it("formatPWithRelation reads 'P = 0.07' and 'P < 0.001'", () => {
    expect(formatPWithRelation(0.0686)).toBe("P = 0.07");
    expect(formatPWithRelation(1e-9)).toBe("P < 0.001");
  });
  it("rejects NaN and values outside [0, 1]", () => {
    for (const p of [Number.NaN, -0.01, 1.01]) expect(() => formatPValue(p)).toThrow();
  });
  it("the inconsistency footnote uses it, and labels metafor's I² as computed from tau²", () => {
    const evidence = baseline();
    const pooled = { ...evidence.pooled!, I2: 60.5, tau2: 0.769, QEp: 0.0686 };
    const p = domain(rateOutcome({ ...evidence, pooled }, baselineSpec), "inconsistency").proposal;
    expect(p.explanation).toContain("I² = 61% (from tau², as metafor), tau² = 0.769, Q test P = 0.07");
  });
});
