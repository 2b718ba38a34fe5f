/**
 * `metakit pool` on a study table already read: the option checks, the pooled model (or
 * models per subgroup), and its output as text, JSON or CSV. Pure, so the command line
 * and the web app's "Analyse a CSV" compute the same thing with the same words.
 */
import { escalc, type EscalcResult, type Measure, type MetaforCompat } from "@metakit/effect-size";
import {
  mantelHaenszel,
  metaAnalysis,
  peto,
  subgroupAnalysis,
  TAU2_METHODS,
  type IntervalType,
  type MetaAnalysisOptions,
  type NormalMuPrior,
  type PredictionIntervalType,
  type Tau2Method,
  type TauPrior,
  type TestType,
} from "@metakit/core";
import { InputFileError, UsageError } from "./errors.js";
import { computeOrLocate } from "./locate.js";
import { poolBayes } from "./bayes.js";
import { formatted } from "./output.js";
import { refuseConflicts } from "./guard.js";
import { poolingJson, subgroupJson, type PoolingSummary, type StudyEffect, type SubgroupSummary } from "./pooling-json.js";
import { checkGlmmOptions, poolGlmm, type GlmmModelOption } from "./glmm.js";
import { poolingText, subgroupText } from "./pooling-text.js";
import { poolingCsv, subgroupCsv } from "./pooling-csv.js";
import { metaforPrint } from "./metafor-style.js";
import { fileRow, parseNumber, refuseUnusableTable, type StudyTable } from "./study-csv.js";

export const POOLING_METHODS = [...TAU2_METHODS, "MH", "PETO", "BAYES", "GLMM"] as const;
export type PoolingMethod = (typeof POOLING_METHODS)[number];

/** The options of `metakit pool` that a study table's pooling reads (not --cluster, --robust, --study/--outcome or --emit-r). */
export interface PoolOptions {
  readonly measure: Measure;
  readonly method: PoolingMethod;
  readonly test: TestType;
  readonly level: number;
  readonly pi?: PredictionIntervalType;
  readonly tau2Ci?: boolean;
  readonly by?: string;
  readonly commonTau2?: boolean;
  readonly weights?: string;
  readonly metaforCompat?: MetaforCompat;
  readonly format: "text" | "json" | "csv";
  /** The text layout: RevMan's (default) or metafor's print.rma.uni. */
  readonly style?: "revman" | "metafor";
  readonly tauPrior?: TauPrior;
  readonly muPrior?: NormalMuPrior;
  readonly interval?: IntervalType;
  readonly probBelow?: number[];
  readonly glmmModel?: GlmmModelOption;
}

/**
 * What `metakit pool` prints for a study table already read (not clustered), text, JSON
 * or CSV as the options say. It reads no file, so the web app's "Analyse a CSV" calls it
 * too and its download is the command's output by construction. The option checks run
 * here as well as in the command, so a caller without commander gets the same usage errors.
 */
export function poolTable(table: StudyTable, options: PoolOptions): string {
  checkConflicts(options);
  checkBayesOptions(options);
  checkWeightsOption(options);
  if ((options.method === "BAYES" || options.method === "GLMM") && options.format === "csv") throw new UsageError(`--format csv (the per-study table) is not offered with --method ${options.method}: use text or json`);
  checkStyleOption(options);
  checkGlmmOptions(options, false);
  if (options.method === "GLMM") return poolGlmm(table, options); // counts, not escalc's effects
  refuseUnusableTable(table, options.measure);
  const compat = options.metaforCompat === undefined ? {} : { metaforCompat: options.metaforCompat };
  const effects = computeOrLocate(table.file, () => escalc(options.measure, table.studies, compat));
  return options.by === undefined ? poolAll(table, effects, options) : poolBy(table, effects, options, options.by);
}

