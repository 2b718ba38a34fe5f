// Property tests (fast-check, fixed seed): certainty never rises when a signal worsens, and
// the rating does not depend on the order of the studies.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CERTAINTY_LEVELS,
  certaintyRank,
  rateOutcome,
  type Concern,
  type OutcomeEvidence,
  type OutcomeGradeSpec,
  type RiskOfBias,
} from "../src/index.js";

const SEED = 20261121;
const RUNS = 400;

const ROB: readonly RiskOfBias[] = ["low", "some concerns", "high"];
const CONCERN: readonly Concern[] = ["no", "serious", "very serious"];

interface Signals {
  design: "randomised" | "non-randomised";
  studies: { n: number; weight: number; rob: number; indirect: number }[];
  estimate: number;
  ciBelow: number;
  ciAbove: number;
  piBelow: number;
  piAbove: number;
  I2: number;
  tau2: number;
  QEp: number;
  testP: number;
  dose: { slope: number; pval: number };
  lowRiskShift: number | null;
}

const unit = fc.double({ min: 0, max: 1, noNaN: true });
const signalsArb: fc.Arbitrary<Signals> = fc.record({
  design: fc.constantFrom("randomised" as const, "non-randomised" as const),
  studies: fc.array(
    fc.record({
      n: fc.integer({ min: 1, max: 2000 }),
      weight: fc.double({ min: 0.5, max: 50, noNaN: true }),
      rob: fc.integer({ min: 0, max: 2 }),
      indirect: fc.integer({ min: 0, max: 2 }),
    }),
    { minLength: 1, maxLength: 14 },
  ),
  estimate: fc.double({ min: -2.5, max: 2.5, noNaN: true }),
  ciBelow: fc.double({ min: 0.01, max: 1.5, noNaN: true }),
  ciAbove: fc.double({ min: 0.01, max: 1.5, noNaN: true }),
  piBelow: fc.double({ min: 0, max: 1.5, noNaN: true }),
  piAbove: fc.double({ min: 0, max: 1.5, noNaN: true }),
  I2: fc.double({ min: 0, max: 99, noNaN: true }),
  tau2: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
  QEp: unit,
  testP: unit,
  dose: fc.record({ slope: fc.double({ min: -1, max: 1, noNaN: true }), pval: unit }),
  lowRiskShift: fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: null }),
});

function toEvidence(s: Signals): OutcomeEvidence {
  const k = s.studies.length;
  const ciLower = s.estimate - s.ciBelow;
  const ciUpper = s.estimate + s.ciAbove;
  return {
    outcome: "outcome",
    measure: "RR",
    design: s.design,
    studies: s.studies.map((st, i) => ({
      id: `S${i}`,
      n: st.n,
      estimable: true,
      weightPercent: st.weight,
      riskOfBias: ROB[st.rob]!,
      indirectness: { population: CONCERN[st.indirect]!, intervention: "no", comparator: "no", outcome: "no" },
    })),
    pooled: {
      estimate: s.estimate,
      ciLower,
      ciUpper,
      piLower: ciLower - s.piBelow,
      piUpper: ciUpper + s.piAbove,
      I2: s.I2,
      tau2: s.tau2,
      QEp: s.QEp,
      k,
      scale: "log",
    },
    smallStudyTest: { method: "Egger", k, pval: s.testP },
    doseResponse: { slope: s.dose.slope, pval: s.dose.pval, k },
    ...(s.lowRiskShift === null
      ? {}
      : { lowRiskOnly: { estimate: s.estimate + s.lowRiskShift, ciLower: s.estimate + s.lowRiskShift - 0.3, ciUpper: s.estimate + s.lowRiskShift + 0.3, scale: "log" as const } }),
  };
}

const spec: OutcomeGradeSpec = { comparatorRisks: [{ label: "study population", risk: 0.2 }] };

