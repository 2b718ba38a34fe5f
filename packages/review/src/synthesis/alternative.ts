/**
 * The Bayesian model or GLMM a spec names for a synthesis (its primaryModel, or a
 * scenario's model), fitted to the synthesis's estimable effects beside the frequentist
 * model:
 * - bayes: @metakit/core's bayesMeta on the effect sizes (yi, vi), the prior as the spec
 *   names it (bayesmeta's normal-normal hierarchical model, computed exactly);
 * - glmm: @metakit/core's glmm on the counts (metafor's rma.glmm): OR from 2x2 tables
 *   (UM.FS or UM.RS), PLO from single-arm proportions; no continuity correction. Results
 *   without counts (a contrast, a conversion) cannot enter it and are listed in the notes.
 * A model that cannot be fitted (too few studies, no counts) gives fit null with the reason;
 * the frequentist result stands.
 */
import { isMetakitError } from "@metakit/base";
import { bayesMeta, glmm, type GlmmInput, type TauPrior } from "@metakit/core";
import { backTransform, backTransformOf, type Measure } from "@metakit/effect-size";
import type { AlternativeModel, BayesModel, GlmmModel, TauPriorSpec } from "@metakit/schema";
import type { AlternativeFit, BayesFit, BayesModelSpec, EstimableEffect, GlmmFit, GlmmModelSpec, ModelEstimate } from "../types.js";
import { labelsOf } from "./pooling.js";

export type ModelRole = AlternativeFit["role"];

/** The spec's prior as @metakit/core's TauPrior (the same families and parameters). */
export function corePrior(prior: TauPriorSpec): TauPrior {
  switch (prior.family) {
    case "turner":
      return { family: "turner", outcome: prior.outcome, ...(prior.comparison !== undefined && { comparison: prior.comparison }) };
    case "rhodes":
      return {
        family: "rhodes",
        outcome: prior.outcome,
        ...(prior.comparison !== undefined && { comparison: prior.comparison }),
        ...(prior.area !== undefined && { area: prior.area }),
      };
    default:
      return prior;
  }
}

function onReportingScale(measure: Measure, estimate: ModelEstimate, rows: readonly EstimableEffect[]): ModelEstimate | null {
  if (backTransformOf(measure) === "identity") return null;
  const ni = rows.flatMap((r) => (r.participants.n === null ? [] : [r.participants.n]));
  const back = (x: number) => backTransform(measure, x, { ni });
  const orNull = (x: number | null) => (x === null ? null : back(x));
  return { estimate: back(estimate.estimate), ciLower: back(estimate.ciLower), ciUpper: back(estimate.ciUpper), piLower: orNull(estimate.piLower), piUpper: orNull(estimate.piUpper) };
}

/** Fits the spec's Bayesian model to the rows (k >= 1). */
export function fitBayes(given: BayesModel, role: ModelRole, rows: readonly EstimableEffect[], measure: Measure): BayesFit {
  const spec: BayesModelSpec = { ...given, tauPrior: corePrior(given.tauPrior) };
  const results = rows.map((r) => r.result);
  const empty = { type: "bayes" as const, role, spec, results, fit: null, estimate: null, backTransformed: null };
  if (rows.length === 0) return { ...empty, notApplicable: "no estimable result: nothing to fit", notes: [] };
  try {
    const fit = bayesMeta(
      { yi: rows.map((r) => r.yi), vi: rows.map((r) => r.vi), labels: labelsOf(rows) },
      // shrinkage medians and intervals (the costliest part) only when the forest plot draws them
      { tauPrior: spec.tauPrior, ...(spec.muPrior !== undefined && { muPrior: spec.muPrior }), interval: spec.interval, level: spec.level, shrinkageQuantiles: spec.shrinkage },
    );
    const estimate = { estimate: fit.mu.median, ciLower: fit.mu.ciLower, ciUpper: fit.mu.ciUpper, piLower: fit.prediction.ciLower, piUpper: fit.prediction.ciUpper };
    const notes = [
      `Bayesian random-effects model (bayesmeta's normal-normal hierarchical model, computed by numerical integration): tau ~ ${fit.tauPrior}, mu ~ ${fit.muPrior}; posterior median and ${spec.interval} ${spec.level}% credible interval`,
      ...(rows.length === 1 ? ["k = 1: the posterior of tau is its prior, so the interval reflects the prior's heterogeneity"] : []),
    ];
    return { ...empty, fit, estimate, backTransformed: onReportingScale(measure, estimate, rows), notApplicable: null, notes };
  } catch (error) {
    if (!isMetakitError(error)) throw error;
    return { ...empty, notApplicable: `the Bayesian model could not be fitted: ${error.message}`, notes: [] };
  }
}

