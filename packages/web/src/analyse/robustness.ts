/**
 * What the page shows beside the pooled estimate, each computed as the command that
 * prints it computes it: the funnel plot as `metakit funnel` (core's funnelData, with
 * trim and fill and the significance contours on request), leave-one-out as `metakit
 * sensitivity --leave-one-out`, Egger's and Begg's tests as `metakit bias --egger` and
 * `--begg` (their defaults: the rma model with predictor sei; Kendall's tau), on the
 * estimable studies of the table and with the page's model, test and level.
 */
import { isMetakitError } from "@metakit/base";
import {
  eggerTest,
  funnelData,
  leaveOneOut,
  rankTest,
  trimAndFill,
  type EggerResult,
  type FunnelContour,
  type LeaveOneOutResult,
  type RankTestResult,
  type RefitMethod,
  type TestType,
  type TrimAndFillResult,
} from "@metakit/core";
import { backTransform, backTransformOf, MEASURE_LABELS, type Measure } from "@metakit/effect-size";
import type { FunnelLines, FunnelPlotData } from "@metakit/report/figures-browser";
import { formatEffectCi } from "@metakit/report/format";
import { tableEffects, type StudyEffects } from "@metakit/review/pool/effects";
import type { PoolOptions } from "@metakit/review/pool/pool";
import { fileName } from "@metakit/review/pool/r-script";

/** The model the refits use: the page's, or (for MH and Peto, which are not refitted) the inverse-variance equal-effects model. */
export interface RefitModel {
  readonly method: RefitMethod;
  readonly test: TestType;
  readonly level: number;
  /** Why the refits use another model than the pooled estimate, when they do. */
  readonly note?: string;
}

export function refitModel(options: PoolOptions): RefitModel {
  if (options.method === "MH" || options.method === "PETO" || options.method === "BAYES" || options.method === "GLMM" || options.method === "GENQ") {
    return {
      method: "EE",
      test: "z",
      level: options.level,
      note: `The ${options.method === "PETO" ? "Peto" : options.method === "MH" ? "Mantel-Haenszel" : options.method} pool is not refitted: the funnel plot, leave-one-out and the small-study tests use the inverse-variance equal-effects model (EE).`,
    };
  }
  return { method: options.method, test: options.test, level: options.level };
}

/** A computation's value, or why it could not be computed (too few studies, ...). */
export type Attempt<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

function attempt<T>(compute: () => T): Attempt<T> {
  try {
    return { ok: true, value: compute() };
  } catch (error) {
    if (isMetakitError(error)) return { ok: false, reason: error.message };
    throw error;
  }
}

export interface FunnelOptions {
  /** Shade where a study would be significant (p < 0.10, 0.05, 0.01), as `funnel --contours`. */
  readonly contours: boolean;
  /** The studies trim and fill imputes, and the adjusted estimate, as `funnel --trimfill`. */
  readonly trimfill: boolean;
}

export interface Robustness {
  readonly model: RefitModel;
  readonly display: Display;
  readonly data: StudyEffects;
  readonly funnel: Attempt<FunnelPlotData>;
  readonly leaveOneOut: Attempt<LeaveOneOutResult>;
  readonly egger: Attempt<EggerResult>;
  readonly begg: Attempt<RankTestResult>;
}

/** The reporting scale of the measure, as the figure commands' `--transf auto`. */
export interface Display {
  readonly name: string;
  readonly scale: "log" | "identity";
  readonly show: (x: number) => number;
  readonly transformed: boolean;
}

/** Sizes of the studies for the Freeman-Tukey back-transform: ni, or the person-time ti for IRFT. */
function sizes(data: StudyEffects, measure: Measure): number[] {
  return data.rows.flatMap((i) => {
    const s = data.table.studies[i]!;
    const n = measure === "IRFT" ? s.ti : s.ni;
    return n === null || n === undefined ? [] : [n];
  });
}

