/**
 * Options shared by meta-regression, the sensitivity analyses and the small-study tests:
 * the tau2 estimator, the test, the level and the iteration controls, normalised once at
 * the edge into the engine's ModelSpec.
 */
import { readLevel, readOneOf } from "@metakit/base";
import type { Tau2Control, Tau2Method, TestType } from "../options.js";
import { normalizeControl, TAU2_METHODS, TESTS } from "../options.js";
import type { ModelSpec } from "../random-effects-model.js";

/**
 * The tau2 estimators offered with moderators (metafor's rma.uni(mods = ...)), and EE/FE.
 * GENQ (user weights), HSk, PMM and DLIT are left to metaAnalysis().
 */
export const REGRESSION_METHODS = ["EE", "FE", "DL", "HE", "HS", "SJ", "ML", "REML", "EB", "PM"] as const;
export type RegressionMethod = (typeof REGRESSION_METHODS)[number];

/** The estimators a refitting analysis (leave-one-out, GOSH, ...) can use: all but GENQ. */
export type RefitMethod = Exclude<Tau2Method, "GENQ">;
export const REFIT_METHODS: readonly RefitMethod[] = TAU2_METHODS.filter((m): m is RefitMethod => m !== "GENQ");

export interface ModelOptions<M extends Tau2Method = RefitMethod> {
  /** tau2 estimator. Default "REML". */
  readonly method?: M;
  /** Default "z". */
  readonly test?: TestType;
  /** Confidence level: 95 and 0.95 both mean 95%, as metafor reads it. Default 95. */
  readonly level?: number;
  readonly control?: Tau2Control;
}

/** The engine's ModelSpec from user options; `fn` names the calling function in errors. */
export function modelSpec<M extends Tau2Method>(
  options: ModelOptions<M>,
  allowed: readonly M[],
  fn: string,
): ModelSpec {
  const method: M = readOneOf(allowed, options.method, "REML" as M, "method", fn);
  const test = readOneOf(TESTS, options.test, "z", "test", fn);
  const level = readLevel(options.level, fn);
  return { method, tau2Fixed: undefined, test, level, weights: undefined, control: normalizeControl(options.control, fn) };
}

/** True for the equal-effects model (tau2 = 0 by definition). */
export function isEqualEffects(method: Tau2Method): boolean {
  return method === "EE" || method === "FE";
}
