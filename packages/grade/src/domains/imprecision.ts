/**
 * Imprecision: is the confidence interval narrow enough for a decision, and is there enough
 * information behind it?
 * Rules, in order:
 *   very serious  no estimate at all (no study could be estimated), or the CI crosses two
 *                 or more decision thresholds (e.g. the null and the MID);
 *   serious       the CI crosses one threshold, or the participants fall short of the OIS;
 *   no            the CI stays within one decision region and the OIS is met (or cannot be
 *                 computed, which a note says);
 *   not assessable  no thresholds and no OIS (a proportion with no threshold in the spec).
 * @reference Guyatt et al. (2011) GRADE guidelines 6: imprecision, J Clin Epidemiol
 *   64:1283-1293 (CI against thresholds, then OIS); Zeng et al. (2022) GRADE guidance 34,
 *   J Clin Epidemiol 150:216-224 (crossing more than one threshold: two levels).
 */
import {
  OIS_DEFAULT_ALPHA,
  OIS_DEFAULT_POWER,
  OIS_DEFAULT_RELATIVE_RISK_REDUCTION,
} from "../thresholds.js";
import { describeThresholds, formatNumber, thresholdsCrossed } from "../decisionThresholds.js";
import { isDichotomous, toNaturalScale } from "../measures.js";
import {
  binaryOptimalInformationSize,
  continuousOptimalInformationSize,
  type OptimalInformationSize,
} from "../optimalInformationSize.js";
import type { PreparedOutcome } from "../prepare.js";
import { makeProposal } from "../proposal.js";
import type { Proposal } from "../types.js";

const SOURCE = "Guyatt et al. 2011, GRADE guidelines 6 (J Clin Epidemiol 64:1283); Zeng et al. 2022, GRADE guidance 34";

export interface OisResult {
  readonly ois?: OptimalInformationSize;
  /** Why the OIS could not be computed, or which defaults it used. */
  readonly notes: readonly string[];
}

/** The OIS for the outcome from the spec, with documented defaults; notes say what was assumed. */
export function outcomeOptimalInformationSize(p: PreparedOutcome): OisResult {
  const given = p.spec.optimalInformationSize ?? {};
  const alpha = given.alpha ?? OIS_DEFAULT_ALPHA;
  const power = given.power ?? OIS_DEFAULT_POWER;
  if (isDichotomous(p.measure)) {
    const observed = p.evidence.comparatorArms;
    const observedRisk = observed !== undefined && observed.total > 0 ? observed.events / observed.total : undefined;
    const controlRisk = given.controlRisk ?? p.spec.comparatorRisks?.[0]?.risk ?? observedRisk;
    if (controlRisk === undefined || !(controlRisk > 0 && controlRisk < 1)) {
      return { notes: ["OIS not computed: no comparator risk strictly between 0 and 1 in the spec or the data."] };
    }
    const relativeRiskReduction = given.relativeRiskReduction ?? OIS_DEFAULT_RELATIVE_RISK_REDUCTION;
    const ois = binaryOptimalInformationSize({ controlRisk, relativeRiskReduction, alpha, power });
    return { ois, notes: [`OIS for a comparator risk of ${formatNumber(controlRisk)}, a relative risk reduction of ${formatNumber(relativeRiskReduction)}, alpha ${alpha}, power ${power}: ${ois.total} participants.`] };
  }
  if (p.measure === "MD" || p.measure === "SMD") {
    const difference = given.difference ?? p.spec.importantDifference;
    const sd = given.sd ?? (p.measure === "SMD" ? 1 : undefined);
    if (difference === undefined || sd === undefined) {
      return { notes: [`OIS not computed: the spec gives no ${difference === undefined ? "difference to detect (or MID)" : "standard deviation"}.`] };
    }
    const ois = continuousOptimalInformationSize({ difference, sd, alpha, power });
    return { ois, notes: [`OIS for a difference of ${formatNumber(difference)} with SD ${formatNumber(sd)}, alpha ${alpha}, power ${power}: ${ois.total} participants.`] };
  }
  return { notes: ["OIS not computed: it is defined for comparisons of two groups."] };
}

export function imprecisionProposal(p: PreparedOutcome, oisResult: OisResult): Proposal {
  const ois = oisResult.ois;
  const threshold = {
    decisionThresholds: describeThresholds(p.measure, p.thresholds.values),
    thresholdBasis: p.thresholds.basis,
    optimalInformationSize: ois === undefined ? null : ois.total,
  };
  const pooled = p.pooled;
  if (pooled === undefined && p.evidence.notPooled !== undefined) {
    const explanation = `Described study by study, not pooled (${p.evidence.notPooled}): no pooled confidence interval; the reviewer judges precision from the studies' own intervals and sizes.`;
    return makeProposal("not assessable", "imprecision.not-pooled", { participants: p.participants }, threshold, explanation, SOURCE);
  }
  if (pooled === undefined) {
    return makeProposal("very serious", "imprecision.no-estimate", { participants: p.participants }, threshold, "No study could be estimated: there is no effect estimate and no confidence interval.", SOURCE);
  }
  const crossed = thresholdsCrossed(pooled.ciLower, pooled.ciUpper, p.thresholds.values);
  const oisMet = ois === undefined ? null : p.participants >= ois.total;
  const ci = `the ${formatNumber(pooled.level)}% CI ${formatNumber(toNaturalScale(p.measure, pooled.ciLower))} to ${formatNumber(toNaturalScale(p.measure, pooled.ciUpper))}`;
  const size = ois === undefined ? "" : `; ${p.participants} participants against an OIS of ${ois.total}`;
  const signal = {
    ciLower: toNaturalScale(p.measure, pooled.ciLower),
    ciUpper: toNaturalScale(p.measure, pooled.ciUpper),
    thresholdsCrossedByCI: describeThresholds(p.measure, crossed),
    participants: p.participants,
    oisMet,
  };
  if (p.thresholds.values.length === 0 && ois === undefined) {
    return makeProposal("not assessable", "imprecision.no-thresholds", signal, threshold, "No decision threshold and no OIS: the spec must give a threshold.", SOURCE);
  }
  if (crossed.length >= 2) {
    return makeProposal("very serious", "imprecision.ci-crosses-two-thresholds", signal, threshold, `${ci} crosses ${describeThresholds(p.measure, crossed)}${size}.`, SOURCE);
  }
  if (crossed.length === 1) {
    return makeProposal("serious", "imprecision.ci-crosses-one-threshold", signal, threshold, `${ci} crosses ${describeThresholds(p.measure, crossed)}${size}.`, SOURCE);
  }
  if (oisMet === false) {
    return makeProposal("serious", "imprecision.ois-not-met", signal, threshold, `${ci} crosses no decision threshold${size}.`, SOURCE);
  }
  return makeProposal("no", "imprecision.ci-within-one-region", signal, threshold, `${ci} crosses no decision threshold${size}.`, SOURCE);
}
