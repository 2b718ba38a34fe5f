/**
 * The numeric packages' error messages begin with the function that raised them
 * ("trimAndFill: needs at least 2 studies"), which helps a programmer calling the library.
 * A person reading a command's error or a report reads plain words instead: the function's
 * name is replaced by what it computes ("trim and fill: needs at least 2 studies").
 */

/** What each function that raises a MetakitError computes, in the words of a review. */
export const PLAIN_NAMES: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  baujatData: "Baujat plot",
  bayesMeta: "Bayesian meta-analysis",
  bubblePlotData: "bubble plot",
  cumulative: "cumulative meta-analysis",
  design: "design matrix",
  eggerTest: "Egger's test",
  escalc: "effect size",
  failSafeN: "fail-safe N",
  formatPValue: "P value",
  funnelData: "funnel plot",
  glmm: "GLMM",
  gosh: "GOSH",
  grade: "GRADE",
  harbordTest: "Harbord's test",
  influenceDiagnostics: "influence diagnostics",
  judgements: "GRADE judgements",
  kendallTest: "rank correlation test",
  leaveOneOut: "leave-one-out analysis",
  mantelHaenszel: "Mantel-Haenszel method",
  metaAnalysis: "meta-analysis",
  metaRegression: "meta-regression",
  multilevelModel: "multilevel model",
  multilevelProfileIntervals: "profile likelihood intervals",
  multivariateModel: "multivariate model",
  multivariateProfileIntervals: "profile likelihood intervals",
  permutationTest: "permutation test",
  petersTest: "Peters' test",
  petPeese: "PET-PEESE",
  peto: "Peto's method",
  predictMultilevel: "prediction",
  predictRegression: "prediction",
  rankTest: "rank correlation test",
  regressionTau2Interval: "confidence interval of tau²",
  riskWithIntervention: "absolute effect",
  robust: "cluster-robust test",
  robustRegression: "cluster-robust meta-regression",
  sensitivityScenario: "sensitivity scenario",
  subgroupAnalysis: "subgroup analysis",
  trimAndFill: "trim and fill",
  vcalc: "sampling covariance matrix",
});

/**
 * The message with its leading function name ("trimAndFill: ") in plain words; a message
 * that does not begin with a known function name is returned as it is.
 * @example plainMessage("trimAndFill: needs at least 2 studies") // "trim and fill: needs at least 2 studies"
 */
export function plainMessage(message: string): string {
  const match = /^([a-z][A-Za-z0-9]*): /.exec(message);
  const plain = match === null ? undefined : PLAIN_NAMES[match[1]!];
  return plain === undefined ? message : `${plain}: ${message.slice(match![0].length)}`;
}
