/**
 * Every number a rule compares a signal with, in one place, with its source.
 * GRADE gives most criteria in words ("most of the information", "large"); where metakit
 * has to turn words into a number, the comment says so and says why that number.
 */

/**
 * A domain proposes "serious" when MORE THAN this share (percent) of the pooled weight
 * comes from studies with a limitation (risk of bias: high or some concerns; indirectness:
 * serious or very serious), and "very serious" when more than this share comes from
 * studies with the worse judgement alone.
 * GRADE rates down when "most" of the information comes from limited studies: Guyatt et al.
 * (2011) GRADE guidelines 4, J Clin Epidemiol 64:407-415 (risk of bias), and 8, 64:1303-1310
 * (indirectness); Cochrane Handbook v6.4 section 14.2.2. "Most" is read as a majority of
 * the weight (metakit's reading; strictly more than half).
 */
export const MAJORITY_WEIGHT_PERCENT = 50;

/**
 * Heterogeneity that could matter: I2 at or above 50% ("may represent substantial
 * heterogeneity", Cochrane Handbook v6.4 section 10.10.2) or a Q test p-value below 0.10
 * (the level GRADE and Cochrane use because the test has low power: Guyatt et al. 2011,
 * GRADE guidelines 7, J Clin Epidemiol 64:1294-1302; Handbook 10.10.2).
 */
export const I2_SUBSTANTIAL = 50;
export const HETEROGENEITY_Q_P = 0.1;

/**
 * Without a prediction interval, inconsistency is proposed as serious only when I2 is at or
 * above 75% ("considerable heterogeneity", Cochrane Handbook v6.4 section 10.10.2), since
 * without the interval its importance for the decision cannot be judged.
 */
export const I2_CONSIDERABLE = 75;

/**
 * Publication bias: a small-study (funnel asymmetry) test only with at least 10 studies,
 * judged at p < 0.10. Sterne et al. (2011) BMJ 343:d4002 (recommendations 1 and 3);
 * Cochrane Handbook v6.4 section 13.3.5; Guyatt et al. (2011) GRADE guidelines 5,
 * J Clin Epidemiol 64:1277-1282.
 */
export const SMALL_STUDY_TEST_MIN_STUDIES = 10;
export const SMALL_STUDY_TEST_P = 0.1;

/**
 * Rating up for a large effect: RR > 2 or < 0.5 (large, one level) and RR > 5 or < 0.2
 * (very large, two levels), from at least two studies. Guyatt et al. (2011) GRADE
 * guidelines 9, J Clin Epidemiol 64:1311-1316. The comparisons are strict: RR = 2 is not
 * large. metakit applies the same cut-offs to OR and HR, with a note.
 */
export const LARGE_EFFECT_RATIO = 2;
export const VERY_LARGE_EFFECT_RATIO = 5;
export const LARGE_EFFECT_MIN_STUDIES = 2;

/**
 * Rating up for a dose-response gradient: a meta-regression slope on dose with p below
 * 0.05 whose direction strengthens the pooled effect. GRADE guidelines 9 (above) asks for
 * a gradient without fixing a test level; 0.05 is metakit's conventional choice.
 */
export const DOSE_RESPONSE_P = 0.05;

/**
 * When the spec gives no minimal important difference for a ratio measure, appreciable
 * benefit and harm are "an RR of under 0.75 or over 1.25 as a rough guide" (a relative risk
 * reduction or increase of 25%): Guyatt et al. (2011) GRADE guidelines 6, J Clin Epidemiol
 * 64:1283-1293, abstract. Taken as given, so not symmetric on the log scale (1/1.25 = 0.8).
 */
export const DEFAULT_RATIO_THRESHOLDS = { benefit: 0.75, harm: 1.25 } as const;

/**
 * Defaults of the optimal information size (OIS): two-sided alpha 0.05, power 0.80 and, for
 * binary outcomes, a relative risk reduction of 25% (GRADE guidelines 6, above).
 */
export const OIS_DEFAULT_ALPHA = 0.05;
export const OIS_DEFAULT_POWER = 0.8;
export const OIS_DEFAULT_RELATIVE_RISK_REDUCTION = 0.25;
