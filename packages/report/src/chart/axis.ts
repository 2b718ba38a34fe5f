/**
 * Axes of the scatter figures (funnel, GOSH, bubble): limits rounded outwards to nice
 * values around the data, ticks from the forest plot's rules (axisWithin), a log axis for
 * ratio measures on the 1-2-5 ladder. Values are on the display scale.
 */
import { MetakitError } from "@metakit/base";
import { axisWithin, clean, niceStep, type ForestAxis } from "../forest/axis.js";
import { messages } from "../messages.js";

export type ChartAxis = ForestAxis;

const LOG_STEPS = [1, 2, 5, 10] as const;

/** The largest 1, 2 or 5 x 10^k at or below `value` (value > 0). */
function logFloor(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const m = [...LOG_STEPS].reverse().find((s) => s * power <= value * (1 + 1e-12))!;
  return clean(m * power);
}

/** The smallest 1, 2 or 5 x 10^k at or above `value` (value > 0). */
function logCeil(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const m = LOG_STEPS.find((s) => s * power >= value * (1 - 1e-12))!;
  return clean(m * power);
}

/**
 * An axis holding every value: linear limits on multiples of a nice step (about four
 * intervals), log limits on 1-2-5 values; `include` adds values that must be inside (the
 * line of no effect). A single value gets a unit-wide (or 2-fold) axis around it.
 * @throws MetakitError INVALID_INPUT for a non-finite value, or a value <= 0 on a log axis.
 */
export function chartAxis(scale: "log" | "identity", values: readonly number[], field: string): ChartAxis {
  for (const value of values) {
    if (!Number.isFinite(value)) throw new MetakitError("INVALID_INPUT", messages.notFinite(field, value), { field, value });
    if (scale === "log" && !(value > 0)) throw new MetakitError("INVALID_INPUT", messages.forest.logScaleNotPositive(field, value), { field, value });
  }
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (scale === "log") {
    const [lo, hi] = max > min ? [min, max] : [min / 2, max * 2];
    return axisWithin("log", [logFloor(lo), logCeil(hi)]);
  }
  const [lo, hi] = max > min ? [min, max] : [min - 0.5, max + 0.5];
  const step = niceStep(hi - lo);
  return axisWithin("identity", [clean(Math.floor(lo / step) * step), clean(Math.ceil(hi / step) * step)]);
}

/** The value-to-pixel map of an axis onto [from, to] (the map vega's scale uses). */
export function chartPixel(axis: ChartAxis, from: number, to: number, value: number): number {
  const f = axis.scale === "log" ? Math.log : (v: number) => v;
  const [a, b] = axis.domain;
  return from + ((f(value) - f(a)) / (f(b) - f(a))) * (to - from);
}
