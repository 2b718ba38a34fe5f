/**
 * Every user-facing message of the effect-size package, in one place: short, lower case,
 * naming the field and the value so a person knows what to fix.
 */
import type { EscalcArg } from "./measures.js";

const show = (value: unknown): string => (typeof value === "number" ? String(value) : JSON.stringify(value));

export const messages = {
  notFinite: (field: string, value: unknown) => `${field} is not a finite number (${show(value)})`,
  negative: (field: string, value: number) => `${field} must be >= 0, got ${show(value)}`,
  notPositive: (field: string, value: number) => `${field} must be > 0, got ${show(value)}`,
  zero: (field: string, value: number) => `${field} must not be 0 (it gives no standard error), got ${show(value)}`,
  tooFewForSd: (field: string, value: number) => `${field} must be >= 2 where a standard deviation is used, got ${show(value)}`,
  eventsExceedN: (events: string, value: number, n: string, size: number) =>
    `${events} (${show(value)}) is greater than ${n} (${show(size)})`,
  sizeMismatch: (n: string, size: number, sum: string, total: number) =>
    `${n} (${show(size)}) is not ${sum} (${show(total)})`,
  correlation: (field: string, value: number) => `${field} must be between -1 and 1 (exclusive), got ${show(value)}`,
  proportion: (field: string, value: number) => `${field} must be between 0 and 1, got ${show(value)}`,
  pValue: (field: string, value: number) => `${field} must be a p-value in (0, 1), got ${show(value)}`,
  notBelow: (lowerField: string, lower: number, upperField: string, upper: number) =>
    `${lowerField} (${show(lower)}) must be below ${upperField} (${show(upper)})`,
  nullEstimate: (field: string, value: number) => `${field} (${show(value)}) is the null value; a p-value cannot give its standard error`,
  sign: (value: unknown) => `sign must be 1 or -1 (the direction of the effect), got ${show(value)}`,
  quartiles: () => "needs q1 and q3, or min and max (or all four)",
  fivenumSmallN: (n: number) => `n is ${show(n)}: metafor's conv.fivenum converts no summary with n < 5`,
  fivenumSkewed: (statistic: number, critical: number) =>
    `skewed (Shi et al. 2023 test: ${statistic.toPrecision(4)} >= critical ${critical.toPrecision(4)}), so a normal-theory mean and SD would be biased; test = false converts it anyway`,
  add: (value: unknown) => `add must be a finite number >= 0, got ${show(value)}`,
  to: (value: unknown) => `to must be one of all, only0, if0all, none, got ${show(value)}`,
  metaforCompat: (value: unknown) => `metafor compatibility must be current or 3.8, got ${show(value)}`,
  alpha: (field: string, value: number) => `${field} (Cronbach's alpha) must be <= 1, got ${show(value)}`,
  atLeast: (field: string, min: number, value: number) => `${field} must be >= ${min}, got ${show(value)}`,
  nonNegativeMean: (field: string, measure: string, value: number) => `${field} must be >= 0 for ${measure} (log of a mean), got ${show(value)}`,
  residualDf: (value: number) => `ni - mi - 1 (the residual degrees of freedom) must be > 0, got ${show(value)}`,
  transf: (value: unknown) => `transf must be none or log, got ${show(value)}`,
  deltaTransform: (value: unknown, allowed: readonly string[]) => `transf must be one of ${allowed.join(", ")}, got ${show(value)}`,
  outsideDomain: (field: string, value: number, transform: string) => `${field} (${show(value)}) is outside the domain of ${transform}`,
  marginsNeed: () => "needs an odds ratio (or), a phi coefficient (phi) or a chi-square statistic (chisq)",
  negativeCell: (field: string) => `the margins and ${field} give a negative cell: they cannot come from one 2x2 table`,
  waldNeeds: () => "needs an upper confidence limit (ciUpper), a z statistic (zval) or a p-value (pval)",
  unknownMeasure: (value: unknown) => `unknown measure ${show(value)}`,
  vtype: (measure: string, value: unknown, allowed: readonly string[]) =>
    `vtype ${show(value)} is not available for ${measure} (use ${allowed.join(", ")})`,
  positiveMeans: (measure: string, field: string, value: number) => `${field} must be > 0 for ${measure} (a log of a mean), got ${show(value)}`,
  overflow: (measure: string, value: number) => `${show(value)} is out of range for the ${measure} back-transformation`,
  needsNi: (measure: string) => `${measure} back-transformation needs ni (sample sizes)`,
  notEstimable: {
    missing: (fields: readonly EscalcArg[]) => `missing ${fields.join(", ")}`,
    droppedDoubleZero: () => "double-zero study dropped (drop00 = true)",
    zeroVariance: () => "sampling variance is 0",
    notComputable: (what: string) => `${what} cannot be computed from these inputs`,
    smallNForCorrelation: (ni: number) => `ni must be > 3 for the sampling variance of a correlation, got ${show(ni)}`,
    unbiasedCorrelationPrecision: (ri: number, ni: number) =>
      `the bias-corrected correlation cannot be computed to full precision for ri ${show(ri)} with ni ${show(ni)}`,
    smallNForUnbiasedCorrelation: (ni: number) => `ni must be > 4 for the bias-corrected correlation, got ${show(ni)}`,
  },
  notes: {
    added: (add: number) => `${add} added to each cell (continuity correction)`,
    addedStudies: (add: number, count: number, to: string) =>
      `continuity correction: ${add} added to each cell of ${count} ${count === 1 ? "study" : "studies"} (to = "${to}")`,
    droppedStudies: (count: number) => `${count} double-zero ${count === 1 ? "study" : "studies"} not estimable (drop00 = true)`,
    notEstimableStudies: (count: number) => `${count} ${count === 1 ? "study" : "studies"} not estimable`,
    viPreferred: () => "vi used; sei ignored",
    notHalfway: () => "the estimate is not halfway between the confidence limits (check the scale, or the interval is not Wald-type)",
  },
} as const;
