/**
 * The multivariate model in `pool` and `regress`: `--study COL --outcome COL [--struct S]
 * [--rho R]` fits metafor's rma.mv(yi, V, mods = ~ outcome - 1, random = ~ outcome | study,
 * struct = S) with V = vcalc(vi, cluster = study, type = outcome, rho = R), or with
 * `--time COL --phi P` vcalc(vi, cluster = study, time1 = time, phi = P) (both together:
 * type, rho, time1 and phi), or V read from `--V FILE` (within-covariance.ts); `--robust COL`
 * adds cluster-robust tests (metafor's robust(), clubSandwich's CR2); `regress --mods` adds
 * moderators to the outcome means.
 */
import type { Command } from "commander";
import type { Measure } from "@metakit/effect-size";
import { multivariateModel, multivariateProfileIntervals, vcalc, type CovarianceEntry, type MultivariateComponentInterval, VARIANCE_STRUCTURES, type Moderator, type MultivariateResult, type RobustResult, type SmallSampleCorrection, type VarianceStructure } from "@metakit/core";
import { UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { computeOrLocate } from "../locate.js";
import { finiteNumber, oneOf } from "../options.js";
import { formatted, pEquals } from "../output.js";
import { columnCells, numericColumn, type StudyEffects } from "../study-effects.js";
import { readWithinCovariance } from "../within-covariance.js";

export interface MultivariateCliOptions {
  readonly study?: string;
  readonly outcome?: string;
  readonly struct?: VarianceStructure;
  readonly rho?: number;
  /** The time point of each effect size (vcalc's time1), with phi. */
  readonly time?: string;
  readonly phi?: number;
  /** A CSV of the block-diagonal within-study covariance (rma.mv's V). */
  readonly V?: string;
  readonly cluster?: string;
  readonly inner?: string;
  readonly robust?: string;
  readonly smallSample?: SmallSampleCorrection;
  /** pool's --tau2-ci: here the profile-likelihood intervals of tau2 and rho. */
  readonly tau2Ci?: boolean;
}

interface ModelRequest {
  readonly measure: Measure;
  readonly method: string;
  readonly test: string;
  readonly level: number;
  readonly format: "text" | "json";
}

/** Adds --study, --outcome, --struct and --rho to a command. */
export function multivariateOptions(command: Command): Command {
  return command
    .option("--study <column>", "multivariate model: the study of each effect size (with --outcome)")
    .option("--outcome <column>", "multivariate model: the outcome (or time point) of each effect size, random = ~ outcome | study")
    .option("--struct <S>", `with --outcome: between-study covariance of the outcomes, ${VARIANCE_STRUCTURES.join(", ")} (default CS)`, oneOf(VARIANCE_STRUCTURES))
    .option("--rho <R>", "with --outcome: the within-study correlation of different outcomes (metafor's vcalc(vi, study, type = outcome, rho)); default 0", finiteNumber((x) => Math.abs(x) <= 1, " in [-1, 1]"))
    .option("--time <column>", "with --outcome and --phi: the time point of each effect size; sampling errors correlate phi^|t - t'| (vcalc's time1)")
    .option("--phi <P>", "with --time: the autocorrelation of the sampling errors per unit of time (vcalc's phi)", finiteNumber((x) => Math.abs(x) <= 1, " in [-1, 1]"))
    .option("--V <file>", "with --outcome: the within-study covariance matrix V (block diagonal) as a CSV: the --study column and v1i, v2i, ..., one row per data row (the layout of dat.berkey1998)");
}

/** True when the multivariate path should handle the command (it refuses a partner option given alone). */
export function isMultivariate(options: MultivariateCliOptions): boolean {
  return options.outcome !== undefined || options.study !== undefined || options.struct !== undefined || options.rho !== undefined || options.time !== undefined || options.phi !== undefined || options.V !== undefined;
}

/** Fits the multivariate model for `pool` (no moderators) or `regress` and writes its output. */
export function runMultivariate(io: Io, data: StudyEffects, moderators: readonly Moderator[], options: MultivariateCliOptions & ModelRequest, command: "pool" | "regress"): void {
  checkOptions(options);
  const file = data.table.file;
  const study = columnCells(data, options.study!, "--study");
  const outcome = columnCells(data, options.outcome!, "--outcome");
  const robustCluster = options.robust === undefined ? undefined : columnCells(data, options.robust, "--robust");
  const input = { yi: data.yi, vi: data.vi, labels: data.labels, study, outcome, covariance: withinCovariance(data, study, outcome, options) };
  const model = { struct: options.struct ?? "CS", method: options.method as "REML" | "ML", test: options.test as "z" | "t", level: options.level, moderators };
  const fit = computeOrLocate(file, () =>
    multivariateModel(input, { ...model, ...(robustCluster !== undefined && { robust: { cluster: robustCluster, method: options.smallSample ?? "CR2" } }) }),
  );
  const profile = options.tau2Ci === true ? computeOrLocate(file, () => multivariateProfileIntervals(input, model)) : undefined;
  const notes = options.rho === undefined && options.time === undefined && options.V === undefined ? ["no --rho: the sampling errors of a study's outcomes are taken as independent (rho = 0)"] : [];
  const json = { ...multivariateJson(fit, data, options, notes), ...(profile !== undefined && { profile: profileJson(profile) }) };
  io.stdout(formatted(file, options.format, json, () => multivariateText(fit, options.measure, command, withinText(options), notes, profile)));
}

/**
 * The within-study covariances: read from --V, or built by vcalc() from --rho (type =
 * outcome) and/or --time with --phi.
 */
function withinCovariance(data: StudyEffects, study: readonly string[], outcome: readonly string[], options: MultivariateCliOptions): CovarianceEntry[] {
  const file = data.table.file;
  if (options.V !== undefined) return readWithinCovariance(options.V, data, options.study!, study);
  const time = options.time === undefined ? undefined : numericColumn(data, options.time, "--time");
  const byType = options.time === undefined || options.rho !== undefined ? { type: outcome, rho: options.rho ?? 0 } : {};
  return computeOrLocate(file, () => vcalc(data.vi, study, { ...byType, ...(time !== undefined && { time, phi: options.phi! }) }));
}

/** How V was made, for the JSON. */
function withinJson(options: MultivariateCliOptions) {
  if (options.V !== undefined) return { source: "file", file: options.V };
  return { source: "vcalc", ...(options.time === undefined || options.rho !== undefined ? { rho: options.rho ?? 0 } : {}), ...(options.time !== undefined && { time: options.time, phi: options.phi }) };
}

function withinText(options: MultivariateCliOptions): string {
  if (options.V !== undefined) return `within-study covariance from ${options.V}`;
  const rho = options.time === undefined || options.rho !== undefined ? [`within-study rho = ${options.rho ?? 0}`] : [];
  const phi = options.time === undefined ? [] : [`phi = ${options.phi} per unit of ${options.time}`];
  return [...rho, ...phi].join(", ");
}

function checkOptions(options: MultivariateCliOptions & ModelRequest): void {
  if (options.time !== undefined && options.phi === undefined) throw new UsageError("--time needs --phi (the autocorrelation per unit of time)");
  if (options.phi !== undefined && options.time === undefined) throw new UsageError("--phi needs --time (the column of time points)");
  if (options.V !== undefined && (options.rho !== undefined || options.time !== undefined)) throw new UsageError("--V gives the within-study covariance itself: leave out --rho, --time and --phi");
  if (options.outcome === undefined) {
    const given = options.study !== undefined ? "--study" : options.struct !== undefined ? "--struct" : options.rho !== undefined ? "--rho" : options.time !== undefined ? "--time" : "--V";
    throw new UsageError(`${given} needs --outcome (the multivariate model: --study COL --outcome COL)`);
  }
  if (options.study === undefined) throw new UsageError("--outcome needs --study (the column of the study each effect size belongs to)");
  if (options.cluster !== undefined || options.inner !== undefined) throw new UsageError("--cluster/--inner (three-level model) cannot be combined with --study/--outcome (multivariate model)");
  if (options.smallSample !== undefined && options.robust === undefined) throw new UsageError("--small-sample needs --robust");
  if (options.method !== "REML" && options.method !== "ML") throw new UsageError(`--outcome fits the multivariate model by REML or ML; got --method ${options.method}`);
  if (options.test !== "z" && options.test !== "t") throw new UsageError(`--outcome takes --test z or t; got ${options.test}`);
}

/** The robust tests, one entry per coefficient in each array (the coefficients' order). */
function robustJson(robust: RobustResult) {
  const column = (f: (c: RobustResult["coefficients"][number]) => number) => robust.coefficients.map(f);
  return {
    method: robust.method,
    clusters: robust.clusters,
    se: column((c) => c.se),
    statistic: column((c) => c.statistic),
    df: column((c) => c.df),
    pval: column((c) => c.pval),
    ciLower: column((c) => c.ciLower),
    ciUpper: column((c) => c.ciUpper),
    ...(robust.QM !== undefined && { QM: robust.QM, QMdf: robust.QMdf, QMp: robust.QMp }),
  };
}

function multivariateJson(fit: MultivariateResult, data: StudyEffects, options: MultivariateCliOptions, notes: readonly string[]) {
  return {
    model: "multivariate",
    k: fit.k,
    studies: fit.studies,
    outcomes: fit.outcomes,
    struct: fit.struct,
    method: fit.method,
    test: fit.test,
    level: fit.level,
    within: withinJson(options),
    ...(fit.df !== undefined && { df: fit.df }),
    coefficients: fit.coefficients.map((c) => ({ name: c.name, estimate: c.estimate, se: c.se, statistic: c.statistic, pval: c.pval, ciLower: c.ciLower, ciUpper: c.ciUpper })),
    QM: fit.QM,
    QMdf: fit.QMdf,
    QMp: fit.QMp,
    tau2: fit.tau2,
    rho: fit.rho,
    /** I² per outcome level (percent), in the order of outcomes. */
    I2: fit.I2,
    QE: fit.QE,
    QEdf: fit.QEdf,
    QEp: fit.QEp,
    logLik: fit.logLik,
    AIC: fit.AIC,
    BIC: fit.BIC,
    convergence: { iterations: fit.convergence.iterations, stoppingRule: fit.convergence.stoppingRule },
    ...(fit.robust !== undefined && { robust: robustJson(fit.robust) }),
    excluded: data.excluded,
    notes: [...notes, ...fit.notes],
  };
}

function profileJson(profile: readonly MultivariateComponentInterval[]) {
  return profile.map((p) => ({ component: p.component, estimate: p.estimate, lower: p.lower, upper: p.upper }));
}

const fixed = (x: number, digits = 4) => x.toFixed(digits);

function multivariateText(
  fit: MultivariateResult,
  measure: Measure,
  command: "pool" | "regress",
  within: string,
  notes: readonly string[],
  profile: readonly MultivariateComponentInterval[] | undefined,
): string {
  const df = fit.df;
  const line = (c: { name: string; estimate: number; se: number; statistic: number; pval: number; ciLower: number; ciUpper: number }, d?: number) =>
    `${c.name}: ${fixed(c.estimate)} (se ${fixed(c.se)}${d === undefined ? "" : `, df ${fixed(d, 2)}`}), ${d === undefined ? "z" : "t"} = ${fixed(c.statistic, 3)}, ${pEquals(c.pval)}, ${fit.level}% CI [${fixed(c.ciLower)}, ${fixed(c.ciUpper)}]`;
  const levels = fit.tau2.length === 1 ? "" : ` (${fit.outcomes.join(", ")})`;
  const robust = fit.robust;
  return [
    `Multivariate ${command === "pool" ? "meta-analysis" : "meta-regression"} (${fit.method}, struct ${fit.struct}), ${measure}, ${fit.k} effect sizes of ${fit.outcomes.length} outcomes in ${fit.studies} studies; ${within}`,
    "",
    ...fit.coefficients.map((c) => line(c, df)),
    `Test of the coefficients: QM(df = ${fit.QMdf[0]}) = ${fixed(fit.QM, 3)}, ${pEquals(fit.QMp)}`,
    `tau²${levels}: ${fit.tau2.map((t) => fixed(t)).join(", ")}${fit.rho.length === 0 ? "" : `; rho: ${fit.rho.map((r) => fixed(r)).join(", ")}`}`,
    `I² per outcome${fit.outcomes.length === 1 ? "" : ` (${fit.outcomes.join(", ")})`}: ${fit.I2.map((x) => `${fixed(x, 1)}%`).join(", ")}`,
    ...(profile === undefined ? [] : [`Profile-likelihood ${fit.level}% CIs: ${profile.map((p) => `${p.component} [${fixed(p.lower)}, ${fixed(p.upper)}]`).join("; ")}`]),
    `Residual heterogeneity: QE(df = ${fit.QEdf}) = ${fixed(fit.QE, 3)}, ${pEquals(fit.QEp)}; logLik = ${fixed(fit.logLik, 3)}, AIC = ${fixed(fit.AIC, 3)}, BIC = ${fixed(fit.BIC, 3)}`,
    ...(robust === undefined
      ? []
      : ["", `Cluster-robust tests (${robust.method}${robust.method === "CR2" ? ", Satterthwaite df" : ""}), ${robust.clusters} clusters`, ...robust.coefficients.map((c) => line(c, c.df))]),
    ...[...notes, ...fit.notes].map((n) => `Note: ${n}`),
    "",
  ].join("\n");
}
