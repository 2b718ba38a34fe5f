/**
 * A synthesis as forest-plot data: one row per selected result (estimable or "Not
 * estimable" with the reason), per-arm data as reported, study effects and the pooled
 * diamond back-transformed to the reporting scale (exp for ratios, inverse logit for
 * logit proportions) with @metakit/effect-size's transforms, and RevMan's footer lines.
 * Numbers are taken from the AnalysisResult; nothing is estimated here.
 */
import { backTransform, type Measure } from "@metakit/effect-size";
import type { ArmData, ForestPlotData, ForestRow, ForestSummary, SubgroupForest } from "@metakit/report";
import { formatEffectCi, heterogeneityText, overallEffectText, subgroupDifferencesText } from "@metakit/report/format";
import { experimentalAndControl, interventionLabelOf, type AnalysisSpec, type Arm, type Result } from "@metakit/schema";
import { armOf, type DataIndex } from "../inputs/dataset.js";
import type { EffectRow, PooledEstimate, SynthesisResult } from "../types.js";
import { groupLabel, isRatioMeasure, measureName, methodLine, studyLabel, variableName } from "./labels.js";

const value = (r: { value?: number } | undefined) => r?.value;

function armIds(result: Result): { experimental?: string; control?: string } {
  switch (result.form) {
    case "contrast":
    case "paired":
      return { experimental: result.experimental, control: result.control };
    case "proportion":
      return { experimental: result.arm };
    default:
      return {};
  }
}

/** Per-arm data of a result: structured where every number is there, else short text. */
export function armData(result: Result | undefined, index: DataIndex): { intervention: ArmData; comparator?: ArmData } | undefined {
  if (result === undefined) return undefined;
  const typeOf = (arm: string) => armOf(index, result.study, arm)?.type;
  switch (result.form) {
    case "proportion": {
      const [events, total] = [value(result.events), value(result.total)];
      return { intervention: events !== undefined && total !== undefined ? { events, total } : "" };
    }
    case "dichotomous": {
      const roles = experimentalAndControl(result.arms, typeOf);
      const side = (experimental: boolean): ArmData => {
        const a = experimental ? roles.experimental : roles.control;
        const [events, total] = [value(a?.events), value(a?.total)];
        return events !== undefined && total !== undefined ? { events, total } : "";
      };
      return { intervention: side(true), comparator: side(false) };
    }
    case "continuous": {
      const roles = experimentalAndControl(result.arms, typeOf);
      const side = (experimental: boolean): ArmData => {
        const a = experimental ? roles.experimental : roles.control;
        const [mean, sd, n] = [value(a?.mean), value(a?.sd), value(a?.n)];
        if (mean !== undefined && sd !== undefined && n !== undefined) return { mean, sd, n };
        return n === undefined ? "" : `n = ${n}`;
      };
      return { intervention: side(true), comparator: side(false) };
    }
    case "contrast": {
      const n = (x: { value?: number } | undefined) => (x?.value === undefined ? "" : `n = ${x.value}`);
      return { intervention: n(result.n?.experimental), comparator: n(result.n?.control) };
    }
    case "paired":
      return { intervention: result.n.value === undefined ? "within-person" : `within-person, n = ${result.n.value}`, comparator: "" };
    default:
      return { intervention: "", comparator: "" };
  }
}

/** The arms' short names an analysis spec gives (question.interventionLabel, question.comparatorLabel). */
export interface ArmLabels {
  /** As written in running text: "BCG vaccine", "the drug". */
  readonly intervention: string;
  /** As written in running text; absent: named from the results' comparator arms. */
  readonly comparator?: string;
}

/** The arm labels of a spec: its interventionLabel (default "intervention") and comparatorLabel. */
export function armLabelsOf(spec: AnalysisSpec): ArmLabels {
  const comparator = spec.question.comparatorLabel;
  return { intervention: interventionLabelOf(spec), ...(comparator !== undefined && { comparator }) };
}

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The comparator's name as a column heading and in running text: the spec's label, else the one control arm intervention ("Placebo"), or "Comparator" when they differ. */
export function comparatorLabel(synthesis: SynthesisResult, index: DataIndex, labels: ArmLabels): { readonly heading: string; readonly text: string } {
  if (labels.comparator !== undefined) return { heading: capitalised(labels.comparator), text: labels.comparator };
  const names = new Set<string>();
  for (const effect of synthesis.effects) {
    const result = index.results.get(effect.result);
    if (result === undefined) continue;
    const ids = armIds(result).control !== undefined ? [armIds(result).control!] : "arms" in result ? result.arms.map((a) => a.arm) : [];
    for (const id of ids) {
      const arm: Arm | undefined = armOf(index, result.study, id);
      if (arm !== undefined && arm.type !== "experimental") names.add(arm.intervention);
    }
  }
  const [only] = [...names];
  const heading = names.size === 1 && only !== undefined ? capitalised(only) : "Comparator";
  return { heading, text: heading.toLowerCase() };
}

