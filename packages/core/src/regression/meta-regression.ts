/**
 * metaRegression(): the mixed-effects (or equal-effects) meta-regression model of metafor's
 * rma.uni(yi, vi, mods = ...), with omnibus test, residual heterogeneity and pseudo-R2.
 */
import { interceptDesign } from "../design.js";
import type { ModelSpec, RandomEffectsFit } from "../random-effects-model.js";
import { coefficientRow, fitRandomEffectsModel } from "../random-effects-model.js";
import type { StudyInput } from "../validate-input.js";
import { validateStudies, validateWeights } from "../validate-input.js";
import { invalidOption } from "@metakit/base";
import type { Moderator, ModeratorCoding } from "./moderators.js";
import { moderatorDesign } from "./moderators.js";
import type { ModelOptions } from "./model-spec.js";
import { isEqualEffects, modelSpec, REGRESSION_METHODS } from "./model-spec.js";
import type { OmnibusTest } from "./omnibus-test.js";
import { moderatorCoefficients, omnibusTest } from "./omnibus-test.js";
import type { TestedEstimate } from "../estimate.js";
import { seTau2AbsentNote, tau2StandardError } from "../tau2-standard-error.js";

/** The estimators metaRegression() offers: those of REGRESSION_METHODS and GENQ (with weights). */
export const META_REGRESSION_METHODS = [...REGRESSION_METHODS, "GENQ"] as const;
export type MetaRegressionMethod = (typeof META_REGRESSION_METHODS)[number];

export interface MetaRegressionOptions extends ModelOptions<MetaRegressionMethod> {
  /**
   * User weights, one per study (> 0): required by and only read with method "GENQ"
   * (metafor's rma(..., weights, method = "GENQ")), where they weight both the
   * generalised Q statistic and the coefficients.
   */
  readonly weights?: ArrayLike<number>;
}

export interface Coefficient extends TestedEstimate {
  readonly name: string;
}

export interface MetaRegressionResult extends OmnibusTest {
  readonly k: number;
  readonly p: number;
  readonly method: MetaRegressionMethod;
  readonly test: ModelSpec["test"];
  readonly level: number;
  /** Residual between-study variance. */
  readonly tau2: number;
  readonly tau: number;
  /** Standard error of tau2 as metafor's se.tau2; absent where metafor gives NA (EE/FE, k <= p), with a note. */
  readonly seTau2?: number;
  /** Residual I2 (percent) and H2. */
  readonly I2: number;
  readonly H2: number;
  /** Pseudo-R2 in percent (metafor's); null when the intercept-only model cannot be fitted. */
  readonly R2: number | null;
  /** Residual heterogeneity, on k - p df. */
  readonly QE: number;
  readonly QEdf: number;
  readonly QEp: number;
  /** k - p under t, knha and adhoc. */
  readonly df?: number;
  /** Intercept first, then the moderators in the order given. */
  readonly coefficients: readonly Coefficient[];
  /** Variance-covariance matrix of the coefficients, p rows of p. */
  readonly vcov: readonly (readonly number[])[];
  /** Weights of the studies in the fit, percent, in input order. */
  readonly weights: readonly number[];
  readonly coding: readonly ModeratorCoding[];
  readonly notes: readonly string[];
}

/**
 * Fits y = X b + u + e, u ~ N(0, tau2), e ~ N(0, vi), with X an intercept and the
 * moderators (numeric as given, categorical treatment-coded against the reference level),
 * tau2 by the chosen estimator (default REML; EE/FE for the equal-effects model).
 * Reports each coefficient with SE, z or t test and CI; the omnibus test QM of all
 * moderators (chi-square, or F under knha/t/adhoc); the residual heterogeneity QE; and
 * metafor's pseudo-R2: max(0, 100 (tau2_0 - tau2) / tau2_0), tau2_0 from the
 * intercept-only model with the same estimator (0 when tau2_0 = 0); for EE the adjusted
 * R2 of the weighted least-squares fit, max(0, 100 (1 - (QE / QE_0) (k - 1) / (k - p))).
 * GENQ: tau2 by the generalised Q with user weights A (DerSimonian & Kacker 2007, eq. 6),
 * the coefficients (X'AX)^{-1} X'Ay with the sandwich covariance
 * (X'AX)^{-1} X'A diag(vi + tau2) AX (X'AX)^{-1}, as metafor.
 * O(k p^2) per iteration.
 * @reference Raudenbush (2009), ch. 16, eqs. 16.39-16.44; Thompson & Sharp (1999), Stat Med
 *   18:2693-2708; pseudo-R2: Raudenbush (2009), eq. 16.47; López-López et al. (2014),
 *   Br J Math Stat Psychol 67:30-48
 * @metafor rma(yi, vi, mods = ~ ..., method, test, level, weights (GENQ))
 * @example metaRegression(bcg, [{ kind: "numeric", name: "ablat", values: ablat }]).coefficients[1].estimate // -0.0291
 */
