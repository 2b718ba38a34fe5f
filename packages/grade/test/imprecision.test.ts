// Imprecision rules (Guyatt et al. 2011, GRADE guidelines 6; Zeng et al. 2022, GRADE
// guidance 34). Default ratio thresholds RR 0.75, 1, 1.25 (GRADE guidelines 6); OIS from src/optimalInformationSize.ts.
import { describe, expect, it } from "vitest";
import { binaryOptimalInformationSize, rateOutcome, type OutcomeEvidence } from "../src/index.js";
import { baseline, baselineSpec, domain, lowRiskStudy, withPooledRatios } from "./build.js";

const proposal = (evidence: OutcomeEvidence, spec = baselineSpec) => domain(rateOutcome(evidence, spec), "imprecision").proposal;
const ci = (ciLower: number, ciUpper: number) => withPooledRatios({ estimate: Math.sqrt(ciLower * ciUpper), ciLower, ciUpper, piLower: ciLower, piUpper: ciUpper });

describe("imprecision: the CI against the decision thresholds", () => {
  it("CI 0.5 to 0.75 touches 0.75: no", () => expect(proposal(ci(0.5, 0.75)).concern).toBe("no"));
  it("CI 0.5 to 0.76 crosses 0.75: serious", () => {
    const p = proposal(ci(0.5, 0.76));
    expect(p.concern).toBe("serious");
    expect(p.rule).toBe("imprecision.ci-crosses-one-threshold");
  });
  it("CI 0.5 to 1 crosses 0.75 and touches the null: serious", () => expect(proposal(ci(0.5, 1)).concern).toBe("serious"));
  it("CI 0.5 to 1.01 crosses 0.75 and 1: very serious", () => {
    const p = proposal(ci(0.5, 1.01));
    expect(p.concern).toBe("very serious");
    expect(p.signal.thresholdsCrossedByCI).toBe("0.75, 1");
  });
  it("an MID of 1.25 puts the lower threshold at 1/1.25: a CI ending at exactly 0.8 touches it, 0.81 crosses it", () => {
    const spec = { ...baselineSpec, importantDifference: 1.25 };
    expect(proposal(ci(0.5, 0.8), spec).concern).toBe("no");
    expect(proposal(ci(0.5, 0.81), spec).concern).toBe("serious");
  });
  it("uses the spec's MID when given: RR MID 1.5 puts the thresholds at 0.667, 1, 1.5", () => {
    const p = proposal(ci(0.5, 0.81), { ...baselineSpec, importantDifference: 1.5 });
    expect(p.concern).toBe("serious");
    expect(p.threshold.decisionThresholds).toBe("0.667, 1, 1.5");
  });
  it("MD with MID 1 point: CI -2.5 to -0.99 crosses -1: serious; -2.5 to -1: no", () => {
    const md = (lower: number, upper: number): OutcomeEvidence => ({
      ...baseline({ measure: "MD" }),
      pooled: { estimate: (lower + upper) / 2, ciLower: lower, ciUpper: upper, I2: 0, tau2: 0, QEp: 0.9, k: 3, scale: "identity" },
    });
    const spec = { importantDifference: 1, optimalInformationSize: { sd: 2 } };
    expect(proposal(md(-2.5, -0.99), spec).concern).toBe("serious");
    expect(proposal(md(-2.5, -1), spec).concern).toBe("no");
  });
  it("MD with no MID is judged against the null only, and a note says so", () => {
    const evidence: OutcomeEvidence = {
      ...baseline({ measure: "MD" }),
      pooled: { estimate: -1, ciLower: -2, ciUpper: 0.5, I2: 0, tau2: 0, QEp: 0.9, k: 3, scale: "identity" },
    };
    const rating = rateOutcome(evidence, {});
    expect(domain(rating, "imprecision").proposal.threshold.thresholdBasis).toBe("null only");
    expect(domain(rating, "imprecision").proposal.concern).toBe("serious");
    expect(rating.notes.join(" ")).toMatch(/judged against the null only/);
  });
});