export function displayOf(data: StudyEffects, measure: Measure): Display {
  const ni = sizes(data, measure);
  const transform = backTransformOf(measure);
  return {
    name: MEASURE_LABELS[measure],
    scale: transform === "exp" ? "log" : "identity",
    transformed: transform !== "identity",
    show: (x) => backTransform(measure, x, ni.length === 0 ? {} : { ni: ni.length === 1 ? ni[0]! : ni }),
  };
}

/** Significance levels of the contours, as `metakit funnel --contours` (metafor's funnel(level = c(90, 95, 99))). */
const CONTOUR_ALPHAS = [0.1, 0.05, 0.01] as const;

/** Everything beside the pooled estimate, for the table and options of a pooling that succeeded. */
export function robustnessOf(options: PoolOptions, data: StudyEffects, funnel: FunnelOptions): Robustness {
  const model = refitModel(options);
  const display = displayOf(data, options.measure);
  const input = { yi: data.yi, vi: data.vi, labels: data.labels };
  const fit = { method: model.method, test: model.test, level: model.level };
  return {
    model,
    display,
    data,
    funnel: attempt(() => funnelPlotOf(data, display, fit, funnel)),
    leaveOneOut: attempt(() => leaveOneOut(input, fit)),
    // The method as bias passes it (an estimator Egger's meta-regression does not take is refused there, with its reason).
    egger: attempt(() => eggerTest(input, { ...fit, method: fit.method as "REML", model: "rma", predictor: "sei" })),
    begg: attempt(() => rankTest(input)),
  };
}

/** The estimable studies of the table (as bias and sensitivity read them). */
export const effectsOf = (options: PoolOptions, table: StudyEffects["table"]): StudyEffects => tableEffects(table, options.measure);

const lines = (c: FunnelContour, show: (x: number) => number): FunnelLines => ({
  lower: [{ se: c.lower[0].se, value: show(c.lower[0].y) }, { se: c.lower[1].se, value: show(c.lower[1].y) }],
  upper: [{ se: c.upper[0].se, value: show(c.upper[0].y) }, { se: c.upper[1].se, value: show(c.upper[1].y) }],
});

/** The funnel plot's data, as `metakit funnel` builds it (funnelPlotOf in the CLI). */
function funnelPlotOf(data: StudyEffects, display: Display, fit: { method: RefitMethod; test: TestType; level: number }, options: FunnelOptions): FunnelPlotData {
  const input = { yi: data.yi, vi: data.vi, labels: data.labels };
  const { show } = display;
  const funnel = funnelData(input, { ...fit, alphas: [...CONTOUR_ALPHAS] });
  const region = funnelData(input, { ...fit, reference: funnel.estimate, alphas: [1 - fit.level / 100] }).contours[0]!;
  const filled: TrimAndFillResult | undefined = options.trimfill ? trimAndFill(input, { ...fit, estimator: "L0" }) : undefined;
  return {
    title: `Funnel plot: ${fileName(data.table.file)}`,
    measure: display.name,
    scale: display.scale,
    studies: funnel.studies.map((s) => ({ label: s.label, estimate: show(s.yi), se: s.sei })),
    pooled: { estimate: show(funnel.estimate), ...lines(region, show) },
    ...(options.contours && { contours: funnel.contours.map((c) => ({ alpha: c.alpha, ...lines(c, show) })) }),
    ...(filled !== undefined && {
      filled: filled.filled.map((s) => ({ label: `filled, mirrors ${s.mirrorOf}`, estimate: show(s.yi), se: Math.sqrt(s.vi) })),
      ...(filled.k0 > 0 && { adjusted: { estimate: show(filled.estimate), label: "Estimate with the filled studies" } }),
      notes: [`Trim and fill (${filled.estimator}, ${filled.method}): ${filled.k0} ${filled.k0 === 1 ? "study" : "studies"} filled on the ${filled.side}; ${display.name.toLowerCase()} ${formatEffectCi(show(filled.estimate), show(filled.ciLower), show(filled.ciUpper))}.`],
    }),
  };
}