export function metaRegression(
  input: StudyInput,
  moderators: readonly Moderator[],
  options: MetaRegressionOptions = {},
): MetaRegressionResult {
  const studies = validateStudies(input, "metaRegression");
  const spec = withWeights(modelSpec(options, META_REGRESSION_METHODS, "metaRegression"), options.weights, studies.k, studies.labels);
  const { design, terms, coding } = moderatorDesign(studies.k, moderators, studies.labels, "metaRegression");
  const fit = fitRandomEffectsModel(design, studies.yi, studies.vi, spec);
  const omnibus = omnibusTest(fit.beta, fit.vb, fit.p, moderatorCoefficients(fit.p), spec.test, fit.k - fit.p);
  const notes: string[] = [];
  const R2 = pseudoR2(studies.yi, studies.vi, fit, spec, notes);
  if (fit.tau2Estimate.truncated) notes.push(`tau2 estimate (${spec.method}) was negative and is truncated at zero`);
  if (fit.k <= fit.p) notes.push(`k = ${fit.k} ${fit.k === 1 ? "study" : "studies"} for ${fit.p} coefficients: the model fits the data exactly`);
  const seTau2 = tau2StandardError(fit, design, studies.yi, studies.vi, spec);
  if (seTau2 === undefined) notes.push(seTau2AbsentNote(fit));
  return {
    k: fit.k,
    p: fit.p,
    method: spec.method as MetaRegressionMethod,
    test: spec.test,
    level: spec.level,
    tau2: fit.tau2,
    tau: Math.sqrt(fit.tau2),
    ...(seTau2 === undefined ? {} : { seTau2 }),
    I2: fit.I2,
    H2: fit.H2,
    R2,
    ...omnibus,
    QE: fit.QE,
    QEdf: fit.QEdf,
    QEp: fit.QEp,
    ...(fit.df === undefined ? {} : { df: fit.df }),
    coefficients: terms.map((name, j) => ({ name, ...coefficientRow(fit, j) })),
    vcov: terms.map((_, a) => terms.map((__, b) => fit.vb[a * fit.p + b]!)),
    weights: Array.from(fit.relativeWeights, (w) => 100 * w),
    coding,
    notes,
  };
}

/** GENQ needs weights, and weights are read with GENQ only (one way in: no silently ignored option). */
function withWeights(spec: ModelSpec, weights: ArrayLike<number> | undefined, k: number, labels: readonly string[] | undefined): ModelSpec {
  if (spec.method === "GENQ" && weights === undefined) throw invalidOption("metaRegression", "weights", undefined, "given with method GENQ");
  if (spec.method !== "GENQ" && weights !== undefined) throw invalidOption("metaRegression", "weights", `given with method ${spec.method}`, "used with method GENQ only");
  return weights === undefined ? spec : { ...spec, weights: validateWeights(weights, k, labels, "metaRegression") };
}

/** metafor's R2 (r2def "1"; adjusted weighted R2 for EE). */
function pseudoR2(
  yi: Float64Array,
  vi: Float64Array,
  fit: RandomEffectsFit,
  spec: ModelSpec,
  notes: string[],
): number | null {
  if (fit.p === 1) return null;
  const intercept = interceptDesign(fit.k);
  if (isEqualEffects(spec.method)) {
    const null0 = fitRandomEffectsModel(intercept, yi, vi, { ...spec, test: "z" });
    if (!(null0.QE > 0) || fit.k <= fit.p) return 0;
    return Math.max(0, 100 * (1 - (fit.QE / null0.QE) * ((fit.k - 1) / (fit.k - fit.p))));
  }
  try {
    const tau20 = fitRandomEffectsModel(intercept, yi, vi, spec).tau2;
    return tau20 === 0 ? 0 : Math.max(0, (100 * (tau20 - fit.tau2)) / tau20);
  } catch (error) {
    notes.push(`R2 is not available: the intercept-only model could not be fitted (${(error as Error).message})`);
    return null;
  }
}
