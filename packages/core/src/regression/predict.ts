/**
 * Predictions of a meta-regression at given moderator values, and the data of a bubble plot.
 */
import { MetakitError, normalQuantile, tQuantile } from "@metakit/base";
import { predictionInterval } from "../prediction-interval.js";
import type { MetaRegressionResult } from "./meta-regression.js";
import { designRow } from "./moderators.js";

export interface RegressionPrediction {
  /** The moderator values predicted at. */
  readonly values: Readonly<Record<string, number | string>>;
  readonly estimate: number;
  readonly se: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  /** Interval for the true effect of a new study with these moderator values. */
  readonly piLower: number;
  readonly piUpper: number;
}

/**
 * x0' b with se sqrt(x0' vb x0), the CI with the model's quantile (normal under z, t(k - p)
 * otherwise) and the prediction interval x0' b +- q sqrt(se^2 + tau2) with the same
 * quantile, as metafor's predict(). Categorical moderators take a level; numeric ones a number.
 * @reference Raudenbush (2009), ch. 16; Riley, Higgins & Deeks (2011), BMJ 342:d549
 * @metafor predict(rma(yi, vi, mods = ...), newmods = ...)
 * @example predictRegression(fit, [{ ablat: 42 }])[0].estimate // -0.9708 (dat.bcg, REML)
 */
export function predictRegression(
  model: MetaRegressionResult,
  at: readonly Readonly<Record<string, number | string>>[],
): RegressionPrediction[] {
  const { p, k, level, tau2 } = model;
  const beta = model.coefficients.map((c) => c.estimate);
  const crit = criticalValue(model);
  const piType = model.test === "z" ? "z" : "t";
  return at.map((values) => {
    const x = designRow(model.coding, values, "predictRegression");
    let estimate = 0;
    let variance = 0;
    for (let a = 0; a < p; a++) {
      estimate += x[a]! * beta[a]!;
      for (let b = 0; b < p; b++) variance += x[a]! * model.vcov[a]![b]! * x[b]!;
    }
    const se = Math.sqrt(variance);
    const pi = predictionInterval(estimate, se, tau2, k, p, level, piType);
    if (pi.lower === null || pi.upper === null) {
      throw new MetakitError("INSUFFICIENT_DATA", "predictRegression: no residual df for a t prediction interval", {
        field: "test",
        value: model.test,
      });
    }
    return { values, estimate, se, ciLower: estimate - crit * se, ciUpper: estimate + crit * se, piLower: pi.lower, piUpper: pi.upper };
  });
}

function criticalValue(model: MetaRegressionResult): number {
  const upper = 1 - (1 - model.level / 100) / 2;
  return model.df === undefined ? normalQuantile(upper) : tQuantile(upper, model.df);
}

export interface BubblePoint {
  readonly label: string;
  readonly x: number;
  readonly yi: number;
  readonly vi: number;
  /** Weight in the model, percent: the bubble's area. */
  readonly weight: number;
}

export interface BubblePlotData {
  readonly moderator: string;
  readonly points: readonly BubblePoint[];
  /** The regression line with its CI and PI bands, on an even grid over the moderator's range. */
  readonly line: readonly (RegressionPrediction & { readonly x: number })[];
  /** Values the other moderators are held at: numeric at their mean, categorical at the reference. */
  readonly heldAt: Readonly<Record<string, number | string>>;
}

/**
 * The data of metafor's regplot(): one bubble per study (moderator value, effect, weight)
 * and the fitted line with confidence and prediction bands over `gridSize` points.
 * @metafor regplot(rma(yi, vi, mods = ...), mod = name)
 */
export function bubblePlotData(
  model: MetaRegressionResult,
  studies: { readonly yi: ArrayLike<number>; readonly vi: ArrayLike<number>; readonly labels?: readonly string[] },
  moderators: readonly { readonly name: string; readonly values: ArrayLike<number> | readonly string[] }[],
  moderator: string,
  gridSize = 100,
): BubblePlotData {
  const column = moderators.find((m) => m.name === moderator);
  const code = model.coding.find((c) => c.name === moderator);
  if (column === undefined || code?.kind !== "numeric") {
    throw new MetakitError("INVALID_INPUT", `bubblePlotData: ${moderator} is not a numeric moderator of the model`, {
      field: "moderator",
      value: moderator,
    });
  }
  const xs = Array.from(column.values as ArrayLike<number>);
  const heldAt: Record<string, number | string> = {};
  for (const c of model.coding) {
    if (c.name === moderator) continue;
    const held = moderators.find((m) => m.name === c.name);
    if (held === undefined) throw new Error(`bubblePlotData: the model codes "${c.name}" but no moderator has that name (internal)`);
    heldAt[c.name] = c.kind === "categorical" ? c.reference : mean(held.values as ArrayLike<number>);
  }
  // a loop, not Math.min(...xs): k can exceed the call-stack limit
  const lo = xs.reduce((min, x) => Math.min(min, x), Infinity);
  const hi = xs.reduce((max, x) => Math.max(max, x), -Infinity);
  const n = Math.max(2, gridSize);
  const grid = Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
  const predictions = predictRegression(model, grid.map((x) => ({ ...heldAt, [moderator]: x })));
  return {
    moderator,
    points: xs.map((x, i) => ({
      label: studies.labels?.[i] ?? String(i + 1),
      x,
      yi: studies.yi[i]!,
      vi: studies.vi[i]!,
      weight: model.weights[i]!,
    })),
    line: predictions.map((pr, i) => ({ ...pr, x: grid[i]! })),
    heldAt,
  };
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (const value of Array.from(values)) s += value;
  return s / values.length;
}
