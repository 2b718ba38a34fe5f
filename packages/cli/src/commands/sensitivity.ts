/**
 * `metakit sensitivity FILE.csv --measure M (--leave-one-out | --cumulative [--order COL] |
 * --influence | --gosh [--max-subsets N])`: sensitivity analyses of the pooled estimate, as
 * metafor's leave1out(), cumul(), influence() and gosh().
 */
import type { Command } from "commander";
import { baujatData } from "@metakit/core";
import { baujatPlotOf, goshPlotOf, leaveOneOutPlotOf, plotOptions, plotTarget, writeRobustnessPlot, type PlotOptions } from "../figures/robustness-plots.js";
import type { FigureTarget } from "../figures/output.js";
import { emitROption, type EmitROption } from "../emit-r/option.js";
import { sensitivityScript } from "../emit-r/analyses.js";
import { readStudyCsv } from "../study-csv.js";
import { MEASURES, type Measure } from "@metakit/effect-size";
import {
  cumulative,
  goshSteps,
  influenceDiagnostics,
  leaveOneOut,
  REFIT_METHODS,
  REGRESSION_METHODS,
  TESTS,
  type CumulativeResult,
  type InfluenceResult,
  type LeaveOneOutResult,
  type RefitMethod,
  type TestType,
} from "@metakit/core";
import { UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { computeOrLocate, computeOrLocateAsync } from "../locate.js";
import { runLongWork } from "../long-work.js";
import { finiteNumber, level, oneOf, TEST_HELP } from "../options.js";
import { formatted } from "../output.js";
import { ALLOW_LONG_OPTION, assertFinite, refuseConflicts, refuseLongWork, WORK_CAPS } from "../guard.js";
import { reportingScale, reportingText, studySizes, type ToReportingScale } from "../reporting-scale.js";
import { numericColumn, readEffects, TEXT_OR_JSON, type StudyEffects } from "../study-effects.js";

interface SensitivityCommandOptions extends PlotOptions, EmitROption {
  readonly baujat?: boolean;
  readonly measure: Measure;
  readonly leaveOneOut?: boolean;
  readonly cumulative?: boolean;
  readonly order?: string;
  readonly decreasing?: boolean;
  readonly influence?: boolean;
  readonly gosh?: boolean;
  readonly maxSubsets?: number;
  readonly allowLong?: boolean;
  readonly seed?: number;
  readonly method: RefitMethod;
  readonly test: TestType;
  readonly level: number;
  readonly format: (typeof TEXT_OR_JSON)[number];
}

const ANALYSES = ["leaveOneOut", "cumulative", "influence", "gosh", "baujat"] as const;

export function registerSensitivity(program: Command, io: Io): void {
  const command = program
    .command("sensitivity")
    .description("leave-one-out, cumulative, influence diagnostics or GOSH for the pooled estimate")
    .argument("<file>", "CSV with metafor's column names, as for escalc")
    .requiredOption("-m, --measure <M>", `effect measure: ${MEASURES.join(", ")}`, oneOf(MEASURES))
    .option("--leave-one-out", "the model refitted without each study in turn")
    .option("--cumulative", "the model refitted as studies are added, in file order or by --order")
    .option("--order <column>", "with --cumulative: add studies in increasing order of this numeric column (e.g. year)")
    .option("--decreasing", "with --order: decreasing order")
    .option("--influence", "influence diagnostics (rstudent, DFFITS, Cook's distance, ...)")
    .option("--gosh", "the model fitted to every subset of studies (or a random sample of them)")
    .option("--baujat", "each study's contribution to Q and influence on the estimate (metafor's baujat)")
    .option("--max-subsets <N>", "with --gosh: fit all subsets when there are at most N, else N random ones (default 1000000)", finiteNumber((x) => Number.isInteger(x) && x >= 2, " (an integer >= 2)"))
    .option(...ALLOW_LONG_OPTION)
    .option("--seed <S>", "with --gosh: seed of the random subsets (default 1)", finiteNumber(Number.isInteger, " (an integer)"))
    .option("--method <method>", `tau² estimator: ${REFIT_METHODS.join(", ")}`, oneOf(REFIT_METHODS), "REML")
    .option("--test <test>", TEST_HELP, oneOf(TESTS), "z")
    .option("--level <level>", "confidence level: 95 or 0.95", level, 95)
    .option("-f, --format <format>", "output format: text or json", oneOf(TEXT_OR_JSON), "text");
  plotOptions(emitROption(command), "the leave-one-out, GOSH or Baujat plot")
    .action(async (file: string, options: SensitivityCommandOptions) => {
      const chosen = ANALYSES.filter((a) => options[a] === true);
      if (chosen.length !== 1) throw new UsageError("choose one of --leave-one-out, --cumulative, --influence, --gosh, --baujat");
      if (options.order !== undefined && !options.cumulative) throw new UsageError("--order goes with --cumulative");
      refuseConflicts([
        [options.decreasing === true && options.order === undefined, "--decreasing goes with --order COLUMN"],
        [options.maxSubsets !== undefined && options.gosh !== true, "--max-subsets goes with --gosh"],
        [options.seed !== undefined && options.gosh !== true, "--seed goes with --gosh"],
        [options.plot !== undefined && (options.cumulative === true || options.influence === true), "--plot draws --leave-one-out, --gosh or --baujat"],
      ]);
      if (options.emitR) return io.stdout(sensitivityScript(readStudyCsv(file), options));
      const target = plotTarget(options, file);
      const data = readEffects(file, options.measure);
      const input = { yi: data.yi, vi: data.vi, labels: data.labels };
      const model = { method: options.method, test: options.test, level: options.level };
      if (options.gosh) return runGosh(data, options, io, target);
      if (options.baujat) return runBaujat(data, options, io, target);
      if (options.influence) {
        const method = REGRESSION_METHODS.find((m) => m === options.method);
        if (method === undefined) throw new UsageError(`--influence needs --method ${REGRESSION_METHODS.join(", ")}`);
        const r = computeOrLocate(file, () => influenceDiagnostics(input, { ...model, method }));
        return io.stdout(formatted(file, options.format, influenceJson(r, data), () => influenceText(r)));
      }
      const r = options.leaveOneOut
        ? computeOrLocate(file, () => leaveOneOut(input, model))
        : computeOrLocate(file, () =>
            cumulative(input, {
              ...model,
              ...(options.order !== undefined && { order: numericColumn(data, options.order, "--order") }),
              ...(options.decreasing && { decreasing: true }),
            }),
          );
      const back = reportingScale(options.measure, studySizes(data, options.measure));
      io.stdout(formatted(file, options.format, stepsJson(r, data, options.leaveOneOut ? "leave-one-out" : "cumulative", back), () => stepsText(r, options.leaveOneOut ? "Leave-one-out" : "Cumulative", options.measure, back)));
      if (target !== undefined) {
        const plot = computeOrLocate(file, () => leaveOneOutPlotOf(data, r, options.measure, model, options.transf));
        await writeRobustnessPlot(target, { kind: "leave-one-out", data: plot });
      }
    });
}

/** Baujat's two coordinates per study, as metafor's baujat() computes them; --plot draws them. */
async function runBaujat(data: StudyEffects, options: SensitivityCommandOptions, io: Io, target: FigureTarget | undefined): Promise<void> {
  const method = REGRESSION_METHODS.find((m) => m === options.method);
  if (method === undefined) throw new UsageError(`--baujat needs --method ${REGRESSION_METHODS.join(", ")}`);
  const points = computeOrLocate(data.table.file, () => baujatData({ yi: data.yi, vi: data.vi, labels: data.labels }, { method, test: options.test, level: options.level }));
  const json = { analysis: "baujat", method, labels: points.map((p) => p.label), x: points.map((p) => p.x), y: points.map((p) => p.y), excluded: data.excluded };
  const rows = points.map((p) => [p.label, fixed(p.x), fixed(p.y)]);
  io.stdout(formatted(data.table.file, options.format, json, () => [`Baujat (${method}): contribution to Q (x) and influence on the estimate (y)`, "", ...table(["study", "x", "y"], rows), ""].join("\n")));
  if (target !== undefined) await writeRobustnessPlot(target, { kind: "baujat", data: baujatPlotOf(data, points, method) });
}

function stepsJson(r: LeaveOneOutResult | CumulativeResult, data: StudyEffects, analysis: string, back: ToReportingScale | undefined) {
  const { notes, ...rest } = r;
  const backTransformed = back === undefined ? null : { estimate: r.estimate.map(back), ciLower: r.ciLower.map(back), ciUpper: r.ciUpper.map(back) };
  return { analysis, ...rest, backTransformed, excluded: data.excluded, notes };
}

const fixed = (x: number | null, digits = 4) => (x === null ? "-" : x.toFixed(digits));

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => rows.reduce((max, r) => Math.max(max, r[i]!.length), h.length)); // no spread over k rows
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), ...rows.map(line)];
}

