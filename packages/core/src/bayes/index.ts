export { bayesMeta, type BayesMetaInput, type BayesMetaOptions, type BayesMetaResult, type BayesFactor, type NormalMuPrior, type PosteriorSummary, type ShrinkageEstimate } from "./bayes-meta.js";
export { INTERVAL_TYPES, type IntervalType } from "./credible-interval.js";
export { TAU_PRIOR_FAMILIES, tauPriorDensity, type TauPrior, type TauPriorFamily, type TauPriorDensity } from "./tau-priors.js";
export {
  TURNER_OUTCOMES,
  TURNER_COMPARISONS,
  RHODES_OUTCOMES,
  RHODES_COMPARISONS,
  RHODES_AREAS,
  turnerParameters,
  rhodesParameters,
  type TurnerOutcome,
  type TurnerComparison,
  type RhodesOutcome,
  type RhodesComparison,
  type RhodesArea,
} from "./empirical-priors.js";
