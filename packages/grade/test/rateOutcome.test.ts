import { describe, expect, it } from "vitest";
import { certaintyFromRank, certaintyPhrase, certaintySymbols, MetakitError, rateOutcome, type OutcomeEvidence } from "./imports.js";
import { baseline, baselineSpec, domain, lowRiskStudy, withPooledRatios } from "./build.js";

describe("levels", () => {
  it("certaintyFromRank clamps below very low and above high", () => {
    expect(certaintyFromRank(-3)).toBe("very low");
    expect(certaintyFromRank(0)).toBe("very low");
    expect(certaintyFromRank(1)).toBe("very low");
    expect(certaintyFromRank(4)).toBe("high");
    expect(certaintyFromRank(7)).toBe("high");
  });
  it("symbols and plain-language phrases per level (GRADE guidelines 26)", () => {
    expect(["high", "moderate", "low", "very low"].map((l) => certaintySymbols(l as never))).toEqual(["⊕⊕⊕⊕", "⊕⊕⊕◯", "⊕⊕◯◯", "⊕◯◯◯"]);
    expect(certaintyPhrase("moderate")).toBe("likely results in");
    expect(certaintyPhrase("low")).toBe("may result in");
    expect(certaintyPhrase("very low")).toBe("the evidence is very uncertain about");
  });
});

describe("rateOutcome: combining domains", () => {
  const worst: OutcomeEvidence = {
    ...withPooledRatios({ ciLower: 0.3, ciUpper: 1.5, piLower: 0.1, piUpper: 3, I2: 90, tau2: 1, QEp: 0.001 }),
    studies: [{ ...lowRiskStudy("A", 100), riskOfBias: "high" }],
  };
  it("three very serious domains: six levels down from high, clamped at very low", () => {
    const rating = rateOutcome(worst, baselineSpec);
    expect(rating.levelsDown).toBe(6);
    expect(rating.certainty).toBe("very low");
    expect(rating.changes.map((c) => [c.domain, c.levels])).toEqual([
      ["riskOfBias", -2],
      ["inconsistency", -2],
      ["imprecision", -2],
    ]);
  });
  it("one serious domain gives moderate; two give low", () => {
    const one = rateOutcome(withPooledRatios({ ciLower: 0.5, ciUpper: 0.9, piLower: 0.5, piUpper: 0.9 }), baselineSpec);
    expect(one.certainty).toBe("moderate");
    const two = rateOutcome({ ...withPooledRatios({ ciLower: 0.5, ciUpper: 0.9, piLower: 0.5, piUpper: 0.9 }), studies: [{ ...lowRiskStudy("A", 100), riskOfBias: "some concerns" }] }, baselineSpec);
    expect(two.certainty).toBe("low");
  });
  it("non-randomised evidence rated up by four reaches only high", () => {
    const e: OutcomeEvidence = { ...withPooledRatios({ estimate: 0.1, ciLower: 0.09, ciUpper: 0.11, piLower: 0.09, piUpper: 0.11 }), design: "non-randomised", doseResponse: { slope: -0.2, pval: 0.001, k: 5 } };
    const rating = rateOutcome(e, { ...baselineSpec, judgements: { residualConfounding: { levels: 1, reason: "Healthy-user bias would favour the comparator." } } });
    expect(rating.levelsUp).toBe(4);
    expect(rating.certainty).toBe("high");
  });
});

describe("rateOutcome: reviewer judgements", () => {
  it("a judgement with a reason replaces the proposal and keeps it", () => {
    const rating = rateOutcome(baseline(), { ...baselineSpec, judgements: { indirectness: { concern: "serious", reason: "All trials in inpatients; the question is about outpatients." } } });
    const d = domain(rating, "indirectness");
    expect(d.proposal.concern).toBe("no");
    expect(d.final).toEqual({ concern: "serious", levels: -1, by: "reviewer", reason: "All trials in inpatients; the question is about outpatients." });
    expect(rating.certainty).toBe("moderate");
    expect(rating.changes).toEqual([{ domain: "indirectness", levels: -1, by: "reviewer", reason: d.final.reason }]);
  });
  it("a judgement may also lower a proposal, with its reason", () => {
    const e = withPooledRatios({ ciLower: 0.5, ciUpper: 0.9, piLower: 0.5, piUpper: 0.9 });
    const rating = rateOutcome(e, { ...baselineSpec, judgements: { imprecision: { concern: "no", reason: "The upper limit 0.9 is still an important benefit for this outcome." } } });
    expect(domain(rating, "imprecision").proposal.concern).toBe("serious");
    expect(rating.certainty).toBe("high");
  });
  it.each([[""], ["   "], [undefined]])("a judgement without a written reason (%j) is a typed error naming the field", (reason) => {
    const run = () => rateOutcome(baseline(), { judgements: { imprecision: { concern: "serious", reason: reason as never } } });
    expect(run).toThrow(MetakitError);
    try {
      run();
    } catch (error) {
      expect((error as MetakitError).code).toBe("INVALID_INPUT");
      expect((error as MetakitError).details).toMatchObject({ outcome: "remission", field: "judgements.imprecision.reason" });
    }
  });
  it("an unknown domain is refused, not ignored", () => {
    expect(() => rateOutcome(baseline(), { judgements: { imprecison: { concern: "serious", reason: "typo" } } as never })).toThrow(/unknown domain imprecison/);
  });
  it("an unknown concern is refused", () => {
    expect(() => rateOutcome(baseline(), { judgements: { riskOfBias: { concern: "moderate" as never, reason: "x" } } })).toThrow(/judgements.riskOfBias.concern must be one of/);
  });
  it("rating up beyond the reason's maximum is refused (dose-response: one level)", () => {
    expect(() => rateOutcome(baseline(), { judgements: { doseResponse: { levels: 2, reason: "x" } } })).toThrow(/from 0 to 1/);
  });
});

