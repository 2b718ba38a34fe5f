/**
 * Duval and Tweedie's trim-and-fill method, as metafor's trimfill().
 */
import { invalidOption, MetakitError } from "@metakit/base";
import { interceptDesign } from "../design.js";
import type { ModelSpec } from "../random-effects-model.js";
import { coefficientRow, fitRandomEffectsModel } from "../random-effects-model.js";
import type { ModelOptions, RefitMethod } from "../regression/model-spec.js";
import { modelSpec, REFIT_METHODS } from "../regression/model-spec.js";
import type { StudyInput } from "../validate-input.js";
import { validateStudies } from "../validate-input.js";
import { stepOf } from "../sensitivity/refit.js";
import { fitWithPredictor } from "./regression-test.js";
import { smallStudyNotes } from "./small-k-note.js";
import type { TestedEstimate } from "../estimate.js";

export const TRIMFILL_ESTIMATORS = ["L0", "R0"] as const;
export type TrimfillEstimator = (typeof TRIMFILL_ESTIMATORS)[number];
export type FunnelSide = "left" | "right";

export interface TrimAndFillOptions extends ModelOptions<RefitMethod> {
  /** Default "L0". */
  readonly estimator?: TrimfillEstimator;
  /** Side on which studies are missing. Default: as metafor, from the sign of the slope of yi on sqrt(vi). */
  readonly side?: FunnelSide;
  /** Cap on trim-and-fill rounds. Default 100. */
  readonly maxiter?: number;
}

export interface FilledStudy {
  readonly label: string;
  readonly yi: number;
  readonly vi: number;
  /** The observed study it mirrors. */
  readonly mirrorOf: string;
}

/** The estimate of the model fitted to the observed and filled studies, and what was filled. */
export interface TrimAndFillResult extends TestedEstimate {
  readonly k: number;
  /** Estimated number of missing studies, and its SE. */
  readonly k0: number;
  readonly seK0: number;
  readonly side: FunnelSide;
  readonly estimator: TrimfillEstimator;
  readonly method: RefitMethod;
  readonly tau2: number;
  readonly I2: number;
  readonly H2: number;
  readonly QE: number;
  readonly QEp: number;
  /** R0 only: the p-value of the test k0 = 0. */
  readonly pK0?: number;
  readonly filled: readonly FilledStudy[];
  readonly notes: readonly string[];
}

/**
 * Trim and fill: with the effects sorted (sign flipped when studies are missing on the
 * right), repeatedly estimate the centre from the k - k0 smallest-|asymmetry| studies and
 * the number k0 of asymmetric studies from the signed ranks of |yi - centre|:
 * L0 = (4 S_r - k(k + 1)) / (2k - 1), S_r the sum of positive ranks; R0 = k - (largest
 * rank of a negative deviation) - 1; k0 = max(0, round(.)). Stops when k0 repeats; then
 * fills the mirror images 2 centre - yi of the k0 most extreme studies and refits.
 * Side: "left" when the slope of yi on sqrt(vi) (same estimator) is >= 0, as metafor.
 * @reference Duval & Tweedie (2000), Biometrics 56:455-463, eqs. 1-3; Duval & Tweedie
 *   (2000), J Am Stat Assoc 95:89-98; Duval (2005), in Publication Bias in Meta-Analysis, ch. 8
 * @metafor trimfill(rma(yi, vi, method), estimator, side)
 * @example trimAndFill(bcg).k0 // 1 (dat.bcg, log RR, REML; filled on the right)
 */
