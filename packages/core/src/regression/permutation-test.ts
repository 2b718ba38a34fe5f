/**
 * Permutation tests of a meta-regression (and of the intercept-only model), as metafor's
 * permutest(): refit the model with the rows of the design permuted relative to the
 * effects (with the signs of the effects flipped, without moderators) and count how often
 * the test statistics are at least as extreme as the observed ones.
 */
import { MetakitError } from "@metakit/base";
import type { Design } from "../design.js";
import type { RandomEffectsFit } from "../random-effects-model.js";
import { fitRandomEffectsModel } from "../random-effects-model.js";
import type { StudyInput } from "../validate-input.js";
import { validateStudies } from "../validate-input.js";
import type { MetaRegressionOptions } from "./meta-regression.js";
import type { Moderator } from "./moderators.js";
import { moderatorDesign } from "./moderators.js";
import { modelSpec, REGRESSION_METHODS } from "./model-spec.js";
import { moderatorCoefficients, omnibusTest } from "./omnibus-test.js";
import { seededRandom, shuffle, type Random } from "./random.js";
import { runSteps, type Progress, type ProgressOptions, type Steps } from "../progress.js";

export interface PermutationTestOptions extends MetaRegressionOptions, ProgressOptions {
  /** Number of permutations for the random test (the observed data counts as one). Default 1000. */
  readonly permutations?: number;
  /** Seed of the random permutations. Default 1. */
  readonly seed?: number;
  /** Enumerate every distinct permutation even when there are more than `permutations`. Default false. */
  readonly exact?: boolean;
}

export interface PermutationTestResult {
  /** True when every distinct permutation was enumerated. */
  readonly exact: boolean;
  /** Permutations used (including the observed one), failed fits excluded. */
  readonly permutations: number;
  /** Refits that failed (no convergence) and were left out, as metafor. */
  readonly failed: number;
  readonly QM: number;
  /** Permutation p-value of QM. */
  readonly QMp: number;
  /** Per coefficient: the observed statistic and its permutation p-value (two-sided, |statistic|). */
  readonly coefficients: readonly { readonly name: string; readonly statistic: number; readonly pval: number }[];
  readonly seed: number;
  readonly notes: readonly string[];
}

/** metafor's comparison tolerance (control comptol = sqrt(eps)). */
const COMPTOL = Math.sqrt(2.220446049250313e-16);
const MAX_COUNT = 2 ** 53;
/** Random arrangements whose refit fails are replaced, as metafor, up to this many attempts per permutation. */
const RETRY_FACTOR = 10;

/**
 * Permutation p-values for QM and each coefficient's test statistic.
 * With moderators, the rows of X are permuted (exactly: every distinct arrangement of the
 * distinct rows, k! / prod(n_g!) of them; otherwise the observed order plus random
 * shuffles); without, the signs of yi are flipped (2^k arrangements). Exact enumeration
 * is used when the number of distinct arrangements is at most `permutations`, as metafor.
 * p = share of arrangements with |statistic| >= |observed| - sqrt(eps) (QM: QM >= QM_obs - sqrt(eps)).
 * Cost: one model fit, O(k p^2) per iteration, per arrangement.
 * @reference Higgins & Thompson (2004), Stat Med 23:1663-1682; Follmann & Proschan (1999),
 *   Biometrics 55:1169-1176 (sign flipping); Viechtbauer et al. (2015), Psychol Methods 20:360-374
 * @metafor permutest(rma(yi, vi, mods = ...), iter = 1000, exact = FALSE)
 */
export function permutationTest(
  input: StudyInput,
  moderators: readonly Moderator[],
  options: PermutationTestOptions = {},
): PermutationTestResult {
  return runSteps(permutationTestSteps(input, moderators, options), options.onProgress);
}

/**
 * permutationTest() as steps: yields the arrangements done (of all distinct ones when
 * exact, else of `permutations`) every `progressEvery` refits and at the end, so a caller
 * can report progress and stop between steps; returns the result. Checks its input when
 * the first step runs.
 * @example const result = runSteps(permutationTestSteps(input, moderators, { permutations: 5000 }), draw)
 */