describe("rateOutcome: an outcome with no estimable study", () => {
  const e: OutcomeEvidence = {
    outcome: "self-injury episodes",
    measure: "MD",
    design: "randomised",
    studies: [{ id: "Trial 2001", n: 37, estimable: false, riskOfBias: "high" }],
  };
  it("is still rated, and says so", () => {
    const rating = rateOutcome(e);
    expect(rating.estimable).toBe(false);
    expect(domain(rating, "imprecision").final.concern).toBe("very serious");
    expect(domain(rating, "inconsistency").final.concern).toBe("not assessable");
    expect(domain(rating, "riskOfBias").final.concern).toBe("very serious");
    expect(rating.certainty).toBe("very low");
    expect(rating.direction).toBeNull();
    expect(rating.notes[0]).toMatch(/No study could be estimated/);
  });
});

describe("rateOutcome: input checks", () => {
  it("refuses NaN in the pooled estimate with outcome and field", () => {
    expect(() => rateOutcome(withPooledRatios({ estimate: Number.NaN }))).toThrow(/pooled.estimate must be a finite number/);
  });
  it("refuses a CI that does not contain the estimate", () => {
    expect(() => rateOutcome(withPooledRatios({ estimate: 0.4, ciLower: 0.5, ciUpper: 0.7 }))).toThrow(/must contain the estimate/);
  });
  it("refuses a ratio on the identity scale that is not positive", () => {
    expect(() => rateOutcome({ ...baseline(), pooled: { ...baseline().pooled!, scale: "identity", estimate: -0.5, ciLower: -0.7, ciUpper: -0.3 } })).toThrow(/positive ratio/);
  });
  it("reads ratios given on the identity scale the same as log ratios", () => {
    const log = rateOutcome(withPooledRatios({ ciLower: 0.5, ciUpper: 1.01 }), baselineSpec);
    const p = withPooledRatios({ ciLower: 0.5, ciUpper: 1.01 }).pooled!;
    const identity = rateOutcome({ ...baseline(), pooled: { ...p, estimate: Math.exp(p.estimate), ciLower: 0.5, ciUpper: 1.01, piLower: Math.exp(p.piLower!), piUpper: Math.exp(p.piUpper!), scale: "identity" } }, baselineSpec);
    expect(identity.certainty).toBe(log.certainty);
    expect(domain(identity, "imprecision").proposal.rule).toBe(domain(log, "imprecision").proposal.rule);
  });
  it("refuses I2 above 100 and a negative participant count, naming the study", () => {
    expect(() => rateOutcome(withPooledRatios({ I2: 120 }))).toThrow(/pooled.I2/);
    try {
      rateOutcome(baseline({ studies: [{ ...lowRiskStudy("Bad", 100), n: -1 }] }));
    } catch (error) {
      expect((error as MetakitError).details).toMatchObject({ study: "Bad", field: "n", value: -1 });
    }
    expect(() => rateOutcome(baseline({ studies: [{ ...lowRiskStudy("Bad", 100), n: -1 }] }))).toThrow(MetakitError);
  });
  it("reads a null prediction interval (core's MetaAnalysisResult when k is too small) as none", () => {
    const e = withPooledRatios({ I2: 80, tau2: 0.1, QEp: 0.01 });
    const rating = rateOutcome({ ...e, pooled: { ...e.pooled!, piLower: null, piUpper: null } }, baselineSpec);
    expect(domain(rating, "inconsistency").proposal.rule).toBe("inconsistency.i2-considerable");
  });
  it("refuses a prediction interval with one limit", () => {
    const p = baseline().pooled!;
    const { piUpper: _u, ...oneLimit } = p;
    expect(() => rateOutcome({ ...baseline(), pooled: oneLimit })).toThrow(/needs both limits/);
  });
});

describe("rateOutcome: what an outcome needs", () => {
  it("an outcome with no study at all is INSUFFICIENT_DATA", () => {
    expect(() => rateOutcome(baseline({ studies: [] }))).toThrow(/at least one study/);
  });
  it("a pooled result with every study marked not estimable is refused", () => {
    expect(() => rateOutcome(baseline({ studies: [{ ...lowRiskStudy("A", 100), estimable: false }] }))).toThrow(/at least one estimable study/);
  });
});

describe("rateOutcome: the documented @example", () => {
  it("one small high-risk trial with RR 0.8 (0.6 to 1.07) is very low", () => {
    const rating = rateOutcome({
      outcome: "remission",
      measure: "RR",
      design: "randomised",
      studies: [{ id: "A", n: 120, estimable: true, weightPercent: 100, riskOfBias: "high" }],
      pooled: { estimate: Math.log(0.8), ciLower: Math.log(0.6), ciUpper: Math.log(1.07), I2: 0, tau2: 0, QEp: 1, k: 1, scale: "log" },
    });
    expect(rating.certainty).toBe("very low");
    expect(rating.changes.map((c) => [c.domain, c.levels])).toEqual([["riskOfBias", -2], ["imprecision", -2]]);
  });
});
