/**
 * multilevelModel(): the three-level meta-analytic model of metafor's
 * rma.mv(yi, vi, mods, random = ~ 1 | outer/inner), REML or ML, z or t tests.
 */
import { chisqUpperTail, invalidOption, MetakitError, normalQuantile, normalTwoSidedP, readLevel, readOneOf, tQuantile, tTwoSidedP } from "@metakit/base";
import { marginalFit } from "../weighted-least-squares.js";
import { invertSpd } from "../symmetric-matrix.js";
import type { Coefficient } from "../regression/meta-regression.js";
import type { Moderator, ModeratorCoding } from "../regression/moderators.js";
import { moderatorDesign } from "../regression/moderators.js";
import type { OmnibusTest } from "../regression/omnibus-test.js";
import { moderatorCoefficients, omnibusTest } from "../regression/omnibus-test.js";
import { validateStudies } from "../validate-input.js";
import type { Design } from "../design.js";
import type { MultilevelData } from "./block-evaluation.js";
import { Q } from "./block-evaluation.js";
import type { ClusterLayout } from "./cluster-layout.js";
import { clusterLayout } from "./cluster-layout.js";
import { conditionDesign, originalCoefficients, originalCovariance } from "./conditioned-design.js";
import type { Convergence, MultilevelControl } from "./optimize.js";
import { estimateVarianceComponents } from "./optimize.js";
import type { RobustResult, SandwichModel, SmallSampleCorrection } from "./cluster-robust.js";
import { clusterRobust, SMALL_SAMPLE_CORRECTIONS } from "./cluster-robust.js";

export interface RobustOptions {
  /** Robust clusters, one label per effect size; default the model's outer clusters. */
  readonly cluster?: readonly string[];
  /** Default "CR2" (clubSandwich's, with Satterthwaite df); "CR1" is metafor's robust(adjust = TRUE). */
  readonly method?: SmallSampleCorrection;
}

export const MULTILEVEL_METHODS = ["REML", "ML"] as const;
export type MultilevelMethod = (typeof MULTILEVEL_METHODS)[number];
export const MULTILEVEL_TESTS = ["z", "t"] as const;
export type MultilevelTest = (typeof MULTILEVEL_TESTS)[number];

export interface MultilevelInput {
  readonly yi: ArrayLike<number>;
  readonly vi: ArrayLike<number>;
  /** The outer grouping (study, district): one label per effect size. */
  readonly cluster: readonly string[];
  /** The inner grouping within a cluster; default one group per effect size. */
  readonly inner?: readonly string[];
  readonly labels?: readonly string[];
}

export interface MultilevelOptions {
  /** Default "REML". */
  readonly method?: MultilevelMethod;
  /** Default "z"; "t" uses k - p degrees of freedom (metafor's dfs = "residual"). */
  readonly test?: MultilevelTest;
  /** Confidence level: 95 or 0.95. Default 95. */
  readonly level?: number;
  readonly moderators?: readonly Moderator[];
  /** Components held fixed ([outer, inner]; null = estimated), as metafor's sigma2 = c(NA, 0). */
  readonly sigma2?: readonly [number | null, number | null];
  readonly control?: MultilevelControl;
  /** Cluster-robust tests of the coefficients, reported beside the model-based ones. */
  readonly robust?: RobustOptions;
}

export interface MultilevelPrediction {
  readonly pred: number;
  readonly se: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly piLower: number;
  readonly piUpper: number;
}

export interface MultilevelResult extends OmnibusTest {
  readonly k: number;
  readonly p: number;
  /** Number of outer clusters and of inner groups. */
  readonly clusters: number;
  readonly innerGroups: number;
  readonly method: MultilevelMethod;
  readonly test: MultilevelTest;
  readonly level: number;
  /** [outer, inner]. */
  readonly sigma2: readonly [number, number];
  readonly sigma2Fixed: readonly [boolean, boolean];
  readonly coefficients: readonly Coefficient[];
  readonly vcov: readonly (readonly number[])[];
  /** k - p under test t. */
  readonly df?: number;
  /** Residual heterogeneity with W = diag(1/vi), on k - p df. */
  readonly QE: number;
  readonly QEdf: number;
  readonly QEp: number;
  readonly logLik: number;
  readonly deviance: number;
  readonly AIC: number;
  readonly BIC: number;
  readonly AICc: number;
  /** Number of parameters: p plus the estimated components. */
  readonly parameters: number;
  /** I2 of each level [outer, inner] and in total, percent. */
  readonly I2Levels: readonly [number, number];
  readonly I2: number;
  /** The typical within-study variance (k - p) / tr(P), W = diag(1/vi). */
  readonly typicalVariance: number;
  /** Intercept-only models: the pooled effect with CI and prediction interval. */
  readonly prediction?: MultilevelPrediction;
  readonly convergence: Convergence;
  readonly robust?: RobustResult;
  readonly coding: readonly ModeratorCoding[];
  readonly notes: readonly string[];
}

