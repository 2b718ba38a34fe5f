// Rating up non-randomised evidence (Guyatt et al. 2011, GRADE guidelines 9): RR > 2 or < 0.5
// one level, > 5 or < 0.2 two levels, strict; dose-response at p < 0.05.
import { describe, expect, it } from "vitest";
import { rateOutcome, type OutcomeEvidence } from "../src/index.js";
import { baselineSpec, withPooledRatios } from "./build.js";

/** Non-randomised evidence with nothing to rate down: RR `rr` with a narrow CI. */
function observational(rr: number, k = 3): OutcomeEvidence {
  const e = withPooledRatios({ estimate: rr, ciLower: rr * 0.95, ciUpper: rr * 1.05, piLower: rr * 0.95, piUpper: rr * 1.05, k });
  return { ...e, design: "non-randomised" };
}
const largeEffect = (rating: ReturnType<typeof rateOutcome>) => rating.ratingUp.find((r) => r.domain === "largeEffect")!;

describe("large effect", () => {
  const cases: [number, number][] = [
    [2, 0], [2.01, 1], [0.5, 0], [0.499, 1],
    [5, 1], [5.01, 2], [0.2, 1], [0.199, 2],
  ];
  it.each(cases)("RR %s rates up %s level(s)", (rr, levels) => {
    const rating = rateOutcome(observational(rr), baselineSpec);
    expect(largeEffect(rating).proposal.levels).toBe(levels);
    expect(rating.certainty).toBe(["low", "moderate", "high"][levels]);
  });
  it("a single study is not enough, however large", () => {
    const rating = rateOutcome(observational(8, 1), baselineSpec);
    expect(largeEffect(rating).proposal.rule).toBe("large-effect.single-study");
    expect(rating.certainty).toBe("low");
  });
  it("randomised evidence is never rated up", () => {
    const rating = rateOutcome({ ...observational(8), design: "randomised" }, baselineSpec);
    expect(largeEffect(rating).proposal.applicable).toBe(false);
    expect(rating.levelsUp).toBe(0);
  });
  it("is not applied when anything is rated down, and a note says why", () => {
    const e = observational(8);
    const rating = rateOutcome({ ...e, studies: e.studies.map((s) => ({ ...s, riskOfBias: "high" as const })) }, baselineSpec);
    expect(largeEffect(rating).proposal.levels).toBe(2);
    expect(rating.ratingUpApplied).toBe(false);
    expect(rating.certainty).toBe("very low");
    expect(rating.notes.join(" ")).toMatch(/Rating up not applied/);
  });
  it("OR is rated on the same cut-offs, with a note", () => {
    const rating = rateOutcome({ ...observational(3), measure: "OR" }, baselineSpec);
    expect(largeEffect(rating).proposal.levels).toBe(1);
    expect(rating.notes.join(" ")).toMatch(/set for RR; applied here to OR/);
  });
});

describe("dose-response", () => {
  const withDose = (slope: number, pval: number) => rateOutcome({ ...observational(0.7), doseResponse: { slope, pval, k: 6 } }, baselineSpec);
  const dose = (rating: ReturnType<typeof rateOutcome>) => rating.ratingUp.find((r) => r.domain === "doseResponse")!.proposal;
  it("slope p = 0.05: no", () => expect(dose(withDose(-0.1, 0.05)).levels).toBe(0));
  it("slope p = 0.049 strengthening the effect (more dose, lower RR): one level", () => {
    const rating = withDose(-0.1, 0.049);
    expect(dose(rating).levels).toBe(1);
    expect(rating.certainty).toBe("moderate");
  });
  it("slope p = 0.049 weakening the effect: no", () => expect(dose(withDose(0.1, 0.049)).levels).toBe(0));
});

describe("ROBINS-I", () => {
  it("non-randomised evidence assessed with ROBINS-I starts at high", () => {
    const rating = rateOutcome({ ...observational(0.7), robinsI: true }, baselineSpec);
    expect(rating.start).toBe("high");
    expect(rating.startReason).toMatch(/ROBINS-I/);
  });
});
