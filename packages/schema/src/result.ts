import { z } from "zod";
import { booleanCell, Id, levelCell, numberCell, Text } from "./cells.js";
import { messages } from "./messages.js";
import { MaybeCount, MaybeNumber, Provenance, ReportedNumber } from "./provenance.js";

export const RESULT_FORMS = ["dichotomous", "continuous", "median", "contrast", "paired", "proportion", "narrative"] as const;
export type ResultForm = (typeof RESULT_FORMS)[number];

export const CONTRAST_SCALES = ["MD", "SMD", "cohen-d", "median-difference", "OR", "RR", "RD", "HR", "percent-points", "other"] as const;
export const SIGN_CONVENTIONS = ["experimental-minus-control", "control-minus-experimental", "not-stated"] as const;

export const Outcome = z
  .strictObject({
    domain: Text.describe("What is measured: symptom severity, disease incidence, ..."),
    instrument: Text.describe("The scale or measure: HAM-D-17, NRS, MADRS, ..."),
    range: z
      .strictObject({ min: numberCell(), max: numberCell() })
      .describe("Possible range of the scale, as the source states it.")
      .optional(),
    better: z.enum(["lower", "higher"]).describe("Which direction is better for the values as recorded."),
    unit: Text.describe("Unit of the values, when not scale points: percent, days, ...").optional(),
  })
  .describe("The outcome measured.");

export const Timepoint = z
  .strictObject({
    label: Text.describe("As the source says: week 3, end of each period, ..."),
    weeks: numberCell().describe("The same in weeks, when known.").optional(),
  })
  .describe("When the outcome was measured.");

export const ConfidenceInterval = z
  .strictObject({
    lower: ReportedNumber(),
    upper: ReportedNumber(),
    level: levelCell("extraction").describe("Confidence level: 0.95 or 95 (as metafor reads it; 95 unless stated); parsed as a percentage.").default(95),
  })
  .superRefine((ci, ctx) => {
    if (ci.lower.value !== undefined && ci.upper.value !== undefined && ci.lower.value > ci.upper.value)
      ctx.addIssue({ code: "custom", message: messages.ciOrder() });
  })
  .describe("Confidence interval.");

const common = {
  id: Id.describe("Result id, unique across the data."),
  study: Id,
  outcome: Outcome,
  timepoint: Timepoint.optional(),
  population: z.enum(["itt", "per-protocol", "completers", "not-reported"]).describe("Analysis set.").optional(),
  primary: booleanCell().describe("The study's primary outcome.").optional(),
  estimand: Text.describe("What the numbers estimate, when it matters (e.g. authors' d from change scores).").optional(),
  p: ReportedNumber().describe("Reported p-value for the comparison.").optional(),
  reportedEffect: z
    .strictObject({ type: Text.describe("Cohen's d, 'effect size' (type not stated), ..."), value: ReportedNumber() })
    .describe("An effect size as the authors report it (not used for pooling unless its type is known).")
    .optional(),
  computed: z
    .array(z.strictObject({ label: Text, value: ReportedNumber() }))
    .describe("Figures computed from the reported ones (status computed, with formula), kept for checking.")
    .optional(),
  armOrderAssumption: Id.describe("When the arm each value belongs to is inferred, not reported: the assumption id.").optional(),
  provenance: Provenance.describe("Default provenance for the numbers of this record.").optional(),
  notes: Text.optional(),
};

const armRef = Id.describe("Arm id (of the same study).");

const Dichotomous = z.strictObject({
  ...common,
  form: z.literal("dichotomous"),
  arms: z.array(z.strictObject({ arm: armRef, events: MaybeCount(), total: MaybeCount() })).min(1),
});

const Continuous = z.strictObject({
  ...common,
  form: z.literal("continuous"),
  measure: z.enum(["final", "change"]).describe("Final values or change from baseline."),
  arms: z
    .array(
      z.strictObject({
        arm: armRef,
        mean: MaybeNumber(),
        sd: MaybeNumber().optional(),
        se: ReportedNumber().optional(),
        ci: ConfidenceInterval.optional(),
        n: MaybeCount(),
        baseline: z.strictObject({ mean: ReportedNumber(), sd: ReportedNumber().optional() }).optional(),
      }),
    )
    .min(1),
});

const Median = z.strictObject({
  ...common,
  form: z.literal("median"),
  arms: z
    .array(
      z.strictObject({
        arm: armRef,
        median: MaybeNumber(),
        q1: ReportedNumber().optional(),
        q3: ReportedNumber().optional(),
        min: ReportedNumber().optional(),
        max: ReportedNumber().optional(),
        n: MaybeCount(),
      }),
    )
    .min(1),
});

const comparison = {
  experimental: armRef.describe("The experimental arm (the intervention under review)."),
  control: armRef.describe("The comparator arm."),
  scale: z.enum(CONTRAST_SCALES),
  estimate: MaybeNumber().describe("The difference (or ratio) between the arms."),
  ci: ConfidenceInterval.optional(),
  se: ReportedNumber().optional(),
  signConvention: z.enum(SIGN_CONVENTIONS).describe("Which arm is subtracted from which."),
  model: Text.describe("The model that produced the estimate (e.g. mixed model adjusted for baseline).").optional(),
};

const Contrast = z.strictObject({
  ...common,
  form: z.literal("contrast"),
  ...comparison,
  n: z.strictObject({ experimental: MaybeCount(), control: MaybeCount() }).optional(),
});

const Paired = z.strictObject({
  ...common,
  form: z.literal("paired"),
  ...comparison,
  estimate: MaybeNumber().describe("Within-person difference between conditions.").optional(),
  signConvention: z.enum(SIGN_CONVENTIONS).describe("Which condition is subtracted from which (when an estimate is given).").optional(),
  conditions: z
    .array(z.strictObject({ arm: armRef, value: ReportedNumber() }))
    .describe("Per-condition summaries (see conditionStatistic).")
    .optional(),
  conditionStatistic: Text.describe("What the per-condition values are: mean % reduction, % responders, ...").optional(),
  sdDifference: MaybeNumber().describe("SD of the within-person differences.").optional(),
  iqr: ReportedNumber().describe("IQR of the within-person differences.").optional(),
  t: ReportedNumber().describe("Paired t statistic.").optional(),
  n: MaybeCount().describe("Participants with both periods (completers)."),
});

const Proportion = z.strictObject({
  ...common,
  form: z.literal("proportion"),
  arm: armRef,
  definition: Text.describe("What counts as an event (e.g. symptoms ceased)."),
  events: MaybeCount(),
  total: MaybeCount(),
  percent: ReportedNumber().describe("The percentage, when the source gives it instead of a count.").optional(),
});

const Narrative = z.strictObject({
  ...common,
  form: z.literal("narrative"),
  text: Text.describe("What the source says."),
  reason: Text.describe("Why no number can be used.").optional(),
  values: z
    .array(z.strictObject({ label: Text, arm: armRef.optional(), value: ReportedNumber() }))
    .describe("Numbers the source reports that cannot be analysed, kept with provenance.")
    .optional(),
});

/** An outcome result, in whichever form the source gives it (`form` says which). */
export const Result = z
  .discriminatedUnion("form", [Dichotomous, Continuous, Median, Contrast, Paired, Proportion, Narrative])
  .describe("An outcome result of one study.");
export type Result = z.output<typeof Result>;
export type ResultOf<F extends ResultForm> = Extract<Result, { form: F }>;