/** The model's data and options after validation, for refits (profile intervals). */
export interface PreparedModel {
  readonly data: MultilevelData;
  readonly design: Design;
  /** The map from the conditioned design's coefficients to the user's: b = A b~. */
  readonly A: Float64Array;
  readonly terms: readonly string[];
  readonly coding: readonly ModeratorCoding[];
  readonly method: MultilevelMethod;
  readonly test: MultilevelTest;
  readonly level: number;
  readonly fixed: readonly (number | undefined)[];
  readonly control: MultilevelControl;
  readonly start: readonly number[];
  /** Notes from preparation (a component fixed because it is not identifiable). */
  readonly notes: readonly string[];
  readonly robust: RobustOptions | undefined;
  readonly cluster: readonly string[];
}

/**
 * Fits y = X b + u_outer + u_inner + e, u_outer ~ N(0, sigma2_1) shared by a cluster,
 * u_inner ~ N(0, sigma2_2) shared by an inner group, e ~ N(0, vi), by REML or ML
 * (Newton steps on the log-likelihood converging on its gradient; see optimize.ts), then
 * b by generalised least squares. Reports the coefficients (z or t on k - p), QM, QE with
 * W = diag(1/vi), logLik, AIC/BIC/AICc as metafor's fitstats(), the I2 of each level
 * 100 sigma2_j / (sum sigma2 + v~), v~ = (k - p) / tr(P) (Cheung 2014, eq. 15; Nakagawa &
 * Santos 2012, eq. 22), and for the intercept-only model the prediction interval
 * b +- q sqrt(se^2 + sigma2_1 + sigma2_2). Cost per iteration O(sum_c n_c^3 + k p^2).
 * @reference Konstantopoulos (2011), Res Synth Methods 2:61-76; Cheung (2014), Psychol
 *   Methods 19:211-229; Nakagawa & Santos (2012), Evol Ecol 26:1253-1274
 * @metafor rma.mv(yi, vi, mods, random = ~ 1 | outer/inner, method, test)
 * @example multilevelModel({ yi, vi, cluster: district }).sigma2 // [0.0651, 0.0327] (dat.konstantopoulos2011)
 */
export function multilevelModel(input: MultilevelInput, options: MultilevelOptions = {}): MultilevelResult {
  return fitPrepared(prepareMultilevel(input, options));
}

/** Validates the input and options once. */
export function prepareMultilevel(input: MultilevelInput, options: MultilevelOptions): PreparedModel {
  const fn = "multilevelModel";
  const studies = validateStudies(input, fn);
  if (input.cluster.length !== studies.k) {
    throw new MetakitError("INVALID_INPUT", `${fn}: yi has ${studies.k} values but cluster has ${input.cluster.length}`, {
      field: "cluster",
      value: input.cluster.length,
    });
  }
  const layout = clusterLayout(input.cluster, input.inner, fn);
  const method = readOneOf(MULTILEVEL_METHODS, options.method, "REML", "method", fn);
  const test = readOneOf(MULTILEVEL_TESTS, options.test, "z", "test", fn);
  const level = readLevel(options.level, fn);
  const { design, terms, coding } = moderatorDesign(studies.k, options.moderators ?? [], studies.labels, fn);
  const fixed = readFixed(options.sigma2);
  const notes: string[] = [];
  if (layout.innerGroups === layout.m && fixed[1] === undefined) {
    // Each cluster is a single inner group: sigma2_outer and sigma2_inner enter M only through their sum.
    fixed[1] = 0;
    notes.push("each cluster has one inner group, so the inner level is not identifiable: sigma2 inner is fixed at 0 (the two-level model)");
  }
  if (studies.k <= design.p) {
    throw new MetakitError("INSUFFICIENT_DATA", `${fn}: k = ${studies.k} effect sizes for ${design.p} coefficients`, {
      field: "yi",
      value: studies.k,
    });
  }
  const conditioned = conditionDesign(design);
  const data: MultilevelData = {
    layout,
    yi: studies.yi,
    vi: studies.vi,
    X: conditioned.X,
    p: design.p,
    // metafor's 1/2 log|X'X| - 1/2 log|X'WX| equals 1/2 log|X~'X~| - 1/2 log|X~'WX~|
    halfLogDetXtX: 0.5 * invertSpd(crossProduct({ ...design, X: conditioned.X }), design.p).logDet,
  };
  const control = options.control ?? {};
  const robust = options.robust;
  if (robust !== undefined) readOneOf(SMALL_SAMPLE_CORRECTIONS, robust.method, "CR2", "robust.method", fn);
  return {
    robust,
    cluster: input.cluster, data, design, A: conditioned.A, terms, coding, method, test, level, fixed, control, start: control.sigma2Init ?? startValues(design, studies.yi, studies.vi), notes };
}

