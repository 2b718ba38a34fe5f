/**
 * The caution every small-study test carries when there are fewer than 10 studies.
 */

/** Below this many studies the tests for funnel-plot asymmetry have too little power to be read. */
export const MIN_STUDIES_FOR_ASYMMETRY_TESTS = 10;

/**
 * The note for a test run on k studies ([] when k >= 10).
 * @reference Higgins et al. (eds.), Cochrane Handbook for Systematic Reviews of
 *   Interventions, version 6 (2019 onwards), chapter 13 (tests for funnel plot asymmetry
 *   should be used only when there are at least 10 studies); Sterne et al. (2011), BMJ 343:d4002
 */
export function smallStudyNotes(k: number, test: string): string[] {
  if (k >= MIN_STUDIES_FOR_ASYMMETRY_TESTS) return [];
  return [
    `${test} with k = ${k} < ${MIN_STUDIES_FOR_ASYMMETRY_TESTS} studies: the Cochrane Handbook advises against tests for funnel plot asymmetry with fewer than 10 studies (too little power to tell chance from asymmetry)`,
  ];
}
