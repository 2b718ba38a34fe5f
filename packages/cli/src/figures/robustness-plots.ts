/**
 * `--plot OUT` of `sensitivity` (leave-one-out, GOSH, Baujat) and `regress` (bubble plot):
 * the report's figures (@metakit/report, imported only when drawing) from the results the
 * command computed, effects on the --transf scale. Nothing is estimated here except the
 * model of all studies the leave-one-out plot shows at its foot (metaAnalysis, with the
 * command's options).
 */
import { basename } from "node:path";
import { metaAnalysis, type BubblePlotData, type LeaveOneOutResult, type RefitMethod, type TestType, type BaujatPoint } from "@metakit/core";
import type { BaujatPlotData, BubblePlotFigureData, GoshPlotData, LeaveOneOutPlotData } from "@metakit/report";
import type { Measure } from "@metakit/effect-size";
import type { StudyEffects } from "../study-effects.js";
import { shownEffects } from "./effects-scale.js";
import { figureTarget, writeFigure, type FigureTarget } from "./output.js";
import { oneOf } from "../options.js";
import { TRANSFS, type Transf } from "./transf.js";
import type { Command } from "commander";

/** The options of a command that can draw its result: --plot FILE and --transf. */
export interface PlotOptions {
  readonly plot?: string;
  readonly transf: Transf;
}

/** Adds --plot and --transf to a command. */
export function plotOptions(command: Command, figures: string): Command {
  return command
    .option("--plot <file>", `draw ${figures} to this file: .svg, .png (300 dpi) or .pdf`)
    .option("--transf <t>", `with --plot: scale of the effects shown: ${TRANSFS.join(", ")}`, oneOf(TRANSFS), "auto");
}

/** The figure's target when --plot is given (checked, fonts found) before anything is computed. */
export const plotTarget = (options: PlotOptions, input: string): FigureTarget | undefined =>
  options.plot === undefined ? undefined : figureTarget(options.plot, "--plot", [input]);

interface Model {
  readonly method: RefitMethod;
  readonly test: TestType;
  readonly level: number;
}

const fileName = (data: StudyEffects) => basename(data.table.file);

/** "IV, Random (REML), 95% CI" for the models the refits use. */
const methodLine = (model: { readonly method: string; readonly test: string; readonly level: number }) =>
  `IV, ${model.method === "EE" || model.method === "FE" ? "Fixed" : "Random"} (${model.method}${model.test === "knha" ? ", Hartung-Knapp" : ""}), ${model.level}% CI`;

/** The leave-one-out plot: one row per omitted study, the model of all studies at the foot. */
export function leaveOneOutPlotOf(data: StudyEffects, result: LeaveOneOutResult, measure: Measure, model: Model, transf: Transf): LeaveOneOutPlotData {
  const shown = shownEffects(data, measure, transf);
  const { show } = shown;
  const all = metaAnalysis({ yi: data.yi, vi: data.vi, labels: data.labels }, model);
  const rows = result.labels.map((omitted, i) => {
    const [estimate, lower, upper] = [result.estimate[i], result.ciLower[i], result.ciUpper[i]];
    if (estimate == null || lower == null || upper == null) return { omitted, reason: "the model could not be fitted without this study" };
    return { omitted, estimate: show(estimate), ciLower: show(lower), ciUpper: show(upper) };
  });
  return {
    title: `Leave-one-out: ${fileName(data)}`,
    measure: shown.name,
    method: methodLine(result),
    level: result.level,
    scale: shown.scale,
    kind: "comparative",
    rows,
    all: { estimate: show(all.estimate), ciLower: show(all.ciLower), ciUpper: show(all.ciUpper) },
    ...(result.notes.length > 0 && { notes: result.notes }),
  };
}

/** The GOSH plot: each subset's estimate against its I², and the model of all studies. */
export function goshPlotOf(data: StudyEffects, fits: { readonly estimates: Float64Array; readonly I2: Float64Array; readonly failed: number; readonly method: string }, measure: Measure, model: Model, transf: Transf): GoshPlotData {
  const shown = shownEffects(data, measure, transf);
  const all = metaAnalysis({ yi: data.yi, vi: data.vi, labels: data.labels }, model);
  return {
    title: `GOSH plot: ${fileName(data)}, ${fits.estimates.length} subsets of ${data.yi.length} studies (${fits.method})`,
    measure: shown.name,
    scale: shown.scale,
    estimates: Float64Array.from(fits.estimates, shown.show),
    I2: fits.I2,
    all: { estimate: shown.show(all.estimate), I2: all.I2 },
    ...(fits.failed > 0 && { notes: [`${fits.failed} subset fits did not converge and are not drawn.`] }),
  };
}

/** The Baujat plot of metafor's baujat(): studies whose refit failed are left out, and named in a note. */
export function baujatPlotOf(data: StudyEffects, points: readonly BaujatPoint[], method: string): BaujatPlotData {
  const failed = points.filter((p) => p.y === null).map((p) => p.label);
  return {
    title: `Baujat plot: ${fileName(data)} (${method})`,
    points: points.flatMap((p) => (p.y === null ? [] : [{ label: p.label, x: p.x, y: p.y }])),
    ...(failed.length > 0 && { notes: [`Not drawn (the model could not be refitted without them): ${failed.join(", ")}.`] }),
  };
}

/** The bubble plot of a meta-regression against one numeric moderator. */
export function bubblePlotOf(data: StudyEffects, bubble: BubblePlotData, measure: Measure, level: number, transf: Transf): BubblePlotFigureData {
  const shown = shownEffects(data, measure, transf);
  const { show } = shown;
  const held = Object.entries(bubble.heldAt).map(([name, value]) => `${name} = ${typeof value === "number" ? Number(value.toPrecision(4)) : value}`);
  return {
    title: `Meta-regression: ${fileName(data)} by ${bubble.moderator}`,
    moderator: bubble.moderator,
    measure: shown.name,
    scale: shown.scale,
    points: bubble.points.map((p) => ({ label: p.label, x: p.x, y: show(p.yi), weight: p.weight })),
    line: bubble.line.map((p) => ({ x: p.x, estimate: show(p.estimate), ciLower: show(p.ciLower), ciUpper: show(p.ciUpper) })),
    nullValue: show(0),
    level,
    ...(held.length > 0 && { notes: [`Other moderators held at ${held.join(", ")}.`] }),
  };
}

export type RobustnessPlot =
  | { readonly kind: "leave-one-out"; readonly data: LeaveOneOutPlotData }
  | { readonly kind: "gosh"; readonly data: GoshPlotData }
  | { readonly kind: "baujat"; readonly data: BaujatPlotData }
  | { readonly kind: "bubble"; readonly data: BubblePlotFigureData };

/** Draws the figure and writes it to the target. */
export async function writeRobustnessPlot(target: FigureTarget, plot: RobustnessPlot): Promise<void> {
  const report = await import("@metakit/report");
  const options = { fonts: target.fonts };
  const svg =
    plot.kind === "leave-one-out"
      ? await report.leaveOneOutPlotSvg(plot.data, options)
      : plot.kind === "gosh"
        ? await report.goshPlotSvg(plot.data, options)
        : plot.kind === "baujat"
          ? await report.baujatPlotSvg(plot.data, options)
          : await report.bubblePlotSvg(plot.data, options);
  await writeFigure(target, svg);
}