/** Fits a prepared model (fixed components as given in `prepared.fixed`). */
export function fitPrepared(prepared: PreparedModel): MultilevelResult {
  const { data, design, method, test, level, fixed, terms } = prepared;
  const reml = method === "REML";
  const fit = estimateVarianceComponents(data, reml, fixed, prepared.control, prepared.start);
  const { k } = data.layout;
  const p = data.p;
  const ev = fit.evaluation;
  const beta = originalCoefficients(prepared.A, ev.beta, p);
  const vb = originalCovariance(prepared.A, ev.vb, p);
  const df = test === "t" ? k - p : undefined;
  const crit = quantile(level, df);
  const coefficients = terms.map((name, j): Coefficient => {
    const estimate = beta[j]!;
    const se = Math.sqrt(vb[j * p + j]!);
    const statistic = estimate / se;
    const pval = df === undefined ? normalTwoSidedP(statistic) : tTwoSidedP(statistic, df);
    return { name, estimate, se, statistic, pval, ciLower: estimate - crit * se, ciUpper: estimate + crit * se };
  });
  const omnibus = omnibusTest(beta, vb, p, moderatorCoefficients(p), test, k - p);
  const fe = marginalFit(design, data.yi, data.vi, 0);
  const sigma2: [number, number] = [fit.sigma2[0]!, fit.sigma2[1]!];
  const estimated = fixed.filter((f) => f === undefined).length;
  const stats = fitStatistics(ev.logLik, k, p, p + estimated, reml, data.vi);
  const typicalVariance = (k - p) / fe.trP;
  const total = sigma2[0] + sigma2[1] + typicalVariance;
  const notes: string[] = [...prepared.notes];
  sigma2.forEach((s, j) => {
    if (s === 0 && fixed[j] === undefined) notes.push(`sigma2 of the ${j === 0 ? "outer" : "inner"} level is estimated at its bound 0`);
  });
  return {
    k,
    p,
    clusters: data.layout.m,
    innerGroups: data.layout.innerGroups,
    method,
    test,
    level,
    sigma2,
    sigma2Fixed: [fixed[0] !== undefined, fixed[1] !== undefined],
    coefficients,
    vcov: terms.map((_, a) => terms.map((__, b) => vb[a * p + b]!)),
    ...(df === undefined ? {} : { df }),
    ...omnibus,
    QE: fe.RSS,
    QEdf: k - p,
    QEp: chisqUpperTail(fe.RSS, k - p),
    ...stats,
    I2Levels: [(100 * sigma2[0]) / total, (100 * sigma2[1]) / total],
    I2: (100 * (sigma2[0] + sigma2[1])) / total,
    typicalVariance,
    ...(p === 1 && design.intercept ? { prediction: predictionOf(coefficients[0]!, sigma2, crit) } : {}),
    convergence: fit.convergence,
    ...(prepared.robust === undefined ? {} : { robust: robustFor(prepared, sigma2, ev) }),
    coding: prepared.coding,
    notes,
  };
}

