/**
 * Likelihood-ratio test between two nested models fitted by maximum or restricted maximum
 * likelihood: multilevel (three- against two-level) or multivariate (UN against CS, HCS
 * against DIAG, ...) (metafor's anova() for rma.mv).
 */
import { chisqUpperTail, MetakitError } from "@metakit/base";
import type { MultilevelResult } from "./multilevel-model.js";
import type { MultivariateResult } from "../multivariate/multivariate-model.js";

/** What the test reads of a fit: multilevelModel()'s and multivariateModel()'s results have it. */
export type NestedFit = Pick<MultilevelResult | MultivariateResult, "k" | "method" | "coefficients" | "parameters" | "logLik" | "AIC" | "BIC">;

export interface LikelihoodRatioTest {
  /** 2 (logLik_full - logLik_reduced), at least 0. */
  readonly LRT: number;
  /** Difference in the number of parameters. */
  readonly df: number;
  /** Upper chi-square tail on df (no mixture correction for components on the boundary, as metafor). */
  readonly pval: number;
  readonly AIC: readonly [number, number];
  readonly BIC: readonly [number, number];
}

/**
 * Tests the reduced model against the full one: both fitted to the same effect sizes by
 * the same method; under REML with the same fixed effects (their restricted likelihoods
 * are otherwise not comparable). Throws INVALID_INPUT for models that are not nested in
 * that sense.
 * @reference Viechtbauer (2010), J Stat Softw 36(3), section 3.7; Self & Liang (1987), JASA 82:605-610
 * @metafor anova(full, reduced)
 * @example likelihoodRatioTest(threeLevel, twoLevel).LRT // 12.1 (dat.konstantopoulos2011, REML)
 * @example likelihoodRatioTest(unstructured, compoundSymmetric).df // 1 (dat.berkey1998: UN has tau2[1], tau2[2], rho; CS tau2, rho)
 */
export function likelihoodRatioTest(full: NestedFit, reduced: NestedFit): LikelihoodRatioTest {
  const fn = "likelihoodRatioTest";
  if (full.k !== reduced.k) throw notNested(fn, "k", `${full.k} and ${reduced.k} effect sizes`);
  if (full.method !== reduced.method) throw notNested(fn, "method", `${full.method} and ${reduced.method}`);
  const sameFixed = full.coefficients.map((c) => c.name).join("\u0000") === reduced.coefficients.map((c) => c.name).join("\u0000");
  if (full.method === "REML" && !sameFixed) throw notNested(fn, "coefficients", "REML fits with different fixed effects");
  const df = full.parameters - reduced.parameters;
  if (!(df > 0)) throw notNested(fn, "parameters", `the full model has ${full.parameters}, the reduced ${reduced.parameters}`);
  const LRT = Math.max(0, 2 * (full.logLik - reduced.logLik));
  return { LRT, df, pval: chisqUpperTail(LRT, df), AIC: [full.AIC, reduced.AIC], BIC: [full.BIC, reduced.BIC] };
}

function notNested(fn: string, field: string, detail: string): MetakitError {
  return new MetakitError("INVALID_INPUT", `${fn}: models are not nested (${detail})`, { field, value: detail });
}
