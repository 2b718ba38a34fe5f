export { metaAnalysis, type Interval, type MetaAnalysisResult, type StudyColumns } from "./meta-analysis.js";
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
export { type Design, interceptDesign } from "./design.js";
export {
  fitRandomEffectsModel,
  type ModelSpec,
  type RandomEffectsFit,
  type Heterogeneity,
} from "./random-effects-model.js";
export { DEFAULT_CONTROL, type NormalizedControl } from "./options.js";
export type { Tau2Estimate, Tau2Context } from "./tau2-context.js";
export type { Tau2Interval } from "./tau2-confidence-interval.js";
export { tau2StandardError } from "./tau2-standard-error.js";
export type { PredictionInterval } from "./prediction-interval.js";
export type { StudyInput } from "./validate-input.js";
export { mantelHaenszel, MANTEL_HAENSZEL_MEASURES } from "./mantel-haenszel.js";
export type { MantelHaenszelMeasure, MantelHaenszelOptions, MantelHaenszelResult } from "./mantel-haenszel.js";
export type { StagePair, Table2x2, TablePoolingOptions } from "./mantel-haenszel-tables.js";
export type { ChiSquareTest, TablePoolingResult } from "./mantel-haenszel-result.js";
export { peto } from "./peto.js";
export type { PetoOptions, PetoResult } from "./peto.js";
export { oneStudyOptions, subgroupAnalysis, subgroupDifferences, TAU2_ACROSS } from "./subgroups.js";
export type { SubgroupAnalysisResult, SubgroupDifferences, SubgroupInput, SubgroupOptions, SubgroupResult, Tau2Across } from "./subgroups.js";
// Meta-regression, sensitivity analyses and small-study effects (issue 7)
export {
  metaRegression, META_REGRESSION_METHODS, type MetaRegressionMethod, type MetaRegressionOptions, type MetaRegressionResult, type Coefficient,
} from "./regression/meta-regression.js";
export {
  regressionTau2Interval,
  REGRESSION_TAU2_INTERVAL_TYPES,
  type RegressionTau2Interval,
  type RegressionTau2IntervalOptions,
  type RegressionTau2IntervalType,
} from "./regression/tau2-interval.js";
export type { Moderator, NumericModerator, CategoricalModerator, ModeratorCoding, ModeratorDesign } from "./regression/moderators.js";
export { REGRESSION_METHODS, REFIT_METHODS, type RegressionMethod, type RefitMethod, type ModelOptions } from "./regression/model-spec.js";
export type { OmnibusTest } from "./regression/omnibus-test.js";
export { predictRegression, bubblePlotData, type RegressionPrediction, type BubblePlotData, type BubblePoint } from "./regression/predict.js";
export { permutationTest, permutationTestSteps, type PermutationTestOptions, type PermutationTestResult } from "./regression/permutation-test.js";
export { leaveOneOut, type LeaveOneOutResult, type SensitivityOptions } from "./sensitivity/leave-one-out.js";
export { cumulative, type CumulativeOptions, type CumulativeResult } from "./sensitivity/cumulative.js";
export { STEP_FIELDS, type StepColumns, type StepFit } from "./sensitivity/refit.js";
export { influenceDiagnostics, type InfluenceResult } from "./sensitivity/influence.js";
export { baujatData, type BaujatPoint } from "./sensitivity/baujat.js";
export { gosh, goshSteps, type GoshFit, type GoshOptions, type GoshSummary } from "./sensitivity/gosh.js";
export { runSteps, type Progress, type ProgressOptions, type Steps } from "./progress.js";
export { sensitivityScenario, type Scenario, type ScenarioResult } from "./sensitivity/scenario.js";
export { eggerTest, EGGER_MODELS, EGGER_PREDICTORS, type EggerInput, type EggerModel, type EggerOptions, type EggerPredictor, type EggerResult } from "./bias/regression-test.js";
export { petPeese, type PetPeeseResult, type LimitEstimate } from "./bias/pet-peese.js";
export { rankTest, type RankTestResult } from "./bias/rank-test.js";
export { kendallTest, concordantPairsDistribution, type KendallTest } from "./bias/kendall.js";
export { trimAndFill, TRIMFILL_ESTIMATORS, type TrimAndFillOptions, type TrimAndFillResult, type TrimfillEstimator, type FilledStudy, type FunnelSide } from "./bias/trim-and-fill.js";
export { failSafeN, FSN_TYPES, type FailSafeNOptions, type FailSafeNResult, type FsnType } from "./bias/fail-safe-n.js";
export { harbordTest, petersTest, type OddsRatioTable, type OddsRatioTestResult } from "./bias/odds-ratio-tests.js";
export { funnelData, type FunnelData, type FunnelContour } from "./bias/funnel.js";
export { MIN_STUDIES_FOR_ASYMMETRY_TESTS } from "./bias/small-k-note.js";
export type { TestedEstimate } from "./estimate.js";
// Multilevel models (issue 17)
export * from "./multilevel/index.js";
export * from "./multivariate/index.js";
// Bayesian random effects (issue 18)
export * from "./bayes/index.js";
export * from "./glmm/index.js";
