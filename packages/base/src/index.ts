export * from "./errors.js";
export * from "./distributions.js";
export { bivariateNormalCdf, bivariateNormalDensity } from "./bivariate-normal.js";
export { zeroin, UNIROOT_TOL, type ZeroinOptions } from "./zeroin.js";
export { DEFAULT_LEVEL, invalidOption, isOneOf, readLevel, readOneOf } from "./options.js";
export { CONTROL_CHARACTER, neutraliseCsvText, terminalText } from "./text.js";
export { ID_PATTERN, ID_RULES, idProblem, isSafeKey, MAX_ID_LENGTH } from "./ids.js";
export { recordOf } from "./records.js";
