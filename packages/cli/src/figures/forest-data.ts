/**
 * `metakit forest`'s input to the report's forest plot (@metakit/report's ForestPlotData,
 * RevMan's layout): built from what `pool` computes for the CSV (its PoolingSummary, and
 * with --by its SubgroupSummary), so the plot shows pool's numbers by construction. Per
 * arm data come from the CSV's columns as metafor names them; effects are shown on the
 * reporting scale (`--transf`). Nothing is estimated here.
 */
import type { ArmData, ForestPlotData, ForestRow, ForestSummary } from "@metakit/report";
import { heterogeneityText, overallEffectText, subgroupDifferencesText } from "@metakit/report/format";
import type { StudyInput } from "@metakit/effect-size";
import { MEASURE_LABELS } from "@metakit/effect-size";
import type { PoolingResult, PoolingSummary, SubgroupSummary } from "../pooling-json.js";
import { decimalNumber, fileRow, type StudyTable } from "../study-csv.js";
import type { DisplayScale } from "./transf.js";

export interface ForestDataOptions {
  readonly title: string;
  /** The column of study labels shown instead of `study`. */
  readonly label?: string;
  /** Rows in increasing order of this column (numbers as numbers), within subgroups. */
  readonly sort?: string;
  readonly columns?: { readonly intervention: string; readonly comparator?: string };
  readonly favours?: { readonly left: string; readonly right: string };
}

/** One CSV row on the plot: its 0-based data row and where its numbers come from. */
interface PlotRow {
  readonly row: number;
  readonly label: string;
  readonly effect?: { readonly yi: number; readonly ciLower: number; readonly ciUpper: number };
  readonly ni?: number;
  readonly weight?: number;
  readonly reason?: string;
}

const present = (x: number | null | undefined): x is number => x !== null && x !== undefined;

/** An arm's numbers from metafor's column names: events of a total (ai, n1i or ai + bi ...), or mean, SD and n. */
export function armsOf(study: StudyInput): ForestRow["arms"] | undefined {
  const { ai, bi, ci, di, n1i, n2i, m1i, sd1i, m2i, sd2i, xi, ni } = study;
  if (present(ai) && present(ci)) {
    const total1 = present(n1i) ? n1i : present(bi) ? ai + bi : undefined;
    const total2 = present(n2i) ? n2i : present(di) ? ci + di : undefined;
    if (total1 !== undefined && total2 !== undefined) return { intervention: { events: ai, total: total1 }, comparator: { events: ci, total: total2 } };
  }
  if (present(m1i) && present(sd1i) && present(n1i) && present(m2i) && present(sd2i) && present(n2i)) {
    return { intervention: { mean: m1i, sd: sd1i, n: n1i }, comparator: { mean: m2i, sd: sd2i, n: n2i } };
  }
  if (present(xi) && present(ni)) return { intervention: { events: xi, total: ni } satisfies ArmData };
  return undefined;
}

/**
 * The pooled studies and the excluded ones, in file order (then --sort): a pooled study's
 * weight is the model's; the rows of `summary.studies` are the file's rows less the excluded ones.
 */
function plotRows(table: StudyTable, summary: PoolingSummary, options: ForestDataOptions): PlotRow[] {
  const excluded = new Map(summary.excluded.map((e) => [e.row, e]));
  const labelOf = (i: number, fallback: string) => (options.label === undefined ? fallback : (table.cells[i]?.[options.label]?.trim() || fallback));
  pooledRowsOf(table, summary); // checks that the summary's studies are the file's rows less the excluded ones
  const rows: PlotRow[] = [];
  let j = 0;
  table.studies.forEach((_, i) => {
    const e = excluded.get(fileRow(i));
    if (e !== undefined) return void rows.push({ row: i, label: labelOf(i, e.study), reason: e.reason });
    const s = summary.studies[j]!;
    const weight = summary.result.weights[j++];
    rows.push({ row: i, label: labelOf(i, s.label), ...(s.effect && { effect: s.effect }), ...(s.ni !== undefined && { ni: s.ni }), ...(weight !== undefined && { weight }), ...(!s.effect && { reason: "not estimable" }) });
  });
  return sortRows(rows, table, options.sort);
}

