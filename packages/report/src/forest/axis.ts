/**
 * The effect axis of a forest plot: its limits, its ticks and its line of no effect.
 *
 * Ratio measures use a log axis symmetric about 1, on RevMan's ladder of limits
 * (0.5–2, 0.2–5, 0.1–10, 0.05–20, 0.02–50, 0.01–100, 0.001–1000). Differences use a
 * linear axis symmetric about 0 with limits 1, 2, 4 or 5 x 10^k and ticks at the
 * quarters. Single-arm plots have no line of no effect and a linear axis fitted to
 * the data. The limits always hold every point estimate and every pooled interval;
 * study intervals that run further than 100-fold (log) or four times the estimates'
 * extent (linear) are cut at the axis and drawn with an arrow, as RevMan does.
 */
import type { ForestPlotData } from "./types.js";

export interface ForestAxis {
  readonly scale: "log" | "identity";
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
  /** The value of no effect (1 for ratios, 0 for differences); none for single-arm plots. */
  readonly nullValue?: number;
}

const LOG_LADDER: readonly (readonly number[])[] = [
  [0.5, 0.7, 1, 1.5, 2],
  [0.2, 0.5, 1, 2, 5],
  [0.1, 0.2, 0.5, 1, 2, 5, 10],
  [0.05, 0.2, 1, 5, 20],
  [0.02, 0.1, 1, 10, 50],
  [0.01, 0.1, 1, 10, 100],
  [0.001, 0.01, 0.1, 1, 10, 100, 1000],
];

/** Log10 extent beyond which study intervals are cut with an arrow: 100-fold. */
const LOG_INTERVAL_REACH = 2;
/** Linear: study intervals are followed to four times the extent of the estimates. */
const LINEAR_INTERVAL_REACH = 4;

interface AxisValues {
  /** Point estimates and pooled intervals: always inside the axis. */
  readonly required: readonly number[];
  /** Study confidence limits: inside the axis up to the reach, else arrows. */
  readonly optional: readonly number[];
}

function axisValues(data: ForestPlotData): AxisValues {
  const required: number[] = [];
  const optional: number[] = [];
  for (const s of data.bayesian?.shrinkage ?? []) optional.push(s.estimate, s.ciLower, s.ciUpper);
  for (const row of data.rows) {
    if (row.estimate !== undefined) required.push(row.estimate);
    if (row.ciLower !== undefined) optional.push(row.ciLower);
    if (row.ciUpper !== undefined) optional.push(row.ciUpper);
  }
  const summaries = [data.pooled, data.bayesian, ...(data.subgroups ?? []).map((s) => s.pooled)];
  for (const s of summaries) {
    if (s === undefined) continue;
    required.push(s.estimate, s.ciLower, s.ciUpper);
    if (s.piLower !== undefined && s.piUpper !== undefined) required.push(s.piLower, s.piUpper);
  }
  return { required, optional };
}

/** Rounds away binary noise from tick arithmetic (0.1 * 3 = 0.30000000000000004). */
export const clean = (value: number): number => Number(value.toPrecision(12));

function logAxis(values: AxisValues): ForestAxis {
  const extent = (list: readonly number[]) => list.reduce((m, v) => Math.max(m, Math.abs(Math.log10(v))), 0);
  const target = Math.max(extent(values.required), Math.min(extent(values.optional), LOG_INTERVAL_REACH));
  const ticks = LOG_LADDER.find((t) => Math.log10(t[t.length - 1]!) >= target - 1e-9) ?? LOG_LADDER[LOG_LADDER.length - 1]!;
  return { scale: "log", domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks, nullValue: 1 };
}

/** The smallest of 1, 2, 4, 5 x 10^k at or above `value` (value > 0). */
function niceLimit(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 4, 5, 10].find((m) => m * power >= value * (1 - 1e-12))!;
  return clean(step * power);
}

