/**
 * The multilevel model of a synthesis (spec: model type multilevel): where a study gives
 * several estimable results, they enter together, nested within the study, in the
 * three-level model of metafor's rma.mv(yi, vi, random = ~ 1 | study/result) (@metakit/core's
 * multilevelModel, REML or ML). Knapp-Hartung is not defined for rma.mv: the spec's knha
 * is read as t tests on k - 1 degrees of freedom (rma.mv's test = "t"), and said so.
 * With one result per study the inner variance is not identifiable and the ordinary
 * model is used (the caller does that).
 */
import { multilevelModel } from "@metakit/core";
import { backTransform, backTransformOf, type Measure } from "@metakit/effect-size";
import type { EstimableEffect, ModelChoice, ModelEstimate, MultilevelPooled } from "../types.js";

/** Whether any study gives more than one of the rows. */
export function severalPerStudy(rows: readonly EstimableEffect[]): boolean {
  return new Set(rows.map((r) => r.study)).size < rows.length;
}

/** Fits the three-level model to the rows. Throws MetakitError when it cannot be fitted. */
export function fitMultilevel(rows: readonly EstimableEffect[], measure: Measure, model: ModelChoice): MultilevelPooled {
  const method = model.method === "ML" ? "ML" : "REML";
  const test = model.test === "knha" ? "t" : "z";
  const fit = multilevelModel(
    { yi: rows.map((r) => r.yi), vi: rows.map((r) => r.vi), cluster: rows.map((r) => r.study), inner: rows.map((r) => r.result), labels: rows.map((r) => r.result) },
    { method, test, level: model.level },
  );
  const p = fit.prediction!;
  const estimate: ModelEstimate = { estimate: p.pred, ciLower: p.ciLower, ciUpper: p.ciUpper, piLower: model.predictionInterval ? p.piLower : null, piUpper: model.predictionInterval ? p.piUpper : null };
  const notes = [
    `three-level model (metafor's rma.mv, random = ~ 1 | study/result) by ${method}: ${rows.length} results in ${fit.clusters} studies, the results of one study nested within it`,
    ...(model.method !== method ? [`the multilevel model is fitted by REML or ML; the spec's ${model.method} is read as REML`] : []),
    ...(model.test === "knha" ? ["Knapp-Hartung is not defined for the multilevel model: t tests and intervals on k - 1 degrees of freedom (rma.mv's test = \"t\")"] : []),
    ...fit.notes,
  ];
  return {
    results: rows.map((r) => r.result),
    studies: rows.map((r) => r.study),
    fit,
    estimate,
    backTransformed: reportingScale(measure, estimate, rows),
    notes,
  };
}

function reportingScale(measure: Measure, e: ModelEstimate, rows: readonly EstimableEffect[]): ModelEstimate | null {
  if (backTransformOf(measure) === "identity") return null;
  const ni = rows.flatMap((r) => (r.participants.n === null ? [] : [r.participants.n]));
  const back = (x: number) => backTransform(measure, x, { ni });
  const orNull = (x: number | null) => (x === null ? null : back(x));
  return { estimate: back(e.estimate), ciLower: back(e.ciLower), ciUpper: back(e.ciUpper), piLower: orNull(e.piLower), piUpper: orNull(e.piUpper) };
}
