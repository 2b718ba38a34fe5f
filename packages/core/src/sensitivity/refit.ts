/**
 * Refitting the intercept-only model on subsets of the studies, the building block of
 * leave-one-out, cumulative, GOSH and scenario analyses. Subsets are copied into buffers
 * allocated once per analysis, and a failed fit (non-convergence) becomes null, as
 * metafor's try() leaves NA.
 */
import { MetakitError } from "@metakit/base";
import type { Design } from "../design.js";
import { interceptDesign } from "../design.js";
import type { ModelSpec, RandomEffectsFit } from "../random-effects-model.js";
import { coefficientRow, fitRandomEffectsModel } from "../random-effects-model.js";
import type { TestedEstimate } from "../estimate.js";

/** The per-fit summary metafor's leave1out() and cumul() report. */
export interface StepFit extends TestedEstimate {
  readonly QE: number;
  readonly QEp: number;
  readonly tau2: number;
  readonly I2: number;
  readonly H2: number;
}

export const STEP_FIELDS = ["estimate", "se", "statistic", "pval", "ciLower", "ciUpper", "QE", "QEp", "tau2", "I2", "H2"] as const;

/** Column arrays of step fits, null where a fit failed. */
export type StepColumns = { readonly [F in (typeof STEP_FIELDS)[number]]: readonly (number | null)[] };

export function stepOf(fit: RandomEffectsFit): StepFit {
  return {
    ...coefficientRow(fit, 0),
    QE: fit.QE,
    QEp: fit.QEp,
    tau2: fit.tau2,
    I2: fit.I2,
    H2: fit.H2,
  };
}

export function toColumns(steps: readonly (StepFit | null)[]): StepColumns {
  const column = (f: (typeof STEP_FIELDS)[number]) => steps.map((s) => (s === null ? null : s[f]));
  return Object.fromEntries(STEP_FIELDS.map((f) => [f, column(f)])) as unknown as StepColumns;
}

/**
 * Fits the model to the studies copied into reusable buffers. `fit(indices, m)` uses the
 * first m entries of `indices`; it returns null (and counts the failure) when the engine
 * throws NOT_CONVERGED or INSUFFICIENT_DATA, and rethrows anything else. A single study
 * is fitted with test z whatever the test, as metafor's rma() switches to z when k = 1.
 */
export class SubsetFitter {
  private readonly yiBuffer: Float64Array;
  private readonly viBuffer: Float64Array;
  private readonly designs: Design[] = [];
  private readonly singleStudySpec: ModelSpec;
  failures = 0;
  lastError: MetakitError | undefined;

  constructor(
    private readonly yi: Float64Array,
    private readonly vi: Float64Array,
    private readonly spec: ModelSpec,
  ) {
    this.yiBuffer = new Float64Array(yi.length);
    this.viBuffer = new Float64Array(vi.length);
    this.singleStudySpec = { ...spec, test: "z" };
  }

  fit(indices: ArrayLike<number>, m: number): RandomEffectsFit | null {
    for (let j = 0; j < m; j++) {
      this.yiBuffer[j] = this.yi[indices[j]!]!;
      this.viBuffer[j] = this.vi[indices[j]!]!;
    }
    const design = (this.designs[m] ??= interceptDesign(m));
    try {
      const spec = m === 1 ? this.singleStudySpec : this.spec;
      return fitRandomEffectsModel(design, this.yiBuffer.subarray(0, m), this.viBuffer.subarray(0, m), spec);
    } catch (error) {
      if (!(error instanceof MetakitError) || !(error.code === "NOT_CONVERGED" || error.code === "INSUFFICIENT_DATA")) throw error;
      this.failures++;
      this.lastError = error;
      return null;
    }
  }
}

/** The note a result carries when some refits failed. */
export function failureNote(fitter: SubsetFitter, what: string): string[] {
  if (fitter.failures === 0) return [];
  return [`${fitter.failures} ${what} could not be fitted (${fitter.lastError?.message ?? "error"}); their values are null`];
}
