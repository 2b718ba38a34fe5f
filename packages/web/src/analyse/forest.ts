/**
 * The forest plot of a quick analysis: @metakit/report's own layout and vega-lite spec,
 * text measured with the browser's canvas (drawn by figure.ts).
 */
import { backTransform, backTransformOf, escalc, MEASURE_LABELS, type Measure } from "@metakit/effect-size";
import { forestSpec, layoutForest, validateForestPlotData, type ForestPlotData, type ForestRow, type ForestSummary } from "@metakit/report/forest-browser";
import { heterogeneityText, overallEffectText, subgroupDifferencesText } from "@metakit/report/format";
import type { StudyTable } from "@metakit/review/pool/study-csv";
import type { TopLevelSpec } from "vega-lite";
import { browserTextMeasure, figureSvg } from "./figure.js";

/** The fields of `metakit pool --format json` the plot uses. */
export interface PooledJson {
  readonly k: number;
  readonly method: string;
  readonly test: string;
  readonly level: number;
  readonly estimate: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly statistic: number;
  readonly pval: number;
  readonly df?: number;
  readonly tau2: number;
  readonly QE: number;
  readonly QEdf: number;
  readonly QEp: number;
  readonly I2: number;
  readonly weights: readonly number[];
  readonly studies: readonly string[];
  readonly backTransformed: { readonly transform: string; readonly estimate: number; readonly ciLower: number; readonly ciUpper: number } | null;
}

/** The fields of `metakit pool --by COL --format json` the plot uses. */
export interface SubgroupsJson {
  readonly method: string;
  readonly level: number;
  readonly subgroups: readonly (PooledJson & { readonly group: string })[];
  readonly subgroupDifferences: { readonly QB: number; readonly df: number; readonly pval: number; readonly I2: number };
}

/** Forest-plot data with one section per subgroup: its studies, weights within it, diamond and footer lines. */
export function subgroupForestData(table: StudyTable, measure: Measure, pooled: SubgroupsJson): ForestPlotData {
  const sections = pooled.subgroups.map((subgroup) => ({ subgroup, data: forestData(table, measure, subgroup) }));
  const rows = sections.flatMap(({ subgroup, data }) =>
    data.rows.filter((row) => subgroup.studies.includes(row.label)).map((row) => ({ ...row, group: subgroup.group })),
  );
  const first = sections[0]?.data;
  if (first === undefined) throw new Error("no subgroup to plot");
  const { pooled: _overall, heterogeneityText: _h, overallEffectText: _o, ...common } = first;
  const d = pooled.subgroupDifferences;
  return {
    ...common,
    method: `${pooled.method}, ${pooled.level}% CI`,
    rows,
    subgroups: sections.map(({ subgroup, data }) => ({
      name: subgroup.group,
      ...(data.pooled && { pooled: { ...data.pooled, label: `Subtotal (${pooled.level}% CI)` } satisfies ForestSummary }),
      ...(data.heterogeneityText !== undefined && { heterogeneityText: data.heterogeneityText }),
      ...(data.overallEffectText !== undefined && { overallEffectText: data.overallEffectText }),
    })),
    subgroupDifferencesText: subgroupDifferencesText({ QM: d.QB, df: d.df, QMp: d.pval, I2: d.I2 }),
  };
}

/** Forest-plot data for an analysis without subgroups: each pooled study's effect and weight, and the diamond. */
export function forestData(table: StudyTable, measure: Measure, pooled: PooledJson): ForestPlotData {
  const effects = escalc(measure, table.studies);
  const ratio = backTransformOf(measure) === "exp";
  const ni = table.studies.flatMap((s) => (s.ni == null ? [] : [s.ni]));
  const show = (x: number) => (pooled.backTransformed === null ? x : backTransform(measure, x, { ni }));
  const weightByStudy = new Map(pooled.studies.map((label, i) => [label, pooled.weights[i]]));
  const rows: ForestRow[] = effects.studies.map((row) =>
    row.estimable
      ? { label: row.study, estimate: show(row.yi), ciLower: show(row.ciLower), ciUpper: show(row.ciUpper), ...weightOf(weightByStudy.get(row.study)) }
      : { label: row.study, notEstimable: row.reason },
  );
  return {
    title: "Forest plot",
    measure: MEASURE_LABELS[measure],
    method: `${pooled.method}, ${pooled.level}% CI`,
    scale: ratio ? "log" : "identity",
    kind: "comparative",
    columns: { intervention: "Experimental", comparator: "Control" },
    rows,
    pooled: { estimate: show(pooled.estimate), ciLower: show(pooled.ciLower), ciUpper: show(pooled.ciUpper) },
    heterogeneityText: heterogeneityText({ tau2: pooled.tau2, QE: pooled.QE, df: pooled.QEdf, QEp: pooled.QEp, I2: pooled.I2 }),
    overallEffectText: overallEffectText(
      pooled.df === undefined
        ? { statistic: "z", value: pooled.statistic, pval: pooled.pval }
        : { statistic: "t", value: pooled.statistic, df: pooled.df, pval: pooled.pval },
    ),
  };
}

const weightOf = (weight: number | undefined) => (weight === undefined ? {} : { weightPercent: weight });

/** The forest plot's vega-lite spec: the report's layout, text measured by the browser. */
export function forestFigure(data: ForestPlotData): TopLevelSpec {
  validateForestPlotData(data);
  return forestSpec(layoutForest(data, browserTextMeasure));
}

/** The forest plot as SVG markup, hidden from assistive technology (its container names it); the analysis page draws with it. */
export const forestSvg = (data: ForestPlotData): Promise<string> => figureSvg(forestFigure(data));
