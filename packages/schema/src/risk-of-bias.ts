import { z } from "zod";
import { Id, Text } from "./cells.js";

export const ROB2_JUDGEMENTS = ["low", "some-concerns", "high"] as const;
export const ROBINS_I_JUDGEMENTS = ["low", "moderate", "serious", "critical", "no-information"] as const;

/**
 * The answers to a signalling question: yes, probably yes, probably no, no, no information,
 * not applicable (a question the answers before it skip).
 * @reference Sterne et al. (2019), BMJ 366:l4898, Box 1; Sterne et al. (2016), BMJ 355:i4919
 */
export const SIGNALLING_ANSWERS = ["Y", "PY", "PN", "N", "NI", "NA"] as const;
export type SignallingAnswer = (typeof SIGNALLING_ANSWERS)[number];
const Answer = z.enum(SIGNALLING_ANSWERS);

/** Signalling questions of a domain: key, then the question's number and a short label (our words, not the tool's). */
type Questions = readonly (readonly [key: string, label: string])[];

/** RoB 2 signalling questions by domain (effect of assignment to intervention for D2). */
export const ROB2_QUESTIONS = {
  randomisation: [
    ["randomSequence", "1.1 Allocation sequence random?"],
    ["concealed", "1.2 Allocation concealed until enrolment and assignment?"],
    ["baselineImbalance", "1.3 Baseline differences suggest a problem with randomisation?"],
  ],
  deviations: [
    ["participantsAware", "2.1 Participants aware of their assigned intervention?"],
    ["deliverersAware", "2.2 Carers or those delivering aware of the assignment?"],
    ["trialContextDeviations", "2.3 Deviations from the intended intervention because of the trial context? (if 2.1 or 2.2 Y/PY/NI)"],
    ["deviationsAffectOutcome", "2.4 Were those deviations likely to affect the outcome? (if 2.3 Y/PY)"],
    ["deviationsBalanced", "2.5 Were those deviations balanced between groups? (if 2.4 Y/PY/NI)"],
    ["appropriateAnalysis", "2.6 Analysis appropriate to estimate the effect of assignment?"],
    ["analysisImpact", "2.7 Could analysing participants outside their randomised group substantially change the result? (if 2.6 N/PN/NI)"],
  ],
  missingData: [
    ["nearlyAllData", "3.1 Outcome data available for all or nearly all randomised?"],
    ["evidenceNotBiased", "3.2 Evidence that missing data did not bias the result? (if 3.1 N/PN/NI)"],
    ["couldDependOnValue", "3.3 Could missingness depend on the true outcome? (if 3.2 N/PN)"],
    ["likelyDependsOnValue", "3.4 Is it likely that missingness depended on the true outcome? (if 3.3 Y/PY/NI)"],
  ],
  measurement: [
    ["methodInappropriate", "4.1 Method of measuring the outcome inappropriate?"],
    ["differedBetweenGroups", "4.2 Could measurement have differed between groups?"],
    ["assessorsAware", "4.3 Outcome assessors aware of the intervention received? (if 4.1 and 4.2 N/PN/NI)"],
    ["couldBeInfluenced", "4.4 Could that knowledge have influenced the assessment? (if 4.3 Y/PY/NI)"],
    ["likelyInfluenced", "4.5 Is it likely that it did? (if 4.4 Y/PY/NI)"],
  ],
  selection: [
    ["prespecifiedPlan", "5.1 Analysed by a plan fixed before unblinded outcome data were seen?"],
    ["selectedFromMeasurements", "5.2 Result likely selected from several eligible outcome measurements?"],
    ["selectedFromAnalyses", "5.3 Result likely selected from several eligible analyses?"],
  ],
} as const satisfies Record<string, Questions>;

