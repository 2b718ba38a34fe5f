/**
 * Cumulative meta-analysis, as metafor's cumul().
 */
import { MetakitError } from "@metakit/base";
import type { StudyInput } from "../validate-input.js";
import { validateStudies } from "../validate-input.js";
import type { RefitMethod } from "../regression/model-spec.js";
import { modelSpec, REFIT_METHODS } from "../regression/model-spec.js";
import type { SensitivityOptions } from "./leave-one-out.js";
import type { StepColumns } from "./refit.js";
import { failureNote, stepOf, SubsetFitter, toColumns } from "./refit.js";

export interface CumulativeOptions extends SensitivityOptions {
  /** Sort key per study (e.g. year); studies enter in increasing order, ties in input order. Default: input order. */
  readonly order?: ArrayLike<number>;
  /** Enter the studies in decreasing order of the key. Default false. */
  readonly decreasing?: boolean;
}

export interface CumulativeResult extends StepColumns {
  readonly method: RefitMethod;
  readonly test: string;
  readonly level: number;
  /** 0-based input index of the study added at each step. */
  readonly order: readonly number[];
  /** Label of the study added at each step. */
  readonly labels: readonly string[];
  readonly notes: readonly string[];
}

/**
 * The intercept-only model fitted to the first 1, 2, ..., k studies in the chosen order:
 * estimate, SE, test, CI, QE with p, tau2, I2 and H2 at each step, in that order (null
 * where a fit fails, e.g. knha with one study). The sort is stable, as R's order().
 * @reference Lau et al. (1992), N Engl J Med 327:248-254
 * @metafor cumul(rma(yi, vi, method, test, level), order = key)
 * @example cumulative(bcg).estimate[1] // -1.3250 (dat.bcg, log RR, REML; first two trials)
 */
export function cumulative(input: StudyInput, options: CumulativeOptions = {}): CumulativeResult {
  const studies = validateStudies(input, "cumulative");
  const spec = modelSpec(options, REFIT_METHODS, "cumulative");
  const k = studies.k;
  const order = sortedOrder(k, options.order, options.decreasing ?? false);
  const fitter = new SubsetFitter(studies.yi, studies.vi, spec);
  const steps = Array.from(order, (_, step) => {
    const fit = fitter.fit(order, step + 1);
    return fit === null ? null : stepOf(fit);
  });
  return {
    method: spec.method as RefitMethod,
    test: spec.test,
    level: spec.level,
    order: Array.from(order),
    labels: Array.from(order, (i) => studies.labels?.[i] ?? String(i + 1)),
    ...toColumns(steps),
    notes: failureNote(fitter, "cumulative steps"),
  };
}

function sortedOrder(k: number, key: ArrayLike<number> | undefined, decreasing: boolean): Int32Array {
  const order = Int32Array.from({ length: k }, (_, i) => i);
  if (key === undefined) return order;
  if (key.length !== k) {
    throw new MetakitError("INVALID_INPUT", `cumulative: order has ${key.length} values, expected ${k}`, {
      field: "order",
      value: key.length,
    });
  }
  for (let i = 0; i < k; i++) {
    if (Number.isNaN(key[i])) {
      throw new MetakitError("INVALID_INPUT", `cumulative: order of study ${i} is not a number`, {
        study: i,
        field: "order",
        value: key[i],
      });
    }
  }
  const sign = decreasing ? -1 : 1;
  return Int32Array.from(Array.from(order).sort((a, b) => sign * (key[a]! - key[b]!) || a - b));
}
