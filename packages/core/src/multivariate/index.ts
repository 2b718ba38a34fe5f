export {
  multivariateModel,
  MULTIVARIATE_METHODS,
  type MultivariateInput,
  type MultivariateMethod,
  type MultivariateOptions,
  type MultivariateResult,
} from "./multivariate-model.js";
export type { MultivariateControl } from "./optimize.js";
export { VARIANCE_STRUCTURES, type VarianceStructure } from "./variance-structure.js";
export { multivariateProfileIntervals, type MultivariateComponentInterval, type MultivariateProfileOptions } from "./profile-interval.js";
export { vcalc, type CovarianceEntry, type VcalcOptions } from "./vcalc.js";
