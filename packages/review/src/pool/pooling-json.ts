/**
 * The JSON shape of `metakit pool`: the fields of metafor's rma printout, named as in the
 * reference cases (k, estimate, se, ..., weights), on the analysis scale (log for
 * ratios), with back-transformed values under their own names.
 */
import { backTransform, backTransformOf, type Measure } from "@metakit/effect-size";
import type { Interval, MetaAnalysisResult, SubgroupAnalysisResult, TablePoolingResult } from "@metakit/core";
import { explainNulls, type NullReasons } from "./guard.js";

export type PoolingResult = MetaAnalysisResult | TablePoolingResult;

export interface StudyEffect {
  readonly label: string;
  readonly effect?: { readonly yi: number; readonly vi: number; readonly ciLower: number; readonly ciUpper: number };
  readonly ni?: number;
}

export interface PoolingSummary {
  readonly measure: Measure;
  readonly result: PoolingResult;
  /** The pooled studies in input order, with their own effect where it could be computed. */
  readonly studies: readonly StudyEffect[];
  /** Studies left out because their effect size could not be computed. */
  readonly excluded: readonly { readonly study: string; readonly row: number; readonly reason: string }[];
  /** What a reader must know about the effect sizes (continuity corrections ...), before the model's own notes. */
  readonly effectNotes: readonly string[];
}

const pair = (interval: Interval | undefined) => (interval ? [interval.lower, interval.upper] : undefined);

/** Why a value of pool's JSON can be null (listed in `notApplicable` beside them). */
export const POOLING_NULL_REASONS: NullReasons = {
  piLower: "a prediction interval belongs to a random-effects model; this model has no between-study variance",
  piUpper: "a prediction interval belongs to a random-effects model; this model has no between-study variance",
  backTransformed: "the measure is reported on its own scale: there is no back-transformation",
  "backTransformed.piLower": "a prediction interval belongs to a random-effects model; this model has no between-study variance",
  "backTransformed.piUpper": "a prediction interval belongs to a random-effects model; this model has no between-study variance",
};

export function poolingJson(summary: PoolingSummary) {
  return explainNulls(poolingFields(summary), POOLING_NULL_REASONS);
}

function poolingFields(summary: PoolingSummary) {
  const { result, measure } = summary;
  const re = "piMethod" in result ? result : undefined;
  return {
    k: result.k,
    measure,
    method: result.method,
    test: result.test,
    level: result.level,
    estimate: result.estimate,
    se: result.se,
    statistic: result.statistic,
    pval: result.pval,
    ciLower: result.ciLower,
    ciUpper: result.ciUpper,
    ...(re?.df !== undefined && { df: re.df }),
    tau2: result.tau2,
    tau: Math.sqrt(result.tau2),
    ...(re?.seTau2 !== undefined && { seTau2: re.seTau2 }),
    QE: result.QE,
    QEdf: result.QEdf,
    QEp: result.QEp,
    I2: result.I2,
    H2: result.H2,
    piLower: re?.piLower ?? null,
    piUpper: re?.piUpper ?? null,
    ...(re && { piMethod: re.piMethod }),
    ...(re?.tau2CI && { tau2CI: pair(re.tau2CI), I2CI: pair(re.I2CI), H2CI: pair(re.H2CI) }),
    weights: result.weights,
    studies: summary.studies.map((s) => s.label),
    backTransformed: backTransformed(summary),
    perStudy: perStudy(summary),
    excluded: summary.excluded,
    notes: [...summary.effectNotes, ...result.notes],
  };
}

/** Estimate, CI and PI on the reporting scale (exp for ratios ...), or null for identity measures. */
export function backTransformed(summary: PoolingSummary) {
  const { measure, result } = summary;
  const transform = backTransformOf(measure);
  if (transform === "identity") return null;
  const ni = summary.studies.flatMap((s) => (s.ni === undefined ? [] : [s.ni]));
  const back = (x: number | null | undefined) => (x === null || x === undefined ? null : backTransform(measure, x, { ni }));
  const re = "piMethod" in result ? result : undefined;
  return {
    transform,
    estimate: back(result.estimate),
    ciLower: back(result.ciLower),
    ciUpper: back(result.ciUpper),
    piLower: back(re?.piLower),
    piUpper: back(re?.piUpper),
  };
}

/**
 * Each pooled study's own effect on the analysis scale (yi, vi, its CI) and its weight in
 * percent; with a ratio (or other transformed) measure also on the reporting scale. yi
 * and the rest are null for a study that enters a Mantel-Haenszel or Peto pool although
 * its own effect size is not estimable (a zero cell with --to none).
 */
export function perStudy(summary: PoolingSummary) {
  const { measure, result } = summary;
  const transform = backTransformOf(measure);
  return summary.studies.map((s, i) => {
    const e = s.effect;
    const back = (x: number) => backTransform(measure, x, s.ni === undefined ? {} : { ni: s.ni });
    return {
      study: s.label,
      yi: e?.yi ?? null,
      vi: e?.vi ?? null,
      ciLower: e?.ciLower ?? null,
      ciUpper: e?.ciUpper ?? null,
      weight: result.weights[i]!,
      ...(transform !== "identity" && {
        backTransformed: e ? { effect: back(e.yi), ciLower: back(e.ciLower), ciUpper: back(e.ciUpper) } : null,
      }),
    };
  });
}

/** A pooled summary per subgroup; `studies` are all the pooled studies, in the analysis order. */
export interface SubgroupSummary {
  readonly measure: Measure;
  readonly analysis: SubgroupAnalysisResult;
  readonly studies: readonly StudyEffect[];
  readonly excluded: PoolingSummary["excluded"];
  readonly effectNotes: readonly string[];
  /** The model of all the studies together (one tau² across them), beside the subgroups. */
  readonly overall?: PoolingSummary;
}

export function subgroupSummaries(summary: SubgroupSummary): { group: string; summary: PoolingSummary }[] {
  return summary.analysis.subgroups.map((subgroup) => ({
    group: subgroup.group,
    summary: {
      measure: summary.measure,
      result: subgroup.result,
      studies: subgroup.indices.map((i) => summary.studies[i]!),
      excluded: [],
      effectNotes: [],
    },
  }));
}

export function subgroupJson(summary: SubgroupSummary) {
  const { analysis } = summary;
  return explainNulls({
    k: analysis.k,
    measure: summary.measure,
    method: analysis.method,
    test: analysis.test,
    level: analysis.level,
    tau2Across: analysis.tau2Across,
    ...(analysis.tau2 !== undefined && { tau2: analysis.tau2 }),
    subgroups: subgroupSummaries(summary).map(({ group, summary: s }) => ({ group, ...poolingFields(s) })),
    subgroupDifferences: analysis.differences,
    ...(summary.overall && { overall: poolingJson(summary.overall) }),
    excluded: summary.excluded,
    notes: [...summary.effectNotes, ...analysis.notes],
  }, POOLING_NULL_REASONS);
}
