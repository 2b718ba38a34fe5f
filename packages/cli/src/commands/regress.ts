/**
 * `metakit regress FILE.csv --measure M --mods COL[,COL...]`: meta-regression, as
 * metafor's rma(yi, vi, mods = ...), with an optional permutation test (permutest()).
 */
import type { Command } from "commander";
import { MEASURES, type Measure } from "@metakit/effect-size";
import {
  bubblePlotData,
  metaRegression,
  permutationTestSteps,
  predictRegression,
  META_REGRESSION_METHODS,
  TESTS,
  type MetaRegressionResult,
  type Moderator,
  type PermutationTestResult,
  type MetaRegressionMethod,
  type TestType,
} from "@metakit/core";
import { InputFileError, throwProblems, UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { computeOrLocate, computeOrLocateAsync } from "../locate.js";
import { runLongWork } from "../long-work.js";
import { finiteNumber, level, oneOf, TEST_HELP } from "../options.js";
import { formatPValue, formatted, pEquals } from "../output.js";
import { ALLOW_LONG_OPTION, factorial, refuseConflicts, refuseLongWork, WORK_CAPS } from "../guard.js";
import { reportingScale, reportingText, studySizes, type ToReportingScale } from "../reporting-scale.js";
import { decimalNumber, fileRow, readStudyCsv } from "../study-csv.js";
import { clusterOptions, isClustered, runClustered, type ClusterOptions } from "./clustered.js";
import { emitROption, type EmitROption } from "../emit-r/option.js";
import { regressScript } from "../emit-r/analyses.js";
import { bubblePlotOf, plotOptions, plotTarget, writeRobustnessPlot, type PlotOptions } from "../figures/robustness-plots.js";
import { isMultivariate, multivariateOptions, runMultivariate, type MultivariateCliOptions } from "./multivariate.js";

// The study reading shared by regress, sensitivity, bias and pool lives in study-effects.ts (no figure code, so
// the web app, which bundles pool, does not bundle the figures); re-exported here for the commands that import it from here.
export { columnCells, numericColumn, readEffects, TEXT_OR_JSON, type StudyEffects } from "../study-effects.js";
import { columnCells, numericColumn, readEffects, TEXT_OR_JSON, type StudyEffects } from "../study-effects.js";

interface RegressCommandOptions extends ClusterOptions, MultivariateCliOptions, PlotOptions, EmitROption {
  readonly measure: Measure;
  readonly mods: string[];
  readonly factor?: string[];
  readonly reference?: string[];
  readonly method: MetaRegressionMethod;
  readonly test: TestType;
  readonly level: number;
  readonly weights?: string;
  readonly permutations?: number;
  readonly allowLong?: boolean;
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
    .option("--test <test>", TEST_HELP, oneOf(TESTS), "z")
    .option("--level <level>", "confidence level: 95 or 0.95", level, 95)
    .option("--permutations <N>", "permutation test with N permutations (exact when there are at most N)", positiveInteger)
    .option(...ALLOW_LONG_OPTION)
    .option("--seed <S>", "seed of the random permutations (default 1)", finiteNumber(Number.isInteger, " (an integer)"))
    .option("--predict <values>", "predict at moderator values COL=VALUE[,COL=VALUE...]; repeat for more points", collect, [])
    .option("--bubble <column>", "the numeric moderator of the bubble plot (--format json: its data; --plot: the figure)")
    .option("-f, --format <format>", "output format: text or json", oneOf(TEXT_OR_JSON), "text");
  plotOptions(emitROption(multivariateOptions(clusterOptions(command))), "the bubble plot against --bubble (or the one numeric moderator)").action(async (file: string, options: RegressCommandOptions) => {
      checkWeightsOption(options);
      if (options.emitR) {
        return io.stdout(regressScript(readStudyCsv(file), options));
      }
      const target = plotTarget(options, file);
      const data = readEffects(file, options.measure);
      const moderators = moderatorsOf(data, options);
      if (isMultivariate(options)) {
        if (options.permutations !== undefined || options.predict?.length || options.bubble !== undefined || options.plot !== undefined) {
          throw new UsageError("--permutations, --predict, --bubble and --plot are not offered with --study/--outcome");
        }
        runMultivariate(io, data, moderators, options, "regress");
        return;
      }
      if (isClustered(options)) {
        if (options.permutations !== undefined || options.bubble !== undefined || options.plot !== undefined) throw new UsageError("--permutations, --bubble and --plot are not offered with --cluster or --robust");
        if (options.predict?.length && options.cluster === undefined) throw new UsageError("--predict with --robust needs --cluster (the three-level model)");
        const at = (options.predict ?? []).map((point) => predictionPoint(point, moderators));
        runClustered(io, data, moderators, { ...options, ...(at.length > 0 && { predictAt: at }) }, "regress");
        return;
      }
      const model = { method: options.method, test: options.test, level: options.level };
      const input = { yi: data.yi, vi: data.vi, labels: data.labels };
      const weights = options.weights === undefined ? {} : { weights: numericColumn(data, options.weights, "--weights") };
      const result = computeOrLocate(file, () => metaRegression(input, moderators, { ...model, ...weights }));
      if (options.permutations !== undefined) {
        refuseLongWork(Math.min(options.permutations, factorial(input.yi.length)), WORK_CAPS.permutations, "permutations", options.allowLong);
      }
      const permutation =
        options.permutations === undefined || options.method === "GENQ"
          ? undefined
          : await computeOrLocateAsync(file, () =>
              runLongWork(permutationTestSteps(input, moderators, { ...model, method: options.method as Exclude<MetaRegressionMethod, "GENQ">, permutations: options.permutations!, seed: options.seed ?? 1, progressEvery: 16 }), io),
            );
      const at = (options.predict ?? []).map((point) => predictionPoint(point, moderators));
      const predictions = at.length === 0 ? undefined : computeOrLocate(file, () => predictRegression(result, at));
      const bubbleOn = options.bubble ?? (target === undefined ? undefined : onlyNumericModerator(moderators));
      const bubble = bubbleOn === undefined ? undefined : computeOrLocate(file, () => bubblePlotData(result, input, moderators, bubbleOn));
      const back = reportingScale(options.measure, studySizes(data, options.measure));
      const withBack = predictions?.map((p) => ({ ...p, ...(back && { backTransformed: { estimate: back(p.estimate), ciLower: back(p.ciLower), ciUpper: back(p.ciUpper), piLower: back(p.piLower), piUpper: back(p.piUpper) } }) }));
      const json = { ...regressionJson(result, permutation, data), ...(withBack && { predictions: withBack }), ...(bubble && { bubble }) };
      io.stdout(formatted(file, options.format, json, () => regressionText(result, permutation, options.measure) + predictionText(predictions, back && { measure: options.measure, back })));
      if (target !== undefined && bubble !== undefined) {
        await writeRobustnessPlot(target, { kind: "bubble", data: computeOrLocate(file, () => bubblePlotOf(data, bubble, options.measure, result.level, options.transf)) });
      }
    });
}

/** The moderator a bubble plot is drawn against when --bubble is not given: the only numeric one. */
function onlyNumericModerator(moderators: readonly Moderator[]): string {
  const numeric = moderators.filter((m) => m.kind === "numeric");
  if (numeric.length !== 1) throw new UsageError(`--plot draws a bubble plot against one numeric moderator: name it with --bubble (numeric: ${numeric.map((m) => m.name).join(", ") || "none"})`);
  return numeric[0]!.name;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Options that mean something only beside another: alone they are usage errors, never silently ignored. */
function refuseLonePartners(options: RegressCommandOptions): void {
  refuseConflicts([
    [options.seed !== undefined && options.permutations === undefined, "--seed goes with --permutations"],
    [options.bubble !== undefined && options.format !== "json" && options.plot === undefined, "--bubble goes with --format json (the bubble plot's data) or --plot (the figure)"],
  ]);
}

/** GENQ needs --weights, --weights means GENQ; GENQ's fit is not refitted by permutations or cluster-robust runs. */
function checkWeightsOption(options: RegressCommandOptions): void {
  refuseLonePartners(options);
  if (options.method === "GENQ" && options.weights === undefined) throw new UsageError("--method GENQ needs --weights COLUMN (the user weights)");
  if (options.method !== "GENQ" && options.weights !== undefined) throw new UsageError("--weights is used with --method GENQ only");
  if (options.method === "GENQ" && (options.permutations !== undefined || isClustered(options))) {
    throw new UsageError("--method GENQ is not offered with --permutations, --cluster or --robust");
  }
}

/** "ablat=20,alloc=random" -> { ablat: 20, alloc: "random" }, numbers for numeric moderators. */
function predictionPoint(text: string, moderators: readonly Moderator[]): Record<string, number | string> {
  const point = Object.create(null) as Record<string, number | string>;
  for (const pair of list(text)) {
    const [name, ...rest] = pair.split("=");
    const moderator = moderators.find((m) => m.name === name?.trim());
    if (moderator === undefined || rest.length === 0) throw new UsageError(`--predict takes MODERATOR=VALUE for the --mods columns, got "${pair}"`);
    const value = rest.join("=").trim();
    if (value === "") throw new UsageError(`--predict ${moderator.name} has no value; write ${moderator.name}=VALUE`);
    const number = decimalNumber(value);
    if (moderator.kind === "numeric" && number === undefined) throw new UsageError(`--predict ${moderator.name} needs a decimal number, got "${value}"`);
    point[moderator.name] = moderator.kind === "numeric" ? number! : value;
  }
  return point;
}

/** Each prediction; for a ratio (or otherwise transformed) measure first on its reporting scale, then on the analysis scale. */
function predictionText(predictions: ReturnType<typeof predictRegression> | undefined, reporting?: { measure: Measure; back: ToReportingScale }): string {
  if (predictions === undefined) return "";
  const lines = predictions.map((p) => {
    const at = Object.entries(p.values).map(([k, v]) => `${k} = ${v}`).join(", ");
    const analysis = `${fixed(p.estimate)} [${fixed(p.ciLower)}, ${fixed(p.ciUpper)}], prediction interval [${fixed(p.piLower)}, ${fixed(p.piUpper)}]`;
    if (reporting === undefined) return `${at}: ${analysis}`;
    const { measure, back } = reporting;
    const pi = reportingText(back, p.estimate, p.piLower, p.piUpper).replace(/^\S+ /, "");
    return `${at}: ${measure} ${reportingText(back, p.estimate, p.ciLower, p.ciUpper)}, prediction interval ${pi}; on the analysis scale ${analysis}`;
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
    const forced = options.factor?.includes(name) === true || references.has(name);
    const notNumbers = cells.flatMap((c, j) => (decimalNumber(c) === undefined ? [j] : []));
    if (!forced && notNumbers.length > 0 && notNumbers.length < cells.length) {
      throwProblems(
        notNumbers.map((j) => new InputFileError(data.table.file, `"${cells[j]}" is not a number, while the other ${name} cells are (a decimal comma, hex?); write it as a decimal number, or give --factor ${name} to read ${name} as categories`, fileRow(data.rows[j]!), name)),
      );
    }
    const categorical = forced || notNumbers.length > 0;
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

function regressionText(result: MetaRegressionResult, permutation: PermutationTestResult | undefined, measure: Measure): string {
  const model = result.method === "EE" || result.method === "FE" ? "Equal-effects" : `Mixed-effects (${result.method} estimate of tau²)`;
  const stat = result.test === "z" ? "z" : "t";
  const rows = result.coefficients.map((c, j) => [
    c.name,
    fixed(c.estimate),
    fixed(c.se),
    fixed(c.statistic, 3),
    formatPValue(c.pval),
    `[${fixed(c.ciLower)}, ${fixed(c.ciUpper)}]`,
    ...(permutation ? [formatPValue(permutation.coefficients[j]!.pval)] : []),
  ]);
  const header = ["term", "estimate", "se", stat, "p", `${result.level}% CI`, ...(permutation ? ["perm. p"] : [])];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const qm =
    result.QMdf[1] === null
      ? `QM(df = ${result.QMdf[0]}) = ${fixed(result.QM, 3)}, ${pEquals(result.QMp)}`
      : `F(df1 = ${result.QMdf[0]}, df2 = ${result.QMdf[1]}) = ${fixed(result.QM, 3)}, ${pEquals(result.QMp)}`;
  return [
    `${model} meta-regression, ${measure}, ${result.k} studies`,
    "",
    line(header),
    ...rows.map(line),
    "",
    `Test of moderators: ${qm}${permutation ? ` (permutation ${pEquals(permutation.QMp)}, ${permutation.exact ? "exact" : `${permutation.permutations} permutations, seed ${permutation.seed}`})` : ""}`,
    `Residual heterogeneity: QE(df = ${result.QEdf}) = ${fixed(result.QE, 3)}, ${pEquals(result.QEp)}; tau² = ${fixed(result.tau2)}; I² = ${fixed(result.I2, 1)}%`,
    ...(result.R2 === null ? [] : [`Heterogeneity accounted for (R²): ${fixed(result.R2, 1)}%`]),
    ...result.notes.map((n) => `Note: ${n}`),
    "",
  ].join("\n");
}
