/**
 * `metakit funnel FILE.csv --measure M [--contours] [--trimfill] -o OUT.svg|png|pdf`: the
 * funnel plot of the report (@metakit/report), from @metakit/core's funnelData and, with
 * --trimfill, trimAndFill as `bias --trimfill` runs it: each study's effect against its
 * standard error, the pooled estimate with its pseudo confidence region, with --contours
 * the regions where a study would be significant (p < 0.10, 0.05, 0.01; Peters et al.
 * 2008), with --trimfill the filled studies and the adjusted estimate.
 */
import { basename } from "node:path";
import type { Command } from "commander";
import { MEASURES, type Measure, type MetaforCompat } from "@metakit/effect-size";
import { funnelData, REFIT_METHODS, TESTS, TRIMFILL_ESTIMATORS, trimAndFill, type FunnelContour, type RefitMethod, type TestType, type TrimfillEstimator } from "@metakit/core";
import type { FunnelLines, FunnelPlotData } from "@metakit/report";
import { formatEffectCi } from "@metakit/report/format";
import type { Io } from "../io.js";
import { computeOrLocate } from "../locate.js";
import { level, metaforCompat, oneOf, TEST_HELP } from "../options.js";
import { shownEffects, type ShownEffects } from "../figures/effects-scale.js";
import { figureTarget, writeFigure } from "../figures/output.js";
import { TRANSFS, type Transf } from "../figures/transf.js";
import { readEffects, type StudyEffects } from "../study-effects.js";

interface FunnelCommandOptions {
  readonly measure: Measure;
  readonly method: RefitMethod;
  readonly test: TestType;
  readonly level: number;
  readonly contours?: boolean;
  readonly trimfill?: boolean;
  readonly estimator: TrimfillEstimator;
  readonly side?: "left" | "right";
  readonly metaforCompat?: MetaforCompat;
  readonly transf: Transf;
  readonly title?: string;
  readonly out: string;
}

/** Significance levels of the contours, as metafor's funnel(level = c(90, 95, 99)). */
export const CONTOUR_ALPHAS = [0.1, 0.05, 0.01] as const;

export function registerFunnel(program: Command, io: Io): Command {
  return program
    .command("funnel")
    .description("funnel plot of a CSV, contour-enhanced and with trim and fill on request (SVG, PNG at 300 dpi, or PDF)")
    .argument("<file>", "CSV with metafor's column names, as for escalc")
    .requiredOption("-m, --measure <M>", `effect measure: ${MEASURES.join(", ")}`, oneOf(MEASURES))
    .requiredOption("-o, --out <file>", "output figure: .svg, .png (300 dpi) or .pdf")
    .option("--contours", "shade where a study would be significant (p < 0.10, 0.05, 0.01)")
    .option("--trimfill", "add the studies trim and fill imputes, and the adjusted estimate")
    .option("--estimator <e>", "with --trimfill: L0 or R0", oneOf(TRIMFILL_ESTIMATORS), "L0")
    .option("--side <side>", "with --trimfill: side of the missing studies (default: estimated, as metafor)", oneOf(["left", "right"] as const))
    .option("--method <method>", `tau² estimator of the model: ${REFIT_METHODS.join(", ")}`, oneOf(REFIT_METHODS), "REML")
    .option("--test <test>", TEST_HELP, oneOf(TESTS), "z")
    .option("--level <level>", "level of the pseudo confidence region: 95 or 0.95", level, 95)
    .option("--metafor-compat <version>", "effect-size formulas of metafor current or 3.8, as pool", metaforCompat)
    .option("--transf <t>", `scale of the effects shown: ${TRANSFS.join(", ")}`, oneOf(TRANSFS), "auto")
    .option("--title <text>", "the figure's title (default: Funnel plot and the file name)")
    .action(async (file: string, options: FunnelCommandOptions) => {
      const target = figureTarget(options.out, "--out", [file]);
      const data = readEffects(file, options.measure, options.metaforCompat);
      const plot = computeOrLocate(file, () => funnelPlotOf(data, options));
      const { funnelPlotSvg } = await import("@metakit/report");
      await writeFigure(target, await funnelPlotSvg(plot, { fonts: target.fonts }));
      io.stdout(`funnel: wrote ${options.out} (${data.yi.length} studies${plot.filled?.length ? `, ${plot.filled.length} filled` : ""})\n`);
    });
}

const lines = (c: FunnelContour, show: (x: number) => number): FunnelLines => ({
  lower: [{ se: c.lower[0].se, value: show(c.lower[0].y) }, { se: c.lower[1].se, value: show(c.lower[1].y) }],
  upper: [{ se: c.upper[0].se, value: show(c.upper[0].y) }, { se: c.upper[1].se, value: show(c.upper[1].y) }],
});

/** The figure's data: every number from @metakit/core, shown on the --transf scale. */
export function funnelPlotOf(data: StudyEffects, options: FunnelCommandOptions): FunnelPlotData {
  const input = { yi: data.yi, vi: data.vi, labels: data.labels };
  const model = { method: options.method, test: options.test, level: options.level };
  const shown: ShownEffects = shownEffects(data, options.measure, options.transf);
  const { show } = shown;
  const funnel = funnelData(input, { ...model, alphas: [...CONTOUR_ALPHAS] });
  const region = funnelData(input, { ...model, reference: funnel.estimate, alphas: [1 - options.level / 100] }).contours[0]!;
  const filled = options.trimfill ? trimAndFill(input, { ...model, estimator: options.estimator, ...(options.side !== undefined && { side: options.side }) }) : undefined;
  return {
    title: options.title ?? `Funnel plot: ${basename(data.table.file)}`,
    measure: shown.name,
    scale: shown.scale,
    studies: funnel.studies.map((s) => ({ label: s.label, estimate: show(s.yi), se: s.sei })),
    pooled: { estimate: show(funnel.estimate), ...lines(region, show) },
    ...(options.contours && { contours: funnel.contours.map((c) => ({ alpha: c.alpha, ...lines(c, show) })) }),
    ...(filled !== undefined && {
      filled: filled.filled.map((s) => ({ label: `filled, mirrors ${s.mirrorOf}`, estimate: show(s.yi), se: Math.sqrt(s.vi) })),
      ...(filled.k0 > 0 && { adjusted: { estimate: show(filled.estimate), label: "Estimate with the filled studies" } }),
      notes: [`Trim and fill (${filled.estimator}, ${filled.method}): ${filled.k0} ${filled.k0 === 1 ? "study" : "studies"} filled on the ${filled.side}; ${shown.name.toLowerCase()} ${formatEffectCi(show(filled.estimate), show(filled.ciLower), show(filled.ciUpper))}.`],
    }),
  };
}
