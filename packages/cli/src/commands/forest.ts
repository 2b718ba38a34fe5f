/**
 * `metakit forest FILE.csv --measure M [model options as pool] [--by COL] [--sort COL]
 * [--label COL] [--transf T] -o OUT.svg|png|pdf`: the forest plot of the CSV in RevMan's
 * layout, drawn by the report's forest plot (@metakit/report) from the model `pool`
 * fits with the same options: per-arm columns, weights, subtotals, heterogeneity and
 * overall-effect lines, the prediction interval. @metakit/report (vega, resvg) is
 * imported only when the command runs.
 */
import type { Command } from "commander";
import { escalc, MEASURES, type Measure, type MetaforCompat } from "@metakit/effect-size";
import { INTERVAL_TYPES, PREDICTION_INTERVALS, TESTS, type IntervalType, type NormalMuPrior, type PredictionIntervalType, type TauPrior, type TestType } from "@metakit/core";
import { InputFileError, UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { computeOrLocate } from "../locate.js";
import { level, metaforCompat, muPrior, oneOf, tauPrior, TEST_HELP } from "../options.js";
import { bayesForestPlotData } from "../figures/forest-bayes.js";
import { readStudyCsv, type StudyTable } from "../study-csv.js";
import { forestPlotData, subgroupForestPlotData, type ForestDataOptions } from "../figures/forest-data.js";
import { figureTarget, writeFigure } from "../figures/output.js";
import { displayScale, TRANSFS, type Transf } from "../figures/transf.js";
import { POOLING_METHODS, poolSummary, subgroupSummary, type PoolCommandOptions } from "./pool.js";
import { basename } from "node:path";

const FOREST_METHODS = POOLING_METHODS.filter((m): m is Exclude<(typeof POOLING_METHODS)[number], "GLMM"> => m !== "GLMM");

export interface ForestCommandOptions {
  readonly measure: Measure;
  readonly method: (typeof FOREST_METHODS)[number];
  readonly test: TestType;
  readonly level: number;
  readonly pi?: PredictionIntervalType;
  readonly by?: string;
  readonly commonTau2?: boolean;
  readonly metaforCompat?: MetaforCompat;
  readonly sort?: string;
  readonly label?: string;
  readonly transf: Transf;
  readonly title?: string;
  readonly intervention?: string;
  readonly comparator?: string;
  readonly favours?: string;
  readonly out: string;
  readonly tauPrior?: TauPrior;
  readonly muPrior?: NormalMuPrior;
  readonly interval?: IntervalType;
  readonly shrinkage?: boolean;
}

export function registerForest(program: Command, io: Io): Command {
  return program
    .command("forest")
    .description("forest plot of a CSV in RevMan's layout (SVG, PNG at 300 dpi, or PDF)")
    .argument("<file>", "CSV with metafor's column names, as for pool")
    .requiredOption("-m, --measure <M>", `effect measure: ${MEASURES.join(", ")}`, oneOf(MEASURES))
    .requiredOption("-o, --out <file>", "output figure: .svg, .png (300 dpi) or .pdf")
    .option("--method <method>", `tau² estimator or pooling method, as pool: ${FOREST_METHODS.join(", ")}`, oneOf(FOREST_METHODS), "REML")
    .option("--test <test>", TEST_HELP, oneOf(TESTS), "z")
    .option("--level <level>", "confidence level: 95 or 0.95", level, 95)
    .option("--pi <method>", "prediction interval: z, t or higgins, as pool", oneOf(PREDICTION_INTERVALS))
    .option("--by <column>", "subgroups of this column: subtotals and the test for subgroup differences")
    .option("--common-tau2", "with --by: one tau² shared by all subgroups")
    .option("--metafor-compat <version>", "effect-size formulas of metafor current or 3.8, as pool", metaforCompat)
    .option("--sort <column>", "rows in increasing order of this column (numbers as numbers)")
    .option("--label <column>", "study labels from this column (default: study)")
    .option("--transf <t>", `scale of the effects shown: ${TRANSFS.join(", ")} (auto: the measure's, e.g. exp for ratios)`, oneOf(TRANSFS), "auto")
    .option("--title <text>", "the figure's title (default: the measure and the file name)")
    .option("--intervention <name>", "heading of the intervention arm's columns (default Experimental)")
    .option("--comparator <name>", "heading of the comparator arm's columns (default Control)")
    .option("--favours <left,right>", "labels under the axis, e.g. \"BCG,Control\"")
    .option("--tau-prior <prior>", "with --method BAYES: the prior on tau, as pool (halfnormal:S, halfcauchy:S, turner:OUTCOME, rhodes:OUTCOME, ...)", tauPrior)
    .option("--mu-prior <prior>", "with --method BAYES: normal:MEAN,SD (default: improper uniform)", muPrior)
    .option("--interval <type>", "with --method BAYES: shortest (default) or central credible intervals", oneOf(INTERVAL_TYPES))
    .option("--shrinkage", "with --method BAYES: each study's shrunken estimate under its own")
    .action(async (file: string, options: ForestCommandOptions) => {
      const target = figureTarget(options.out, "--out", [file]);
      const table = readStudyCsv(file);
      for (const [option, column] of [["--sort", options.sort], ["--label", options.label]] as const) {
        if (column !== undefined && !table.columns.includes(column)) throw new InputFileError(file, `no column "${column}" for ${option}`, 1);
      }
      const data = forestOf(table, options);
      const { forestPlotSvg } = await import("@metakit/report");
      await writeFigure(target, await forestPlotSvg(data, { fonts: target.fonts }));
      io.stdout(`forest: wrote ${options.out} (${data.rows.length} studies)\n`);
    });
}

function favoursOf(text: string | undefined): ForestDataOptions["favours"] {
  if (text === undefined) return undefined;
  const [left, right, ...rest] = text.split(",").map((s) => s.trim());
  if (!left || !right || rest.length > 0) throw new UsageError(`--favours takes LEFT,RIGHT, got "${text}"`);
  return { left: `Favours ${left}`, right: `Favours ${right}` };
}

/** The plot's data: pool's model(s) for the CSV with the command's options. */
export function forestOf(table: StudyTable, options: ForestCommandOptions) {
  const pool: PoolCommandOptions = {
    measure: options.measure,
    method: options.method,
    test: options.test,
    level: options.level,
    format: "text",
    ...(options.pi !== undefined && { pi: options.pi }),
    ...(options.commonTau2 && { commonTau2: true }),
    ...(options.metaforCompat !== undefined && { metaforCompat: options.metaforCompat }),
  };
  if (options.by !== undefined && (options.method === "MH" || options.method === "PETO" || options.method === "BAYES")) throw new UsageError("--by works with the inverse-variance methods, not MH, PETO or BAYES");
  const compat = options.metaforCompat === undefined ? {} : { metaforCompat: options.metaforCompat };
  const effects = computeOrLocate(table.file, () => escalc(options.measure, table.studies, compat));
  const favours = favoursOf(options.favours);
  const plot: ForestDataOptions = {
    title: options.title ?? `${basename(table.file)}${options.by === undefined ? "" : `, by ${options.by}`}`,
    ...(options.label !== undefined && { label: options.label }),
    ...(options.sort !== undefined && { sort: options.sort }),
    ...((options.intervention !== undefined || options.comparator !== undefined) && { columns: { intervention: options.intervention ?? "Experimental", comparator: options.comparator ?? "Control" } }),
    ...(favours !== undefined && { favours }),
  };
  const show = displayScale(options.measure, options.transf);
  checkBayesForest(options);
  if (options.method === "BAYES") {
    // pool's REML model of the same file gives the study rows (labels, exclusions, order); its weights and total are left out
    const rows = poolSummary(table, effects, { ...pool, method: "REML", test: "z" });
    const bayes = { tauPrior: options.tauPrior!, level: options.level, shrinkage: options.shrinkage === true, ...(options.muPrior && { muPrior: options.muPrior }), ...(options.interval && { interval: options.interval }) };
    return computeOrLocate(table.file, () => bayesForestPlotData(table, effects, rows, show, plot, bayes).data);
  }
  const overall = poolSummary(table, effects, { ...pool, method: options.method });
  if (options.by === undefined) return computeOrLocate(table.file, () => forestPlotData(table, overall, show, plot));
  const groups = subgroupSummary(table, effects, pool, options.by);
  return computeOrLocate(table.file, () => subgroupForestPlotData(table, overall, groups, show, plot));
}

/** --tau-prior is needed by, and the other Bayesian options only read with, --method BAYES; BAYES has no frequentist test or prediction interval. */
function checkBayesForest(options: ForestCommandOptions): void {
  const given = (["tauPrior", "muPrior", "interval", "shrinkage"] as const).filter((o) => options[o] !== undefined);
  if (options.method !== "BAYES") {
    if (given.length > 0) throw new UsageError(`--${given[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --method BAYES`);
    return;
  }
  if (options.tauPrior === undefined) throw new UsageError("--method BAYES needs --tau-prior, e.g. --tau-prior halfnormal:0.5");
  if (options.test !== "z" || options.pi !== undefined || options.commonTau2) throw new UsageError("--test, --pi and --common-tau2 are for the inverse-variance models, not --method BAYES");
}
