export * from "./meta-analysis.js";
export {
  TAU2_METHODS,
  TESTS,
  PREDICTION_INTERVALS,
  TAU2_CI_TYPES,
  type Tau2Method,
  type TestType,
  type PredictionIntervalType,
  type Tau2CiType,
  type MetaAnalysisOptions,
  type Tau2Control,
} from "./options.js";
export { type Design, interceptDesign, designFromColumns } from "./design.js";
export {
  fitRandomEffectsModel,
  heterogeneityFor,
  type ModelSpec,
  type RandomEffectsFit,
  type Heterogeneity,
} from "./random-effects-model.js";
export { normalizeControl, DEFAULT_CONTROL, type NormalizedControl } from "./options.js";
export { weightedFit, type WeightedFit } from "./weighted-least-squares.js";
export { estimateTau2 } from "./tau2-estimate.js";
export type { Tau2Estimate, Tau2Context } from "./tau2-context.js";
export { logLikelihood } from "./log-likelihood.js";
export { qProfileInterval, profileLikelihoodInterval, type Tau2Interval } from "./tau2-confidence-interval.js";
export { predictionInterval, type PredictionInterval } from "./prediction-interval.js";
export { validateStudies, studyName, type StudyInput, type ValidatedStudies } from "./validate-input.js";
export { zeroin, UNIROOT_TOL } from "./zeroin.js";
export { mantelHaenszel, MANTEL_HAENSZEL_MEASURES } from "./mantel-haenszel.js";
export type { MantelHaenszelMeasure, MantelHaenszelOptions, MantelHaenszelResult } from "./mantel-haenszel.js";
export type { StagePair, Table2x2, TablePoolingOptions } from "./mantel-haenszel-tables.js";
export type { ChiSquareTest, TablePoolingResult } from "./mantel-haenszel-result.js";
export { peto } from "./peto.js";
export type { PetoOptions, PetoResult } from "./peto.js";
export { subgroupAnalysis, subgroupDifferences, TAU2_ACROSS } from "./subgroups.js";
export type { SubgroupAnalysisResult, SubgroupDifferences, SubgroupInput, SubgroupOptions, SubgroupResult, Tau2Across } from "./subgroups.js";
