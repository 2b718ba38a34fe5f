/**
 * Builders of test evidence. The baseline is a body of randomised trials that GRADE would
 * rate high: three large trials at low risk of bias, RR 0.60 (0.50 to 0.72), no
 * heterogeneity, 3,000 participants against an OIS of 1,080 (comparator risk 0.3,
 * RRR 25%). Each test changes one thing.
 */
import type { OutcomeEvidence, OutcomeGradeSpec, StudyEvidence } from "../src/index.js";

export const lowRiskStudy = (id: string, weightPercent: number, n = 1000): StudyEvidence => ({
  id,
  n,
  estimable: true,
  weightPercent,
  riskOfBias: "low",
  indirectness: { population: "no", intervention: "no", comparator: "no", outcome: "no" },
});

export function baseline(changes: Partial<OutcomeEvidence> = {}): OutcomeEvidence {
  return {
    outcome: "remission",
    measure: "RR",
    design: "randomised",
    studies: [lowRiskStudy("A", 40), lowRiskStudy("B", 35), lowRiskStudy("C", 25)],
    pooled: {
      estimate: Math.log(0.6),
      ciLower: Math.log(0.5),
      ciUpper: Math.log(0.72),
      piLower: Math.log(0.5),
      piUpper: Math.log(0.72),
      I2: 0,
      tau2: 0,
      QEp: 0.8,
      k: 3,
      scale: "log",
    },
    ...changes,
  };
}

export const baselineSpec: OutcomeGradeSpec = {
  comparatorRisks: [{ label: "study population", risk: 0.3 }],
};

/** The baseline's pooled result with some fields replaced; ratios given on the ratio scale. */
export function withPooledRatios(
  changes: { estimate?: number; ciLower?: number; ciUpper?: number; piLower?: number; piUpper?: number; I2?: number; tau2?: number; QEp?: number; k?: number },
  base: OutcomeEvidence = baseline(),
): OutcomeEvidence {
  const pooled = base.pooled!;
  const log = (x: number | undefined, fallback: number | undefined) => (x === undefined ? fallback : Math.log(x));
  const piLower = log(changes.piLower, pooled.piLower ?? undefined);
  const piUpper = log(changes.piUpper, pooled.piUpper ?? undefined);
  return {
    ...base,
    pooled: {
      ...pooled,
      estimate: log(changes.estimate, pooled.estimate) as number,
      ciLower: log(changes.ciLower, pooled.ciLower) as number,
      ciUpper: log(changes.ciUpper, pooled.ciUpper) as number,
      ...(piLower === undefined ? {} : { piLower }),
      ...(piUpper === undefined ? {} : { piUpper }),
      I2: changes.I2 ?? pooled.I2,
      tau2: changes.tau2 ?? pooled.tau2,
      QEp: changes.QEp ?? pooled.QEp,
      k: changes.k ?? pooled.k,
    },
  };
}

export function domain(rating: { domains: readonly { domain: string }[] }, name: string) {
  const found = rating.domains.find((d) => d.domain === name);
  if (found === undefined) throw new Error(`no domain ${name}`);
  return found as import("../src/index.js").DomainAssessment;
}
