/**
 * Baujat plot: each study's contribution to the heterogeneity statistic Q (x) against its
 * influence on the pooled estimate (y), each point labelled with its study, as metafor's
 * baujat(). The numbers are @metakit/core's baujatData, drawn as given; a study whose
 * refit failed has no influence and is not drawn (a note says so).
 * @reference Baujat et al. (2002), Stat Med 21:2641-2652
 */
import type { TopLevelSpec } from "vega-lite";
import { chartAxis } from "../chart/axis.js";
import { layoutChart, type ChartOptions, type LegendItem } from "../chart/frame.js";
import { chartSpec, CHART_COLORS, xField, yField, type Layer } from "../chart/spec.js";
import { checkNonNegative, checkNotEmpty } from "../chart/validate.js";
import { messages } from "../messages.js";
import type { TextMeasure } from "../text/measure.js";

export interface BaujatPlotPoint {
  readonly label: string;
  /** Contribution to Q: the squared Pearson residual. */
  readonly x: number;
  /** Influence on the pooled estimate: the squared standardised change when the study is left out. */
  readonly y: number;
}

export interface BaujatPlotData {
  readonly title: string;
  readonly points: readonly BaujatPlotPoint[];
  readonly notes?: readonly string[];
}

const FIGURE = "Baujat plot";

/** @throws MetakitError INVALID_INPUT naming the study and field at fault. */
export function validateBaujatPlotData(data: BaujatPlotData): void {
  checkNotEmpty(FIGURE, "points", data.points.length);
  for (const p of data.points) {
    checkNonNegative(p.label, "x", p.x);
    checkNonNegative(p.label, "y", p.y);
  }
}

/** The Baujat plot's vega-lite spec. @throws MetakitError on invalid data. */
export function baujatPlotSpec(data: BaujatPlotData, measure: TextMeasure, options: ChartOptions = {}): TopLevelSpec {
  validateBaujatPlotData(data);
  const x = chartAxis("identity", [0, ...data.points.map((p) => p.x)], "x");
  const y = chartAxis("identity", [0, ...data.points.map((p) => p.y)], "y");
  const legend: LegendItem[] = [{ label: messages.figure.studies, symbol: "filled-circle", color: CHART_COLORS.point }];
  const texts = { title: data.title, xTitle: messages.figure.baujatX, yTitle: messages.figure.baujatY, legend, ...(data.notes === undefined ? {} : { notes: data.notes }) };
  const frame = layoutChart(texts, x, y, measure, options);
  const values = data.points.map((p) => ({ x: p.x, y: p.y, label: p.label }));
  // Labels right of their point in the left half of the plot, left of it in the right half, so they stay inside.
  const middle = (x.domain[0] + x.domain[1]) / 2;
  const labelLayer = (side: "left" | "right"): Layer => ({
    name: `study_labels_${side}`,
    data: { values: values.filter((v) => (side === "right" ? v.x <= middle : v.x > middle)) },
    mark: { type: "text", align: side === "right" ? "left" : "right", baseline: "middle", dx: side === "right" ? 5 : -5, fontSize: frame.theme.small, color: CHART_COLORS.ink },
    encoding: { x: xField(frame, "x"), y: yField(frame, "y"), text: { field: "label", type: "nominal" } },
  });
  const layers: Layer[] = [
    {
      name: "studies",
      data: { values },
      mark: { type: "point", shape: "circle", filled: true, opacity: 1, color: CHART_COLORS.point, size: 30 },
      encoding: { x: xField(frame, "x"), y: yField(frame, "y") },
    },
    labelLayer("right"),
    labelLayer("left"),
  ];
  return chartSpec(frame, layers);
}
