/**
 * Words for codes, as a reader of a review expects them: study labels ("Roth 1996"),
 * designs, effect measures and models. One place, so the report and its tables agree.
 */
import type { Study, StudyDesign } from "@metakit/schema";
import type { ModelChoice } from "../types.js";

/**
 * A study's label for a reader: "Roth 1996" from the first author and year; without an
 * author, a short descriptive label the data states (a title's subtitle of at most
 * SHORT_TITLE characters, "Retrospective population study 1996"), else the journal and
 * year, else a short title, a registry id, and the id only when nothing else is recorded.
 */
export function studyLabel(study: Study | undefined, id: string): string {
  if (study === undefined) return id;
  const year = study.citation.year === undefined ? "" : ` ${study.citation.year}`;
  const surname = surnameOf(study.citation.authors?.[0]);
  if (surname !== undefined) return `${surname}${year}`;
  const { subtitle, title } = shortTitles(study.citation.title);
  if (subtitle !== undefined) return `${subtitle}${year}`;
  if (study.citation.journal !== undefined) return `${study.citation.journal}${year}`;
  if (title !== undefined) return `${title}${year}`;
  return study.registrations?.[0] ?? id;
}

/**
 * The surname of an author written as Vancouver lists them, "Surname Initials": every word
 * before the initials, so particles and compound names stay whole ("De Sousa A" -> "De
 * Sousa", "Glaudemans-van Gelderen I"); a name without initials gives its first word.
 */
export function surnameOf(author: string | undefined): string | undefined {
  const words = author?.trim().split(/\s+/).filter((w) => w !== "") ?? [];
  if (words.length === 0) return undefined;
  const initials = /^[A-Z](?:[A-Z.-]{0,5})$/;
  return words.length > 1 && initials.test(words[words.length - 1]!) ? words.slice(0, -1).join(" ") : words[0];
}

/** The longest title part used as a label (a forest plot's study column is narrow). */
const SHORT_TITLE = 40;

/** "Aspirin and migraine: a retrospective population study." -> subtitle "Retrospective population study"; each only when short. */
function shortTitles(text: string | undefined): { subtitle?: string; title?: string } {
  if (text === undefined) return {};
  const tidy = (part: string) => {
    const t = part.trim().replace(/[.]+$/, "").replace(/^(a|an|the)\s+/i, "");
    return t === "" || t.length > SHORT_TITLE ? undefined : t.charAt(0).toUpperCase() + t.slice(1);
  };
  const colon = text.lastIndexOf(":");
  const subtitle = colon >= 0 ? tidy(text.slice(colon + 1)) : undefined;
  const title = colon >= 0 ? undefined : tidy(text);
  return { ...(subtitle !== undefined && { subtitle }), ...(title !== undefined && { title }) };
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

/**
 * RevMan's method line of the model that ran: "IV, Random (REML, Knapp-Hartung), 95% CI";
 * for one study, its own estimate with a z interval, "IV, one study (z), 95% CI"; nothing
 * ran when no study was estimable, and the line names the planned model as planned.
 */
export function methodLine(model: ModelChoice, fitted?: { readonly kind: "pooled" | "single-study"; readonly model: { readonly method: string; readonly test: string } } | null): string {
  if (fitted?.kind === "single-study") return `IV, one study (z), ${model.level}% CI`;
  const ran = fitted === undefined || fitted === null ? model : { ...model, method: fitted.model.method as ModelChoice["method"], test: fitted.model.test === "knha" ? ("knha" as const) : ("z" as const) };
  const test = ran.test === "knha" ? ", Knapp-Hartung" : "";
  const kind = isCommonEffect(ran) ? `Fixed (${ran.method}${test})` : `Random (${ran.method}${test})`;
  const planned = fitted === null ? " (planned; nothing was pooled)" : "";
  return `IV, ${kind}, ${ran.level}% CI${planned}`;
}

/** The planned model in words: "a random-effects model (REML, Knapp-Hartung)". */
function plannedModel(model: ModelChoice): string {
  const test = model.test === "knha" ? ", Knapp-Hartung" : "";
  return isCommonEffect(model) ? `a common-effect model (${model.method}${test})` : `a random-effects model (${model.method}${test})`;
}

/**
 * The model in a sentence, for "What was assumed": what ran. With one estimable study the
 * study's own estimate and z interval are shown, and the sentence says so; with none,
 * nothing ran.
 */
export function modelSentence(model: ModelChoice, predictionIntervalShown: boolean, ran: "pooled" | "single-study" | "none" | "described" = "pooled"): string {
  if (ran === "described") return `Described study by study: no model is fitted and nothing is pooled; each study's ${model.level}% confidence interval is its own.`;
  if (ran === "single-study") return `One estimable study: its own estimate with a z-based ${model.level}% confidence interval is shown; the planned ${plannedModel(model).slice(2)} needs two or more studies.`;
  if (ran === "none") return `No study was estimable, so nothing was pooled; the planned model was ${plannedModel(model)} with ${model.level}% confidence intervals.`;
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
