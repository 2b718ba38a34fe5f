/**
 * A named sensitivity scenario: the analysis refitted without the studies a criterion
 * excludes (high risk of bias, imputed inputs, ...), beside the full analysis.
 */
import { MetakitError } from "@metakit/base";
import type { MetaAnalysisResult } from "../meta-analysis.js";
import { metaAnalysisFor } from "../meta-analysis.js";
import type { MetaAnalysisOptions } from "../options.js";
import type { StudyInput } from "../validate-input.js";
import { validateStudies } from "../validate-input.js";

export interface Scenario {
  /** Shown in reports, e.g. "excluding high risk of bias". */
  readonly name: string;
  /** True for a study to leave out (0-based index, label). */
  readonly exclude: (index: number, label: string) => boolean;
}

export interface ScenarioResult {
  readonly name: string;
  readonly excluded: readonly { readonly index: number; readonly label: string }[];
  readonly full: MetaAnalysisResult;
  /** The analysis of the remaining studies. */
  readonly scenario: MetaAnalysisResult;
  /** scenario.estimate - full.estimate, on the analysis scale. */
  readonly estimateChange: number;
  readonly notes: readonly string[];
}

/**
 * Runs metaAnalysis() on all studies and on those the scenario keeps, with the same
 * options. Throws INSUFFICIENT_DATA when the criterion excludes every study.
 * @metafor rma(yi, vi, subset = !criterion)
 */
export function sensitivityScenario(
  input: StudyInput,
  scenario: Scenario,
  options: MetaAnalysisOptions = {},
): ScenarioResult {
  const studies = validateStudies(input, "sensitivityScenario");
  const labels = Array.from({ length: studies.k }, (_, i) => studies.labels?.[i] ?? String(i + 1));
  const keep = labels.map((label, i) => !scenario.exclude(i, label));
  const kept = keep.flatMap((k, i) => (k ? [i] : []));
  if (kept.length === 0) {
    throw new MetakitError("INSUFFICIENT_DATA", `sensitivityScenario: "${scenario.name}" excludes every study`, {
      field: "exclude",
      value: scenario.name,
    });
  }
  const { weights } = options;
  const weightsOf = (rows: readonly number[]) => (weights === undefined ? {} : { weights: rows.map((i) => weights[i]!) });
  const full = metaAnalysisFor("sensitivityScenario", { yi: studies.yi, vi: studies.vi, labels }, options);
  const reduced = metaAnalysisFor(
    "sensitivityScenario",
    { yi: kept.map((i) => studies.yi[i]!), vi: kept.map((i) => studies.vi[i]!), labels: kept.map((i) => labels[i]!) },
    { ...options, ...weightsOf(kept) },
  );
  const excluded = labels.flatMap((label, index) => (keep[index] ? [] : [{ index, label }]));
  return {
    name: scenario.name,
    excluded,
    full,
    scenario: reduced,
    estimateChange: reduced.estimate - full.estimate,
    notes: excluded.length === 0 ? [`"${scenario.name}" excludes no study`] : [],
  };
}
