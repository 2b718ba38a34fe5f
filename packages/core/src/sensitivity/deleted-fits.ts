/**
 * The model refitted without each study in turn, for a design with moderators: the shared
 * step of influence diagnostics and Baujat plots.
 */
import { MetakitError } from "@metakit/base";
import type { Design } from "../design.js";
import type { ModelSpec, RandomEffectsFit } from "../random-effects-model.js";
import { fitRandomEffectsModel } from "../random-effects-model.js";

/**
 * Calls `visit(i, fit)` with the fit without study i (null when it fails to converge or
 * its design loses full rank), reusing one set of buffers of k - 1 rows.
 */
export function forEachDeletedFit(
  design: Design,
  yi: Float64Array,
  vi: Float64Array,
  spec: ModelSpec,
  visit: (i: number, fit: RandomEffectsFit | null) => void,
): void {
  const { k, p } = design;
  const reduced: Design = { k: k - 1, p, X: new Float64Array((k - 1) * p), intercept: design.intercept };
  const y = new Float64Array(k - 1);
  const v = new Float64Array(k - 1);
  for (let left = 0; left < k; left++) {
    let m = 0;
    for (let i = 0; i < k; i++) {
      if (i === left) continue;
      y[m] = yi[i]!;
      v[m] = vi[i]!;
      reduced.X.set(design.X.subarray(i * p, i * p + p), m * p);
      m++;
    }
    visit(left, tryFit(reduced, y, v, spec));
  }
}

function tryFit(design: Design, yi: Float64Array, vi: Float64Array, spec: ModelSpec): RandomEffectsFit | null {
  try {
    return fitRandomEffectsModel(design, yi, vi, spec);
  } catch (error) {
    if (error instanceof MetakitError && error.code !== "NON_POSITIVE_VARIANCE") return null;
    throw error;
  }
}

/** x' b for row i of X. */
export function rowDot(design: Design, i: number, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < design.p; j++) s += design.X[i * design.p + j]! * b[j]!;
  return s;
}

/** x' V x for row i of X and a p x p matrix V. */
export function rowQuadratic(design: Design, i: number, V: ArrayLike<number>): number {
  const { p, X } = design;
  let s = 0;
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += X[i * p + a]! * V[a * p + b]! * X[i * p + b]!;
  return s;
}