export function* permutationTestSteps(
  input: StudyInput,
  moderators: readonly Moderator[],
  options: PermutationTestOptions = {},
): Steps<PermutationTestResult> {
  const studies = validateStudies(input, "permutationTest");
  const spec = modelSpec(options, REGRESSION_METHODS, "permutationTest");
  const iterations = permutationCount(options.permutations);
  const seed = options.seed ?? 1;
  const { design, terms } = moderatorDesign(studies.k, moderators, studies.labels, "permutationTest");
  const btt = moderatorCoefficients(design.p);
  const statistics = (fit: RandomEffectsFit) => ({
    z: fit.statistic,
    QM: omnibusTest(fit.beta, fit.vb, fit.p, btt, spec.test, fit.k - fit.p).QM,
  });
  const observed = statistics(fitRandomEffectsModel(design, studies.yi, studies.vi, spec));
  const counter = new ExceedanceCounter(observed.z, observed.QM);
  const { exact, arrangements } = exactness(design, iterations, options.exact === true);
  const total = exact ? arrangements : iterations;
  const every = options.progressEvery ?? 1000;
  let refits = 0;
  let reported = 0;
  /** Refits one arrangement; every `every` refits, returns the progress to report. */
  const refit: Refit = (d, yi) => {
    try {
      counter.add(statistics(fitRandomEffectsModel(d, yi, studies.vi, spec)));
    } catch (error) {
      if (!(error instanceof MetakitError)) throw error;
      counter.failed++;
    }
    if (++refits % every !== 0) return undefined;
    reported = Math.min(exact ? refits : counter.count, total);
    return { done: reported, total };
  };
  const random = seededRandom(seed);
  if (design.p === 1) yield* signFlips(studies.yi, design, exact, iterations, random, refit, counter);
  else yield* rowPermutations(studies.yi, design, exact, iterations, random, refit, counter);
  if (reported !== total) yield { done: total, total };
  if (counter.count === 0) {
    throw new MetakitError("NOT_CONVERGED", "permutationTest: every refit failed", { field: "permutations", value: 0 });
  }
  const notes = counter.failed > 0 ? [`${counter.failed} permuted refits did not converge and were left out`] : [];
  return {
    exact,
    permutations: counter.count,
    failed: counter.failed,
    QM: observed.QM,
    QMp: counter.QMexceed / counter.count,
    coefficients: terms.map((name, j) => ({
      name,
      statistic: observed.z[j]!,
      pval: Math.min(1, counter.zExceed[j]! / counter.count),
    })),
    seed,
    notes,
  };
}

function permutationCount(permutations: number | undefined): number {
  const n = permutations ?? 1000;
  if (!(Number.isInteger(n) && n >= 2)) {
    throw new MetakitError("INVALID_INPUT", "permutationTest: permutations must be an integer >= 2", {
      field: "permutations",
      value: n,
    });
  }
  return n;
}

/** Exact when forced or when the distinct arrangements (2^k sign flips; k! / prod n_g! row orders) are at most `iterations`. */
function exactness(design: Design, iterations: number, forced: boolean): { readonly exact: boolean; readonly arrangements: number } {
  const arrangements = design.p === 1 ? 2 ** design.k : distinctArrangements(rowGroups(design));
  const exact = forced || arrangements <= iterations;
  if (exact && arrangements > MAX_COUNT) {
    throw new MetakitError("INVALID_INPUT", "permutationTest: too many permutations for an exact test", {
      field: "exact",
      value: arrangements,
    });
  }
  return { exact, arrangements };
}

/** Refits the model to one arrangement and counts it; returns the progress to report, if one is due. */
type Refit = (design: Design, yi: Float64Array) => Progress | undefined;

class ExceedanceCounter {
  count = 0;
  failed = 0;
  QMexceed = 0;
  readonly zExceed: Float64Array;
  constructor(
    private readonly z: Float64Array,
    private readonly QM: number,
  ) {
    this.zExceed = new Float64Array(z.length);
  }
  add(s: { z: Float64Array; QM: number }): void {
    this.count++;
    if (s.QM >= this.QM - COMPTOL) this.QMexceed++;
    for (let j = 0; j < this.z.length; j++) if (Math.abs(s.z[j]!) >= Math.abs(this.z[j]!) - COMPTOL) this.zExceed[j]!++;
  }
}

