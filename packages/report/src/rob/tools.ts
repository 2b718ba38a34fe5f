/**
 * The two risk-of-bias tools the schema records: their domains (in the tools' order, keyed
 * D1, D2, ... as robvis and the tools' own figures key them) and their judgement levels,
 * from least to most concern.
 * @reference Sterne JAC et al. (2019) RoB 2: a revised tool for assessing risk of bias in randomised trials. BMJ 366:l4898 (Table 1)
 * @reference Sterne JAC et al. (2016) ROBINS-I: a tool for assessing risk of bias in non-randomised studies of interventions. BMJ 355:i4919 (Table 2)
 */
import type { RobDomain } from "../forest/types.js";
import type { RobJudgement } from "./judgements.js";
import type { RobTool } from "./types.js";

export interface RobToolDefinition {
  readonly domains: readonly RobDomain[];
  /** Judgements the tool allows, least concern first ("no information" last). */
  readonly levels: readonly RobJudgement[];
  /** How the legend names each level, e.g. "Low risk" (RoB 2) or "Low" (ROBINS-I). */
  readonly levelNames: Readonly<Partial<Record<RobJudgement, string>>>;
}

const domains = (names: readonly string[]): RobDomain[] => names.map((name, i) => ({ key: `D${i + 1}`, name }));

export const ROB_TOOL_DEFINITIONS: Readonly<Record<RobTool, RobToolDefinition>> = {
  "RoB 2": {
    domains: domains([
      "Bias arising from the randomisation process",
      "Bias due to deviations from intended interventions",
      "Bias due to missing outcome data",
      "Bias in measurement of the outcome",
      "Bias in selection of the reported result",
    ]),
    levels: ["low", "some concerns", "high"],
    levelNames: { low: "Low risk", "some concerns": "Some concerns", high: "High risk" },
  },
  "ROBINS-I": {
    domains: domains([
      "Bias due to confounding",
      "Bias in selection of participants into the study",
      "Bias in classification of interventions",
      "Bias due to deviations from intended interventions",
      "Bias due to missing data",
      "Bias in measurement of outcomes",
      "Bias in selection of the reported result",
    ]),
    levels: ["low", "moderate", "serious", "critical", "no information"],
    levelNames: { low: "Low", moderate: "Moderate", serious: "Serious", critical: "Critical", "no information": "No information" },
  },
};

/** Key and name of the overall-judgement column, after the domains. */
export const OVERALL_DOMAIN: RobDomain = { key: "O", name: "Overall risk of bias" };

/**
 * The forest plot's risk-of-bias columns for a tool: D1..Dn, then the overall judgement
 * ("O"); a row's `rob` is then `[...assessment.domains, assessment.overall]`.
 */
export function forestRobDomains(tool: RobTool): RobDomain[] {
  return [...ROB_TOOL_DEFINITIONS[tool].domains, OVERALL_DOMAIN];
}