/** The counts of the rows as a GLMM input, and the rows left out for lack of counts. */
function glmmInput(measure: "OR" | "PLO", rows: readonly EstimableEffect[]): { input: GlmmInput; used: EstimableEffect[]; left: EstimableEffect[] } {
  const used: EstimableEffect[] = [];
  const left: EstimableEffect[] = [];
  for (const row of rows) {
    const c = row.counts;
    const fits = c !== undefined && (measure === "OR" ? "ai" in c : "xi" in c);
    (fits ? used : left).push(row);
  }
  const labels = labelsOf(used);
  if (measure === "OR") {
    const tables = used.map((r) => r.counts as { ai: number; bi: number; ci: number; di: number });
    return { input: { measure, ai: tables.map((t) => t.ai), bi: tables.map((t) => t.bi), ci: tables.map((t) => t.ci), di: tables.map((t) => t.di), labels }, used, left };
  }
  const arms = used.map((r) => r.counts as { xi: number; ni: number });
  return { input: { measure, xi: arms.map((a) => a.xi), ni: arms.map((a) => a.ni), labels }, used, left };
}

/** Fits the spec's GLMM to the rows' counts (OR: 2x2 tables; PLO: single-arm counts). */
export function fitGlmm(given: GlmmModel, role: ModelRole, rows: readonly EstimableEffect[], measure: Measure): GlmmFit {
  const spec: GlmmModelSpec = given;
  const none = { type: "glmm" as const, role, spec, fit: null, estimate: null, backTransformed: null };
  if (measure !== "OR" && measure !== "PLO") return { ...none, results: [], notApplicable: `a GLMM is fitted for OR or PLO, not ${measure}`, notes: [] };
  const { input, used, left } = glmmInput(measure, rows);
  const notes = left.map((r) => `${r.result}: no ${measure === "OR" ? "2x2 table" : "count"} (the effect came from a ${r.route} result), so it is not in the GLMM`);
  const results = used.map((r) => r.result);
  try {
    const fit = glmm(input, { ...(measure === "OR" && spec.glmmModel !== undefined && { model: spec.glmmModel }), test: spec.test, level: spec.level });
    const estimate = { estimate: fit.estimate, ciLower: fit.ciLower, ciUpper: fit.ciUpper, piLower: null, piUpper: null };
    const model = measure === "OR" ? `${fit.model} (${fit.model === "UM.RS" ? "random" : "fixed"} study effects)` : "random-intercept logistic model";
    notes.unshift(
      `GLMM (metafor's rma.glmm), ${model}, by maximum likelihood with ${fit.quadrature.method === "Laplace" ? "the Laplace approximation" : "7-node adaptive Gauss-Hermite quadrature"}: the binomial likelihood of the counts, no continuity correction`,
      ...fit.excluded.map((e) => `${String(e.study)} left out of the GLMM: ${e.reason}`),
    );
    return { ...none, results, fit, estimate, backTransformed: onReportingScale(measure, estimate, used), notApplicable: null, notes };
  } catch (error) {
    if (!isMetakitError(error)) throw error;
    return { ...none, results, notApplicable: `the GLMM could not be fitted: ${error.message}`, notes };
  }
}

/** The spec's model fitted to the rows. */
export function fitAlternative(spec: AlternativeModel, role: ModelRole, rows: readonly EstimableEffect[], measure: Measure): AlternativeFit {
  return spec.type === "bayes" ? fitBayes(spec, role, rows, measure) : fitGlmm(spec, role, rows, measure);
}