/** Sign flips of yi: all 2^k (exact) or the observed signs plus iterations - 1 random ones; yields progress between refits. */
function* signFlips(
  yi: Float64Array,
  design: Design,
  exact: boolean,
  iterations: number,
  random: Random,
  refit: Refit,
  counter: ExceedanceCounter,
): Generator<Progress, void, void> {
  const k = yi.length;
  const flipped = new Float64Array(k);
  let due: Progress | undefined;
  if (exact) {
    for (let mask = 0; mask < 2 ** k; mask++) {
      for (let i = 0; i < k; i++) flipped[i] = Math.floor(mask / 2 ** i) % 2 === 1 ? -yi[i]! : yi[i]!;
      if ((due = refit(design, flipped)) !== undefined) yield due;
    }
    return;
  }
  if ((due = refit(design, yi)) !== undefined) yield due;
  for (let attempts = 0; counter.count < iterations && attempts < RETRY_FACTOR * iterations; attempts++) {
    for (let i = 0; i < k; i++) flipped[i] = random() < 0.5 ? -yi[i]! : yi[i]!;
    if ((due = refit(design, flipped)) !== undefined) yield due;
  }
}

/** Row permutations of X: every distinct arrangement (exact), or the observed plus random shuffles; yields progress between refits. */
function* rowPermutations(
  yi: Float64Array,
  design: Design,
  exact: boolean,
  iterations: number,
  random: Random,
  refit: Refit,
  counter: ExceedanceCounter,
): Generator<Progress, void, void> {
  const { k, p } = design;
  const X = new Float64Array(k * p);
  const permuted: Design = { ...design, X };
  let due: Progress | undefined;
  const place = (rows: ArrayLike<number>) => {
    for (let i = 0; i < k; i++) for (let j = 0; j < p; j++) X[i * p + j] = design.X[rows[i]! * p + j]!;
  };
  if (exact) {
    const groups = rowGroups(design);
    const representative = new Int32Array(k);
    groups.forEach((g, i) => (representative[g] = i));
    const labels = Int32Array.from(groups).sort();
    const rows = new Int32Array(k);
    do {
      for (let i = 0; i < k; i++) rows[i] = representative[labels[i]!]!;
      place(rows);
      if ((due = refit(permuted, yi)) !== undefined) yield due;
    } while (nextPermutation(labels));
    return;
  }
  if ((due = refit(design, yi)) !== undefined) yield due;
  const order = Int32Array.from({ length: k }, (_, i) => i);
  for (let attempts = 0; counter.count < iterations && attempts < RETRY_FACTOR * iterations; attempts++) {
    shuffle(random, order);
    place(order);
    if ((due = refit(permuted, yi)) !== undefined) yield due;
  }
}

/** For each row of X, the index of the first row identical to it. */
function rowGroups(design: Design): number[] {
  const { k, p, X } = design;
  const seen = new Map<string, number>();
  return Array.from({ length: k }, (_, i) => {
    const key = Array.from(X.subarray(i * p, i * p + p)).join(",");
    const first = seen.get(key);
    if (first !== undefined) return first;
    seen.set(key, i);
    return i;
  });
}

/** k! / prod(n_g!), the number of distinct arrangements of the rows (Infinity beyond 2^1024). */
function distinctArrangements(groups: readonly number[]): number {
  const sizes = new Map<number, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  let count = 1;
  let placed = 0;
  for (const n of sizes.values()) {
    for (let j = 1; j <= n; j++) count = (count * (placed + j)) / j; // multiplies by C(placed + n, n)
    placed += n;
  }
  return Math.round(count);
}

/** Next lexicographic permutation of a multiset in place; false after the last. */
function nextPermutation(a: Int32Array): boolean {
  let i = a.length - 2;
  while (i >= 0 && a[i]! >= a[i + 1]!) i--;
  if (i < 0) return false;
  let j = a.length - 1;
  while (a[j]! <= a[i]!) j--;
  [a[i], a[j]] = [a[j]!, a[i]!];
  a.subarray(i + 1).reverse();
  return true;
}
