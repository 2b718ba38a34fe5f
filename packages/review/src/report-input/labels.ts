/**
 * Words for codes, as a reader of a review expects them: study labels ("Roth 1996"),
 * designs, effect measures and models. One place, so the report and its tables agree.
 */
import type { Study, StudyDesign } from "@metakit/schema";
import type { ModelChoice } from "../types.js";

/** "Roth 1996" from the first author and year; the journal or a registry id when no author was seen. */
export function studyLabel(study: Study | undefined, id: string): string {
  if (study === undefined) return id;
  const year = study.citation.year === undefined ? "" : ` ${study.citation.year}`;
  const surname = study.citation.authors?.[0]?.split(" ")[0];
  if (surname !== undefined && surname !== "") return `${surname}${year}`;
  if (study.citation.journal !== undefined) return `${study.citation.journal}${year}`;
  return study.registrations?.[0] ?? id;
}

const DESIGNS: Readonly<Record<StudyDesign, string>> = {
  "parallel-rct": "Parallel-group RCT",
  "crossover-rct": "Randomised crossover trial",
  crossover: "Crossover trial (randomisation not stated)",
  "cluster-rct": "Cluster RCT",
  "non-randomised-controlled": "Non-randomised controlled study",
  cohort: "Cohort study",
  "single-arm-trial": "Single-arm trial",
  "case-series": "Case series",
  "case-report": "Case report",
  "n-of-1": "Single-subject (n-of-1) design",
  review: "Review",
};

export function designText(design: StudyDesign | "unknown", blinding?: string): string {
  const name = design === "unknown" ? "Design not known" : DESIGNS[design];
  return blinding === undefined || blinding === "not-reported" ? name : `${name}, ${blinding}`;
}

const MEASURE_NAMES: Readonly<Record<string, string>> = {
  RR: "Risk Ratio",
  OR: "Odds Ratio",
  RD: "Risk Difference",
  HR: "Hazard Ratio",
  MD: "Mean Difference",
  SMD: "Std. Mean Difference",
  ROM: "Ratio of Means",
  PLO: "Proportion",
  PR: "Proportion",
  PAS: "Proportion",
  PFT: "Proportion",
};

export const measureName = (measure: string): string => MEASURE_NAMES[measure] ?? measure;

const RATIO_MEASURES = new Set(["RR", "OR", "HR", "ROM", "PETO"]);
export const isRatioMeasure = (measure: string): boolean => RATIO_MEASURES.has(measure);

const isCommonEffect = (model: ModelChoice) => model.method === "EE" || model.method === "FE";

/** RevMan's method line: "IV, Random (REML, Knapp-Hartung), 95% CI". */
export function methodLine(model: ModelChoice): string {
  const test = model.test === "knha" ? ", Knapp-Hartung" : "";
  const kind = isCommonEffect(model) ? `Fixed (${model.method}${test})` : `Random (${model.method}${test})`;
  return `IV, ${kind}, ${model.level}% CI`;
}

/** The model in a sentence, for "What was assumed". */
export function modelSentence(model: ModelChoice, predictionIntervalShown: boolean): string {
  const base = isCommonEffect(model)
    ? "Common-effect (inverse-variance) model: all studies are assumed to estimate one true effect."
    : `Random-effects model: true effects are assumed to vary between studies; tau² estimated by ${model.method}.`;
  const test = model.test === "knha" ? " Test and confidence interval by Knapp-Hartung (t distribution)." : " Wald-type z test and confidence interval.";
  const pi = predictionIntervalShown ? ` A ${model.level}% prediction interval is shown.` : model.predictionInterval && !isCommonEffect(model) ? " No prediction interval: too few studies." : "";
  return `${base}${test} Confidence level ${model.level}%.${pi}`;
}

/** "1 study" / "3 studies". */
export const studies = (k: number): string => `${k} ${k === 1 ? "study" : "studies"}`;

/** Text as a sentence: ends in ".", "!" or "?" (one is added when it does not). */
export const sentence = (text: string): string => {
  const trimmed = text.trim();
  return /[.!?:]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

const VARIABLE_NAMES: Readonly<Record<string, string>> = { doseClass: "dose class", design: "design", comparator: "comparator", population: "population" };

/** "dose class" for doseClass; other variables as named. */
export const variableName = (variable: string): string => VARIABLE_NAMES[variable] ?? variable;

/** A subgroup's name for a reader: design codes in words, other groups as analyze names them. */
export function groupLabel(variable: string, group: string): string {
  return variable === "design" && group in DESIGNS ? DESIGNS[group as StudyDesign] : group;
}
