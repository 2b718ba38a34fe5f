/**
 * The RoB 2 domain judgements the tool's algorithms propose from the signalling answers
 * (decision tables of the RoB 2 guidance, effect of assignment to intervention). Each
 * returns undefined while an answer its path needs is missing or is one the path does not
 * allow (for example NA where the question applies): the proposal is then not made.
 * ROBINS-I has no such algorithm (its guidance leaves the domain judgement to the
 * reviewer), so nothing is proposed for its domains.
 * @reference Sterne JAC et al. (2019), RoB 2: a revised tool for assessing risk of bias in randomised trials, BMJ 366:l4898; Higgins JPT et al. (2019), Revised Cochrane risk-of-bias tool for randomized trials (RoB 2), full guidance document (22 August 2019), the algorithm of each domain
 */
import type { Rob2Judgement, ROB2_DOMAINS, SignallingAnswer } from "./risk-of-bias.js";

type Answers = Readonly<Record<string, SignallingAnswer | undefined>> | undefined;
type Rob2Domain = (typeof ROB2_DOMAINS)[number];

/** Y or PY. */
const yes = (a: SignallingAnswer | undefined): boolean => a === "Y" || a === "PY";
/** N or PN. */
const no = (a: SignallingAnswer | undefined): boolean => a === "N" || a === "PN";
/** N, PN or NI. */
const noOrNi = (a: SignallingAnswer | undefined): boolean => no(a) || a === "NI";
/** Y, PY or NI. */
const yesOrNi = (a: SignallingAnswer | undefined): boolean => yes(a) || a === "NI";

/**
 * D1, randomisation process: concealment (1.2) decides first; a random sequence (1.1) and
 * no baseline problem (1.3) are needed for low.
 * @example proposedRob2Randomisation({ randomSequence: "Y", concealed: "Y", baselineImbalance: "N" }) // "low"
 */
export function proposedRob2Randomisation(a: Answers): Rob2Judgement | undefined {
  const q = a ?? {};
  if (no(q["concealed"])) return "high";
  if (yes(q["concealed"])) {
    if (!yesOrNi(q["randomSequence"]) && !no(q["randomSequence"])) return undefined;
    if (!yesOrNi(q["baselineImbalance"]) && !no(q["baselineImbalance"])) return undefined;
    return yesOrNi(q["randomSequence"]) && noOrNi(q["baselineImbalance"]) ? "low" : "some-concerns";
  }
  if (q["concealed"] === "NI") {
    if (yes(q["baselineImbalance"])) return "high";
    return noOrNi(q["baselineImbalance"]) ? "some-concerns" : undefined;
  }
  return undefined;
}

/** D2 part 1 (2.1-2.5): deviations from the intended intervention that arose from the trial context. */
function deviationsPart(q: Readonly<Record<string, SignallingAnswer | undefined>>): Rob2Judgement | undefined {
  if (no(q["participantsAware"]) && no(q["deliverersAware"])) return "low";
  if (!yesOrNi(q["participantsAware"]) && !yesOrNi(q["deliverersAware"])) return undefined;
  const context = q["trialContextDeviations"];
  if (no(context)) return "low";
  if (context === "NI") return "some-concerns";
  if (!yes(context)) return undefined;
  if (no(q["deviationsAffectOutcome"])) return "some-concerns";
  if (!yesOrNi(q["deviationsAffectOutcome"])) return undefined;
  if (yes(q["deviationsBalanced"])) return "some-concerns";
  return noOrNi(q["deviationsBalanced"]) ? "high" : undefined;
}

/** D2 part 2 (2.6-2.7): the analysis used to estimate the effect of assignment. */
function analysisPart(q: Readonly<Record<string, SignallingAnswer | undefined>>): Rob2Judgement | undefined {
  if (yes(q["appropriateAnalysis"])) return "low";
  if (!noOrNi(q["appropriateAnalysis"])) return undefined;
  if (no(q["analysisImpact"])) return "some-concerns";
  return yesOrNi(q["analysisImpact"]) ? "high" : undefined;
}

