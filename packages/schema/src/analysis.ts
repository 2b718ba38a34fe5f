import { REGRESSION_METHODS, type TestType } from "@metakit/core";
import type { Measure } from "@metakit/effect-size";
import { z } from "zod";
import { booleanCell, Id, IdList, integerCell, levelCell, numberCell, Text } from "./cells.js";
import { DoseClasses } from "./dose.js";
import { AlternativeModel, BayesModel, FREQUENTIST_MODEL_TYPES, GlmmModel } from "./models.js";

/** Effect measures for comparative (parallel or paired) evidence: effect-size's codes (metafor's escalc). */
export const COMPARATIVE_MEASURES = ["MD", "SMD", "SMDH", "ROM", "RR", "OR", "RD", "MC", "SMCC", "SMCR"] as const satisfies readonly Measure[];
/** Effect measures for single-arm proportions (escalc: raw, logit, arcsine, Freeman-Tukey). */
export const PROPORTION_MEASURES = ["PR", "PLO", "PAS", "PFT"] as const satisfies readonly Measure[];
export const EFFECT_MEASURES = [...COMPARATIVE_MEASURES, ...PROPORTION_MEASURES] as const;
export type EffectMeasure = (typeof EFFECT_MEASURES)[number];

/** The tests a spec may ask for, of core's TESTS: z, or Knapp-Hartung. */
export const SPEC_TESTS = ["z", "knha"] as const satisfies readonly TestType[];
/**
 * Subgroup variables derived from the records themselves: the study's design and
 * population, the comparator arm, and the experimental arm's dose class (by the spec's
 * `doseClasses`). A spec may also name any study characteristic (`characteristics`).
 */
export const DERIVED_SUBGROUP_VARIABLES = ["doseClass", "comparator", "design", "population"] as const;
export type DerivedSubgroupVariable = (typeof DERIVED_SUBGROUP_VARIABLES)[number];

/** The numeric moderator derived from the records: the experimental arm's daily dose in mg. */
export const DAILY_DOSE_MODERATOR = "dailyDose";

export const Model = z
  .strictObject({
    type: z
      .enum(FREQUENTIST_MODEL_TYPES)
      .describe(
        "inverse-variance: one result per study (a study with several results enters with the first listed, metafor's rma); multilevel: several results of a study enter, nested within the study (three-level model, metafor's rma.mv(random = ~ 1 | study/result); method REML or ML; knha is read as t tests) wherever a study gives more than one estimable result.",
      )
      .default("inverse-variance"),
    method: z.enum(REGRESSION_METHODS).describe("tau2 estimator (metafor's method, as @metakit/core's REGRESSION_METHODS); FE/EE for a common-effect model.").default("REML"),
    test: z.enum(SPEC_TESTS).describe("z: normal-based; knha: Knapp-Hartung t-based CIs and tests.").default("z"),
    predictionInterval: booleanCell().describe("Report a prediction interval.").default(true),
    level: levelCell().describe("Confidence level: 0.95 or 95 (as metafor reads it); parsed as a percentage.").default(95),
  })
  .describe("The meta-analysis model.");

/** A scenario's model changes: only the fields given replace the synthesis's (no defaults). */
export const ScenarioModel = z
  .strictObject({
    type: z.enum(FREQUENTIST_MODEL_TYPES).optional(),
    method: z.enum(REGRESSION_METHODS).optional(),
    test: z.enum(SPEC_TESTS).optional(),
    predictionInterval: booleanCell().optional(),
    level: levelCell().optional(),
  })
  .describe("Model changes of a scenario; fields not given stay as the synthesis has them.");

/**
 * A scenario's model: changes of the inverse-variance (or multilevel) model, or a Bayesian
 * model or GLMM fitted as a sensitivity analysis beside the frequentist refit.
 */
export const ScenarioModelChoice = z
  .union([ScenarioModel, BayesModel, GlmmModel])
  .describe("Model changes (method, test, ...), or a Bayesian model (type: bayes) or GLMM (type: glmm) shown beside the frequentist result.");

export const SensitivityRequest = z
  .strictObject({
    leaveOneOut: booleanCell().describe("Leave-one-out refits (run when at least 3 studies are pooled).").default(true),
    gosh: booleanCell().describe("GOSH plot: the model fitted to every subset of the studies (run only when asked and at most 15 studies).").default(false),
  })
  .describe("Sensitivity analyses of a synthesis beyond its scenarios.");

