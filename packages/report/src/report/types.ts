/**
 * The input of a review report: plain data, every number already computed and every
 * judgement already made elsewhere (`metakit analyze`, `@metakit/grade`). An adapter at the
 * edge (the CLI) builds it from the analysis results, the extracted data and the claims
 * audit; the report only lays it out, so the same input always gives the same files.
 *
 * Effects are on the display scale (ratios, proportions, differences), as for the forest
 * plot. Text is plain text: the renderers escape it for HTML, Markdown, CSV and SVG.
 */
import type { SummaryOfFindingsTable } from "@metakit/grade";
import type { ForestPlotData } from "../forest/types.js";
import type { AnalysisRiskOfBias } from "../rob/types.js";
import type { AnalysisRobustness } from "./robustness-figures.js";
import type { PrismaFlow } from "../prisma/types.js";

export interface ReportInput {
  readonly title: string;
  /** Paragraphs under the title: what was reviewed, from which data. */
  readonly introduction?: readonly string[];
  /** What produced the report, e.g. "metakit 0.1.0"; no date, so the output is reproducible. */
  readonly generator?: string;
  /** Input files the report was built from (analyses/review.yaml, data/trials.yaml, ...). */
  readonly sources?: readonly string[];
  readonly indications: readonly IndicationReport[];
  /** The claims audit of the secondary sources (across indications). */
  readonly claims?: readonly ClaimAuditRow[];
  /** The methods of the review in words, citing `references` by number ("[2]"). */
  readonly methods?: MethodsSection;
  /** The PRISMA 2020 flow, from the review's screening record; absent: no study-selection section, no diagram. */
  readonly prisma?: PrismaFlow;
}

export interface MethodsSection {
  readonly paragraphs: readonly string[];
  /** The sources cited, in the order of their numbers (the first is [1]). */
  readonly references: readonly string[];
  /** The key results, one paragraph per outcome, citing `references` by number. */
  readonly results?: readonly KeyResult[];
}

/** One outcome's key result in words: estimate, interval, heterogeneity, certainty. */
export interface KeyResult {
  /** The indication's section id (the paragraph links to it). */
  readonly indication: string;
  /** "Depression: depressive symptoms". */
  readonly title: string;
  readonly text: string;
}

export interface IndicationReport {
  /** Short id, used as the folder name and the anchor: lower case, digits and hyphens. */
  readonly id: string;
  readonly title: string;
  readonly question: ReviewQuestion;
  /** One per synthesis of the spec. */
  readonly analyses: readonly AnalysisReport[];
  readonly characteristics: readonly StudyCharacteristics[];
  /** Results that could not be pooled, described in words. */
  readonly narrative: readonly NarrativeEntry[];
  readonly summaryOfFindings: SummaryOfFindings | null;
  /** Studies the spec excludes, with the reason. */
  readonly excluded: readonly { readonly study: string; readonly reason: string }[];
  /** What could not be computed, in words; shown so a reader sees gaps. */
  readonly problems: readonly string[];
}

export interface ReviewQuestion {
  readonly population: string;
  readonly intervention: string;
  readonly comparator: string;
  readonly outcomes: readonly string[];
}

/** An effect with its interval on the display scale. */
export interface EffectInterval {
  readonly estimate: number;
  readonly ciLower: number;
  readonly ciUpper: number;
}

export interface AnalysisReport {
  /** Synthesis id, unique within the indication (used in file names). */
  readonly id: string;
  /** The outcome as a reader knows it. */
  readonly title: string;
  readonly evidence: "comparative" | "single-arm";
  /** Confidence level in percent of the analysis's intervals (95); the reading guide names it. */
  readonly level?: number;
  /** The forest plot; null when nothing could be estimated (then `noForestReason`). */
  readonly forest: ForestPlotData | null;
  readonly noForestReason?: string;
  /** Every assumption behind the numbers, one sentence each: model, test, interval, conversions, imputed values. */
  readonly assumptions: readonly string[];
  /** One block per subgroup variable: its heading and the lines of its result. */
  readonly subgroups: readonly { readonly variable: string; readonly lines: readonly string[] }[];
  /** Forest plots with subgroup subtotals and the test for subgroup differences, one per variable. */
  readonly subgroupForests?: readonly SubgroupForest[];
  readonly scenarios: readonly ScenarioSummary[];
  /** Bayesian models and GLMMs beside the frequentist result (the primary analysis or a sensitivity analysis); absent or empty: none. */
  readonly models?: readonly ModelSummary[];
  readonly notes: readonly string[];
  /** Recorded RoB 2 / ROBINS-I judgements of the analysis's results, or the statement that there are none; absent: not shown. */
  readonly riskOfBias?: AnalysisRiskOfBias;
  /** Funnel plot and small-study tests, leave-one-out, GOSH and meta-regressions, where they ran. */
  readonly robustness?: AnalysisRobustness;
}