/** A study's value on the reporting scale; Freeman-Tukey needs the study's own size. */
function display(measure: Measure, x: number, n: number | null): number {
  return backTransform(measure, x, n === null ? {} : { ni: n });
}

const ANALYSIS_SETS: Readonly<Record<string, string>> = { itt: "ITT", "per-protocol": "per protocol", completers: "completers" };

/** Study labels of a synthesis's rows; a study with several results gets its analysis set, else its place among them ("result 2 of 2"). */
export function rowLabels(synthesis: SynthesisResult, index: DataIndex): string[] {
  const base = synthesis.effects.map((e) => studyLabel(index.studies.get(e.study), e.study));
  const repeated = (labels: readonly string[], i: number) => labels.filter((l) => l === labels[i]).length > 1;
  const withSet = base.map((label, i) => {
    const set = index.results.get(synthesis.effects[i]!.result)?.population;
    return repeated(base, i) && set !== undefined ? `${label} (${ANALYSIS_SETS[set] ?? set})` : label;
  });
  const numbered = withSet.map((label, i) => {
    if (!repeated(withSet, i)) return label;
    const same = withSet.flatMap((l, j) => (l === label ? [j] : []));
    return `${label} (result ${same.indexOf(i) + 1} of ${same.length})`;
  });
  return numbered;
}

function forestRow(effect: EffectRow, label: string, synthesis: SynthesisResult, index: DataIndex): ForestRow {
  const arms = armData(index.results.get(effect.result), index);
  const base = { label, ...(arms !== undefined && { arms }) };
  if (!effect.estimable) return { ...base, notEstimable: effect.reason };
  return {
    ...base,
    estimate: display(synthesis.measure, effect.yi, effect.participants.n),
    ciLower: display(synthesis.measure, effect.ciLower, effect.participants.n),
    ciUpper: display(synthesis.measure, effect.ciUpper, effect.participants.n),
    ...(effect.weight !== undefined && { weightPercent: effect.weight }),
  };
}

/**
 * A synthesis described without pooling, in words: each estimable study with its own outcome
 * definition, its count when it has one, and the estimate with CI on the reporting scale
 * ("Roth 1996 (SIB ceased): 6/7, 0.86 [0.42, 0.98]"). Where every participant (or none) is
 * an event, escalc adds 1/2 to each cell first (metafor's default), so the estimate is not
 * the raw proportion: the text says so. Studies with no usable numbers are left to the notes.
 */
export function describedEstimates(synthesis: SynthesisResult, index: DataIndex): string[] {
  const labels = rowLabels(synthesis, index);
  return synthesis.effects.flatMap((e, i) => {
    if (!e.estimable) return [];
    const n = e.participants.n;
    const [estimate, lower, upper] = [e.yi, e.ciLower, e.ciUpper].map((x) => display(synthesis.measure, x, n)) as [number, number, number];
    const arms = armData(index.results.get(e.result), index)?.intervention;
    const count = arms !== undefined && typeof arms !== "string" && "events" in arms ? `${arms.events}/${arms.total}, ` : n === null ? "" : `n = ${n}, `;
    const corrected = synthesis.measure === "PLO" && arms !== undefined && typeof arms !== "string" && "events" in arms && (arms.events === 0 || arms.events === arms.total);
    const note = corrected ? " (1/2 added to each cell before the logit, as metafor's escalc does)" : "";
    return [`${labels[i]} (${e.instrument}): ${count}${formatEffectCi(estimate, lower, upper)}${note}`];
  });
}

/** The pooled diamond on the reporting scale; a prediction interval only for a real pooled estimate (k > 1). */
function diamond(pooled: PooledEstimate): ForestSummary {
  const t = pooled.backTransformed;
  const m = pooled.model;
  const [estimate, ciLower, ciUpper, piLower, piUpper] = t === null ? [m.estimate, m.ciLower, m.ciUpper, m.piLower, m.piUpper] : [t.estimate, t.ciLower, t.ciUpper, t.piLower, t.piUpper];
  const withInterval = pooled.kind === "pooled" && piLower !== null && piUpper !== null;
  return { estimate, ciLower, ciUpper, ...(withInterval && { piLower, piUpper }) };
}

/**
 * RevMan's footer lines. A single-arm proportion has no null value anyone chose (the model's
 * test is of logit 0, a proportion of 50%), so no test for overall effect is printed for it.
 */
function footer(pooled: PooledEstimate | null, notPooled: string | null, singleArm: boolean): Pick<ForestPlotData, "heterogeneityText" | "overallEffectText"> {
  if (notPooled !== null) return { heterogeneityText: "Not pooled: each study described on its own (the reason is in the notes)" };
  if (pooled === null) return { heterogeneityText: "Not estimable: no study in this analysis gave usable numbers" };
  const m = pooled.model;
  const test = m.df !== undefined && m.test !== "z" ? { statistic: "t" as const, value: m.statistic, df: m.df, pval: m.pval } : { statistic: "z" as const, value: m.statistic, pval: m.pval };
  const overall = singleArm ? {} : { overallEffectText: overallEffectText(test) };
  if (pooled.kind === "single-study") return { heterogeneityText: "Heterogeneity: not applicable (one study)", ...overall };
  const randomEffects = m.method !== "EE" && m.method !== "FE";
  return {
    heterogeneityText: heterogeneityText({ ...(randomEffects && { tau2: m.tau2 }), QE: m.QE, df: m.QEdf, QEp: m.QEp }),
    ...overall,
  };
}

