/**
 * Reviewer judgements: a judgement in the spec replaces a rule's proposal, only with a
 * written reason; both are kept so the report can show them side by side.
 */
import { MetakitError } from "@metakit/base";
import { requireOneOf, requireReason } from "./checks.js";
import { concernLevels } from "./proposal.js";
import {
  CONCERNS,
  RATE_DOWN_DOMAINS,
  RATE_UP_DOMAINS,
  type DomainAssessment,
  type Judgements,
  type Proposal,
  type RateDownDomain,
  type RateUpDomain,
  type RatingUpAssessment,
  type RatingUpProposal,
} from "./types.js";

/** Most levels each reason can rate up (GRADE guidelines 9). */
const MAX_UP: Readonly<Record<RateUpDomain, number>> = { largeEffect: 2, doseResponse: 1, residualConfounding: 1 };

/** Refuse judgements for domains that do not exist (a typo would otherwise be ignored). */
export function checkJudgementDomains(judgements: Judgements, outcome: string): void {
  const known: readonly string[] = [...RATE_DOWN_DOMAINS, ...RATE_UP_DOMAINS];
  for (const key of Object.keys(judgements)) {
    if (!known.includes(key)) {
      throw new MetakitError("INVALID_INPUT", `judgements: unknown domain ${key}`, { outcome, field: "judgements", value: key });
    }
  }
}

export function assessDomain(domain: RateDownDomain, proposal: Proposal, judgements: Judgements, outcome: string): DomainAssessment {
  const judgement = judgements[domain];
  if (judgement === undefined) {
    return { domain, proposal, final: { concern: proposal.concern, levels: proposal.levels, by: "rule", reason: proposal.explanation } };
  }
  const field = `judgements.${domain}`;
  const reason = requireReason(judgement.reason, `${field}.reason`, { outcome });
  const concern = requireOneOf(judgement.concern, CONCERNS, `${field}.concern`, { outcome });
  return { domain, proposal, final: { concern, levels: concernLevels(concern), by: "reviewer", reason } };
}

export function assessRatingUp(domain: RateUpDomain, proposal: RatingUpProposal, judgements: Judgements, outcome: string): RatingUpAssessment {
  const judgement = judgements[domain];
  if (judgement === undefined) {
    return { domain, proposal, final: { levels: proposal.levels, by: "rule", reason: proposal.explanation } };
  }
  const field = `judgements.${domain}`;
  const reason = requireReason(judgement.reason, `${field}.reason`, { outcome });
  const levels = judgement.levels;
  if (!(Number.isInteger(levels) && levels >= 0 && levels <= MAX_UP[domain])) {
    throw new MetakitError("INVALID_INPUT", `${field}.levels must be a whole number from 0 to ${MAX_UP[domain]}`, { outcome, field: `${field}.levels`, value: levels });
  }
  return { domain, proposal, final: { levels, by: "reviewer", reason } };
}
