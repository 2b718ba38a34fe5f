/**
 * `metakit forest --method BAYES --tau-prior P [--shrinkage]`: the forest plot of the
 * Bayesian random-effects model (@metakit/core's bayesMeta, bayesmeta's normal-normal
 * hierarchical model) drawn by the report's forest plot code, as `metakit report` draws
 * it: each study's own estimate and confidence interval, with --shrinkage its shrunken
 * estimate (posterior median and credible interval) under it, and under the studies the
 * posterior median of the overall effect with its credible interval (a diamond) and the
 * predictive interval of a new study. No study weights: the Bayesian model has none to show.
 */
import { bayesMeta, type BayesMetaResult, type IntervalType, type NormalMuPrior, type TauPrior } from "@metakit/core";
import type { EscalcResult } from "@metakit/effect-size";
import type { ForestPlotData } from "@metakit/report";
import { formatInterval } from "@metakit/report/format";
import type { PoolingSummary } from "../pooling-json.js";
import { fileRow, type StudyTable } from "../study-csv.js";
import { forestPlotData, type ForestDataOptions } from "./forest-data.js";
import type { DisplayScale } from "./transf.js";

export interface BayesForestOptions {
  readonly tauPrior: TauPrior;
  readonly muPrior?: NormalMuPrior;
  readonly interval?: IntervalType;
  readonly level: number;
  readonly shrinkage: boolean;
}

/** yi, vi and study labels of the estimable rows, in file order (the order of `pool`'s studies). */
function estimable(effects: EscalcResult): { yi: number[]; vi: number[]; labels: string[] } {
  const out = { yi: [] as number[], vi: [] as number[], labels: [] as string[] };
  for (const row of effects.studies) {
    if (!row.estimable) continue;
    out.yi.push(row.yi);
    out.vi.push(row.vi);
    out.labels.push(row.study);
  }
  return out;
}

/**
 * The plot's data: the rows as the frequentist plot has them (`rowsFrom`, the model pool fits
 * for the same file, used for its study rows only), weights and the frequentist total left
 * out, the Bayesian estimate added.
 */
export function bayesForestPlotData(table: StudyTable, effects: EscalcResult, rowsFrom: PoolingSummary, show: DisplayScale, plot: ForestDataOptions, options: BayesForestOptions): { data: ForestPlotData; fit: BayesMetaResult } {
  const input = estimable(effects);
  const fit = bayesMeta(
    { yi: input.yi, vi: input.vi, labels: input.labels },
    { tauPrior: options.tauPrior, ...(options.muPrior && { muPrior: options.muPrior }), ...(options.interval && { interval: options.interval }), level: options.level, shrinkageQuantiles: options.shrinkage },
  );
  const frequentist = forestPlotData(table, rowsFrom, show, plot);
  const sizes = rowsFrom.studies.flatMap((s) => (s.ni === undefined ? [] : [s.ni]));
  const rows = frequentist.rows.map(({ weightPercent: _weight, ...row }) => row);
  // pool's j-th study is the j-th estimable row, as bayesMeta's j-th shrinkage estimate
  const rowLabel = new Map(rowsFrom.studies.map((s, j) => [j, labelOf(plot, table, s.label, j, rowsFrom)]));
  const shrinkage = options.shrinkage
    ? fit.shrinkage.flatMap((s, j) => {
        const label = rowLabel.get(j);
        const ni = rowsFrom.studies[j]?.ni === undefined ? [] : [rowsFrom.studies[j]!.ni!];
        if (label === undefined || s.median === null || s.ciLower === null || s.ciUpper === null) return [];
        return [{ label, estimate: show.study(s.median, ni), ciLower: show.study(s.ciLower, ni), ciUpper: show.study(s.ciUpper, ni) }];
      })
    : [];
  const pct = Number((fit.level * 100).toFixed(6));
  const tau = `Heterogeneity: tau (posterior median) = ${fit.tau.median.toFixed(2)}, ${pct}% CrI ${formatInterval(fit.tau.ciLower, fit.tau.ciUpper)}; prior tau ~ ${fit.tauPrior}, mu ~ ${fit.muPrior}`;
  const { pooled: _pooled, overallEffectText: _overall, ...rest } = frequentist;
  const data: ForestPlotData = {
    ...rest,
    rows,
    method: `Bayesian random effects, ${pct}% CrI`,
    heterogeneityText: tau,
    bayesian: {
      label: `Bayesian, ${fit.tauPrior} prior (${pct}% CrI)`,
      estimate: show.pooled(fit.mu.median, sizes),
      ciLower: show.pooled(fit.mu.ciLower, sizes),
      ciUpper: show.pooled(fit.mu.ciUpper, sizes),
      piLower: show.pooled(fit.prediction.ciLower, sizes),
      piUpper: show.pooled(fit.prediction.ciUpper, sizes),
      ...(shrinkage.length > 0 && { shrinkage }),
    },
  };
  return { data, fit };
}

/** The label the frequentist plot gives pool's j-th study (the --label column when given). */
function labelOf(plot: ForestDataOptions, table: StudyTable, studyLabel: string, j: number, summary: PoolingSummary): string {
  if (plot.label === undefined) return studyLabel;
  const excluded = new Set(summary.excluded.map((e) => e.row));
  let seen = -1;
  for (let i = 0; i < table.studies.length; i++) {
    if (excluded.has(fileRow(i))) continue;
    if (++seen === j) return table.cells[i]?.[plot.label]?.trim() || studyLabel;
  }
  return studyLabel;
}