/** Options that mean nothing without another, or contradict the method: usage errors, never silently ignored. */
export function checkConflicts(options: PoolOptions): void {
  const notInverseVariance = options.method === "MH" || options.method === "PETO" || options.method === "BAYES";
  refuseConflicts([
    [options.commonTau2 === true && options.by === undefined, "--common-tau2 needs --by (one tau² shared by the subgroups)"],
    [notInverseVariance && (options.test === "knha" || options.test === "adhoc"), `--test ${options.test} is for the inverse-variance models, not --method ${options.method}`],
    [notInverseVariance && options.tau2Ci === true, `--tau2-ci is for the inverse-variance random-effects models, not --method ${options.method}`],
  ]);
}

/** --tau-prior is needed by, and the other Bayesian options only read with, --method BAYES. */
export function checkBayesOptions(options: PoolOptions): void {
  const bayesOnly = (["tauPrior", "muPrior", "interval", "probBelow"] as const).filter((o) => options[o] !== undefined);
  if (options.method === "BAYES") {
    if (options.tauPrior === undefined) throw new UsageError("--method BAYES needs --tau-prior, e.g. --tau-prior halfnormal:0.5");
    if (options.by !== undefined) throw new UsageError("--by is not offered with --method BAYES");
  } else if (bayesOnly.length > 0) {
    throw new UsageError(`--${bayesOnly[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --method BAYES`);
  }
}

/** --style metafor prints rma()'s layout: a text printout of one inverse-variance model. */
function checkStyleOption(options: PoolOptions): void {
  if (options.style !== "metafor") return;
  if (options.format !== "text") throw new UsageError("--style metafor is a text layout: leave out --format, or use --format text");
  if (options.method === "MH" || options.method === "PETO" || options.method === "BAYES" || options.method === "GLMM" || options.by !== undefined) {
    throw new UsageError("--style metafor prints rma()'s layout: an inverse-variance model (not MH, PETO, BAYES or GLMM) without --by");
  }
}

/** GENQ needs --weights, and --weights means GENQ (metafor ignores weights for the other estimators' tau²). */
export function checkWeightsOption(options: PoolOptions): void {
  if (options.method === "GENQ" && options.weights === undefined) throw new UsageError("--method GENQ needs --weights COLUMN (the user weights)");
  if (options.method !== "GENQ" && options.weights !== undefined) throw new UsageError("--weights is used with --method GENQ only");
  if (options.weights !== undefined && options.by !== undefined) throw new UsageError("--weights (GENQ) with --by is not offered");
}

/** The --weights column of the given rows: finite numbers >= 0, strictly read. */
function userWeights(table: StudyTable, column: string, rows: readonly number[]): number[] {
  if (!table.columns.includes(column)) throw new InputFileError(table.file, `no column "${column}" for --weights`, 1);
  return rows.map((i) => {
    const x = parseNumber(table.cells[i]![column] ?? "", table.file, i, column);
    if (x === null || x <= 0) throw new InputFileError(table.file, `--weights needs a number > 0, got "${table.cells[i]![column] ?? ""}"`, fileRow(i), column);
    return x;
  });
}

function poolAll(table: StudyTable, effects: EscalcResult, options: PoolOptions): string {
  if (options.method === "BAYES") {
    const rows = estimableRows(effects);
    if (rows.length === 0) throw new InputFileError(table.file, "no study could be estimated, so nothing can be pooled");
    const excluded = excludedRows(effects, allRows(table));
    return computeOrLocate(table.file, () =>
      poolBayes(effectArrays(effects, rows), excluded, {
        measure: options.measure,
        level: options.level,
        tauPrior: options.tauPrior!,
        format: options.format === "json" ? "json" : "text",
        file: table.file,
        ...(options.muPrior && { muPrior: options.muPrior }),
        ...(options.interval && { interval: options.interval }),
        ...(options.probBelow && { probBelow: options.probBelow }),
      }),
    );
  }
  if (options.method === "GLMM") throw new UsageError("--method GLMM pools the counts, not escalc's effects"); // poolTable sends it to poolGlmm first
  const summary = poolSummary(table, effects, { ...options, method: options.method });
  const metaforStyle = options.style === "metafor" && "piMethod" in summary.result ? summary.result : undefined;
  return formatted(table.file, options.format, poolingJson(summary), () => (metaforStyle ? metaforPrint(metaforStyle) : options.format === "csv" ? poolingCsv(summary) : poolingText(summary)));
}

