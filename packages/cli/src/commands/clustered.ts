/**
 * Dependent effect sizes in `pool` and `regress`: `--cluster COL [--inner COL]` fits the
 * three-level model (metafor's rma.mv(yi, vi, random = ~ 1 | cluster/inner)); `--robust COL
 * [--small-sample CR1|CR2]` adds cluster-robust tests (metafor's robust(), clubSandwich's CR2)
 * to the three-level or the ordinary model.
 */
import type { Command } from "commander";
import type { Measure } from "@metakit/effect-size";
import {
  multilevelModel,
  multilevelProfileIntervals,
  predictMultilevel,
  REGRESSION_METHODS,
  robustRegression,
  SMALL_SAMPLE_CORRECTIONS,
  type Moderator,
  type MultilevelMethod,
  type MultilevelPointPrediction,
  type VarianceComponentInterval,
  type MultilevelResult,
  type RegressionMethod,
  type RobustResult,
  type SmallSampleCorrection,
} from "@metakit/core";
import { InputFileError, UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { computeOrLocate } from "../locate.js";
import { oneOf } from "../options.js";
import { formatted, pEquals } from "../output.js";
import { columnCells, type StudyEffects } from "../study-effects.js";

export interface ClusterOptions {
  readonly cluster?: string;
  readonly inner?: string;
  readonly robust?: string;
  readonly smallSample?: SmallSampleCorrection;
  /** pool's --tau2-ci: with --cluster, the profile-likelihood intervals of sigma2. */
  readonly tau2Ci?: boolean;
  /** regress's --predict points, coded: with --cluster, predictions of the three-level model. */
  readonly predictAt?: readonly Readonly<Record<string, number | string>>[];
}

/** Adds --cluster, --inner, --robust and --small-sample to a command. */
export function clusterOptions(command: Command): Command {
  return command
    .option("--cluster <column>", "three-level model: effect sizes nested in the clusters of this column (REML or ML)")
    .option("--inner <column>", "with --cluster: the inner grouping within a cluster (default: one effect size per row)")
    .option("--robust <column>", "cluster-robust tests clustered by this column")
    .option("--small-sample <CR>", "with --robust: CR1 (metafor's adjust = TRUE) or CR2 with Satterthwaite df (clubSandwich; the default)", oneOf(SMALL_SAMPLE_CORRECTIONS));
}

/** True when the clustered path should handle the command (it refuses a partner option given alone). */
export function isClustered(options: ClusterOptions): boolean {
  return options.cluster !== undefined || options.robust !== undefined || options.inner !== undefined || options.smallSample !== undefined;
}

interface ModelRequest {
  readonly measure: Measure;
  readonly method: string;
  readonly test: string;
  readonly level: number;
  readonly format: "text" | "json";
}

/**
 * Runs the clustered model for `pool` (moderators empty) or `regress` and writes its output.
 * Throws UsageError for options the model does not take.
 */
export function runClustered(
  io: Io,
  data: StudyEffects,
  moderators: readonly Moderator[],
  options: ClusterOptions & ModelRequest,
  command: "pool" | "regress",
): void {
  if (options.inner !== undefined && options.cluster === undefined) throw new UsageError("--inner needs --cluster");
  if (options.smallSample !== undefined && options.robust === undefined) throw new UsageError("--small-sample needs --robust");
  const file = data.table.file;
  const robustCluster = options.robust === undefined ? undefined : columnCells(data, options.robust, "--robust");
  const method = options.smallSample ?? "CR2";
  if (options.cluster === undefined) {
    if (options.tau2Ci === true) throw new UsageError("--tau2-ci with --robust needs --cluster (the three-level model)");
    const tau2Method = regressionMethod(options.method);
    if (options.test !== "z") throw new UsageError("--robust replaces the model's tests: leave --test at z");
    const robust = computeOrLocate(file, () =>
      robustRegression({ yi: data.yi, vi: data.vi, labels: data.labels, cluster: robustCluster! }, moderators, { method: tau2Method, level: options.level }, method),
    );
    io.stdout(formatted(file, options.format, robustOnlyJson(robust, data, command, tau2Method), () => robustText(robust, command, options.level) + "\n"));
    return;
  }
  const clusters = new Set(columnCells(data, options.cluster, "--cluster")).size;
  if (clusters < 2) throw new InputFileError(file, `--cluster ${options.cluster} has ${clusters} cluster; a multilevel model needs at least 2 (one cluster leaves its variance with nothing to vary over)`);
  const input = {
    yi: data.yi,
    vi: data.vi,
    labels: data.labels,
    cluster: columnCells(data, options.cluster!, "--cluster"),
    ...(options.inner !== undefined && { inner: columnCells(data, options.inner, "--inner") }),
  };
  const model = { method: multilevelMethod(options.method), test: multilevelTest(options.test), level: options.level, moderators };
  const fit = computeOrLocate(file, () => multilevelModel(input, { ...model, ...(robustCluster !== undefined && { robust: { cluster: robustCluster, method } }) }));
  const profile = options.tau2Ci === true ? computeOrLocate(file, () => multilevelProfileIntervals(input, model)) : undefined;
  const predictions = options.predictAt === undefined ? undefined : computeOrLocate(file, () => predictMultilevel(fit, options.predictAt!));
  const extras = {
    ...(profile !== undefined && { profile: profile.map((p) => ({ component: p.component === 0 ? "outer" : "inner", estimate: p.estimate, lower: p.lower, upper: p.upper })) }),
    ...(predictions !== undefined && { predictions }),
  };
  io.stdout(formatted(file, options.format, { ...multilevelJson(fit, data, command), ...extras }, () => multilevelText(fit, options.measure, command) + extrasText(profile, predictions, fit.level)));
}

function multilevelMethod(method: string): MultilevelMethod {
  if (method === "REML" || method === "ML") return method;
  throw new UsageError(`--cluster fits the three-level model by REML or ML; got --method ${method}`);
}

function multilevelTest(test: string): "z" | "t" {
  if (test === "z" || test === "t") return test;
  throw new UsageError(`--cluster takes --test z or t; got ${test}`);
}

function regressionMethod(method: string): RegressionMethod {
  const match = REGRESSION_METHODS.find((m) => m === method);
  if (match === undefined) throw new UsageError(`--robust takes --method ${REGRESSION_METHODS.join(", ")}; got ${method}`);
  return match;
}

/** The robust block of the JSON: the single coefficient flat for pool, one entry per coefficient for regress. */
function robustJson(robust: RobustResult, command: "pool" | "regress") {
  const common = { method: robust.method, clusters: robust.clusters };
  const omnibus = robust.QM === undefined ? {} : { QM: robust.QM, QMdf: robust.QMdf, QMp: robust.QMp };
  if (command === "pool") {
    const b = robust.coefficients[0]!;
    return { ...common, se: b.se, statistic: b.statistic, df: b.df, pval: b.pval, ciLower: b.ciLower, ciUpper: b.ciUpper };
  }
  return { ...common, coefficients: robust.coefficients, ...omnibus, notes: robust.notes };
}

function multilevelJson(fit: MultilevelResult, data: StudyEffects, command: "pool" | "regress") {
  const b = fit.coefficients[0]!;
  const estimate =
    command === "pool"
      ? { estimate: b.estimate, se: b.se, statistic: b.statistic, pval: b.pval, ciLower: b.ciLower, ciUpper: b.ciUpper }
      : { coefficients: fit.coefficients, QM: fit.QM, QMdf: fit.QMdf, QMp: fit.QMp };
  return {
    model: "three-level",
    k: fit.k,
    clusters: fit.clusters,
    innerGroups: fit.innerGroups,
    method: fit.method,
    test: fit.test,
    level: fit.level,
    ...(fit.df !== undefined && { df: fit.df }),
    ...estimate,
    ...(fit.prediction !== undefined && { predictionInterval: { lower: fit.prediction.piLower, upper: fit.prediction.piUpper } }),
    sigma2: fit.sigma2,
    QE: fit.QE,
    QEdf: fit.QEdf,
    QEp: fit.QEp,
    logLik: fit.logLik,
    AIC: fit.AIC,
    BIC: fit.BIC,
    I2Levels: fit.I2Levels,
    I2: fit.I2,
    convergence: { iterations: fit.convergence.iterations, stoppingRule: fit.convergence.stoppingRule },
    ...(fit.robust !== undefined && { robust: robustJson(fit.robust, command) }),
    excluded: data.excluded,
    notes: fit.notes,
  };
}

function robustOnlyJson(robust: RobustResult, data: StudyEffects, command: "pool" | "regress", method: RegressionMethod) {
  const b = robust.coefficients[0]!;
  return {
    model: "two-level",
    k: data.yi.length,
    method,
    ...(command === "pool" ? { estimate: b.estimate } : { coefficients: robust.coefficients.map((c) => ({ name: c.name, estimate: c.estimate })) }),
    robust: robustJson(robust, command),
    excluded: data.excluded,
    notes: robust.notes,
  };
}

const fixed = (x: number, digits = 4) => x.toFixed(digits);

/** The profile intervals (--tau2-ci) and predictions (--predict) under the model's text. */
function extrasText(profile: readonly VarianceComponentInterval[] | undefined, predictions: readonly MultilevelPointPrediction[] | undefined, level: number): string {
  const lines: string[] = [];
  if (profile !== undefined) {
    lines.push(`Profile-likelihood ${level}% CIs: ${profile.map((p) => `sigma² ${p.component === 0 ? "cluster" : "inner"} [${fixed(p.lower)}, ${fixed(p.upper)}]`).join("; ")}`);
  }
  if (predictions !== undefined) {
    lines.push("Predicted effects");
    for (const p of predictions) {
      const at = Object.entries(p.values).map(([k, v]) => `${k} = ${v}`).join(", ");
      lines.push(`${at}: ${fixed(p.pred)} [${fixed(p.ciLower)}, ${fixed(p.ciUpper)}], prediction interval [${fixed(p.piLower)}, ${fixed(p.piUpper)}]`);
    }
  }
  return lines.length === 0 ? "" : lines.join("\n") + "\n";
}

function coefficientLines(rows: readonly { name: string; estimate: number; se: number; statistic: number; pval: number; ciLower: number; ciUpper: number; df?: number }[], level: number): string[] {
  return rows.map(
    (c) =>
      `${c.name}: ${fixed(c.estimate)} (se ${fixed(c.se)}${c.df === undefined ? "" : `, df ${fixed(c.df, 2)}`}), ${c.df === undefined ? "z" : "t"} = ${fixed(c.statistic, 3)}, ${pEquals(c.pval)}, ${level}% CI [${fixed(c.ciLower)}, ${fixed(c.ciUpper)}]`,
  );
}

function robustText(robust: RobustResult, command: "pool" | "regress", level: number): string {
  const title = `Cluster-robust tests (${robust.method}${robust.method === "CR2" ? ", Satterthwaite df" : ""}), ${robust.clusters} clusters`;
  const rows = command === "pool" ? robust.coefficients.slice(0, 1) : robust.coefficients;
  return [title, ...coefficientLines(rows, level), ...robust.notes.map((n) => `Note: ${n}`)].join("\n");
}

function multilevelText(fit: MultilevelResult, measure: Measure, command: "pool" | "regress"): string {
  const rows = fit.coefficients.map((c) => ({ ...c, ...(fit.df !== undefined && { df: fit.df }) }));
  return [
    `Three-level ${command === "pool" ? "meta-analysis" : "meta-regression"} (${fit.method}), ${measure}, ${fit.k} effect sizes in ${fit.clusters} clusters`,
    "",
    ...coefficientLines(rows, fit.level),
    ...(fit.prediction === undefined ? [] : [`Prediction interval: [${fixed(fit.prediction.piLower)}, ${fixed(fit.prediction.piUpper)}]`]),
    `sigma² (cluster, inner): ${fixed(fit.sigma2[0])}, ${fixed(fit.sigma2[1])}; I² (cluster, inner, total): ${fixed(fit.I2Levels[0], 1)}%, ${fixed(fit.I2Levels[1], 1)}%, ${fixed(fit.I2, 1)}%`,
    `Residual heterogeneity: QE(df = ${fit.QEdf}) = ${fixed(fit.QE, 3)}, ${pEquals(fit.QEp)}; logLik = ${fixed(fit.logLik, 3)}, AIC = ${fixed(fit.AIC, 3)}`,
    ...(fit.robust === undefined ? [] : ["", robustText(fit.robust, command, fit.level)]),
    ...fit.notes.map((n) => `Note: ${n}`),
    "",
  ].join("\n");
}