/** The 0-based data rows of the pooled studies, in file order: every row but the excluded ones. */
function pooledRowsOf(table: StudyTable, summary: PoolingSummary): number[] {
  const excluded = new Set(summary.excluded.map((e) => e.row));
  const rows = table.studies.flatMap((_, i) => (excluded.has(fileRow(i)) ? [] : [i]));
  if (rows.length !== summary.studies.length) throw new Error("forest: the pooled studies do not match the file's rows");
  return rows;
}

/** Rows ordered by a column: numerically when every cell is a number, else as text; missing cells last; stable. */
function sortRows(rows: PlotRow[], table: StudyTable, column: string | undefined): PlotRow[] {
  if (column === undefined) return rows;
  const cell = (r: PlotRow) => table.cells[r.row]?.[column]?.trim() ?? "";
  const filled = rows.filter((r) => cell(r) !== "");
  // The one strict reader: "0x10" or "2,5" is text here, as it is everywhere else.
  const numeric = filled.every((r) => decimalNumber(cell(r)) !== undefined);
  const compare = (a: PlotRow, b: PlotRow) => (numeric ? decimalNumber(cell(a))! - decimalNumber(cell(b))! : cell(a).localeCompare(cell(b)));
  return [...filled.sort(compare), ...rows.filter((r) => cell(r) === "")];
}

function forestRow(table: StudyTable, r: PlotRow, show: DisplayScale, group?: string): ForestRow {
  const arms = armsOf(table.studies[r.row]!);
  const base = { label: r.label, ...(arms !== undefined && { arms }), ...(group !== undefined && { group }) };
  if (r.effect === undefined) return { ...base, notEstimable: r.reason ?? "not estimable" };
  const ni = r.ni === undefined ? [] : [r.ni];
  return {
    ...base,
    estimate: show.study(r.effect.yi, ni),
    ciLower: show.study(r.effect.ciLower, ni),
    ciUpper: show.study(r.effect.ciUpper, ni),
    ...(r.weight !== undefined && { weightPercent: r.weight }),
  };
}

const isRandomEffects = (result: PoolingResult) => "piMethod" in result && result.method !== "EE" && result.method !== "FE";

/** The diamond on the display scale, with the prediction interval of a random-effects model of k > 1. */
function diamond(result: PoolingResult, ni: readonly number[], show: DisplayScale, label?: string): ForestSummary {
  const pi = "piMethod" in result && isRandomEffects(result) && result.k > 1 && result.piLower !== null && result.piUpper !== null ? { piLower: show.pooled(result.piLower, ni), piUpper: show.pooled(result.piUpper, ni) } : {};
  return {
    estimate: show.pooled(result.estimate, ni),
    ciLower: show.pooled(result.ciLower, ni),
    ciUpper: show.pooled(result.ciUpper, ni),
    ...pi,
    ...(label !== undefined && { label }),
  };
}

/** RevMan's footer lines of a model: heterogeneity (tau² for a random-effects model) and the test for the overall effect. */
function footer(result: PoolingResult): Pick<ForestPlotData, "heterogeneityText" | "overallEffectText"> {
  const df = "df" in result ? result.df : undefined;
  const test = df !== undefined && result.test !== "z" ? { statistic: "t" as const, value: result.statistic, df, pval: result.pval } : { statistic: "z" as const, value: result.statistic, pval: result.pval };
  if (result.k === 1) return { heterogeneityText: "Heterogeneity: not applicable (one study)", overallEffectText: overallEffectText(test) };
  return {
    heterogeneityText: heterogeneityText({ ...(isRandomEffects(result) && { tau2: result.tau2 }), QE: result.QE, df: result.QEdf, QEp: result.QEp, I2: result.I2 }),
    overallEffectText: overallEffectText(test),
  };
}