function symmetricLinearAxis(values: AxisValues): ForestAxis {
  const extent = (list: readonly number[]) => list.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const required = extent(values.required);
  const reach = required > 0 ? LINEAR_INTERVAL_REACH * required : Number.POSITIVE_INFINITY;
  const target = Math.max(required, Math.min(extent(values.optional), reach));
  const limit = target > 0 ? niceLimit(target) : 1;
  const ticks = [-limit, -limit / 2, 0, limit / 2, limit].map(clean);
  return { scale: "identity", domain: [-limit, limit], ticks, nullValue: 0 };
}

/** A tick step of 1, 2, 2.5 or 5 x 10^k giving about four intervals over `span`. */
export function niceStep(span: number): number {
  const raw = span / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  return clean([1, 2, 2.5, 5, 10].find((m) => m * power >= raw * (1 - 1e-12))! * power);
}

function fittedLinearAxis(values: AxisValues): ForestAxis {
  const all = [...values.required, ...values.optional];
  const min = Math.min(...all);
  const max = Math.max(...all);
  const step = max > min ? niceStep(max - min) : niceStep(Math.max(Math.abs(max), 1));
  const lower = clean(Math.floor(min / step) * step);
  const upper = clean(Math.max(Math.ceil(max / step) * step, lower + step));
  const ticks: number[] = [];
  for (let i = 0; clean(lower + i * step) <= upper; i++) ticks.push(clean(lower + i * step));
  return { scale: "identity", domain: [lower, upper], ticks };
}

/**
 * An axis over limits already chosen: 1-2-5 ticks on a log axis (powers of ten only when
 * more than seven), steps of 1, 2, 2.5 or 5 x 10^k on a linear one. Shared with the other
 * figures (funnel, GOSH and bubble plots).
 */
export function axisWithin(scale: "log" | "identity", limits: readonly [number, number]): ForestAxis {
  const [lower, upper] = limits;
  if (scale === "identity") {
    const step = niceStep(upper - lower);
    const ticks: number[] = [];
    for (let v = Math.ceil(lower / step) * step; v <= upper * (1 + 1e-12) + 1e-12; v += step) ticks.push(clean(v));
    return { scale: "identity", domain: [lower, upper], ticks };
  }
  const candidates: number[] = [];
  for (let k = Math.floor(Math.log10(lower)); k <= Math.ceil(Math.log10(upper)); k++) {
    for (const m of [1, 2, 5]) candidates.push(clean(m * 10 ** k));
  }
  let ticks = candidates.filter((v) => v >= lower * (1 - 1e-12) && v <= upper * (1 + 1e-12));
  if (ticks.length > 7) ticks = ticks.filter((v) => Number.isInteger(Math.log10(v)));
  return { scale: "log", domain: [lower, upper], ticks };
}

/** Ticks for limits the caller chose, with the line of no effect of a comparative plot. */
function givenAxis(data: ForestPlotData, limits: readonly [number, number]): ForestAxis {
  const nullValue = data.kind === "single-arm proportion" ? undefined : data.scale === "log" ? 1 : 0;
  const axis = axisWithin(data.scale, limits);
  return nullValue === undefined ? axis : { ...axis, nullValue };
}

/** d3-format specifier for tick labels: up to 12 significant digits, trailing zeros trimmed. */
export const TICK_FORMAT = ".12~g";

/**
 * A tick label as vega draws it with TICK_FORMAT (d3-format writes negatives with the
 * minus sign U+2212), for measuring the label before vega draws it.
 */
export function tickLabel(value: number): string {
  return String(Number(value.toPrecision(12))).replace("-", "\u2212");
}

/** The axis for a forest plot (see the module comment for the rules). */
export function forestAxis(data: ForestPlotData): ForestAxis {
  if (data.axisLimits !== undefined) return givenAxis(data, data.axisLimits);
  const values = axisValues(data);
  if (data.scale === "log") {
    const axis = logAxis(values);
    if (data.kind !== "single-arm proportion") return axis;
    const { nullValue: _none, ...rest } = axis;
    return rest;
  }
  return data.kind === "single-arm proportion" ? fittedLinearAxis(values) : symmetricLinearAxis(values);
}
