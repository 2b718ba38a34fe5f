/**
 * Leave-one-out plot: a forest plot with one row per omitted study ("Omitting Aronson
 * 1948"), the estimate and confidence interval of the model fitted without it, the
 * estimate from all studies as a diamond at the bottom and as a dashed vertical line
 * through the rows, so a reader sees at a glance which study moves the result. Drawn by
 * the forest plot's layout and renderer; the refits are @metakit/core's leaveOneOut.
 */
import type { TopLevelSpec } from "vega-lite";
import { layoutForest, type ForestLayout } from "../forest/layout.js";
import { forestSpec } from "../forest/spec.js";
import type { ForestKind, ForestPlotData, ForestScale, ForestSummary } from "../forest/types.js";
import { forestLevel } from "../forest/level.js";
import { validateForestPlotData } from "../forest/validate.js";
import { messages } from "../messages.js";
import type { TextMeasure } from "../text/measure.js";
import type { ChartOptions } from "../chart/frame.js";

export interface LeaveOneOutRow {
  /** The study left out. */
  readonly omitted: string;
  /** The refit without it (display scale); absent when the refit failed (then `reason`). */
  readonly estimate?: number;
  readonly ciLower?: number;
  readonly ciUpper?: number;
  readonly reason?: string;
}

export interface LeaveOneOutPlotData {
  readonly title: string;
  readonly measure: string;
  /** Method line, "IV, Random, 95% CI". */
  readonly method?: string;
  /** Confidence level of the intervals (95 or 0.95; 95 when absent): names the all-studies row. */
  readonly level?: number;
  readonly scale: ForestScale;
  readonly kind: ForestKind;
  readonly rows: readonly LeaveOneOutRow[];
  /** The fit of all studies. */
  readonly all: ForestSummary;
  readonly favours?: { readonly left: string; readonly right: string };
  /** Lines under the plot. */
  readonly notes?: readonly string[];
}

export const omittingLabel = messages.figure.omitting;
/** "All studies (95% CI)", at the plot's confidence level in percent. */
export const allStudiesLabel = messages.figure.allStudiesRow;
/** Wide enough for "Omitting" and a study label on one line. */
const LABEL_MAX_WIDTH = 270;

/** The leave-one-out plot as forest-plot data (no weights, no arm columns). */
export function leaveOneOutForestData(data: LeaveOneOutPlotData): ForestPlotData {
  return {
    title: data.title,
    measure: data.measure,
    ...(data.method === undefined ? {} : { method: data.method }),
    ...(data.level === undefined ? {} : { level: data.level }),
    scale: data.scale,
    kind: data.kind,
    columns: { intervention: "" },
    labelHeader: messages.figure.leaveOneOutHeader,
    rows: data.rows.map((row) => {
      const label = omittingLabel(row.omitted);
      if (row.estimate === undefined || row.ciLower === undefined || row.ciUpper === undefined) {
        return { label, notEstimable: row.reason ?? messages.figure.refitFailed };
      }
      return { label, estimate: row.estimate, ciLower: row.ciLower, ciUpper: row.ciUpper };
    }),
    pooled: { ...data.all, label: data.all.label ?? allStudiesLabel(forestLevel(data)) },
    ...(data.favours === undefined ? {} : { favours: data.favours }),
    ...(data.notes === undefined || data.notes.length === 0 ? {} : { overallEffectText: data.notes.join(" ") }),
  };
}

/** The laid-out plot: the forest layout with the all-studies estimate as its reference line. */
export function layoutLeaveOneOut(data: LeaveOneOutPlotData, measure: TextMeasure, options: ChartOptions = {}): ForestLayout {
  const forest = leaveOneOutForestData(data);
  validateForestPlotData(forest);
  const size = options.fontSize ?? 11;
  const layout = layoutForest(forest, measure, { fontSize: size, labelMaxWidth: Math.round((LABEL_MAX_WIDTH * size) / 11) });
  return { ...layout, referenceLine: data.all.estimate };
}

/** The leave-one-out plot's vega-lite spec. @throws MetakitError on invalid data. */
export function leaveOneOutPlotSpec(data: LeaveOneOutPlotData, measure: TextMeasure, options: ChartOptions = {}): TopLevelSpec {
  return forestSpec(layoutLeaveOneOut(data, measure, options));
}