/** The pooled model of every study, as `pool` prints it (figures draw this): not --by, not BAYES. */
export function poolSummary(table: StudyTable, effects: EscalcResult, options: PoolOptions & { readonly method: Exclude<PoolingMethod, "BAYES" | "GLMM"> }): PoolingSummary {
  return computeOrLocate(table.file, () => pool(table, effects, options, options.method, allRows(table)));
}

function poolBy(table: StudyTable, effects: EscalcResult, options: PoolOptions, column: string): string {
  const summary = subgroupSummary(table, effects, options, column);
  return formatted(table.file, options.format, subgroupJson(summary), () => (options.format === "csv" ? subgroupCsv(summary) : subgroupText(summary)));
}

/** The models per subgroup of `column`, as `pool --by` prints them (figures draw this). */
export function subgroupSummary(table: StudyTable, effects: EscalcResult, options: PoolOptions, column: string): SubgroupSummary {
  if (!table.columns.includes(column)) throw new InputFileError(table.file, `no column "${column}" for --by`, 1);
  if (options.method === "MH" || options.method === "PETO" || options.method === "BAYES" || options.method === "GLMM") {
    throw new UsageError("--by works with the inverse-variance methods; MH and PETO subgroups are not offered");
  }
  const method = options.method;
  const rows = estimableRows(effects);
  const groups = rows.map((i) => table.cells[i]![column]?.trim() ?? "");
  const blank = groups.indexOf("");
  if (blank >= 0) throw new InputFileError(table.file, "empty subgroup", fileRow(rows[blank]!), column);
  const analysis = computeOrLocate(table.file, () =>
    subgroupAnalysis(
      { ...effectArrays(effects, rows), groups },
      { ...modelOptions(options, method), tau2Across: options.commonTau2 ? "common" : "separate" },
    ),
  );
  const studies = rows.map((i) => studyEffect(table, effects, i));
  return {
    measure: options.measure,
    analysis,
    studies,
    excluded: excludedRows(effects, allRows(table)),
    effectNotes: effects.notes,
    // the model of all studies together, as the "Total" of a RevMan subgroup forest plot
    overall: { measure: options.measure, result: computeOrLocate(table.file, () => metaAnalysis(effectArrays(effects, rows), modelOptions(options, method))), studies, excluded: [], effectNotes: [] },
  };
}

const allRows = (table: StudyTable): number[] => table.studies.map((_, i) => i);

// Loops rather than flatMap over the studies: one array per study is garbage at k = 10^6.

function estimableRows(effects: EscalcResult): number[] {
  const rows: number[] = [];
  effects.studies.forEach((row, i) => row.estimable && rows.push(i));
  return rows;
}

/** yi, vi and labels of the given rows, skipping any that is not estimable. */
function effectArrays(effects: EscalcResult, rows: readonly number[]) {
  const yi: number[] = [];
  const vi: number[] = [];
  const labels: string[] = [];
  for (const i of rows) {
    const row = effects.studies[i]!;
    if (!row.estimable) continue;
    yi.push(row.yi);
    vi.push(row.vi);
    labels.push(row.study);
  }
  return { yi, vi, labels };
}

function modelOptions(options: PoolOptions, method: Tau2Method): MetaAnalysisOptions {
  return {
    method,
    test: options.test,
    level: options.level,
    ...(options.pi !== undefined && { predictionInterval: options.pi }),
    ...(options.tau2Ci && { tau2Ci: true }),
  };
}

