/** The text output of `metakit pool`, in the words and number formats of RevMan. */
import { backTransform, backTransformOf, MEASURE_LABELS } from "@metakit/effect-size";
import {
  formatEffectCi,
  formatFixed,
  formatInterval,
  formatWeight,
  heterogeneityText,
  overallEffectText,
  subgroupDifferencesText,
} from "@metakit/report/format";
import {
  backTransformed,
  subgroupSummaries,
  type PoolingResult,
  type PoolingSummary,
  type StudyEffect,
  type SubgroupSummary,
} from "./pooling-json.js";

const MODEL_NAMES: Readonly<Record<string, string>> = {
  EE: "Equal-effects model (inverse variance)",
  FE: "Equal-effects model (inverse variance)",
  MH: "Equal-effects model (Mantel-Haenszel)",
  PETO: "Equal-effects model (Peto)",
};

function modelName(method: string): string {
  return MODEL_NAMES[method] ?? `Random-effects model (${method} estimate of tau²)`;
}

/** The printout of one model; `studyTable: false` leaves out the per-study rows (the overall model of --by, whose studies the subgroups listed). */
export function poolingText(summary: PoolingSummary, { studyTable: withStudies = true } = {}): string {
  const { result, measure } = summary;
  const lines = [
    `${modelName(result.method)}, ${MEASURE_LABELS[measure].toLowerCase()} (${measure}), ${result.k} ${result.k === 1 ? "study" : "studies"}`,
    "",
    ...effectLines(summary),
    heterogeneityLine(result),
    overallEffectText(
      result.test === "z"
        ? { statistic: "z", value: result.statistic, pval: result.pval }
        : { statistic: "t", value: result.statistic, df: ("df" in result && result.df) || result.k - 1, pval: result.pval },
    ),
    ...tau2CiLines(result),
    ...(withStudies ? ["", ...studyTable(summary)] : []),
    ...listLines("Not estimable", summary.excluded.map((e) => `${e.study} (row ${e.row}): ${e.reason}`)),
    ...listLines("Notes", [...summary.effectNotes, ...result.notes]),
  ];
  return lines.join("\n") + "\n";
}

function effectLines(summary: PoolingSummary): string[] {
  const { result, measure } = summary;
  const level = `${result.level}% CI`;
  const back = backTransformed(summary);
  const re = "piMethod" in result ? result : undefined;
  const lines: string[] = [];
  if (back && back.estimate !== null && back.ciLower !== null && back.ciUpper !== null) {
    lines.push(`${MEASURE_LABELS[measure]} ${formatEffectCi(back.estimate, back.ciLower, back.ciUpper)} (${level})`);
    lines.push(`  on the analysis scale: ${formatEffectCi(result.estimate, result.ciLower, result.ciUpper, 4)}, SE ${formatFixed(result.se, 4)}`);
  } else {
    lines.push(`${MEASURE_LABELS[measure]} ${formatEffectCi(result.estimate, result.ciLower, result.ciUpper)} (${level}), SE ${formatFixed(result.se, 4)}`);
  }
  if (re && re.piLower !== null && re.piUpper !== null) {
    const [lower, upper] = back && back.piLower !== null && back.piUpper !== null ? [back.piLower, back.piUpper] : [re.piLower, re.piUpper];
    lines.push(`Prediction interval: ${formatInterval(lower, upper)} (${piDescription(re.piMethod, result.k)})`);
  }
  return lines;
}

function piDescription(method: string, k: number): string {
  if (method === "z") return "normal quantile, as metafor's predict()";
  if (method === "higgins") return `t with ${k - 2} df, Higgins et al. 2009`;
  return `t with ${k - 1} df`;
}

function heterogeneityLine(result: PoolingResult): string {
  if (result.QEdf < 1) return "Heterogeneity: not applicable (one study)";
  const random = result.method !== "EE" && result.method !== "FE" && result.method !== "MH" && result.method !== "PETO";
  return heterogeneityText({ ...(random && { tau2: result.tau2 }), QE: result.QE, df: result.QEdf, QEp: result.QEp, I2: result.I2 });
}

function tau2CiLines(result: PoolingResult): string[] {
  if (!("tau2CI" in result) || !result.tau2CI || !result.I2CI || !result.H2CI) return [];
  const ci = (i: { lower: number; upper: number }, digits: number) => formatInterval(i.lower, i.upper, digits);
  return [
    `Q-profile ${result.level}% CIs: Tau² ${ci(result.tau2CI, 4)}; I² ${ci(result.I2CI, 1)}%; H² ${ci(result.H2CI, 2)}`,
  ];
}

function studyTable(summary: PoolingSummary): string[] {
  const { measure, result, studies } = summary;
  const width = studies.reduce((max, s) => Math.max(max, s.label.length), 5); // no spread: k can exceed the call-stack limit
  const onReportingScale = (x: number, ni: number | undefined) =>
    backTransformOf(measure) === "identity" ? x : backTransform(measure, x, ni === undefined ? {} : { ni });
  const effect = (s: StudyEffect) =>
    s.effect
      ? formatEffectCi(...([s.effect.yi, s.effect.ciLower, s.effect.ciUpper].map((x) => onReportingScale(x, s.ni)) as [number, number, number]))
      : "not estimable";
  const rows = studies.map((s, i) => `${s.label.padEnd(width)}  ${effect(s).padEnd(24)}  ${formatWeight(result.weights[i]!)}`);
  return [`${"Study".padEnd(width)}  ${"Effect [95% CI]".padEnd(24)}  Weight`, ...rows];
}

function listLines(title: string, items: readonly string[]): string[] {
  return items.length === 0 ? [] : ["", `${title}:`, ...items.map((item) => `- ${item}`)];
}

export function subgroupText(summary: SubgroupSummary): string {
  const { analysis } = summary;
  const across = analysis.tau2Across === "common" ? "a common tau² across subgroups" : "tau² estimated within each subgroup";
  const parts = subgroupSummaries(summary).map(({ group, summary: s }) => `Subgroup: ${group}\n${poolingText(s)}`);
  if (summary.overall) parts.push(`Overall (all subgroups)\n${poolingText(summary.overall, { studyTable: false })}`);
  const { QB, df, pval, I2 } = analysis.differences;
  const closing = [
    `${subgroupDifferencesText({ QM: QB, df, QMp: pval, I2 })} (${across})`,
    ...listLines("Not estimable", summary.excluded.map((e) => `${e.study} (row ${e.row}): ${e.reason}`)),
    ...listLines("Notes", [...summary.effectNotes, ...analysis.notes]),
  ];
  return [...parts, closing.join("\n")].join("\n") + "\n";
}