export const MetaRegressionRequest = z
  .strictObject({
    moderator: Id.describe(
      "dailyDose (the experimental arm's daily dose in mg, numeric), a derived subgroup variable (categorical), or a study characteristic (numeric when every value is a number).",
    ),
    reference: Text.describe("Reference level of a categorical moderator (default: the first in sorted order).").optional(),
  })
  .describe("A meta-regression of the synthesis's effects on one moderator (run with at least 10 studies, Cochrane Handbook 10.11.5.1).");

export const Synthesis = z
  .strictObject({
    id: Id,
    outcome: Id.describe("Outcome id from question.outcomes."),
    evidence: z
      .enum(["comparative", "single-arm"])
      .describe("comparative: the intervention vs a comparator; single-arm: proportions without a comparator, kept apart."),
    measure: z.enum(EFFECT_MEASURES),
    results: IdList.describe("Result ids pooled in this synthesis."),
    model: Model.prefault({}),
    primaryModel: AlternativeModel.describe(
      "The primary analysis when it is not the inverse-variance model: a Bayesian model (type: bayes, with its prior justified) or a GLMM (type: glmm). The model of `model` is fitted beside it; GRADE reads the primary analysis's interval.",
    ).optional(),
    subgroups: IdList.describe(
      "Subgroup variables: doseClass (needs the spec's doseClasses), comparator, design, population, or a study characteristic.",
    ).default([]),
    sensitivity: SensitivityRequest.prefault({}),
    metaRegression: z.array(MetaRegressionRequest).describe("Meta-regressions to run, one per moderator.").default([]),
    crossoverAssumption: Id.describe(
      "Assumption id (kind within-person-correlation, with a setting of field correlation) whose correlation analyses crossover results as paired data, when needed.",
    ).optional(),
    pool: booleanCell()
      .describe(
        "false: describe each result (its own estimate and CI) and pool nothing, e.g. when the results measure incommensurable things; needs notPooledReason. No subgroups or meta-regressions then.",
      )
      .default(true),
    notPooledReason: Text.describe("Why the results are described study by study and not pooled (required with pool: false).").optional(),
    notes: Text.optional(),
  })
  .describe("One analysis: one outcome, one kind of evidence, one effect measure; pooled unless pool is false.");

export const Scenario = z
  .strictObject({
    id: Id,
    label: Text,
    description: Text.describe("What the scenario changes and why."),
    useAssumptions: IdList.describe("Assumptions this scenario applies (none apply outside a scenario).").default([]),
    excludeStudies: IdList.default([]),
    excludeRiskOfBias: z
      .array(z.enum(["high", "serious", "critical"]))
      .describe("Drop results judged at these risk-of-bias levels.")
      .default([]),
    crossoverAssumption: Id.describe(
      "Assumption id (kind within-person-correlation, with a setting of field correlation) whose correlation replaces the syntheses' crossover correlation.",
    ).optional(),
    model: ScenarioModelChoice.optional(),
    syntheses: IdList.describe("Syntheses it applies to (all when empty).").default([]),
  })
  .describe("A named sensitivity scenario.");

/** GRADE concerns in a rate-down domain, as @metakit/grade names them. */
export const GRADE_CONCERNS = ["no", "serious", "very serious"] as const;
const Concern = z.enum(GRADE_CONCERNS);

const DomainJudgement = z
  .strictObject({ concern: Concern, reason: Text.describe("Why: the written reason GRADE requires for an override.") })
  .describe("A reviewer's judgement that replaces the proposal of the rule.");

const RatingUpJudgement = z
  .strictObject({ levels: integerCell().describe("Levels to rate up: 0, 1 (or 2 for a large effect)."), reason: Text })
  .describe("A reviewer's judgement on a reason to rate up.");

export const GradeJudgements = z
  .strictObject({
    riskOfBias: DomainJudgement.optional(),
    inconsistency: DomainJudgement.optional(),
    indirectness: DomainJudgement.optional(),
    imprecision: DomainJudgement.optional(),
    publicationBias: DomainJudgement.optional(),
    largeEffect: RatingUpJudgement.optional(),
    doseResponse: RatingUpJudgement.optional(),
    residualConfounding: RatingUpJudgement.optional(),
  })
  .describe("Reviewer judgements per GRADE domain; each replaces the rule's proposal and must give a reason.");