function pool(table: StudyTable, effects: EscalcResult, options: PoolOptions, method: Exclude<PoolingMethod, "BAYES" | "GLMM">, rows: readonly number[]): PoolingSummary {
  const excluded = excludedRows(effects, rows);
  if (method === "MH" || method === "PETO") {
    const measure = tableMeasure(method, options.measure);
    const tables = twoByTwoTables(table, rows);
    const labels = rows.map((i) => effects.studies[i]!.study);
    const studies = rows.map((i) => studyEffect(table, effects, i));
    const result =
      measure === "PETO"
        ? peto(tables, { level: options.level, labels })
        : mantelHaenszel(tables, { measure, level: options.level, labels });
    return { measure: options.measure, result, studies, excluded: [], effectNotes: [] };
  }
  const inRows = new Set(rows);
  const included = estimableRows(effects).filter((i) => inRows.has(i));
  if (included.length === 0) throw new InputFileError(table.file, "no study could be estimated, so nothing can be pooled");
  const { yi, vi, labels } = effectArrays(effects, included);
  const weights = options.weights === undefined ? {} : { weights: userWeights(table, options.weights, included) };
  const result = metaAnalysis({ yi, vi, labels }, { ...modelOptions(options, method), ...weights });
  return { measure: options.measure, result, studies: included.map((i) => studyEffect(table, effects, i)), excluded, effectNotes: effects.notes };
}

/**
 * A study's label, own effect (where estimable) and size for the back-transformation: ni
 * for PFT, the person-time ti for IRFT (metafor keeps ti as an incidence rate's ni).
 */
function studyEffect(table: StudyTable, effects: EscalcResult, index: number): StudyEffect {
  const row = effects.studies[index]!;
  const study = table.studies[index]!;
  const ni = effects.measure === "IRFT" ? study.ti : study.ni;
  return {
    label: row.study,
    ...(row.estimable && { effect: { yi: row.yi, vi: row.vi, ciLower: row.ciLower, ciUpper: row.ciUpper } }),
    ...(ni != null && { ni }),
  };
}

function excludedRows(effects: EscalcResult, rows: readonly number[]) {
  const excluded: { study: string; row: number; reason: string }[] = [];
  for (const i of rows) {
    const row = effects.studies[i]!;
    if (!row.estimable) excluded.push({ study: row.study, row: fileRow(i), reason: row.reason });
  }
  return excluded;
}

/** The measure a 2x2-table method pools: OR, RR or RD for MH; the log odds ratio for Peto. */
function tableMeasure(method: "MH" | "PETO", measure: Measure): "OR" | "RR" | "RD" | "PETO" {
  if (method === "PETO") {
    if (measure === "OR" || measure === "PETO") return "PETO";
    throw new UsageError(`--method PETO pools odds ratios: use --measure OR or PETO; got ${measure}`);
  }
  if (measure === "OR" || measure === "RR" || measure === "RD") return measure;
  throw new UsageError(`--method MH needs --measure OR, RR or RD; got ${measure}`);
}

/** The 2x2 table of each row, from ai/bi/ci/di or ai/n1i/ci/n2i. */
function twoByTwoTables(table: StudyTable, rows: readonly number[]) {
  return rows.map((i) => {
    const s = table.studies[i]!;
    const ai = s.ai;
    const ci = s.ci;
    const bi = s.bi ?? (s.n1i != null && ai != null ? s.n1i - ai : null);
    const di = s.di ?? (s.n2i != null && ci != null ? s.n2i - ci : null);
    if (ai == null || bi == null || ci == null || di == null) {
      const missing = ai == null ? "ai" : ci == null ? "ci" : bi == null ? "bi" : "di";
      throw new InputFileError(table.file, "a 2x2 table is needed for this method", fileRow(i), missing);
    }
    return { ai, bi, ci, di };
  });
}
