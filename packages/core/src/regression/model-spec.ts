/**
 * Options shared by meta-regression, the sensitivity analyses and the small-study tests:
 * the tau2 estimator, the test, the level and the iteration controls, normalised once at
 * the edge into the engine's ModelSpec.
 */
import { MetakitError } from "@metakit/base";
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
  /** Confidence level in percent. Default 95. */
  readonly level?: number;
  readonly control?: Tau2Control;
}

/** The engine's ModelSpec from user options; `fn` names the calling function in errors. */
export function modelSpec<M extends Tau2Method>(
  options: ModelOptions<M>,
  allowed: readonly M[],
  fn: string,
): ModelSpec {
  const method = pick(allowed, options.method, "REML" as M, "method", fn);
  const test = pick(TESTS, options.test, "z", "test", fn);
  const level = options.level ?? 95;
  if (!(level > 0 && level < 100)) throw badOption(fn, "level", level);
  return { method, tau2Fixed: undefined, test, level, weights: undefined, control: normalizeControl(options.control) };
}

function pick<T extends string>(allowed: readonly T[], value: T | undefined, fallback: T, field: string, fn: string): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) throw badOption(fn, field, value);
  return value;
}

/** INVALID_INPUT naming the function, the option and its value. */
export function badOption(fn: string, field: string, value: unknown): MetakitError {
  return new MetakitError("INVALID_INPUT", `${fn}: invalid option ${field}: ${String(value)}`, { field, value });
}

/** True for the equal-effects model (tau2 = 0 by definition). */
export function isEqualEffects(method: Tau2Method): boolean {
  return method === "EE" || method === "FE";
}
