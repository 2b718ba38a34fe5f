/**
 * GOSH (graphical display of study heterogeneity), as metafor's gosh(): the model fitted
 * to every subset of the studies, or to a random sample of subsets when there are too
 * many, streamed to a callback so memory stays flat.
 */
import { MetakitError } from "@metakit/base";
import { modelSpec, REFIT_METHODS, type RefitMethod } from "../regression/model-spec.js";
import type { ModelSpec } from "../random-effects-model.js";
import { seededRandom } from "../regression/random.js";
import type { StudyInput } from "../validate-input.js";
import { validateStudies } from "../validate-input.js";
import type { SensitivityOptions } from "./leave-one-out.js";
import { InterceptOnlyKernel, KERNEL_METHODS } from "./intercept-only-kernel.js";
import { SubsetFitter } from "./refit.js";
import { reportsProgress, runSteps, type ProgressOptions, type Steps } from "../progress.js";

export interface GoshOptions extends SensitivityOptions, ProgressOptions {
  /** Enumerate all 2^k - 1 subsets when there are at most this many; otherwise sample this many. Default 10^6 (metafor). */
  readonly maxSubsets?: number;
  /** Seed of the random subsets. Default 1. */
  readonly seed?: number;
}

/**
 * One subset's fit. The object and its `included` array are reused between calls: copy
 * what you keep.
 */
export interface GoshFit {
  /** included[i] = 1 when study i is in the subset. */
  readonly included: Uint8Array;
  readonly k: number;
  readonly estimate: number;
  readonly tau2: number;
  readonly QE: number;
  readonly I2: number;
  readonly H2: number;
}

export interface GoshSummary {
  readonly method: RefitMethod;
  /** True when every subset was fitted. */
  readonly exact: boolean;
  /** Subsets fitted (passed to the callback). */
  readonly fits: number;
  /** Subsets whose fit failed (not passed to the callback). */
  readonly failed: number;
  readonly seed: number;
}

const MAX_EXACT_K = 30;

/**
 * Fits the intercept-only model to each non-empty subset of the k studies (2^k - 1 of
 * them) when that is at most `maxSubsets`, otherwise to `maxSubsets` random subsets, each
 * study included with probability 1/2 and empty subsets redrawn (metafor samples the
 * size from Binomial(k, 1/2) truncated at 1, then the studies: the same distribution).
 * Each fit is passed to `onFit`; nothing is stored. Cost: one fit per subset, O(k) per
 * iteration; EE, DL, HE, ML, REML and EB run in a scalar kernel (InterceptOnlyKernel) that
 * tests hold to the engine, the other estimators in the engine itself.
 * @reference Olkin, Dahabreh & Trikalinos (2012), Res Synth Methods 3:214-223
 * @metafor gosh(rma(yi, vi, method), subsets = maxSubsets)
 */
export function gosh(input: StudyInput, onFit: (fit: GoshFit) => void, options: GoshOptions = {}): GoshSummary {
  return runSteps(goshSteps(input, onFit, options), options.onProgress);
}

/**
 * gosh() as steps: yields the subsets done every `progressEvery` subsets (and after the
 * last), so a caller can report progress and stop between steps; returns the summary.
 * Checks its input when the first step runs.
 * @example const summary = runSteps(goshSteps(input, onFit, { progressEvery: 256 }), draw)
 */
export function* goshSteps(input: StudyInput, onFit: (fit: GoshFit) => void, options: GoshOptions = {}): Steps<GoshSummary> {
  const studies = validateStudies(input, "gosh");
  const spec = modelSpec(options, REFIT_METHODS, "gosh");
  const k = studies.k;
  if (k < 2) throw new MetakitError("INSUFFICIENT_DATA", "gosh: needs at least 2 studies", { field: "yi", value: k });
  const maxSubsets = options.maxSubsets ?? 1e6;
  if (!(Number.isInteger(maxSubsets) && maxSubsets >= 2)) {
    throw new MetakitError("INVALID_INPUT", "gosh: maxSubsets must be an integer >= 2", { field: "maxSubsets", value: maxSubsets });
  }
  const exact = k <= MAX_EXACT_K && 2 ** k - 1 <= maxSubsets;
  const count = exact ? 2 ** k - 1 : maxSubsets;
  const seed = options.seed ?? 1;
  const record = { included: new Uint8Array(k), k: 0, estimate: 0, tau2: 0, QE: 0, I2: 0, H2: 0 };
  const nextSubset = exact ? enumerateSubsets(record.included) : sampleSubsets(record.included, seededRandom(seed));
  const fitInto = subsetModel(studies.yi, studies.vi, spec);
  const every = options.progressEvery ?? 1000;
  let fits = 0;
  for (let n = 1; n <= count; n++) {
    nextSubset(n);
    if (fitInto(record)) {
      onFit(record);
      fits++;
    }
    if (reportsProgress(n, count, every)) yield { done: n, total: count };
  }
  return { method: spec.method as RefitMethod, exact, fits, failed: count - fits, seed };
}

type MutableGoshFit = { -readonly [F in keyof GoshFit]: GoshFit[F] };

/**
 * Fits the studies marked in record.included and writes k, estimate, tau2, QE, I2 and H2
 * into the record; false when the fit fails. The scalar kernel for its estimators, else
 * the engine.
 */
function subsetModel(yi: Float64Array, vi: Float64Array, spec: ModelSpec): (record: MutableGoshFit) => boolean {
  const indices = new Int32Array(yi.length);
  const kernel = KERNEL_METHODS.includes(spec.method) ? new InterceptOnlyKernel(yi.length, spec.method, spec.control) : undefined;
  const fitter = new SubsetFitter(yi, vi, spec);
  return (record) => {
    let m = 0;
    for (let i = 0; i < yi.length; i++) if (record.included[i] === 1) indices[m++] = i;
    record.k = m;
    if (kernel !== undefined) {
      if (!kernel.run(yi, vi, indices, m)) return false;
      const f = kernel.fit;
      record.estimate = f.estimate;
      record.tau2 = f.tau2;
      record.QE = f.QE;
      record.I2 = f.I2;
      record.H2 = f.H2;
      return true;
    }
    const fit = fitter.fit(indices, m);
    if (fit === null) return false;
    record.estimate = fit.beta[0]!;
    record.tau2 = fit.tau2;
    record.QE = fit.QE;
    record.I2 = fit.I2;
    record.H2 = fit.H2;
    return true;
  };
}

/** Subset n (1 .. 2^k - 1) is the binary expansion of n: study i is in when bit i is set (k <= 30). */
function enumerateSubsets(included: Uint8Array): (n: number) => void {
  return (n) => {
    for (let i = 0; i < included.length; i++) included[i] = (n >>> i) & 1;
  };
}

function sampleSubsets(included: Uint8Array, random: () => number): (n: number) => void {
  return () => {
    let m = 0;
    while (m === 0) {
      m = 0;
      for (let i = 0; i < included.length; i++) {
        included[i] = random() < 0.5 ? 1 : 0;
        m += included[i]!;
      }
    }
  };
}
