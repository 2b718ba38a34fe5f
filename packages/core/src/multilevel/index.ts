export {
  multilevelModel,
  MULTILEVEL_METHODS,
  MULTILEVEL_TESTS,
  type MultilevelInput,
  type MultilevelMethod,
  type MultilevelOptions,
  type MultilevelPrediction,
  type MultilevelResult,
  type MultilevelTest,
} from "./multilevel-model.js";
export type { Convergence, MultilevelControl } from "./optimize.js";
export { multilevelProfileIntervals, type ProfileOptions, type VarianceComponentInterval } from "./profile-interval.js";
export { likelihoodRatioTest, type LikelihoodRatioTest, type NestedFit } from "./likelihood-ratio-test.js";
export { SMALL_SAMPLE_CORRECTIONS, type RobustCoefficient, type RobustResult, type SmallSampleCorrection } from "./cluster-robust.js";
export type { RobustOptions } from "./multilevel-model.js";
export { predictMultilevel, type MultilevelPointPrediction } from "./predict.js";
export { robustRegression, type RobustRegressionInput } from "./robust-regression.js";
