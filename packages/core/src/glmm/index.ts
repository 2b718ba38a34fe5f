export { glmm, GLMM_MEASURES, GLMM_MODELS, GLMM_TESTS, type GlmmTest, type GlmmInput, type GlmmOptions, type GlmmResult, type GlmmMeasure, type GlmmModel, type HeterogeneityTest } from "./glmm.js";
export { GAUSS_HERMITE_7 } from "./gauss-hermite.js";
