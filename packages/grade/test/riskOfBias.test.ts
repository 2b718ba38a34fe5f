// Risk of bias rules (Guyatt et al. 2011, GRADE guidelines 4; thresholds in src/thresholds.ts):
// "more than half the weight" is the threshold, tested at 50% and either side.
import { describe, expect, it } from "vitest";
import { gradeRiskOfBias, rateOutcome, ROB2_OVERALL, ROBINS_I_OVERALL, worstRiskOfBias, type RiskOfBias, type StudyEvidence } from "../src/index.js";
import { baseline, baselineSpec, domain, lowRiskStudy } from "./build.js";

function withWeights(parts: readonly [RiskOfBias, number][], lowRiskOnly?: number) {
  const studies: StudyEvidence[] = parts.map(([rob, w], i) => ({ ...lowRiskStudy(`S${i}`, w), riskOfBias: rob }));
  const evidence = baseline({
    studies,
    ...(lowRiskOnly === undefined ? {} : { lowRiskOnly: { estimate: Math.log(lowRiskOnly), ciLower: Math.log(lowRiskOnly) - 0.2, ciUpper: Math.log(lowRiskOnly) + 0.2, scale: "log" as const } }),
  });
  return domain(rateOutcome(evidence, baselineSpec), "riskOfBias").proposal;
}

describe("risk of bias: share of weight at high risk or some concerns", () => {
  it("50% at high risk is not more than half: no", () => {
    expect(withWeights([["high", 50], ["low", 50]]).concern).toBe("no");
  });
  it("50.1% at high risk: serious (majority limited), not very serious while some weight is low risk", () => {
    const p = withWeights([["high", 50.1], ["low", 49.9]]);
    expect(p.concern).toBe("serious");
    expect(p.rule).toBe("risk-of-bias.majority-weight-limited");
    expect(p.signal.highRiskWeightPercent).toBe(50.1);
  });
  it("49.9% with some concerns: no", () => {
    expect(withWeights([["some concerns", 49.9], ["low", 50.1]]).concern).toBe("no");
  });
  it("50.1% with some concerns: serious", () => {
    expect(withWeights([["some concerns", 50.1], ["low", 49.9]]).concern).toBe("serious");
  });
  it("more than half at high risk and nothing at low risk: very serious", () => {
    const p = withWeights([["high", 60], ["some concerns", 40]]);
    expect(p.concern).toBe("very serious");
    expect(p.levels).toBe(-2);
  });
  it("exactly half at high risk and nothing at low risk: serious, not very serious", () => {
    expect(withWeights([["high", 50], ["some concerns", 50]]).concern).toBe("serious");
  });
  it("uses weights, not study counts: one heavy high-risk study outweighs two light low-risk ones", () => {
    expect(withWeights([["high", 80], ["low", 10], ["low", 10]]).concern).toBe("serious");
  });
  it("counts a study without a RoB judgement with some concerns, and notes it", () => {
    const studies = [{ ...lowRiskStudy("X", 60) }, lowRiskStudy("Y", 40)];
    const { riskOfBias: _dropped, ...unassessed } = studies[0]!;
    const rating = rateOutcome(baseline({ studies: [unassessed, studies[1]!] }), baselineSpec);
    expect(domain(rating, "riskOfBias").proposal.concern).toBe("serious");
    expect(rating.notes.join(" ")).toMatch(/No risk-of-bias judgement, counted as some concerns: X/);
  });
});

describe("risk of bias: the low-risk-only estimate against the decision thresholds (default RR 0.75, 1, 1.25)", () => {
  // The baseline pooled RR is 0.60, below the lower threshold 0.75.
  it("low-risk-only RR 0.74 stays below 0.75: no change", () => {
    expect(withWeights([["high", 30], ["low", 70]], 0.74).concern).toBe("no");
  });
  it("low-risk-only RR exactly 0.75 is still in the same region (a point on a threshold belongs below it)", () => {
    expect(withWeights([["high", 30], ["low", 70]], 0.75).concern).toBe("no");
  });
  it("low-risk-only RR 0.76 crosses 0.75: serious even with most weight at low risk", () => {
    const p = withWeights([["high", 30], ["low", 70]], 0.76);
    expect(p.concern).toBe("serious");
    expect(p.rule).toBe("risk-of-bias.low-risk-only-crosses-threshold");
    expect(p.signal.lowRiskOnlyCrossesThreshold).toBe(true);
  });
  it("crossing plus more than half the weight at high risk: very serious", () => {
    expect(withWeights([["high", 60], ["low", 40]], 0.76).concern).toBe("very serious");
  });
});

// The tools' overall judgements to GRADE's levels (GRADE guidelines 18, Schünemann et al. 2019;
// RoB 2, Sterne et al. 2019; ROBINS-I, Sterne et al. 2016): the one mapping every caller uses.
describe("gradeRiskOfBias(judgement) and worstRiskOfBias(judgements)", () => {
  it("RoB 2: low, some-concerns and high keep their level", () => {
    expect(ROB2_OVERALL.map((overall) => gradeRiskOfBias({ tool: "RoB 2", overall }))).toEqual(["low", "some concerns", "high"]);
  });
  it("ROBINS-I: low -> low, moderate -> some concerns, serious and critical -> high, no information -> none", () => {
    expect(ROBINS_I_OVERALL.map((overall) => gradeRiskOfBias({ tool: "ROBINS-I", overall }))).toEqual(["low", "some concerns", "high", "high", undefined]);
  });
  it("the worst level wins, whatever the order; none gives undefined", () => {
    expect(worstRiskOfBias(["low", "high", "some concerns"])).toBe("high");
    expect(worstRiskOfBias(["some concerns", "low"])).toBe("some concerns");
    expect(worstRiskOfBias([])).toBeUndefined();
  });
});