/** One row per step; for a ratio (or other transformed) measure, first the effect and CI on its reporting scale. */
function stepsText(r: LeaveOneOutResult | CumulativeResult, title: string, measure: Measure, back: ToReportingScale | undefined): string {
  const first = title === "Leave-one-out" ? "omitted" : "added";
  const rows = r.labels.map((label, i) => [
    label,
    ...(back ? [reportingText(back, r.estimate[i], r.ciLower[i], r.ciUpper[i])] : []),
    fixed(r.estimate[i]!),
    fixed(r.se[i]!),
    `[${fixed(r.ciLower[i]!)}, ${fixed(r.ciUpper[i]!)}]`,
    fixed(r.tau2[i]!),
    fixed(r.I2[i]!, 1),
    fixed(r.QE[i]!, 2),
  ]);
  return [
    `${title} analysis (${r.method}, test ${r.test})`,
    "",
    ...table([first, ...(back ? [`${measure} [${r.level}% CI]`] : []), "estimate", "se", `${r.level}% CI`, "tau²", "I² %", "Q"], rows),
    ...r.notes.map((n) => `Note: ${n}`),
    "",
  ].join("\n");
}

function influenceJson(r: InfluenceResult, data: StudyEffects) {
  return {
    analysis: "influence",
    method: r.method,
    labels: r.labels,
    rstudent: r.rstudent,
    dffits: r.dffits,
    cooksDistance: r.cooksDistance,
    covRatio: r.covRatio,
    tau2Deleted: r.tau2Deleted,
    QEDeleted: r.QEDeleted,
    hat: r.hat,
    weight: r.weight,
    dfbetas: r.dfbetas[0],
    influential: r.influential,
    excluded: data.excluded,
    notes: r.notes,
  };
}