/** One signal made worse, everything else held fixed. */
type Worsening = (s: Signals) => Signals;
const pick = (s: Signals, i: number) => i % s.studies.length;
const worsenings: fc.Arbitrary<[string, Worsening]> = fc.oneof(
  fc.nat().map((i): [string, Worsening] => ["a study's risk of bias one step worse", (s) => ({
    ...s,
    studies: s.studies.map((st, j) => (j === pick(s, i) ? { ...st, rob: Math.min(2, st.rob + 1) } : st)),
  })]),
  fc.nat().map((i): [string, Worsening] => ["a study's indirectness one step worse", (s) => ({
    ...s,
    studies: s.studies.map((st, j) => (j === pick(s, i) ? { ...st, indirect: Math.min(2, st.indirect + 1) } : st)),
  })]),
  fc.tuple(unit, unit).map(([a, b]): [string, Worsening] => ["a wider confidence interval", (s) => ({ ...s, ciBelow: s.ciBelow + a, ciAbove: s.ciAbove + b })]),
  fc.tuple(unit, unit).map(([a, b]): [string, Worsening] => ["a wider prediction interval", (s) => ({ ...s, piBelow: s.piBelow + a, piAbove: s.piAbove + b })]),
  unit.map((d): [string, Worsening] => ["a higher I2", (s) => ({ ...s, I2: Math.min(99.9, s.I2 + 60 * d) })]),
  unit.map((d): [string, Worsening] => ["a larger tau2", (s) => ({ ...s, tau2: s.tau2 + d })]),
  unit.map((f): [string, Worsening] => ["a smaller Q test p-value", (s) => ({ ...s, QEp: s.QEp * f })]),
  fc.tuple(fc.nat(), unit).map(([i, f]): [string, Worsening] => ["fewer participants in a study", (s) => ({
    ...s,
    studies: s.studies.map((st, j) => (j === pick(s, i) ? { ...st, n: Math.floor(st.n * f) } : st)),
  })]),
  unit.map((f): [string, Worsening] => ["a smaller small-study test p-value", (s) => ({ ...s, testP: s.testP * f })]),
  unit.map((d): [string, Worsening] => ["a weaker dose-response p-value", (s) => ({ ...s, dose: { ...s.dose, pval: s.dose.pval + (1 - s.dose.pval) * d } })]),
);

describe("properties of rateOutcome", () => {
  it("certainty never rises, and no domain's concern falls, when one signal worsens", () => {
    fc.assert(
      fc.property(signalsArb, worsenings, (signals, [, worsen]) => {
        const before = rateOutcome(toEvidence(signals), spec);
        const after = rateOutcome(toEvidence(worsen(signals)), spec);
        expect(certaintyRank(after.certainty)).toBeLessThanOrEqual(certaintyRank(before.certainty));
        after.domains.forEach((d, i) => expect(d.final.levels).toBeLessThanOrEqual(before.domains[i]!.final.levels));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("a reviewer's judgement of a worse concern never raises certainty", () => {
    fc.assert(
      fc.property(signalsArb, fc.constantFrom("riskOfBias", "inconsistency", "indirectness", "imprecision", "publicationBias" as const), (signals, name) => {
        const before = rateOutcome(toEvidence(signals), spec);
        const d = before.domains.find((x) => x.domain === name)!;
        const worse = d.final.levels === 0 ? "serious" : "very serious";
        const after = rateOutcome(toEvidence(signals), { ...spec, judgements: { [name]: { concern: worse, reason: "reviewer judgement" } } });
        expect(certaintyRank(after.certainty)).toBeLessThanOrEqual(certaintyRank(before.certainty));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("the rating does not depend on the order of the studies", () => {
    fc.assert(
      fc.property(signalsArb, fc.nat(), (signals, shift) => {
        const r = shift % signals.studies.length;
        const rotated = { ...signals, studies: [...signals.studies.slice(r), ...signals.studies.slice(0, r)] };
        const a = rateOutcome(toEvidence(signals), spec);
        const b = rateOutcome(toEvidence(rotated), spec);
        expect(b.certainty).toBe(a.certainty);
        expect(b.domains.map((d) => d.proposal.rule)).toEqual(a.domains.map((d) => d.proposal.rule));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("the certainty is one of the four levels and equals the clamped sum of the changes", () => {
    fc.assert(
      fc.property(signalsArb, (signals) => {
        const rating = rateOutcome(toEvidence(signals), spec);
        expect(CERTAINTY_LEVELS).toContain(rating.certainty);
        const sum = rating.changes.reduce((acc, c) => acc + c.levels, certaintyRank(rating.start));
        expect(certaintyRank(rating.certainty)).toBe(Math.min(4, Math.max(1, sum)));
        for (const d of rating.domains) expect([0, -1, -2]).toContain(d.final.levels);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
