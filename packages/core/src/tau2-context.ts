/**
 * What every tau2 estimator receives, and what it returns.
 */
import type { Design } from "./design.js";
import type { NormalizedControl } from "./options.js";

export interface Tau2Context {
  readonly design: Design;
  readonly yi: ArrayLike<number>;
  readonly vi: ArrayLike<number>;
  readonly control: NormalizedControl;
  /** User weights (GENQ only). */
  readonly weights: ArrayLike<number> | undefined;
}

export interface Tau2Estimate {
  /** The estimate, truncated at zero. */
  readonly tau2: number;
  /** True when the untruncated estimate was negative and tau2 was set to 0. */
  readonly truncated: boolean;
  /** Iterations used (0 for closed forms). */
  readonly iterations: number;
  /** Set when an ML/REML fit was moved to 0 by metafor's ll0check. */
  readonly movedToZero?: boolean;
  /**
   * DLIT: the tau2 at which the last iteration formed its weights (the previous iterate,
   * within control.threshold of tau2); metafor's se.tau2 uses that iteration's P.
   */
  readonly weightsTau2?: number;
}

/** max(0, raw), recording whether it truncated. */
export function truncateAtZero(raw: number, iterations = 0): Tau2Estimate {
  return raw < 0 ? { tau2: 0, truncated: true, iterations } : { tau2: raw, truncated: false, iterations };
}