export const IndirectnessJudgement = z
  .strictObject({
    study: Id,
    population: Concern,
    intervention: Concern,
    comparator: Concern,
    outcome: Concern,
    reason: Text.describe("Why, for each aspect judged."),
  })
  .describe("The analyst's judgement of how directly one study answers the question (GRADE guidelines 8).");

export const GradeOutcome = z
  .strictObject({
    outcome: Id,
    synthesis: Id.describe("The synthesis this entry is for, when the outcome has several (default: all of them).").optional(),
    threshold: z
      .strictObject({
        value: numberCell(),
        scale: Text.describe("The scale of the value: SMD, NRS points, proportion, ..."),
        kind: z.enum(["MID", "null", "decision-threshold"]),
        justification: Text,
        reference: Text.optional(),
        reviewersChoice: booleanCell()
          .describe("true: the threshold is the reviewers' own choice (reference then cites what informed it); false: a source sets it for this outcome (cite it in reference).")
          .optional(),
      })
      .describe("Minimal important difference or threshold for imprecision and importance."),
    assumedComparatorRisk: z
      .strictObject({ value: numberCell(), justification: Text, source: Text.optional() })
      .describe("For dichotomous outcomes: the comparator risk for absolute effects.")
      .optional(),
    comparatorRiskNotApplicable: Text.describe("Why no comparator risk applies.").optional(),
    followUp: Text.describe("Follow-up, as the Summary of Findings shows it.").optional(),
    indirectness: z.array(IndirectnessJudgement).describe("Indirectness judgements per study.").optional(),
    judgements: GradeJudgements.optional(),
    comment: Text.describe("A comment for the Summary of Findings row.").optional(),
  })
  .describe("The inputs GRADE needs for one outcome.");

export const AnalysisSpec = z
  .strictObject({
    kind: z.literal("analysis"),
    id: Id,
    title: Text,
    reportTitle: Text.describe("The title of the review report this analysis is part of (specs reported together must agree).").optional(),
    indication: z.string().regex(/^[a-z][a-z0-9-]*$/),
    question: z.strictObject({
      population: Text,
      intervention: Text,
      interventionLabel: Text.describe(
        "The intervention's short name for titles, column headings and 'Favours ...' labels (e.g. BCG vaccine); default: intervention.",
      ).optional(),
      comparator: Text,
      comparatorLabel: Text.describe(
        "The comparator's short name for titles, column headings and 'Favours ...' labels (default: what the results' comparator arms were given).",
      ).optional(),
      outcomes: z
        .array(
          z.strictObject({
            id: Id,
            label: Text,
            type: z.enum(["continuous", "dichotomous", "proportion"]),
            importance: z.enum(["critical", "important", "not-important"]),
          }),
        )
        .min(1),
    }),
    include: z
      .array(z.strictObject({ study: Id, why: Text }))
      .describe("Studies included, with why."),
    exclude: z
      .array(z.strictObject({ study: Id, reason: Text }))
      .describe("Studies of this indication left out, with the reason.")
      .default([]),
    doseClasses: DoseClasses.describe("Dose classes of the experimental arms by daily dose in mg, with their rationale: the doseClass subgroup and the study tables use them.").optional(),
    syntheses: z.array(Synthesis).min(1),
    scenarios: z.array(Scenario).default([]),
    grade: z.array(GradeOutcome).describe("GRADE inputs, one per outcome."),
    notes: Text.optional(),
  })
  .describe("An analysis spec: the question, what is pooled and how, sensitivity scenarios, GRADE inputs.");
export type AnalysisSpec = z.output<typeof AnalysisSpec>;

/** The intervention's short name when the spec gives none. */
export const DEFAULT_INTERVENTION_LABEL = "intervention";

/** The intervention's short name for titles and "Favours ..." labels: question.interventionLabel, else "intervention". */
export function interventionLabelOf(spec: AnalysisSpec): string {
  return spec.question.interventionLabel ?? DEFAULT_INTERVENTION_LABEL;
}
