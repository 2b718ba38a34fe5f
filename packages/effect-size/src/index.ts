export * from "./measures.js";
export * from "./options.js";
export * from "./escalc.js";
export { hedgesCorrection } from "./hedges.js";
export { logOddsRatio, logRiskRatio, riskDifference, petoLogOddsRatio } from "./measures/twoByTwo.js";
export {
  arcsineRiskDifference, phiCoefficient, fisherZPhi, yulesQ, yulesY, oddsRatioAsSmd,
} from "./measures/twoByTwo.js";
export {
  meanDifference, standardisedMeanDifference, heteroscedasticSmd, logRatioOfMeans, pooledSd, type TwoGroupMeans,
  glassSmd, heteroscedasticGlassSmd, logCvRatio, logVariabilityRatio, pointBiserial, biserial,
} from "./measures/twoGroupMeans.js";
export { rawProportion, logProportion, logitProportion, probitProportion, arcsineProportion, freemanTukeyProportion } from "./measures/proportions.js";
export { rawMean, standardisedMean, logMean, logCoefficientOfVariation, logStandardDeviation } from "./measures/singleMean.js";
export { rawCorrelation, fisherZ, unbiasedCorrelation } from "./measures/correlations.js";
export {
  partialCorrelation, fisherZPartialCorrelation, semiPartialCorrelation, coefficientOfDetermination,
  fisherZMultipleCorrelation, type RegressionT,
} from "./measures/partialCorrelations.js";
export { logIncidenceRateRatio, incidenceRateDifference, sqrtIncidenceRateDifference, incidenceRate } from "./measures/incidenceRates.js";
export { rawAlpha, hakstianWhalenAlpha, bonettAlpha } from "./measures/reliability.js";
export { fisherZOf } from "./measures/fisherZ.js";
export { commonLanguageEffect } from "./measures/commonLanguage.js";
export { tetrachoricCorrelation, fisherZTetrachoric, tetrachoricMessages } from "./measures/tetrachoric.js";
export { hypergeometric2F1 } from "./hypergeometric.js";
export { meanChange, standardisedMeanChange, standardisedMeanChangeRaw, standardisedMeanChangePooled, changeSd, type PrePost } from "./measures/prePost.js";
export type { Computed, NotComputed, Outcome } from "./measures/family.js";
export * from "./transforms.js";
export { MEASURE_LABELS } from "./measure-labels.js";
export { MEASURE_REFERENCES, type MeasureReference } from "./measure-references.js";
export { CONVERSION_METHODS, type Conversion, type ConversionInputs, type ConversionMethod } from "./conversions/conversion.js";
export * from "./conversions/standardErrors.js";
export * from "./conversions/standardDeviations.js";
export * from "./conversions/medianToMean.js";
export * from "./conversions/smdFromTest.js";
export * from "./conversions/crossover.js";
export * from "./conversions/cluster.js";
export * from "./conversions/oddsRatioSmd.js";
export * from "./conversions/wald.js";
export * from "./conversions/delta.js";
export * from "./conversions/twoByTwoFromMargins.js";