export interface SubgroupForest {
  /** Short id, unique within the analysis (used in file names): "by-design". */
  readonly id: string;
  readonly forest: ForestPlotData;
}

/** A sensitivity scenario of one synthesis: the refit and what changed. */
export interface ScenarioSummary {
  readonly label: string;
  readonly description: string;
  /** Studies in the refit. */
  readonly k: number;
  /** Confidence level of the refit's interval, in percent (95 when absent). */
  readonly level?: number;
  readonly effect: EffectInterval | null;
  /** Assumptions the scenario applied and studies it left out, in words. */
  readonly changes: readonly string[];
}

/**
 * A Bayesian model or GLMM fitted to an analysis, beside the frequentist result of the same
 * studies: what the model assumes (the prior and its justification; the GLMM's likelihood)
 * and both estimates on the display scale.
 */
export interface ModelSummary {
  /** "Primary analysis" or the scenario's label. */
  readonly label: string;
  /** The model in words: "Bayesian random effects", "GLMM (UM.FS)". */
  readonly model: string;
  readonly role: "primary" | "sensitivity";
  /** What the model assumes, one sentence each. */
  readonly assumes: readonly string[];
  /** Studies in the model. */
  readonly k: number;
  /** The frequentist result of the same studies (the scenario's refit), and its confidence level in percent. */
  readonly frequentist: EffectInterval | null;
  readonly frequentistLevel: number;
  /** The model's estimate: posterior median and credible interval (Bayesian), or the GLMM's estimate and CI; null with `notFitted`. */
  readonly estimate: EffectInterval | null;
  /** Name of the model's interval: "95% CrI" or "95% CI". */
  readonly interval: string;
  /** Why the model could not be fitted. */
  readonly notFitted?: string;
}

export interface ArmCharacteristics {
  /** As named in the study: "drug 4.5 mg", "placebo". */
  readonly label: string;
  readonly n: number | null;
  /** Where `n` comes from when not the arm's own record: "analysed" (the total of its result). */
  readonly nSource?: string;
  /** Dose as reported ("4.5 mg/day"); empty when not an active arm. */
  readonly dose?: string;
  /** "low", "standard", ...; or why there is none. */
  readonly doseClass?: string;
}

/** One row of the table of study characteristics. */
export interface StudyCharacteristics {
  readonly study: string;
  readonly design: string;
  readonly population: string;
  /** The review's own study characteristics as text, by name ("latitude": "44"). */
  readonly characteristics?: Readonly<Record<string, string>>;
  readonly arms: readonly ArmCharacteristics[];
  readonly duration: string;
  readonly outcome: string;
  /** The result as the source reports it, in words and numbers. */
  readonly result: string;
  readonly riskOfBias: string;
  /** Provenance of the study's numbers: "12 verified, 1 computed", or what is unverified. */
  readonly provenance: string;
}

/** A result described in words: why it is not in a pooled analysis, and what it says. */
export interface NarrativeEntry {
  readonly study: string;
  readonly design: string;
  /** A count, or a count with what it counts ("37 randomised"); null: not reported. */
  readonly participants: number | string | null;
  readonly outcome: string;
  readonly finding: string;
  readonly reason: string;
}

export interface SummaryOfFindings {
  readonly table: SummaryOfFindingsTable;
  /** The participants cell by outcome, in words ("99 analysed (1 study); not estimable: ..."); absent: the grade row's numbers. */
  readonly participantsTexts?: Readonly<Record<string, string>>;
  /** Outcome labels by the table's outcome name, when the name is an id. */
  readonly outcomeLabels?: Readonly<Record<string, string>>;
  /** The pooled effect in words by outcome name, for rows without an absolute or relative
   * effect (a single-arm proportion: "0.39 [0.14, 0.72]"). */
  readonly effectTexts?: Readonly<Record<string, string>>;
  /** Confidence level in percent of each outcome's intervals, by outcome name (95 when absent). */
  readonly levels?: Readonly<Record<string, number>>;
}

/** A claim of a secondary source, checked against the primary record. */
export interface ClaimAuditRow {
  readonly id: string;
  readonly source: string;
  readonly quote: string;
  readonly claim: string;
  readonly status: string;
  readonly supporting: readonly string[];
  readonly contradicting: readonly string[];
  readonly note: string;
}
