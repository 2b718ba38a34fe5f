export * from "./types.js";
export * from "./levels.js";
export * from "./measures.js";
export * from "./thresholds.js";
export {
  decisionThresholds,
  describeThresholds,
  THRESHOLD_TOLERANCE,
  thresholdsCrossed,
  thresholdRegion,
  type DecisionThresholds,
  type ThresholdBasis,
} from "./decisionThresholds.js";
export * from "./optimalInformationSize.js";
export * from "./absoluteEffects.js";
export * from "./plainLanguage.js";
export { rateOutcome, startingLevel } from "./rateOutcome.js";
export { studyIndirectness } from "./domains/indirectness.js";
export * from "./summaryOfFindings.js";
export * from "./riskOfBiasTools.js";
export { formatPValue, formatPWithRelation } from "./pValue.js";