export function trimAndFill(input: StudyInput, options: TrimAndFillOptions = {}): TrimAndFillResult {
  const studies = validateStudies(input, "trimAndFill");
  const spec = modelSpec(options, REFIT_METHODS, "trimAndFill");
  const estimator = options.estimator ?? "L0";
  if (!TRIMFILL_ESTIMATORS.includes(estimator)) throw invalidOption("trimAndFill", "estimator", estimator, `one of ${TRIMFILL_ESTIMATORS.join(", ")}`);
  const maxiter = options.maxiter ?? 100;
  const { k, yi, vi } = studies;
  if (k < 2) throw new MetakitError("INSUFFICIENT_DATA", "trimAndFill: needs at least 2 studies", { field: "yi", value: k });
  const labels = Array.from({ length: k }, (_, i) => studies.labels?.[i] ?? String(i + 1));
  const side = options.side ?? sideOf(yi, vi, spec);
  const sign = side === "right" ? -1 : 1;
  const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => sign * yi[a]! - sign * yi[b]! || a - b);
  const y = Float64Array.from(order, (i) => sign * yi[i]!);
  const v = Float64Array.from(order, (i) => vi[i]!);
  const { k0, seK0, centre } = iterateK0(y, v, spec, estimator, maxiter);
  const filled = order.slice(k - k0).map((i, j) => ({
    label: `Filled ${j + 1}`,
    yi: sign * (2 * centre - y[k - k0 + j]!),
    vi: v[k - k0 + j]!,
    mirrorOf: labels[i]!,
  }));
  const allY = Float64Array.from([...yi, ...filled.map((f) => f.yi)]);
  const allV = Float64Array.from([...vi, ...filled.map((f) => f.vi)]);
  const fit = fitRandomEffectsModel(interceptDesign(allY.length), allY, allV, spec);
  return {
    k,
    k0,
    seK0,
    side,
    estimator,
    method: spec.method as RefitMethod,
    ...stepOf(fit),
    ...(estimator === "R0" ? { pK0: 0.5 ** (k0 + 1) } : {}),
    filled,
    notes: smallStudyNotes(k, "trim and fill"),
  };
}


/** metafor: "right" when the slope of yi on sqrt(vi) is negative, else "left". */
function sideOf(yi: Float64Array, vi: Float64Array, spec: ModelSpec): FunnelSide {
  const fit = fitWithPredictor(yi, vi, vi.map(Math.sqrt), { ...spec, test: "z" }, "trimAndFill", 2);
  return coefficientRow(fit, 1).estimate < 0 ? "right" : "left";
}

/** The trim-and-fill rounds on sorted (and side-flipped) effects y; stops when k0 repeats. */
function iterateK0(y: Float64Array, v: Float64Array, spec: ModelSpec, estimator: TrimfillEstimator, maxiter: number) {
  const k = y.length;
  let k0 = 0;
  let previous = -1;
  let seK0 = 0;
  let centre = 0;
  for (let iter = 1; k0 !== previous; iter++) {
    if (iter > maxiter) {
      throw new MetakitError("NOT_CONVERGED", `trimAndFill: k0 did not settle in ${maxiter} rounds`, {
        field: "maxiter",
        value: maxiter,
        k0,
      });
    }
    previous = k0;
    const m = k - k0;
    centre = coefficientRow(fitRandomEffectsModel(interceptDesign(m), y.subarray(0, m), v.subarray(0, m), spec), 0).estimate;
    const ranks = signedRanks(y, centre);
    const estimate = estimator === "L0" ? l0(ranks) : r0(ranks);
    k0 = Math.max(0, Math.round(estimate.k0));
    seK0 = Math.max(0, estimate.se);
  }
  return { k0, seK0, centre };
}

/** sign(yi - c) times the rank of |yi - c| (ties: first come, first ranked, as R's rank(ties = "first")). */
function signedRanks(y: Float64Array, centre: number): Float64Array {
  const k = y.length;
  const deviations = y.map((x) => x - centre);
  const byMagnitude = Array.from({ length: k }, (_, i) => i).sort(
    (a, b) => Math.abs(deviations[a]!) - Math.abs(deviations[b]!) || a - b,
  );
  const ranks = new Float64Array(k);
  byMagnitude.forEach((i, r) => (ranks[i] = Math.sign(deviations[i]!) * (r + 1)));
  return ranks;
}

/** Duval & Tweedie's L0 with its SE (Duval & Tweedie 2000, Biometrics, eq. 3 and the variance of S_r). */
function l0(ranks: Float64Array): { k0: number; se: number } {
  const k = ranks.length;
  let Sr = 0;
  for (const r of ranks) if (r > 0) Sr += r;
  const k0 = (4 * Sr - k * (k + 1)) / (2 * k - 1);
  const varSr =
    (k * (k + 1) * (2 * k + 1) + 10 * k0 ** 3 + 27 * k0 ** 2 + 17 * k0 - 18 * k * k0 ** 2 - 18 * k * k0 + 6 * k ** 2 * k0) / 24;
  return { k0, se: (4 * Math.sqrt(varSr)) / (2 * k - 1) };
}

/** R0: the length of the rightmost run of positive deviations, minus one; se sqrt(2 max(0, R0) + 2). */
function r0(ranks: Float64Array): { k0: number; se: number } {
  const k = ranks.length;
  let largestNegative = 0;
  for (const r of ranks) if (r < 0) largestNegative = Math.max(largestNegative, -r);
  const k0 = k - largestNegative - 1;
  return { k0, se: Math.sqrt(2 * Math.max(0, k0) + 2) };
}