/** The sandwich of the fitted multilevel model. */
function robustFor(prepared: PreparedModel, sigma2: readonly [number, number], ev: { beta: Float64Array; vb: Float64Array }): RobustResult {
  const { data } = prepared;
  const { layout } = data;
  const outerId = new Int32Array(layout.k);
  const innerId = new Int32Array(layout.k);
  for (let c = 0; c < layout.m; c++) {
    for (let t = layout.starts[c]!; t < layout.starts[c + 1]!; t++) {
      outerId[layout.rows[t]!] = c;
      innerId[layout.rows[t]!] = layout.inner[t]!;
    }
  }
  const model: SandwichModel = {
    yi: data.yi,
    vi: data.vi,
    X: data.X,
    p: data.p,
    A: prepared.A,
    betaC: ev.beta,
    vbC: ev.vb,
    outerId,
    innerId,
    sigma2,
    terms: prepared.terms,
    level: prepared.level,
  };
  const robust = prepared.robust!;
  return clusterRobust(model, robust.cluster ?? prepared.cluster, robust.method ?? "CR2");
}

/** b +- q se and b +- q sqrt(se^2 + sigma2_1 + sigma2_2) (metafor's predict.rma.mv). */
function predictionOf(b: Coefficient, sigma2: readonly number[], crit: number): MultilevelPrediction {
  const half = crit * Math.sqrt(b.se * b.se + sigma2[0]! + sigma2[1]!);
  return { pred: b.estimate, se: b.se, ciLower: b.ciLower, ciUpper: b.ciUpper, piLower: b.estimate - half, piUpper: b.estimate + half };
}

/**
 * metafor's fitstats(): deviance (ML: -2 (ll - ll of the saturated model), REML: -2 ll),
 * AIC = -2 ll + 2 m, BIC = -2 ll + m log(n), AICc = -2 ll + 2 m n / (n - m - 1) with
 * n = k (ML) or k - p (REML), n raised to m + 2 where it is smaller.
 */
function fitStatistics(
  logLik: number,
  k: number,
  p: number,
  parameters: number,
  reml: boolean,
  vi: Float64Array,
): Pick<MultilevelResult, "logLik" | "deviance" | "AIC" | "BIC" | "AICc" | "parameters"> {
  const n = reml ? k - p : k;
  let saturated = -0.5 * k * Math.log(2 * Math.PI);
  for (let i = 0; i < k; i++) saturated -= 0.5 * Math.log(vi[i]!);
  const nc = Math.max(n, parameters + 2);
  return {
    logLik,
    deviance: reml ? -2 * logLik : -2 * (logLik - saturated),
    AIC: -2 * logLik + 2 * parameters,
    BIC: -2 * logLik + parameters * Math.log(n),
    AICc: -2 * logLik + (2 * parameters * nc) / (nc - parameters - 1),
    parameters,
  };
}

function quantile(level: number, df: number | undefined): number {
  const upper = 1 - (1 - level / 100) / 2;
  return df === undefined ? normalQuantile(upper) : tQuantile(upper, df);
}

/**
 * Starting values: half the two-level DerSimonian–Laird estimate for each component
 * (a tenth of the mean vi where that is 0, so that neither starts on the bound).
 */
function startValues(design: Design, yi: Float64Array, vi: Float64Array): number[] {
  const fe = marginalFit(design, yi, vi, 0);
  const { k, p } = design;
  const c = fe.trP;
  let meanV = 0;
  for (let i = 0; i < k; i++) meanV += vi[i]! / k;
  const tau2 = Math.max(0, (fe.RSS - (k - p)) / c);
  const s = tau2 > 0 ? tau2 / 2 : meanV / 10;
  return [s, s];
}

function crossProduct(design: Design): Float64Array {
  const { k, p, X } = design;
  const out = new Float64Array(p * p);
  for (let i = 0; i < k; i++) for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) out[a * p + b]! += X[i * p + a]! * X[i * p + b]!;
  return out;
}

function readFixed(sigma2: MultilevelOptions["sigma2"]): (number | undefined)[] {
  if (sigma2 === undefined) return [undefined, undefined];
  if (sigma2.length !== Q) throw invalidOption("multilevelModel", "sigma2", sigma2, "two variances [outer, inner], each a number >= 0 or null");
  return sigma2.map((s) => {
    if (s === null) return undefined;
    if (!(s >= 0 && Number.isFinite(s))) throw invalidOption("multilevelModel", "sigma2", s, "a variance >= 0 or null");
    return s;
  });
}

export type { ClusterLayout };
