/**
 * Leave-one-out analysis, as metafor's leave1out().
 */
import type { StudyInput } from "../validate-input.js";
import { validateStudies } from "../validate-input.js";
import type { ModelOptions, RefitMethod } from "../regression/model-spec.js";
import { modelSpec, REFIT_METHODS } from "../regression/model-spec.js";
import type { StepColumns } from "./refit.js";
import { failureNote, stepOf, SubsetFitter, toColumns } from "./refit.js";

export type SensitivityOptions = ModelOptions<RefitMethod>;

export interface LeaveOneOutResult extends StepColumns {
  readonly method: RefitMethod;
  readonly test: string;
  readonly level: number;
  /** Label of the study left out, in input order. */
  readonly labels: readonly string[];
  readonly notes: readonly string[];
}

/**
 * The intercept-only model refitted k times, each time without one study: estimate, SE,
 * test, CI, QE with p, tau2, I2 and H2 per omitted study, in input order (null where a
 * refit does not converge). Same estimator, test and level as the full model.
 * Cost: k fits of k - 1 studies, O(k^2) per iteration round.
 * @reference Viechtbauer & Cheung (2010), Res Synth Methods 1:112-125
 * @metafor leave1out(rma(yi, vi, method, test, level))
 * @example leaveOneOut(bcg).estimate[0] // -0.7071 (dat.bcg, log RR, REML; Aronson omitted)
 */
export function leaveOneOut(input: StudyInput, options: SensitivityOptions = {}): LeaveOneOutResult {
  const studies = validateStudies(input, "leaveOneOut");
  const spec = modelSpec(options, REFIT_METHODS, "leaveOneOut");
  const k = studies.k;
  const fitter = new SubsetFitter(studies.yi, studies.vi, spec);
  const others = new Int32Array(k);
  const steps = Array.from({ length: k }, (_, left) => {
    let m = 0;
    for (let i = 0; i < k; i++) if (i !== left) others[m++] = i;
    const fit = k > 1 ? fitter.fit(others, m) : null;
    return fit === null ? null : stepOf(fit);
  });
  const notes = k === 1 ? ["k = 1: nothing is left after leaving a study out"] : failureNote(fitter, "leave-one-out fits");
  return {
    method: spec.method as RefitMethod,
    test: spec.test,
    level: spec.level,
    labels: Array.from({ length: k }, (_, i) => studies.labels?.[i] ?? String(i + 1)),
    ...toColumns(steps),
    notes,
  };
}
