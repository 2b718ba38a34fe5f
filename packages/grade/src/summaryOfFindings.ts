/**
 * Summary of Findings data, one row per outcome, as in Cochrane reviews and GRADEpro:
 * outcome (measure, follow-up); anticipated absolute effects; relative effect (95% CI);
 * participants (studies); certainty with footnote letters, one footnote per change of
 * level; a plain-language statement; comments. Plain data: @metakit/report draws it.
 * @reference Cochrane Handbook v6.4, chapter 14 (Summary of findings tables); Guyatt et al.
 *   (2013) GRADE guidelines 12: preparing summary of findings tables, binary outcomes,
 *   J Clin Epidemiol 66:158-172; and 13, continuous outcomes, 66:173-183.
 */
import { MetakitError } from "@metakit/base";
import {
  absoluteEffect,
  continuousEffect,
  type AbsoluteEffect,
  type ContinuousEffect,
} from "./absoluteEffects.js";
import { formatNumber } from "./decisionThresholds.js";
import type { Certainty } from "./levels.js";
import { fromGivenScale, isDichotomous, measureKind, toNaturalScale, type Measure } from "./measures.js";
import { certaintyStatement } from "./plainLanguage.js";
import { rateOutcome } from "./rateOutcome.js";
import type { GradeSpec, LevelChange, OutcomeEvidence, OutcomeGradeSpec, OutcomeRating } from "./types.js";

export interface SummaryOfFindingsQuestion {
  readonly population: string;
  readonly setting?: string;
  readonly intervention: string;
  readonly comparison: string;
}

export interface RelativeEffect {
  readonly measure: Measure;
  readonly estimate: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  /** e.g. "RR 0.92 (0.83 to 1.02)". */
  readonly text: string;
}

export interface SummaryOfFindingsRow {
  readonly outcome: string;
  readonly measure: Measure;
  /** The follow-up the spec states; null when the spec states none. */
  readonly followUp: string | null;
  /** One per assumed comparator risk (dichotomous measures with a comparator risk). */
  readonly absoluteEffects: readonly AbsoluteEffect[];
  /** MD or SMD with the comparator mean where known; null for other measures, where no mean difference applies, or without a pooled estimate. */
  readonly continuousEffect: ContinuousEffect | null;
  /** Ratio measures only (OR, RR, HR), on the ratio scale; null for other measures, or without a pooled estimate. */
  readonly relativeEffect: RelativeEffect | null;
  /** Participants in the studies that carry the result. */
  readonly participants: number;
  readonly studies: number;
  readonly estimableStudies: number;
  /** "randomised" or "non-randomised", as the table's design column. */
  readonly design: string;
  readonly certainty: Certainty;
  readonly symbols: string;
  readonly footnotes: readonly string[];
  readonly statement: string;
  readonly comments: readonly string[];
}

export interface Footnote {
  readonly letter: string;
  readonly outcome: string;
  readonly change: LevelChange;
  /** e.g. "Rated down two levels for imprecision: the 95% CI 0.5 to 1.9 crosses 0.75, 1, 1.25." */
  readonly text: string;
}

export interface SummaryOfFindingsTable {
  readonly question: SummaryOfFindingsQuestion;
  readonly rows: readonly SummaryOfFindingsRow[];
  readonly footnotes: readonly Footnote[];
}

export interface GradedAnalysis {
  readonly ratings: readonly OutcomeRating[];
  readonly summaryOfFindings: SummaryOfFindingsTable;
}

/**
 * Rate every outcome of an analysis and build its Summary of Findings table. Each outcome's
 * spec is looked up by name; a spec entry that names no outcome is an error (a typo would
 * otherwise silently drop its thresholds and judgements).
 */
export function gradeAnalysis(
  question: SummaryOfFindingsQuestion,
  evidence: readonly OutcomeEvidence[],
  spec: GradeSpec = { outcomes: {} },
): GradedAnalysis {
  const names = new Set<string>();
  for (const e of evidence) {
    if (names.has(e.outcome)) {
      throw new MetakitError("INVALID_INPUT", `grade: two outcomes named ${e.outcome}`, { outcome: e.outcome, field: "outcome", value: e.outcome });
    }
    names.add(e.outcome);
  }
  for (const name of Object.keys(spec.outcomes)) {
    if (!names.has(name)) {
      throw new MetakitError("INVALID_INPUT", `grade spec: no evidence for outcome ${name}`, { outcome: name, field: "outcomes", value: name });
    }
  }
  const items = evidence.map((e) => {
    const outcomeSpec = spec.outcomes[e.outcome] ?? {};
    return { evidence: e, spec: outcomeSpec, rating: rateOutcome(e, outcomeSpec) };
  });
  return { ratings: items.map((i) => i.rating), summaryOfFindings: summaryOfFindings(question, items) };
}

export function summaryOfFindings(
  question: SummaryOfFindingsQuestion,
  items: readonly { evidence: OutcomeEvidence; spec: OutcomeGradeSpec; rating: OutcomeRating }[],
): SummaryOfFindingsTable {
  const footnotes: Footnote[] = [];
  const rows = items.map(({ evidence, spec, rating }) => {
    const letters = rating.changes.map((change) => {
      const letter = footnoteLetter(footnotes.length);
      footnotes.push({ letter, outcome: evidence.outcome, change, text: footnoteText(change) });
      return letter;
    });
    return summaryOfFindingsRow(question, evidence, spec, rating, letters);
  });
  return { question, rows, footnotes };
}

