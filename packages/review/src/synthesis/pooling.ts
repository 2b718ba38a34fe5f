/**
 * Phase 3 of a synthesis: the estimable effects pooled with the spec's model
 * (@metakit/core's metaAnalysis, metafor's rma), and subgroup analyses (core's
 * subgroupAnalysis, the same function as `metakit pool --by`).
 * k = 1 is the study itself (a common-effect fit of one study, z interval), never a
 * random-effects model of one study, for a synthesis as for a subgroup (core's
 * oneStudyOptions, the one policy);
 * k = 0 pools nothing (the caller notes it).
 */
import { backTransform, backTransformOf, type Measure } from "@metakit/effect-size";
import { metaAnalysis, oneStudyOptions, subgroupAnalysis, type MetaAnalysisOptions, type MetaAnalysisResult, type SubgroupDifferences } from "@metakit/core";
import type { BackTransformed, EstimableEffect, ModelChoice, PooledEstimate, SubgroupEstimate } from "../types.js";

/** Labels for the model: study ids, or result ids where a study gives more than one result. */
export function labelsOf(rows: readonly EstimableEffect[]): string[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.study, (counts.get(row.study) ?? 0) + 1);
  return rows.map((row) => ((counts.get(row.study) ?? 0) > 1 ? row.result : row.study));
}

export function modelOptions(model: ModelChoice): MetaAnalysisOptions {
  return { method: model.method, test: model.test, level: model.level };
}

/** Pools k >= 1 estimable effects. Throws MetakitError when the model cannot be fitted. */
export function poolEffects(rows: readonly EstimableEffect[], measure: Measure, model: ModelChoice): PooledEstimate {
  const input = { yi: rows.map((r) => r.yi), vi: rows.map((r) => r.vi), labels: labelsOf(rows) };
  const fitted = metaAnalysis(input, rows.length === 1 ? oneStudyOptions(modelOptions(model)) : modelOptions(model));
  return pooledEstimateOf(fitted, rows, measure, model);
}

/** A fitted model of the rows as the synthesis reports it: the spec's prediction interval, notes, the reporting scale. */
function pooledEstimateOf(fitted: MetaAnalysisResult, rows: readonly EstimableEffect[], measure: Measure, model: ModelChoice): PooledEstimate {
  const single = rows.length === 1;
  const notes: string[] = [];
  if (single) notes.push("k = 1: the estimate is the study itself (no pooling, no heterogeneity, no prediction interval)");
  const result = model.predictionInterval && !single ? fitted : withoutPredictionInterval(fitted);
  if (!model.predictionInterval && !single) notes.push("no prediction interval (the spec asks for none)");
  return {
    kind: single ? "single-study" : "pooled",
    model: result,
    results: rows.map((r) => r.result),
    backTransformed: backTransformedOf(measure, result, rows),
    notes,
  };
}

function withoutPredictionInterval(result: MetaAnalysisResult): MetaAnalysisResult {
  return { ...result, piLower: null, piUpper: null };
}

/** Estimate, CI and PI on the reporting scale, or null when the measure is reported as analysed. */
export function backTransformedOf(measure: Measure, result: MetaAnalysisResult, rows: readonly EstimableEffect[]): BackTransformed | null {
  const transform = backTransformOf(measure);
  if (transform === "identity") return null;
  const ni = rows.flatMap((r) => (r.participants.n === null ? [] : [r.participants.n]));
  const back = (x: number) => backTransform(measure, x, { ni });
  const orNull = (x: number | null) => (x === null ? null : back(x));
  return {
    transform,
    estimate: back(result.estimate),
    ciLower: back(result.ciLower),
    ciUpper: back(result.ciUpper),
    piLower: orNull(result.piLower),
    piUpper: orNull(result.piUpper),
  };
}

/**
 * One pooled estimate per subgroup (tau2 estimated within each, as RevMan; a subgroup of
 * one study is that study), in order of first appearance, and the test for subgroup
 * differences from the subgroup estimates and SEs (Cochrane Handbook v6.4, 10.11.3.1):
 * @metakit/core's subgroupAnalysis, so `metakit analyze` and `metakit pool --by` agree.
 * Throws MetakitError when a subgroup cannot be fitted.
 * @metafor rma(yi, vi, subset = group == g) per subgroup; rma(estimates, sei = ses, method = "EE")$QE
 */
export function subgroupEstimates(
  rows: readonly EstimableEffect[],
  groups: readonly string[],
  measure: Measure,
  model: ModelChoice,
): { readonly groups: SubgroupEstimate[]; readonly differences: SubgroupDifferences } {
  const input = { yi: rows.map((r) => r.yi), vi: rows.map((r) => r.vi), labels: labelsOf(rows), groups };
  const fitted = subgroupAnalysis(input, { ...modelOptions(model), tau2Across: "separate" });
  const estimates = fitted.subgroups.map((subgroup) => {
    const members = subgroup.indices.map((i) => rows[i]!);
    return { group: subgroup.group, results: members.map((r) => r.result), pooled: pooledEstimateOf(subgroup.result, members, measure, model) };
  });
  return { groups: estimates, differences: fitted.differences };
}