/** ROBINS-I signalling questions by domain (effect of assignment to intervention for domain 4). */
export const ROBINS_I_QUESTIONS = {
  confounding: [
    ["potentialConfounding", "1.1 Potential for confounding of the effect?"],
    ["splitFollowUp", "1.2 Follow-up time split by intervention received? (if 1.1 Y/PY)"],
    ["switchesPrognostic", "1.3 Discontinuations or switches related to prognostic factors? (if 1.2 Y/PY)"],
    ["controlledConfounding", "1.4 Analysis controlled for all important confounding domains?"],
    ["confoundersMeasuredWell", "1.5 Those confounders measured validly and reliably? (if 1.4 Y/PY)"],
    ["postInterventionControlled", "1.6 Adjusted for post-intervention variables the intervention could affect?"],
    ["timeVaryingAdjusted", "1.7 Analysis adjusted for time-varying confounding? (if 1.3 Y/PY)"],
    ["timeVaryingMeasuredWell", "1.8 Those time-varying confounders measured validly and reliably? (if 1.7 Y/PY)"],
  ],
  selection: [
    ["selectionAfterStart", "2.1 Selection based on characteristics observed after the intervention started?"],
    ["selectionLinkedToIntervention", "2.2 Those post-intervention variables associated with the intervention? (if 2.1 Y/PY)"],
    ["selectionLinkedToOutcome", "2.3 Those variables influenced by the outcome or its cause? (if 2.2 Y/PY)"],
    ["startsCoincide", "2.4 Start of follow-up and of intervention coincide for most?"],
    ["selectionCorrected", "2.5 Adjustment likely to correct for selection bias? (if 2.2 and 2.3, or 2.4 N/PN)"],
  ],
  classification: [
    ["groupsDefined", "3.1 Intervention groups clearly defined?"],
    ["recordedAtStart", "3.2 Group information recorded at the start of the intervention?"],
    ["classificationByOutcome", "3.3 Could knowledge of the outcome have affected the classification?"],
  ],
  deviations: [
    ["beyondUsualPractice", "4.1 Deviations beyond what usual practice would bring?"],
    ["deviationsUnbalanced", "4.2 Those deviations unbalanced and likely to affect the outcome? (if 4.1 Y/PY)"],
  ],
  missingData: [
    ["nearlyAllData", "5.1 Outcome data for all or nearly all participants?"],
    ["excludedInterventionMissing", "5.2 Participants excluded for missing intervention status?"],
    ["excludedOtherMissing", "5.3 Participants excluded for missing data on other analysis variables?"],
    ["missingSimilar", "5.4 Proportions and reasons for missing data similar across groups? (if 5.1 N/PN or 5.2, 5.3 Y/PY)"],
    ["robustToMissing", "5.5 Evidence that the result is robust to the missing data? (if 5.1 N/PN or 5.2, 5.3 Y/PY)"],
  ],
  measurement: [
    ["measureInfluenced", "6.1 Could knowing the intervention have influenced the outcome measure?"],
    ["assessorsAware", "6.2 Outcome assessors aware of the intervention received?"],
    ["comparableMethods", "6.3 Outcome assessment methods comparable across groups?"],
    ["systematicErrors", "6.4 Systematic measurement errors related to the intervention received?"],
  ],
  reportedResult: [
    ["selectedFromMeasurements", "7.1 Estimate likely selected from several outcome measurements?"],
    ["selectedFromAnalyses", "7.2 Estimate likely selected from several analyses?"],
    ["selectedFromSubgroups", "7.3 Estimate likely selected from several subgroups?"],
  ],
} as const satisfies Record<string, Questions>;

/** The optional answers of a domain's signalling questions, each key labelled by its question. */
function answersOf(questions: Questions) {
  return z
    .strictObject(Object.fromEntries(questions.map(([key, label]) => [key, Answer.optional().describe(label)])) as Record<string, z.ZodOptional<typeof Answer>>)
    .optional()
    .describe("Signalling questions (Y, PY, PN, N, NI, NA); optional.");
}

function rob2Domain(domain: keyof typeof ROB2_QUESTIONS) {
  return z.strictObject({ judgement: z.enum(ROB2_JUDGEMENTS), support: Text.describe("Why."), answers: answersOf(ROB2_QUESTIONS[domain]) });
}
function robinsDomain(domain: keyof typeof ROBINS_I_QUESTIONS) {
  return z.strictObject({ judgement: z.enum(ROBINS_I_JUDGEMENTS), support: Text.describe("Why."), answers: answersOf(ROBINS_I_QUESTIONS[domain]) });
}
const overallRob2 = z.strictObject({ judgement: z.enum(ROB2_JUDGEMENTS), support: Text.describe("Why.") });
const overallRobins = z.strictObject({ judgement: z.enum(ROBINS_I_JUDGEMENTS), support: Text.describe("Why.") });

export const RoB2 = z
  .strictObject({
    id: Id,
    study: Id,
    result: Id.describe("The result assessed (RoB 2 is per result)."),
    randomisation: rob2Domain("randomisation").describe("D1 bias arising from the randomisation process."),
    deviations: rob2Domain("deviations").describe("D2 bias due to deviations from intended interventions."),
    missingData: rob2Domain("missingData").describe("D3 bias due to missing outcome data."),
    measurement: rob2Domain("measurement").describe("D4 bias in measurement of the outcome."),
    selection: rob2Domain("selection").describe("D5 bias in selection of the reported result."),
    overall: overallRob2,
    assessor: Text.optional(),
  })
  .describe("Cochrane RoB 2 assessment of one result of a randomised trial.");
export type RoB2 = z.output<typeof RoB2>;

export const RobinsI = z
  .strictObject({
    id: Id,
    study: Id,
    result: Id.optional(),
    confounding: robinsDomain("confounding"),
    selection: robinsDomain("selection").describe("Bias in selection of participants."),
    classification: robinsDomain("classification").describe("Bias in classification of interventions."),
    deviations: robinsDomain("deviations"),
    missingData: robinsDomain("missingData"),
    measurement: robinsDomain("measurement"),
    reportedResult: robinsDomain("reportedResult").describe("Bias in selection of the reported result."),
    overall: overallRobins,
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
