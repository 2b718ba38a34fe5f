/**
 * Inconsistency: unexplained heterogeneity that matters for the decision. It matters when
 * the prediction interval (where the effect of a new study would lie) crosses decision
 * thresholds that a consistent body of evidence would not.
 * Rules, in order:
 *   not assessable  no pooled estimate, or a single study;
 *   no              no heterogeneity worth the name: tau2 = 0, or I2 < 50% and Q p >= 0.10;
 *   with a prediction interval and thresholds:
 *     very serious  the PI crosses two or more thresholds (e.g. the null and the MID: it
 *                   spans benefit and harm and an important effect);
 *     serious       the PI crosses one threshold;
 *     no            the PI stays within one decision region;
 *   without them:
 *     serious       I2 >= 75% ("considerable");
 *     no            otherwise.
 * @reference Guyatt et al. (2011) GRADE guidelines 7: rating the quality of evidence,
 *   inconsistency, J Clin Epidemiol 64:1294-1302; Cochrane Handbook v6.4 10.10.2 (I2
 *   bands); IntHout et al. (2016) BMJ Open 6:e010247 (prediction intervals for judging
 *   heterogeneity).
 */
import { formatPWithRelation } from "../pValue.js";
import { HETEROGENEITY_Q_P, I2_CONSIDERABLE, I2_SUBSTANTIAL } from "../thresholds.js";
import { describeThresholds, formatNumber, thresholdsCrossed } from "../decisionThresholds.js";
import { toNaturalScale } from "../measures.js";
import type { PreparedOutcome } from "../prepare.js";
import { makeProposal, maybe } from "../proposal.js";
import type { Proposal } from "../types.js";

const SOURCE = "Guyatt et al. 2011, GRADE guidelines 7 (J Clin Epidemiol 64:1294); Cochrane Handbook 10.10.2";

export function inconsistencyProposal(p: PreparedOutcome): Proposal {
  const pooled = p.pooled;
  const threshold = {
    I2Substantial: I2_SUBSTANTIAL,
    I2Considerable: I2_CONSIDERABLE,
    QTestP: HETEROGENEITY_Q_P,
    decisionThresholds: describeThresholds(p.measure, p.thresholds.values),
  };
  if (pooled === undefined && p.evidence.notPooled !== undefined) {
    const explanation = `Described study by study, not pooled (${p.evidence.notPooled}): no I2 or prediction interval; the reviewer judges consistency from the studies' own results.`;
    return makeProposal("not assessable", "inconsistency.not-pooled", { k: p.evidence.studies.filter((s) => s.estimable).length }, threshold, explanation, SOURCE);
  }
  if (pooled === undefined) {
    return makeProposal("not assessable", "inconsistency.no-estimate", { k: 0 }, threshold, "No study could be estimated.", SOURCE);
  }
  const signal = {
    k: pooled.k,
    I2: pooled.I2,
    tau2: pooled.tau2,
    QEp: pooled.QEp,
    piLower: maybe(pooled.piLower === undefined ? undefined : toNaturalScale(p.measure, pooled.piLower)),
    piUpper: maybe(pooled.piUpper === undefined ? undefined : toNaturalScale(p.measure, pooled.piUpper)),
  };
  if (pooled.k < 2) {
    return makeProposal("not assessable", "inconsistency.single-study", signal, threshold, "A single study: consistency cannot be judged.", SOURCE);
  }
  const heterogeneous = pooled.tau2 > 0 && (pooled.I2 >= I2_SUBSTANTIAL || pooled.QEp < HETEROGENEITY_Q_P);
  const stats = `I² = ${Math.round(pooled.I2)}% (from tau², as metafor), tau² = ${formatNumber(pooled.tau2)}, Q test ${formatPWithRelation(pooled.QEp)}`;
  if (!heterogeneous) {
    return makeProposal("no", "inconsistency.little-heterogeneity", signal, threshold, `Little heterogeneity (${stats}).`, SOURCE);
  }
  if (pooled.piLower !== undefined && pooled.piUpper !== undefined && p.thresholds.values.length > 0) {
    const crossed = thresholdsCrossed(pooled.piLower, pooled.piUpper, p.thresholds.values);
    const pi = `prediction interval ${formatNumber(toNaturalScale(p.measure, pooled.piLower))} to ${formatNumber(toNaturalScale(p.measure, pooled.piUpper))}`;
    const crossing = { ...signal, thresholdsCrossedByPI: describeThresholds(p.measure, crossed) };
    if (crossed.length >= 2) {
      return makeProposal("very serious", "inconsistency.pi-crosses-two-thresholds", crossing, threshold, `${stats}; the ${pi} crosses ${describeThresholds(p.measure, crossed)}.`, SOURCE);
    }
    if (crossed.length === 1) {
      return makeProposal("serious", "inconsistency.pi-crosses-one-threshold", crossing, threshold, `${stats}; the ${pi} crosses ${describeThresholds(p.measure, crossed)}.`, SOURCE);
    }
    return makeProposal("no", "inconsistency.pi-within-one-region", crossing, threshold, `${stats}, but the ${pi} crosses no decision threshold.`, SOURCE);
  }
  if (pooled.I2 >= I2_CONSIDERABLE) {
    return makeProposal("serious", "inconsistency.i2-considerable", signal, threshold, `${stats}; no prediction interval to judge its importance.`, SOURCE);
  }
  return makeProposal("no", "inconsistency.i2-below-considerable", signal, threshold, `${stats}; no prediction interval to judge its importance.`, SOURCE);
}
