import { z } from "zod";
import { Id, Text } from "./cells.js";

export const ROB2_JUDGEMENTS = ["low", "some-concerns", "high"] as const;
export const ROBINS_I_JUDGEMENTS = ["low", "moderate", "serious", "critical", "no-information"] as const;

const rob2Domain = z.strictObject({ judgement: z.enum(ROB2_JUDGEMENTS), support: Text.describe("Why.") });
const robinsDomain = z.strictObject({ judgement: z.enum(ROBINS_I_JUDGEMENTS), support: Text.describe("Why.") });

export const RoB2 = z
  .strictObject({
    id: Id,
    study: Id,
    result: Id.describe("The result assessed (RoB 2 is per result)."),
    randomisation: rob2Domain.describe("D1 bias arising from the randomisation process."),
    deviations: rob2Domain.describe("D2 bias due to deviations from intended interventions."),
    missingData: rob2Domain.describe("D3 bias due to missing outcome data."),
    measurement: rob2Domain.describe("D4 bias in measurement of the outcome."),
    selection: rob2Domain.describe("D5 bias in selection of the reported result."),
    overall: rob2Domain,
    assessor: Text.optional(),
  })
  .describe("Cochrane RoB 2 assessment of one result of a randomised trial.");
export type RoB2 = z.output<typeof RoB2>;

export const RobinsI = z
  .strictObject({
    id: Id,
    study: Id,
    result: Id.optional(),
    confounding: robinsDomain,
    selection: robinsDomain.describe("Bias in selection of participants."),
    classification: robinsDomain.describe("Bias in classification of interventions."),
    deviations: robinsDomain,
    missingData: robinsDomain,
    measurement: robinsDomain,
    reportedResult: robinsDomain.describe("Bias in selection of the reported result."),
    overall: robinsDomain,
    assessor: Text.optional(),
  })
  .describe("ROBINS-I assessment of a non-randomised study.");
export type RobinsI = z.output<typeof RobinsI>;

export type Rob2Judgement = (typeof ROB2_JUDGEMENTS)[number];
export type RobinsIJudgement = (typeof ROBINS_I_JUDGEMENTS)[number];

/** The five RoB 2 domains, in the tool's order (D1-D5). */
export const ROB2_DOMAINS = ["randomisation", "deviations", "missingData", "measurement", "selection"] as const;
/** The seven ROBINS-I domains, in the tool's order. */
export const ROBINS_I_DOMAINS = ["confounding", "selection", "classification", "deviations", "missingData", "measurement", "reportedResult"] as const;

/**
 * The overall RoB 2 judgement the tool's algorithm proposes from the domain judgements:
 * low when every domain is low, high when any domain is high, some concerns otherwise.
 * The tool lets reviewers judge several some-concerns domains as high overall; that is
 * their call, so it is never proposed here.
 * @reference Sterne et al. (2019), BMJ 366:l4898, Table 2 (overall risk-of-bias judgement)
 * @example proposedRob2Overall(["low", "some-concerns", "low", "low", "low"]) // "some-concerns"
 */
export function proposedRob2Overall(domains: readonly Rob2Judgement[]): Rob2Judgement {
  if (domains.includes("high")) return "high";
  return domains.every((d) => d === "low") ? "low" : "some-concerns";
}

/**
 * The overall ROBINS-I judgement the tool proposes from the domain judgements: the most
 * severe one (critical > serious > moderate > low); no information when a domain has no
 * information and none is serious or critical.
 * @reference Sterne et al. (2016), BMJ 355:i4919, Table 2 (overall risk of bias)
 * @example proposedRobinsIOverall(["low", "moderate", "low", "low", "low", "low", "low"]) // "moderate"
 */
export function proposedRobinsIOverall(domains: readonly RobinsIJudgement[]): RobinsIJudgement {
  for (const level of ["critical", "serious"] as const) if (domains.includes(level)) return level;
  if (domains.includes("no-information")) return "no-information";
  return domains.includes("moderate") ? "moderate" : "low";
}
