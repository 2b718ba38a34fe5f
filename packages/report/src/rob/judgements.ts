/**
 * Risk-of-bias judgements, as the figures name them: RoB 2's levels (low, some concerns,
 * high), ROBINS-I's (low, moderate, serious, critical, no information), RoB 1's
 * "unclear", and "not applicable" for a domain that does not apply. The extraction
 * schema's codes ("some-concerns", "no-information") map onto these at the edge.
 */
export const ROB_JUDGEMENTS = ["low", "some concerns", "moderate", "unclear", "high", "serious", "critical", "no information", "not applicable"] as const;
export type RobJudgement = (typeof ROB_JUDGEMENTS)[number];
