/**
 * An estimate with its standard error, its test and its confidence interval: what every
 * pooled estimate, coefficient and refit of the core reports, under these names.
 */
export interface TestedEstimate {
  /** On the analysis scale (log for ratio measures). */
  readonly estimate: number;
  readonly se: number;
  /** z = estimate / se, or t under the t, knha and adhoc tests. */
  readonly statistic: number;
  /** Two-sided p-value of the statistic. */
  readonly pval: number;
  readonly ciLower: number;
  readonly ciUpper: number;
}
