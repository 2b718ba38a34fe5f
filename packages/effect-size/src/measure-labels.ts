import type { Measure } from "./measures.js";

/**
 * Readable names of the measures on their reporting scale, as RevMan and Cochrane
 * reviews print them (for ratio measures, the ratio itself, not its logarithm).
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
  PLO: "Proportion (logit)",
  PAS: "Proportion (arcsine)",
  PFT: "Proportion (Freeman-Tukey)",
  MN: "Mean",
  COR: "Correlation",
  ZCOR: "Correlation (Fisher's z)",
  MC: "Mean change",
  SMCC: "Std. mean change (change-score SD)",
  SMCR: "Std. mean change (raw-score SD)",
  GEN: "Effect",
};
