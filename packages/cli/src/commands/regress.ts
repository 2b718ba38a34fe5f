/**
 * `metakit regress FILE.csv --measure M --mods COL[,COL...]`: meta-regression, as
 * metafor's rma(yi, vi, mods = ...), with an optional permutation test (permutest()).
 * Also home of the study reading shared by `regress`, `sensitivity` and `bias`.
 */
import type { Command } from "commander";
import { escalc, MEASURES, type EscalcResult, type Measure, type MetaforCompat } from "@metakit/effect-size";
import {
  bubblePlotData,
  metaRegression,
  permutationTest,
  predictRegression,
  META_REGRESSION_METHODS,
  TESTS,
  type MetaRegressionResult,
  type Moderator,
  type PermutationTestResult,
  type MetaRegressionMethod,
  type TestType,
} from "@metakit/core";
import { InputFileError, UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { computeOrLocate } from "../locate.js";
import { finiteNumber, level, oneOf } from "../options.js";
import { toJson } from "../output.js";
import { decimalNumber, fileRow, readStudyCsv, type StudyTable } from "../study-csv.js";
import { clusterOptions, isClustered, runClustered, type ClusterOptions } from "./clustered.js";
import { isMultivariate, multivariateOptions, runMultivariate, type MultivariateCliOptions } from "./multivariate.js";

export const TEXT_OR_JSON = ["text", "json"] as const;

/** The estimable studies of a CSV, with the rows they came from. */
export interface StudyEffects {
  readonly table: StudyTable;
  readonly effects: EscalcResult;
  /** 0-based data rows of the estimable studies. */
  readonly rows: readonly number[];
  readonly yi: number[];
  readonly vi: number[];
  readonly labels: string[];
  /** Studies left out because their effect could not be estimated. */
  readonly excluded: readonly { readonly study: string; readonly row: number; readonly reason: string }[];
}

/** Reads FILE, computes the effects with escalc and keeps the estimable studies. */
export function readEffects(file: string, measure: Measure, metaforCompat?: MetaforCompat): StudyEffects {
  const table = readStudyCsv(file);
  const effects = computeOrLocate(file, () => escalc(measure, table.studies, metaforCompat === undefined ? {} : { metaforCompat }));
  const rows = effects.studies.flatMap((s, i) => (s.estimable ? [i] : []));
  if (rows.length === 0) throw new InputFileError(file, "no study could be estimated");
  const estimable = rows.map((i) => effects.studies[i]!).filter((s) => s.estimable);
  const excluded = effects.studies.flatMap((s, i) => (s.estimable ? [] : [{ study: s.study, row: fileRow(i), reason: s.reason }]));
  return {
    table,
    effects,
    rows,
    yi: estimable.map((s) => s.yi),
    vi: estimable.map((s) => s.vi),
    labels: estimable.map((s) => s.study),
    excluded,
  };
}

/** A column's cells for the estimable studies; throws at the first empty cell. */
export function columnCells(data: StudyEffects, column: string, option: string): string[] {
  if (!data.table.columns.includes(column)) throw new InputFileError(data.table.file, `no column "${column}" for ${option}`, 1);
  return data.rows.map((i) => {
    const cell = data.table.cells[i]![column]?.trim() ?? "";
    if (cell === "" || cell === "NA") throw new InputFileError(data.table.file, `empty ${column} for ${option}`, fileRow(i), column);
    return cell;
  });
}

/** A numeric column for the estimable studies; throws naming the row of a non-number. */
export function numericColumn(data: StudyEffects, column: string, option: string): number[] {
  return columnCells(data, column, option).map((cell, j) => {
    const x = decimalNumber(cell);
    if (x === undefined) throw new InputFileError(data.table.file, `${column} is not a number: "${cell}"`, fileRow(data.rows[j]!), column);
    return x;
  });
}

interface RegressCommandOptions extends ClusterOptions, MultivariateCliOptions {
  readonly measure: Measure;
  readonly mods: string[];
  readonly factor?: string[];
  readonly reference?: string[];
  readonly method: MetaRegressionMethod;
  readonly test: TestType;
  readonly level: number;
  readonly weights?: string;
  readonly permutations?: number;
  readonly seed?: number;
  readonly predict?: string[];
  readonly bubble?: string;
  readonly format: (typeof TEXT_OR_JSON)[number];
}

const list = (value: string): string[] => value.split(",").map((s) => s.trim()).filter((s) => s !== "");
const positiveInteger = finiteNumber((x) => Number.isInteger(x) && x >= 2, " (an integer >= 2)");

export function registerRegress(program: Command, io: Io): void {
  const command = program
    .command("regress")
    .description("meta-regression on moderator columns (numeric, or categorical against a reference level)")
    .argument("<file>", "CSV with metafor's column names, as for escalc, and the moderator columns")
    .requiredOption("-m, --measure <M>", `effect measure: ${MEASURES.join(", ")}`, oneOf(MEASURES))
    .requiredOption("--mods <columns>", "moderator columns, comma-separated; a column with a non-number is categorical", list)
    .option("--factor <columns>", "treat these numeric-looking moderator columns as categorical", list)
    .option("--reference <col=level>", "reference level of a categorical moderator (default: first in sorted order); comma-separated", list)
    .option("--method <method>", `tau² estimator: ${META_REGRESSION_METHODS.join(", ")}`, oneOf(META_REGRESSION_METHODS), "REML")
    .option("--weights <column>", "with --method GENQ: the column of user weights (metafor's rma(..., mods, weights, method = \"GENQ\"))")
    .option("--test <test>", "z, t, knha or adhoc", oneOf(TESTS), "z")
    .option("--level <level>", "confidence level: 95 or 0.95", level, 95)
    .option("--permutations <N>", "permutation test with N permutations (exact when there are at most N)", positiveInteger)
    .option("--seed <S>", "seed of the random permutations (default 1)", finiteNumber(Number.isInteger, " (an integer)"))
    .option("--predict <values>", "predict at moderator values COL=VALUE[,COL=VALUE...]; repeat for more points", collect, [])
    .option("--bubble <column>", "with --format json: the data of a bubble plot against this numeric moderator")
    .option("-f, --format <format>", "output format: text or json", oneOf(TEXT_OR_JSON), "text");
  multivariateOptions(clusterOptions(command)).action((file: string, options: RegressCommandOptions) => {
      checkWeightsOption(options);
      const data = readEffects(file, options.measure);
      const moderators = moderatorsOf(data, options);
      if (isMultivariate(options)) {
        if (options.permutations !== undefined || options.predict?.length || options.bubble !== undefined) {
          throw new UsageError("--permutations, --predict and --bubble are not offered with --study/--outcome");
        }
        runMultivariate(io, data, moderators, options, "regress");
        return;
      }
      if (isClustered(options)) {
        if (options.permutations !== undefined || options.bubble !== undefined) throw new UsageError("--permutations and --bubble are not offered with --cluster or --robust");
        if (options.predict?.length && options.cluster === undefined) throw new UsageError("--predict with --robust needs --cluster (the three-level model)");
        const at = (options.predict ?? []).map((point) => predictionPoint(point, moderators));
        runClustered(io, data, moderators, { ...options, ...(at.length > 0 && { predictAt: at }) }, "regress");
        return;
      }
      const model = { method: options.method, test: options.test, level: options.level };
      const input = { yi: data.yi, vi: data.vi, labels: data.labels };
      const weights = options.weights === undefined ? {} : { weights: numericColumn(data, options.weights, "--weights") };
      const result = computeOrLocate(file, () => metaRegression(input, moderators, { ...model, ...weights }));
      const permutation =
        options.permutations === undefined || options.method === "GENQ"
          ? undefined
          : computeOrLocate(file, () =>
              permutationTest(input, moderators, { ...model, method: options.method as Exclude<MetaRegressionMethod, "GENQ">, permutations: options.permutations!, seed: options.seed ?? 1 }),
            );
      const at = (options.predict ?? []).map((point) => predictionPoint(point, moderators));
      const predictions = at.length === 0 ? undefined : computeOrLocate(file, () => predictRegression(result, at));
      const bubble = options.bubble === undefined ? undefined : computeOrLocate(file, () => bubblePlotData(result, input, moderators, options.bubble!));
      const json = { ...regressionJson(result, permutation, data), ...(predictions && { predictions }), ...(bubble && { bubble }) };
      io.stdout(options.format === "json" ? toJson(json) : regressionText(result, permutation, options.measure) + predictionText(predictions));
    });
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** GENQ needs --weights, --weights means GENQ; GENQ's fit is not refitted by permutations or cluster-robust runs. */
function checkWeightsOption(options: RegressCommandOptions): void {
  if (options.method === "GENQ" && options.weights === undefined) throw new UsageError("--method GENQ needs --weights COLUMN (the user weights)");
  if (options.method !== "GENQ" && options.weights !== undefined) throw new UsageError("--weights is used with --method GENQ only");
  if (options.method === "GENQ" && (options.permutations !== undefined || isClustered(options))) {
    throw new UsageError("--method GENQ is not offered with --permutations, --cluster or --robust");
  }
}

/** "ablat=20,alloc=random" -> { ablat: 20, alloc: "random" }, numbers for numeric moderators. */
function predictionPoint(text: string, moderators: readonly Moderator[]): Record<string, number | string> {
  const point: Record<string, number | string> = {};
  for (const pair of list(text)) {
    const [name, ...rest] = pair.split("=");
    const moderator = moderators.find((m) => m.name === name?.trim());
    if (moderator === undefined || rest.length === 0) throw new UsageError(`--predict takes MODERATOR=VALUE for the --mods columns, got "${pair}"`);
    const value = rest.join("=").trim();
    const number = decimalNumber(value);
    if (moderator.kind === "numeric" && number === undefined) throw new UsageError(`--predict ${moderator.name} needs a decimal number, got "${value}"`);
    point[moderator.name] = moderator.kind === "numeric" ? number! : value;
  }
  return point;
}

function predictionText(predictions: ReturnType<typeof predictRegression> | undefined): string {
  if (predictions === undefined) return "";
  const lines = predictions.map((p) => {
    const at = Object.entries(p.values).map(([k, v]) => `${k} = ${v}`).join(", ");
    return `${at}: ${fixed(p.estimate)} [${fixed(p.ciLower)}, ${fixed(p.ciUpper)}], prediction interval [${fixed(p.piLower)}, ${fixed(p.piUpper)}]`;
  });
  return ["", "Predicted effects", ...lines, ""].join("\n");
}

function moderatorsOf(data: StudyEffects, options: RegressCommandOptions): Moderator[] {
  const references = new Map(
    (options.reference ?? []).map((pair) => {
      const [column, ...rest] = pair.split("=");
      if (rest.length === 0 || column === undefined) throw new UsageError(`--reference takes COLUMN=LEVEL, got "${pair}"`);
      return [column.trim(), rest.join("=").trim()] as const;
    }),
  );
  for (const column of references.keys()) {
    if (!options.mods.includes(column)) throw new UsageError(`--reference names ${column}, which is not in --mods`);
  }
  return options.mods.map((name) => {
    const cells = columnCells(data, name, "--mods");
    const categorical = options.factor?.includes(name) || references.has(name) || cells.some((c) => decimalNumber(c) === undefined);
    if (!categorical) return { kind: "numeric", name, values: cells.map((c) => decimalNumber(c)!) };
    const reference = references.get(name);
    if (reference !== undefined && !cells.includes(reference)) {
      throw new InputFileError(data.table.file, `reference level "${reference}" does not occur in ${name}`, 1, name);
    }
    return { kind: "categorical", name, values: cells, ...(reference !== undefined && { reference }) };
  });
}

function regressionJson(result: MetaRegressionResult, permutation: PermutationTestResult | undefined, data: StudyEffects) {
  return {
    k: result.k,
    method: result.method,
    test: result.test,
    level: result.level,
    tau2: result.tau2,
    I2: result.I2,
    H2: result.H2,
    R2: result.R2,
    QM: result.QM,
    QMdf: result.QMdf,
    QMp: result.QMp,
    QE: result.QE,
    QEdf: result.QEdf,
    QEp: result.QEp,
    ...(result.df !== undefined && { df: result.df }),
    coefficients: result.coefficients,
    ...(permutation !== undefined && {
      permutation: {
        exact: permutation.exact,
        permutations: permutation.permutations,
        seed: permutation.seed,
        QMp: permutation.QMp,
        pval: permutation.coefficients.map((c) => c.pval),
      },
    }),
    excluded: data.excluded,
    notes: [...result.notes, ...(permutation?.notes ?? [])],
  };
}

const fixed = (x: number | null, digits = 4) => (x === null ? "-" : x.toFixed(digits));
const pValue = (p: number) => (p < 0.0001 ? "<.0001" : p.toFixed(4));

function regressionText(result: MetaRegressionResult, permutation: PermutationTestResult | undefined, measure: Measure): string {
  const model = result.method === "EE" || result.method === "FE" ? "Equal-effects" : `Mixed-effects (${result.method} estimate of tau²)`;
  const stat = result.test === "z" ? "z" : "t";
  const rows = result.coefficients.map((c, j) => [
    c.name,
    fixed(c.estimate),
    fixed(c.se),
    fixed(c.statistic, 3),
    pValue(c.pval),
    `[${fixed(c.ciLower)}, ${fixed(c.ciUpper)}]`,
    ...(permutation ? [pValue(permutation.coefficients[j]!.pval)] : []),
  ]);
  const header = ["term", "estimate", "se", stat, "p", `${result.level}% CI`, ...(permutation ? ["perm. p"] : [])];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const qm =
    result.QMdf[1] === null
      ? `QM(df = ${result.QMdf[0]}) = ${fixed(result.QM, 3)}, p = ${pValue(result.QMp)}`
      : `F(df1 = ${result.QMdf[0]}, df2 = ${result.QMdf[1]}) = ${fixed(result.QM, 3)}, p = ${pValue(result.QMp)}`;
  return [
    `${model} meta-regression, ${measure}, ${result.k} studies`,
    "",
    line(header),
    ...rows.map(line),
    "",
    `Test of moderators: ${qm}${permutation ? ` (permutation p = ${pValue(permutation.QMp)}, ${permutation.exact ? "exact" : `${permutation.permutations} permutations, seed ${permutation.seed}`})` : ""}`,
    `Residual heterogeneity: QE(df = ${result.QEdf}) = ${fixed(result.QE, 3)}, p = ${pValue(result.QEp)}; tau² = ${fixed(result.tau2)}; I² = ${fixed(result.I2, 1)}%`,
    ...(result.R2 === null ? [] : [`Heterogeneity accounted for (R²): ${fixed(result.R2, 1)}%`]),
    ...result.notes.map((n) => `Note: ${n}`),
    "",
  ].join("\n");
}
