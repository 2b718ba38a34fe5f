/**
 * A study's risk-of-bias judgement as GRADE's risk-of-bias domain reads it, from the overall
 * judgement of the tool that assessed it: RoB 2 for randomised trials, ROBINS-I for
 * non-randomised studies. The one place the tools' codes meet GRADE's three levels.
 *   RoB 2:    low -> low; some concerns -> some concerns; high -> high.
 *   ROBINS-I: low -> low; moderate -> some concerns; serious or critical -> high;
 *             no information -> no judgement (the study counts as unassessed).
 * @reference Sterne et al. (2019), RoB 2, BMJ 366:l4898 (overall judgements); Sterne et al.
 *   (2016), ROBINS-I, BMJ 355:i4919; Schünemann et al. (2019), GRADE guidelines 18: how
 *   ROBINS-I and other tools to assess risk of bias in nonrandomized studies should be used
 *   to rate the certainty of a body of evidence, J Clin Epidemiol 111:105-114
 */
import type { RiskOfBias } from "./types.js";

/** RoB 2 overall judgements, as the extraction schema codes them. */
export const ROB2_OVERALL = ["low", "some-concerns", "high"] as const;
export type Rob2Overall = (typeof ROB2_OVERALL)[number];

/** ROBINS-I overall judgements, as the extraction schema codes them. */
export const ROBINS_I_OVERALL = ["low", "moderate", "serious", "critical", "no-information"] as const;
export type RobinsIOverall = (typeof ROBINS_I_OVERALL)[number];

export type RiskOfBiasJudgement = { readonly tool: "RoB 2"; readonly overall: Rob2Overall } | { readonly tool: "ROBINS-I"; readonly overall: RobinsIOverall };

const FROM_ROB2: Readonly<Record<Rob2Overall, RiskOfBias>> = { low: "low", "some-concerns": "some concerns", high: "high" };
const FROM_ROBINS_I: Readonly<Record<RobinsIOverall, RiskOfBias | undefined>> = {
  low: "low",
  moderate: "some concerns",
  serious: "high",
  critical: "high",
  "no-information": undefined,
};

/**
 * GRADE's risk of bias of a study from its tool's overall judgement; undefined for ROBINS-I
 * "no information".
 * @example gradeRiskOfBias({ tool: "ROBINS-I", overall: "moderate" }) // "some concerns"
 */
export function gradeRiskOfBias(judgement: RiskOfBiasJudgement): RiskOfBias | undefined {
  return judgement.tool === "RoB 2" ? FROM_ROB2[judgement.overall] : FROM_ROBINS_I[judgement.overall];
}

const ORDER: readonly RiskOfBias[] = ["low", "some concerns", "high"];

/** The worst of several judgements (high > some concerns > low), or undefined for none. */
export function worstRiskOfBias(judgements: readonly RiskOfBias[]): RiskOfBias | undefined {
  return judgements.length === 0 ? undefined : judgements.reduce((worst, j) => (ORDER.indexOf(j) > ORDER.indexOf(worst) ? j : worst));
}