function influenceText(r: InfluenceResult): string {
  const rows = r.labels.map((label, i) => [
    label,
    fixed(r.rstudent[i]!, 3),
    fixed(r.dffits[i]!, 3),
    fixed(r.cooksDistance[i]!, 3),
    fixed(r.covRatio[i]!, 3),
    fixed(r.tau2Deleted[i]!),
    fixed(r.QEDeleted[i]!, 2),
    fixed(r.hat[i]!, 3),
    fixed(r.weight[i]!, 2),
    r.influential[i] ? "*" : "",
  ]);
  return [
    `Influence diagnostics (${r.method})`,
    "",
    ...table(["study", "rstudent", "dffits", "cook.d", "cov.r", "tau².del", "QE.del", "hat", "weight", "inf"], rows),
    "",
    "* influential (metafor's rule: |DFFITS|, Cook's distance, hat value or a DFBETAS beyond its cut-off)",
    ...r.notes.map((n) => `Note: ${n}`),
    "",
  ].join("\n");
}

/** GOSH, streamed: JSON is written subset by subset, so the output never sits in memory. */
async function runGosh(data: StudyEffects, options: SensitivityCommandOptions, io: Io, target: FigureTarget | undefined): Promise<void> {
  refuseLongWork(Math.min(options.maxSubsets ?? WORK_CAPS.subsets, 2 ** data.yi.length - 1), WORK_CAPS.subsets, "GOSH subsets", options.allowLong);
  const json = options.format === "json";
  const drawn = target === undefined ? undefined : { estimates: [] as number[], I2: [] as number[] };
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  if (json) io.stdout(`{\n  "analysis": "gosh",\n  "labels": ${JSON.stringify(data.labels)},\n  "subsets": [\n`);
  const fits = goshSteps(
    { yi: data.yi, vi: data.vi, labels: data.labels },
    (fit) => {
      assertFinite({ estimate: fit.estimate, tau2: fit.tau2, QE: fit.QE, I2: fit.I2, H2: fit.H2 }, data.table.file);
      if (json) {
        const included = Array.from(fit.included.entries()).flatMap(([i, x]) => (x === 1 ? [i] : []));
        const row = { included, k: fit.k, estimate: fit.estimate, tau2: fit.tau2, QE: fit.QE, I2: fit.I2, H2: fit.H2 };
        io.stdout(`${n === 0 ? "" : ",\n"}    ${JSON.stringify(row)}`);
      }
      n++;
      drawn?.estimates.push(fit.estimate);
      drawn?.I2.push(fit.I2);
      min = Math.min(min, fit.estimate);
      max = Math.max(max, fit.estimate);
      sum += fit.estimate;
    },
    {
      method: options.method,
      test: options.test,
      level: options.level,
      ...(options.maxSubsets !== undefined && { maxSubsets: options.maxSubsets }),
      ...(options.seed !== undefined && { seed: options.seed }),
      progressEvery: 256,
    },
  );
  const summary = await computeOrLocateAsync(data.table.file, () => runLongWork(fits, io));
  if (json) {
    const tail = { method: summary.method, exact: summary.exact, fits: summary.fits, failed: summary.failed, seed: summary.seed };
    io.stdout(`\n  ],\n${JSON.stringify(tail, null, 2).slice(2, -2)}\n}\n`);
  }
  if (target !== undefined && drawn !== undefined) {
    const model = { method: options.method, test: options.test, level: options.level };
    const plotted = { estimates: Float64Array.from(drawn.estimates), I2: Float64Array.from(drawn.I2), failed: summary.failed, method: summary.method };
    await writeRobustnessPlot(target, { kind: "gosh", data: computeOrLocate(data.table.file, () => goshPlotOf(data, plotted, options.measure, model, options.transf)) });
  }
  if (json) return;
  io.stdout(
    [
      `GOSH (${summary.method}): ${summary.fits} subsets fitted (${summary.exact ? "all subsets" : `a random sample, seed ${summary.seed}`})${summary.failed > 0 ? `, ${summary.failed} failed` : ""}`,
      `estimate: min ${fixed(min)}, mean ${fixed(n > 0 ? sum / n : null)}, max ${fixed(max)}`,
      "use --format json for the fit of every subset",
      "",
    ].join("\n"),
  );
}
