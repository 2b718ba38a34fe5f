/**
 * The models an analysis spec can name besides the inverse-variance model of `model`:
 * a Bayesian random-effects model (bayesmeta's normal-normal hierarchical model, computed
 * by @metakit/core's bayesMeta) and a generalized linear mixed model (metafor's
 * rma.glmm: UM.FS/UM.RS for odds ratios, the random-intercept logistic model for
 * single-arm proportions, @metakit/core's glmm). A synthesis names one as its primary
 * analysis (`primaryModel`: the inverse-variance model is then fitted beside it); a
 * scenario names one as a sensitivity analysis (`model: {type: bayes, ...}`).
 * Like every threshold of a spec, a prior is written with its justification.
 */
import {
  GLMM_MODELS,
  INTERVAL_TYPES,
  RHODES_AREAS,
  RHODES_COMPARISONS,
  RHODES_OUTCOMES,
  TURNER_COMPARISONS,
  TURNER_OUTCOMES,
} from "@metakit/core";
import { z } from "zod";
import { booleanCell, levelCell, numberCell, positiveNumberCell, Text } from "./cells.js";


const scale = () => positiveNumberCell().describe("Scale of the prior on tau (on the analysis scale of the measure, e.g. log odds ratio or SMD).");

/**
 * A prior on the between-study standard deviation tau, named as bayesmeta names it
 * (Röver 2020, JSS 93(6), sec. 2.3), with its parameters.
 */
export const TauPriorSpec = z
  .discriminatedUnion("family", [
    z.strictObject({ family: z.literal("halfnormal"), scale: scale() }).describe("Half-normal prior on tau (bayesmeta's dhalfnormal)."),
    z.strictObject({ family: z.literal("halfcauchy"), scale: scale() }).describe("Half-Cauchy prior on tau (dhalfcauchy)."),
    z.strictObject({ family: z.literal("halft"), df: positiveNumberCell().describe("Degrees of freedom."), scale: scale() }).describe("Half-Student-t prior on tau (dhalft)."),
    z.strictObject({ family: z.literal("exponential"), rate: positiveNumberCell().describe("Rate (mean 1 / rate).") }).describe("Exponential prior on tau (dexp)."),
    z.strictObject({ family: z.literal("uniform"), upper: positiveNumberCell().describe("Upper end of the support.") }).describe("Uniform prior on tau over [0, upper] (dunif)."),
    z
      .strictObject({ family: z.literal("lognormal"), meanlog: numberCell().describe("Mean of log(tau)."), sdlog: positiveNumberCell().describe("Standard deviation of log(tau).") })
      .describe("Log-normal prior on tau (dlnorm)."),
    z
      .strictObject({
        family: z.literal("turner"),
        outcome: z.enum(["any", ...TURNER_OUTCOMES]).describe("Outcome type of Turner et al. (2015), Table IV (any: the general setting)."),
        comparison: z.enum(TURNER_COMPARISONS).describe("Type of comparison (default pharma-placebo).").optional(),
      })
      .describe("Empirical prior for log odds ratios: Turner et al. (2015), Stat Med 34:984-998 (bayesmeta's TurnerEtAlPrior)."),
    z
      .strictObject({
        family: z.literal("rhodes"),
        outcome: z.enum(["any", ...RHODES_OUTCOMES]).describe("Outcome type of Rhodes et al. (2015), Table 3 (any: the general setting)."),
        comparison: z.enum(RHODES_COMPARISONS).describe("Type of comparison (default pharma-placebo).").optional(),
        area: z.enum(RHODES_AREAS).describe("Medical area (default other).").optional(),
      })
      .describe("Empirical prior for standardised mean differences: Rhodes et al. (2015), J Clin Epidemiol 68:52-60 (bayesmeta's RhodesEtAlPrior)."),
  ])
  .describe("Prior on the between-study standard deviation tau, by family name with its parameters.");
export type TauPriorSpec = z.output<typeof TauPriorSpec>;

export const MuPriorSpec = z
  .strictObject({
    mean: numberCell().describe("Prior mean of the overall effect (analysis scale)."),
    sd: positiveNumberCell().describe("Prior standard deviation of the overall effect (analysis scale)."),
  })
  .describe("Normal prior on the overall effect mu; omitted: the improper uniform prior (bayesmeta's default).");

export const BayesModel = z
  .strictObject({
    type: z.literal("bayes"),
    tauPrior: TauPriorSpec,
    muPrior: MuPriorSpec.optional(),
    interval: z.enum(INTERVAL_TYPES).describe("Credible intervals: shortest (bayesmeta's default) or central.").default("shortest"),
    level: levelCell().describe("Credible level: 0.95 or 95.").default(95),
    justification: Text.describe("Why this prior: what it says about tau on this outcome's scale, and its source."),
    reference: Text.describe("The source of the prior (e.g. Rhodes et al. 2015, Table 3; Röver et al. 2021).").optional(),
    shrinkage: booleanCell().describe("Forest plot: draw each study's shrunken estimate (posterior median and interval) beside its own.").default(false),
  })
  .describe("Bayesian random-effects model (normal-normal hierarchical model, bayesmeta's; computed exactly by numerical integration).");
export type BayesModel = z.output<typeof BayesModel>;

export const GlmmModel = z
  .strictObject({
    type: z.literal("glmm"),
    glmmModel: z.enum(GLMM_MODELS).describe("Odds ratios: UM.FS (fixed study effects, metafor's default) or UM.RS (random study effects). Not used for single-arm proportions.").optional(),
    test: z.enum(["z", "t"]).describe("z, or t with k - 1 degrees of freedom (metafor's rma.glmm test = 't').").default("z"),
    level: levelCell().describe("Confidence level: 0.95 or 95.").default(95),
    justification: Text.describe("Why a GLMM fits these data (e.g. few events; the exact binomial likelihood, no continuity correction)."),
  })
  .describe("Generalized linear mixed model (metafor's rma.glmm): the binomial likelihood of the counts, no continuity correction. Odds ratios from 2x2 tables (measure OR) or single-arm proportions (measure PLO).");
export type GlmmModel = z.output<typeof GlmmModel>;

/** A model other than the inverse-variance model: Bayesian or GLMM. */
export const AlternativeModel = z.discriminatedUnion("type", [BayesModel, GlmmModel]).describe("A Bayesian model (type bayes) or a GLMM (type glmm).");
export type AlternativeModel = z.output<typeof AlternativeModel>;

/** The measures a GLMM is fitted for, by kind of evidence. */
export const GLMM_SPEC_MEASURES = { comparative: ["OR"], "single-arm": ["PLO"] } as const;

/** The frequentist models of `model`: inverse variance (one result per study) or multilevel (results within studies). */
export const FREQUENTIST_MODEL_TYPES = ["inverse-variance", "multilevel"] as const;
/** The tau2 estimators of the multilevel model (metafor's rma.mv). */
export const MULTILEVEL_SPEC_METHODS = ["REML", "ML"] as const;
