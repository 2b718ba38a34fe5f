/**
 * Options of metaAnalysis(), with their defaults (metafor's), normalised once at the edge.
 */
import { invalidOption } from "@metakit/base";
import { UNIROOT_TOL } from "@metakit/base";

/**
 * Estimators of the between-study variance tau2, with metafor's codes. `EE` (alias `FE`)
 * is the equal-effects model (tau2 = 0).
 */
export const TAU2_METHODS = [
  "EE",
  "FE",
  "DL",
  "DLIT",
  "HE",
  "HS",
  "HSk",
  "SJ",
  "ML",
  "REML",
  "EB",
  "PM",
  "PMM",
  "GENQ",
] as const;
export type Tau2Method = (typeof TAU2_METHODS)[number];

/** Tests for the coefficients: z, t, Hartung–Knapp–Sidik–Jonkman, and its ad hoc variant. */
export const TESTS = ["z", "t", "knha", "adhoc"] as const;
export type TestType = (typeof TESTS)[number];

/** Prediction-interval quantiles: normal, t(k - p), or Higgins et al. 2009's t(k - 2). */
export const PREDICTION_INTERVALS = ["z", "t", "higgins"] as const;
export type PredictionIntervalType = (typeof PREDICTION_INTERVALS)[number];

/** Confidence intervals for tau2: Q-profile (metafor's default) or profile likelihood. */
export const TAU2_CI_TYPES = ["QP", "PL"] as const;
export type Tau2CiType = (typeof TAU2_CI_TYPES)[number];

/** Controls of the iterative estimators; metafor's rma(control = list(...)) names. */
export interface Tau2Control {
  /** Convergence threshold on |tau2_new - tau2_old| (Fisher scoring, DLIT). Default 1e-5. */
  readonly threshold?: number;
  /** Iteration cap (Fisher scoring, DLIT; root searches). Default 100. */
  readonly maxiter?: number;
  /** Step length factor of Fisher scoring. Default 1. */
  readonly stepadj?: number;
  /** Starting value (ML, REML, EB, DLIT, SJ). Default: HE for ML/REML/EB, 0 for DLIT, var(yi) for SJ. */
  readonly tau2Init?: number;
  /** Upper end of the PM/PMM search. Default max(100, 10 mad(yi)^2). */
  readonly tau2Max?: number;
  /** Tolerance of root searches (PM, PMM, Q-profile, PL). Default .Machine$double.eps^0.25. */
  readonly tol?: number;
}

export interface MetaAnalysisOptions {
  /** tau2 estimator. Default "REML". */
  readonly method?: Tau2Method;
  /** A tau2 fixed by the user (metafor's rma(tau2 = ...)); the method is then not used. */
  readonly tau2?: number;
  /** Default "z". */
  readonly test?: TestType;
  /** Confidence level: 95 and 0.95 both mean 95%, as metafor reads it (see readLevel in @metakit/base). Default 95. */
  readonly level?: number;
  /** Default: as metafor's predict(), "z" under test "z", "t" (t(k - 1)) otherwise. */
  readonly predictionInterval?: PredictionIntervalType;
  /** Compute confidence intervals for tau2, I2 and H2. Default false. */
  readonly tau2Ci?: boolean;
  /**
   * Which tau2 interval when tau2Ci is true. Default "QP"; "PL" for ML and REML only. For
   * GENQ metafor's default is the generalised-Q interval, which is not implemented: GENQ
   * with tau2Ci needs tau2CiType "QP" given explicitly (else UNSUPPORTED).
   */
  readonly tau2CiType?: Tau2CiType;
  /** User weights, required by and only used with method "GENQ". */
  readonly weights?: ArrayLike<number>;
  readonly control?: Tau2Control;
}

export interface NormalizedControl {
  readonly threshold: number;
  readonly maxiter: number;
  readonly stepadj: number;
  readonly tau2Init: number | undefined;
  readonly tau2Max: number | undefined;
  readonly tol: number;
}

export const DEFAULT_CONTROL: NormalizedControl = {
  threshold: 1e-5,
  maxiter: 100,
  stepadj: 1,
  tau2Init: undefined,
  tau2Max: undefined,
  tol: UNIROOT_TOL,
};

/** The iteration controls with their defaults; `fn` names the function the user called in errors. */
export function normalizeControl(control: Tau2Control | undefined, fn: string): NormalizedControl {
  const c = { ...DEFAULT_CONTROL, ...stripUndefined(control ?? {}) };
  requirePositive(c.threshold, "control.threshold", fn);
  requirePositive(c.stepadj, "control.stepadj", fn);
  requirePositive(c.tol, "control.tol", fn);
  if (!(Number.isInteger(c.maxiter) && c.maxiter >= 1)) throw invalidOption(fn, "control.maxiter", c.maxiter, "an integer >= 1");
  if (c.tau2Init !== undefined && !(c.tau2Init >= 0 && Number.isFinite(c.tau2Init))) {
    throw invalidOption(fn, "control.tau2Init", c.tau2Init, "a finite number >= 0");
  }
  if (c.tau2Max !== undefined) requirePositive(c.tau2Max, "control.tau2Max", fn);
  return c;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function requirePositive(value: number, field: string, fn: string): void {
  if (!(value > 0 && Number.isFinite(value))) throw invalidOption(fn, field, value, "a finite number > 0");
}