describe("imprecision: participants against the optimal information size", () => {
  const ois = binaryOptimalInformationSize({ controlRisk: 0.3, relativeRiskReduction: 0.25, alpha: 0.05, power: 0.8 }).total;
  const withParticipants = (total: number) =>
    baseline({ studies: [lowRiskStudy("A", 60, total - Math.floor(total / 2)), lowRiskStudy("B", 40, Math.floor(total / 2))] });
  it("the OIS for comparator risk 0.3 and RRR 25% is 1080 (R: power.prop.test(p1 = 0.3, p2 = 0.225, power = 0.8)$n = 539.08 per group)", () => {
    expect(ois).toBe(1080);
  });
  it("participants equal to the OIS: met, no", () => {
    expect(proposal(withParticipants(ois)).concern).toBe("no");
  });
  it("one participant fewer: serious (OIS not met) though the CI crosses nothing", () => {
    const p = proposal(withParticipants(ois - 1));
    expect(p.concern).toBe("serious");
    expect(p.rule).toBe("imprecision.ois-not-met");
    expect(p.signal.oisMet).toBe(false);
  });
  it("without a comparator risk, the OIS comes from the observed comparator arms", () => {
    const rating = rateOutcome({ ...withParticipants(100), comparatorArms: { events: 60, total: 200 } }, {});
    expect(domain(rating, "imprecision").proposal.threshold.optimalInformationSize).toBe(ois);
  });
  it("with no comparator risk at all, the OIS is not computed and a note says why", () => {
    const rating = rateOutcome(withParticipants(100), {});
    expect(domain(rating, "imprecision").proposal.threshold.optimalInformationSize).toBeNull();
    expect(rating.notes.join(" ")).toMatch(/OIS not computed: no comparator risk/);
  });
  it("SMD with MID 0.5 uses SD 1: OIS 128 (Cohen's 64 per group)", () => {
    const evidence: OutcomeEvidence = {
      ...baseline({ measure: "SMD", studies: [lowRiskStudy("A", 100, 127)] }),
      pooled: { estimate: -0.9, ciLower: -1.2, ciUpper: -0.6, I2: 0, tau2: 0, QEp: 1, k: 1, scale: "identity" },
    };
    const p = proposal(evidence, { importantDifference: 0.5 });
    expect(p.threshold.optimalInformationSize).toBe(128);
    expect(p.concern).toBe("serious");
  });
});

describe("imprecision without an estimate", () => {
  it("no estimable study: very serious, there is no confidence interval", () => {
    const p = proposal(baseline({ pooled: undefined as never, studies: [{ ...lowRiskStudy("A", 0, 37), estimable: false }] }));
    expect(p.concern).toBe("very serious");
    expect(p.rule).toBe("imprecision.no-estimate");
  });
});

describe("imprecision with explicit decision thresholds", () => {
  const proportion = (lower: number, upper: number): OutcomeEvidence => ({
    outcome: "response (single arm)",
    measure: "PR",
    design: "non-randomised",
    studies: [lowRiskStudy("A", 100, 40)],
    pooled: { estimate: (lower + upper) / 2, ciLower: lower, ciUpper: upper, I2: 0, tau2: 0, QEp: 1, k: 1, scale: "identity" },
  });
  it("a single-group proportion with threshold 0.5: CI 0.3 to 0.6 crosses it (serious); 0.3 to 0.5 does not", () => {
    const spec = { decisionThresholds: [0.5] };
    expect(proposal(proportion(0.3, 0.6), spec).concern).toBe("serious");
    expect(proposal(proportion(0.3, 0.5), spec).concern).toBe("no");
    expect(proposal(proportion(0.3, 0.6), spec).threshold.thresholdBasis).toBe("spec thresholds");
  });
  it("a single-group proportion without thresholds is not assessable, and the notes ask for one", () => {
    const rating = rateOutcome(proportion(0.3, 0.6), {});
    expect(domain(rating, "imprecision").proposal.concern).toBe("not assessable");
    expect(rating.notes.join(" ")).toMatch(/no null effect and the spec gives no decision threshold/);
  });
  it("explicit RR thresholds replace the null and MID: [0.9] only", () => {
    const p = proposal(ci(0.5, 1.01), { ...baselineSpec, decisionThresholds: [0.9] });
    expect(p.concern).toBe("serious");
    expect(p.signal.thresholdsCrossedByCI).toBe("0.9");
  });
});