/**
 * Which way is better on the plot's axis: the synthesis's aligned direction (difference
 * measures), or for a ratio measure the `better` every selected result shares (none when
 * they differ: ratios are not aligned).
 */
function betterOf(synthesis: SynthesisResult, index: DataIndex): "lower" | "higher" | undefined {
  if (synthesis.direction !== null) return synthesis.direction.better;
  if (!isRatioMeasure(synthesis.measure)) return undefined;
  const sides = new Set(synthesis.effects.flatMap((e) => {
    const better = index.results.get(e.result)?.outcome.better;
    return better === undefined ? [] : [better];
  }));
  const [only] = [...sides];
  return sides.size === 1 ? only : undefined;
}

function favours(synthesis: SynthesisResult, index: DataIndex, intervention: string, comparator: string): ForestPlotData["favours"] {
  if (synthesis.evidence === "single-arm") return undefined;
  const better = betterOf(synthesis, index);
  if (better === undefined) return undefined;
  return better === "lower" ? { left: intervention, right: comparator } : { left: comparator, right: intervention };
}

/** "Favours <intervention> / Favours <comparator>" in the direction of the synthesis, named as the spec names the arms; none for single-arm evidence. */
export function favoursOf(synthesis: SynthesisResult, index: DataIndex, labels: ArmLabels): ForestPlotData["favours"] {
  return favours(synthesis, index, labels.intervention, comparatorLabel(synthesis, index, labels).text);
}

/** The forest plot of a synthesis, or null when it selects no result at all. */
export function forestDataOf(synthesis: SynthesisResult, index: DataIndex, labels: ArmLabels): ForestPlotData | null {
  if (synthesis.effects.length === 0) return null;
  const single = synthesis.evidence === "single-arm";
  const comparator = comparatorLabel(synthesis, index, labels);
  const pooled = synthesis.pooled;
  const favoursLabels = favours(synthesis, index, labels.intervention, comparator.text);
  const rows = rowLabels(synthesis, index);
  const intervention = capitalised(labels.intervention);
  return {
    title: single ? `${synthesis.outcome.label}: single-arm proportions` : `${synthesis.outcome.label}: ${labels.intervention} vs ${comparator.text}`,
    measure: measureName(synthesis.measure),
    method: synthesis.notPooled === null ? methodLine(synthesis.model, pooled) : "Study by study, not pooled",
    level: synthesis.model.level,
    scale: isRatioMeasure(synthesis.measure) ? "log" : "identity",
    kind: single ? "single-arm proportion" : "comparative",
    columns: single ? { intervention } : { intervention, comparator: comparator.heading },
    rows: synthesis.effects.map((e, i) => forestRow(e, rows[i]!, synthesis, index)),
    // RevMan prints the total row for one study too (the study itself, 100% of the weight).
    ...(pooled !== null && { pooled: diamond(pooled) }),
    ...footer(pooled, synthesis.notPooled, single),
    ...(favoursLabels !== undefined && { favours: favoursLabels }),
  };
}

/**
 * The synthesis split by each subgroup variable that analyze could run (two or more groups
 * and a test for differences): estimable studies under their group, each group's subtotal
 * diamond from its own model, the overall diamond, and the test for subgroup differences.
 * Study weights are those of the overall analysis, so the subtotals add up to 100%.
 */
export function subgroupForestsOf(synthesis: SynthesisResult, index: DataIndex, arms: ArmLabels): SubgroupForest[] {
  const main = forestDataOf(synthesis, index, arms);
  if (main === null) return [];
  const labels = rowLabels(synthesis, index);
  return synthesis.subgroups.flatMap((s) => {
    if (s.groups === null || s.groups.length < 2 || s.differences === null) return [];
    const rows = s.groups.flatMap((g) =>
      synthesis.effects.flatMap((e, i) => (e.estimable && g.results.includes(e.result) ? [{ ...forestRow(e, labels[i]!, synthesis, index), group: groupLabel(s.variable, g.group) }] : [])),
    );
    const subgroups = s.groups.map((g) => ({ name: groupLabel(s.variable, g.group), pooled: diamond(g.pooled), ...footer(g.pooled, null, synthesis.evidence === "single-arm") }));
    const test = subgroupDifferencesText({ QM: s.differences.QB, df: s.differences.df, QMp: s.differences.pval });
    const forest: ForestPlotData = { ...main, title: `${main.title}, by ${variableName(s.variable)}`, rows, subgroups, subgroupDifferencesText: test };
    return [{ id: `by-${variableName(s.variable).replace(/[^a-z0-9]+/g, "-")}`, forest }];
  });
}