/** RevMan's method line: "IV, Random (REML), 95% CI", "M-H, Fixed, 95% CI". */
export function methodLine(result: PoolingResult): string {
  if (result.method === "MH") return `M-H, Fixed, ${result.level}% CI`;
  if (result.method === "PETO") return `Peto, Fixed, ${result.level}% CI`;
  const test = result.test === "knha" ? ", Hartung-Knapp" : result.test === "t" ? ", t" : result.test === "adhoc" ? ", Hartung-Knapp ad hoc" : "";
  const kind = isRandomEffects(result) ? "Random" : "Fixed";
  return `IV, ${kind} (${result.method}${test}), ${result.level}% CI`;
}

const studySizes = (rows: readonly PlotRow[]) => rows.flatMap((r) => (r.effect !== undefined && r.ni !== undefined ? [r.ni] : []));

function common(table: StudyTable, summary: PoolingSummary, rows: readonly PlotRow[], show: DisplayScale, options: ForestDataOptions) {
  const single = rows.every((r) => armsOf(table.studies[r.row]!)?.comparator === undefined) && rows.some((r) => armsOf(table.studies[r.row]!) !== undefined);
  const columns = options.columns ?? (single ? { intervention: "Events" } : { intervention: "Experimental", comparator: "Control" });
  return {
    title: options.title,
    measure: MEASURE_LABELS[summary.measure],
    method: methodLine(summary.result),
    level: summary.result.level,
    scale: show.scale,
    kind: single ? ("single-arm proportion" as const) : ("comparative" as const),
    columns: single ? { intervention: columns.intervention } : columns,
    ...(options.favours !== undefined && { favours: options.favours }),
  };
}

/** The forest plot of every study of the CSV and the model pooling them. */
export function forestPlotData(table: StudyTable, summary: PoolingSummary, show: DisplayScale, options: ForestDataOptions): ForestPlotData {
  const rows = plotRows(table, summary, options);
  const pooled = summary.result.k > 1 ? { pooled: diamond(summary.result, studySizes(rows), show) } : {};
  return {
    ...common(table, summary, rows, show, options),
    rows: rows.map((r) => forestRow(table, r, show)),
    ...pooled,
    ...footer(summary.result),
  };
}

/**
 * The forest plot by subgroup (`--by`): each group's studies, its subtotal diamond and
 * footer from its own model (pool --by), the overall diamond and footer from the model of
 * all studies (pool without --by), and the test for subgroup differences. Study weights
 * are those of the overall model, so the subtotals add up to 100%, as in RevMan.
 */
export function subgroupForestPlotData(table: StudyTable, overall: PoolingSummary, bySubgroup: SubgroupSummary, show: DisplayScale, options: ForestDataOptions): ForestPlotData {
  const all = forestPlotData(table, overall, show, options);
  const rows = plotRows(table, overall, options);
  const pooledRows = rows.filter((r) => r.effect !== undefined);
  const byFileRow = new Map(pooledRowsOf(table, overall).map((row, j) => [row, j]));
  const groupOf = new Map<number, string>();
  for (const subgroup of bySubgroup.analysis.subgroups) for (const j of subgroup.indices) groupOf.set(j, subgroup.group);
  const grouped = bySubgroup.analysis.subgroups.flatMap((subgroup) =>
    pooledRows.filter((r) => groupOf.get(byFileRow.get(r.row)!) === subgroup.group).map((r) => forestRow(table, r, show, subgroup.group)),
  );
  const subgroups = bySubgroup.analysis.subgroups.map((subgroup) => {
    const sizes = studySizes(pooledRows.filter((r) => groupOf.get(byFileRow.get(r.row)!) === subgroup.group));
    const weight = grouped.filter((r) => r.group === subgroup.group).reduce((sum, r) => sum + (r.weightPercent ?? 0), 0);
    const own = subgroup.result.k > 1 ? { pooled: { ...diamond(subgroup.result, sizes, show, `Subtotal (${subgroup.result.level}% CI)`), weightPercent: weight } } : {};
    return { name: subgroup.group, ...own, ...footer(subgroup.result) };
  });
  const d = bySubgroup.analysis.differences;
  return { ...all, rows: grouped, subgroups, subgroupDifferencesText: subgroupDifferencesText({ QM: d.QB, df: d.df, QMp: d.pval, I2: d.I2 }) };
}