/**
 * D2, deviations from intended interventions (effect of assignment): the worse of its two
 * parts, low only when both are low.
 * @example proposedRob2Deviations({ participantsAware: "N", deliverersAware: "N", appropriateAnalysis: "Y" }) // "low"
 */
export function proposedRob2Deviations(a: Answers): Rob2Judgement | undefined {
  const q = a ?? {};
  const parts = [deviationsPart(q), analysisPart(q)];
  if (parts.includes("high")) return "high";
  if (parts.includes(undefined)) return undefined;
  return parts.every((p) => p === "low") ? "low" : "some-concerns";
}

/**
 * D3, missing outcome data.
 * @example proposedRob2MissingData({ nearlyAllData: "Y" }) // "low"
 */
export function proposedRob2MissingData(a: Answers): Rob2Judgement | undefined {
  const q = a ?? {};
  if (yes(q["nearlyAllData"])) return "low";
  if (!noOrNi(q["nearlyAllData"])) return undefined;
  if (yes(q["evidenceNotBiased"])) return "low";
  if (!no(q["evidenceNotBiased"])) return undefined;
  if (no(q["couldDependOnValue"])) return "low";
  if (!yesOrNi(q["couldDependOnValue"])) return undefined;
  if (no(q["likelyDependsOnValue"])) return "some-concerns";
  return yesOrNi(q["likelyDependsOnValue"]) ? "high" : undefined;
}

/**
 * D4, measurement of the outcome: an inappropriate method (4.1) or a measurement that
 * differed between groups (4.2) is high; otherwise the assessors' knowledge decides, and
 * no information on 4.2 caps the judgement at some concerns.
 * @example proposedRob2Measurement({ methodInappropriate: "N", differedBetweenGroups: "N", assessorsAware: "N" }) // "low"
 */
export function proposedRob2Measurement(a: Answers): Rob2Judgement | undefined {
  const q = a ?? {};
  if (yes(q["methodInappropriate"]) || yes(q["differedBetweenGroups"])) return "high";
  if (!noOrNi(q["methodInappropriate"]) || !noOrNi(q["differedBetweenGroups"])) return undefined;
  const best: Rob2Judgement = no(q["differedBetweenGroups"]) ? "low" : "some-concerns";
  if (no(q["assessorsAware"])) return best;
  if (!yesOrNi(q["assessorsAware"])) return undefined;
  if (no(q["couldBeInfluenced"])) return best;
  if (!yesOrNi(q["couldBeInfluenced"])) return undefined;
  if (no(q["likelyInfluenced"])) return "some-concerns";
  return yesOrNi(q["likelyInfluenced"]) ? "high" : undefined;
}

/**
 * D5, selection of the reported result: a result likely selected (5.2 or 5.3) is high;
 * neither selected and a pre-specified plan followed (5.1) is low.
 * @example proposedRob2Selection({ prespecifiedPlan: "Y", selectedFromMeasurements: "N", selectedFromAnalyses: "PN" }) // "low"
 */
export function proposedRob2Selection(a: Answers): Rob2Judgement | undefined {
  const q = a ?? {};
  const picked = [q["selectedFromMeasurements"], q["selectedFromAnalyses"]];
  if (picked.some(yes)) return "high";
  if (!picked.every(noOrNi)) return undefined;
  if (picked.includes("NI")) return "some-concerns";
  if (yes(q["prespecifiedPlan"])) return "low";
  return noOrNi(q["prespecifiedPlan"]) ? "some-concerns" : undefined;
}

const BY_DOMAIN: Readonly<Record<Rob2Domain, (a: Answers) => Rob2Judgement | undefined>> = {
  randomisation: proposedRob2Randomisation,
  deviations: proposedRob2Deviations,
  missingData: proposedRob2MissingData,
  measurement: proposedRob2Measurement,
  selection: proposedRob2Selection,
};

/**
 * The judgement RoB 2's algorithm proposes for a domain from its signalling answers, or
 * undefined while the answers its path needs are not all given.
 * @example proposedRob2Domain("missingData", { nearlyAllData: "N", evidenceNotBiased: "Y" }) // "low"
 */
export function proposedRob2Domain(domain: Rob2Domain, answers: Answers): Rob2Judgement | undefined {
  return BY_DOMAIN[domain](answers);
}
