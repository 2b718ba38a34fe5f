import type { Measure } from "./measures.js";

/**
 * Readable names of the measures on their reporting scale, as RevMan and Cochrane
 * reviews print them: a ratio, not its logarithm; a proportion or a correlation, whatever
 * transformation it was pooled on (the measure code says which).
 */
export const MEASURE_LABELS: Readonly<Record<Measure, string>> = {
  OR: "Odds ratio",
  RR: "Risk ratio",
  RD: "Risk difference",
  PETO: "Peto odds ratio",
  MD: "Mean difference",
  SMD: "Std. mean difference (Hedges' g)",
  SMDH: "Std. mean difference (heteroscedastic)",
  ROM: "Ratio of means",
  PR: "Proportion",
  PLO: "Proportion",
  PAS: "Proportion",
  PFT: "Proportion",
  MN: "Mean",
  COR: "Correlation",
  ZCOR: "Correlation",
  MC: "Mean change",
  SMCC: "Std. mean change (change-score SD)",
  SMCR: "Std. mean change (raw-score SD)",
  GEN: "Effect",
};
