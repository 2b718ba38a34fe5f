/**
 * Publication bias, from a small-study (funnel asymmetry) test computed by the core: Egger's
 * regression for continuous measures, Harbord's or Peters' for odds ratios.
 * Rules, in order:
 *   not assessable  fewer than 10 studies, or no test given (a funnel plot of fewer studies
 *                   cannot tell asymmetry from chance);
 *   serious         the test's p-value is below 0.10 (publication bias "strongly suspected";
 *                   GRADE rates down one level at most on a test; a reviewer may judge
 *                   very serious, with a reason);
 *   no              otherwise ("undetected").
 * @reference Guyatt et al. (2011) GRADE guidelines 5: publication bias, J Clin Epidemiol
 *   64:1277-1282; Sterne et al. (2011) BMJ 343:d4002 (k >= 10; p < 0.10; Egger's test not
 *   for odds ratios).
 */
import { formatPWithRelation } from "../pValue.js";
import { SMALL_STUDY_TEST_MIN_STUDIES, SMALL_STUDY_TEST_P } from "../thresholds.js";
import { requireRange } from "../checks.js";
import type { PreparedOutcome } from "../prepare.js";
import { makeProposal } from "../proposal.js";
import type { Proposal } from "../types.js";

const SOURCE = "Guyatt et al. 2011, GRADE guidelines 5 (J Clin Epidemiol 64:1277); Sterne et al. 2011 (BMJ 343:d4002)";

export function publicationBiasProposal(p: PreparedOutcome): Proposal {
  const test = p.evidence.smallStudyTest;
  const k = test?.k ?? p.pooled?.k ?? 0;
  const threshold = { minimumStudies: SMALL_STUDY_TEST_MIN_STUDIES, pValue: SMALL_STUDY_TEST_P };
  if (k < SMALL_STUDY_TEST_MIN_STUDIES) {
    return makeProposal("not assessable", "publication-bias.fewer-than-10-studies", { k }, threshold, `${k} studies: too few for a small-study test.`, SOURCE);
  }
  if (test === undefined) {
    return makeProposal("not assessable", "publication-bias.no-test", { k }, threshold, `${k} studies but no small-study test was given.`, SOURCE);
  }
  requireRange(test.pval, 0, 1, "smallStudyTest.pval", { outcome: p.evidence.outcome });
  const signal = { k, method: test.method, pval: test.pval };
  if (test.pval < SMALL_STUDY_TEST_P) {
    return makeProposal("serious", "publication-bias.small-study-effect", signal, threshold, `${test.method} test ${formatPWithRelation(test.pval)} over ${k} studies: small-study effects.`, SOURCE);
  }
  return makeProposal("no", "publication-bias.no-small-study-effect", signal, threshold, `${test.method} test ${formatPWithRelation(test.pval)} over ${k} studies.`, SOURCE);
}

/** Egger's test on odds ratios gives false positives (Sterne et al. 2011): say so. */
export function smallStudyTestNote(p: PreparedOutcome): string | undefined {
  const test = p.evidence.smallStudyTest;
  if (test === undefined || p.measure !== "OR") return undefined;
  if (!/egger/i.test(test.method)) return undefined;
  return "Egger's test on odds ratios can give false positives; Harbord's or Peters' test is preferred (Sterne et al. 2011).";
}