export function summaryOfFindingsRow(
  question: SummaryOfFindingsQuestion,
  evidence: OutcomeEvidence,
  spec: OutcomeGradeSpec,
  rating: OutcomeRating,
  footnoteLetters: readonly string[],
): SummaryOfFindingsRow {
  const effect = naturalEffect(evidence);
  const estimable = evidence.studies.filter((s) => s.estimable);
  const described = evidence.notPooled !== undefined;
  const carrying = evidence.pooled === undefined && !described ? evidence.studies : estimable;
  const comments: string[] = [];
  if (spec.comment !== undefined) comments.push(spec.comment);
  if (described) comments.push(`Described study by study, not pooled: ${evidence.notPooled}.`);
  if (described && estimable.length < evidence.studies.length) {
    comments.push(`${evidence.studies.length - estimable.length} of ${evidence.studies.length} studies gave no usable numbers.`);
  } else if (evidence.pooled === undefined && !described) comments.push("Not estimable: no study gave usable numbers.");
  else if (estimable.length < evidence.studies.length) {
    comments.push(`${evidence.studies.length - estimable.length} of ${evidence.studies.length} studies could not be estimated.`);
  }
  const absolute = effect !== null && isDichotomous(evidence.measure)
    ? (spec.comparatorRisks ?? []).map((c) => absoluteEffect(evidence.measure, c, effect))
    : [];
  if (absolute.some((a) => a.capped)) comments.push("A risk with the intervention beyond 0 or 1,000 per 1,000 was capped.");
  if (effect !== null && isDichotomous(evidence.measure) && absolute.length === 0) {
    comments.push("No assumed comparator risk in the spec: no absolute effect.");
  }
  return {
    outcome: evidence.outcome,
    measure: evidence.measure,
    followUp: spec.followUp ?? null,
    absoluteEffects: absolute,
    continuousEffect:
      effect !== null && (evidence.measure === "MD" || evidence.measure === "SMD")
        ? continuousEffect(evidence.measure, effect, spec.comparatorMean)
        : null,
    relativeEffect: effect !== null && measureKind(evidence.measure) === "ratio" ? relativeEffect(evidence.measure, effect) : null,
    participants: carrying.reduce((sum, s) => sum + s.n, 0),
    studies: evidence.studies.length,
    estimableStudies: estimable.length,
    design: evidence.design,
    certainty: rating.certainty,
    symbols: rating.symbols,
    footnotes: footnoteLetters,
    statement: certaintyStatement({
      certainty: rating.certainty,
      intervention: question.intervention,
      outcome: evidence.outcome,
      direction: rating.direction,
      estimable: rating.estimable,
      singleGroup: measureKind(evidence.measure) === "proportion",
      described: evidence.notPooled !== undefined,
    }),
    comments,
  };
}

/** The pooled estimate and CI on the natural scale (ratios for OR, RR, HR). */
function naturalEffect(evidence: OutcomeEvidence): { estimate: number; lower: number; upper: number } | null {
  const pooled = evidence.pooled;
  if (pooled === undefined) return null;
  const natural = (x: number, field: string) =>
    toNaturalScale(evidence.measure, fromGivenScale(evidence.measure, pooled.scale, x, field));
  return {
    estimate: natural(pooled.estimate, "pooled.estimate"),
    lower: natural(pooled.ciLower, "pooled.ciLower"),
    upper: natural(pooled.ciUpper, "pooled.ciUpper"),
  };
}

function relativeEffect(measure: Measure, e: { estimate: number; lower: number; upper: number }): RelativeEffect {
  const two = (x: number) => x.toFixed(2);
  return { measure, estimate: e.estimate, ciLower: e.lower, ciUpper: e.upper, text: `${measure} ${two(e.estimate)} (${two(e.lower)} to ${two(e.upper)})` };
}

const LEVEL_WORDS = ["", "one level", "two levels", "three levels", "four levels"];

const DOMAIN_WORDS: Readonly<Record<LevelChange["domain"], string>> = {
  riskOfBias: "risk of bias",
  inconsistency: "inconsistency",
  indirectness: "indirectness",
  imprecision: "imprecision",
  publicationBias: "publication bias",
  largeEffect: "a large effect",
  doseResponse: "a dose-response gradient",
  residualConfounding: "plausible residual confounding",
};

/** "Rated down one level for risk of bias: ...", with the reviewer's reason if overridden. */
export function footnoteText(change: LevelChange): string {
  const direction = change.levels < 0 ? "down" : "up";
  const levels = LEVEL_WORDS[Math.abs(change.levels)] ?? `${formatNumber(Math.abs(change.levels))} levels`;
  const who = change.by === "reviewer" ? " (reviewer's judgement)" : "";
  return `Rated ${direction} ${levels} for ${DOMAIN_WORDS[change.domain]}${who}: ${change.reason}`;
}

/** a, b, ..., z, aa, ab, ...: footnote letters across the whole table. */
export function footnoteLetter(index: number): string {
  let n = index;
  let letters = "";
  do {
    letters = String.fromCharCode(97 + (n % 26)) + letters;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return letters;
}
