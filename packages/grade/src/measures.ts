/**
 * The effect measures GRADE rates, and the scale each is analysed on.
 * Ratio measures (OR, RR, HR) are pooled on the log scale, with no effect at log(1) = 0;
 * difference measures (RD, MD, SMD) on their own scale, with no effect at 0; a single-group
 * proportion (PR) has no comparator and so no value of "no effect".
 * Codes are metafor's escalc measure codes, except HR, which escalc does not compute.
 */
import { MetakitError } from "@metakit/base";
import type { Measure as EffectSizeMeasure } from "@metakit/effect-size";

/** The measures GRADE rates: effect-size's codes, and HR. */
export const MEASURES = ["OR", "RR", "HR", "RD", "MD", "SMD", "PR"] as const satisfies readonly (EffectSizeMeasure | "HR")[];
export type Measure = (typeof MEASURES)[number];

/**
 * The GRADE measure each effect-size measure is rated as: change-score and standardised
 * variants as their family (MC as MD; SMDH, SMCC, SMCR as SMD), transformed proportions
 * as PR. Measures GRADE does not rate here (ROM, PETO, COR, ZCOR, MN, GEN) are absent.
 */
const RATED_AS: Readonly<Partial<Record<EffectSizeMeasure, Measure>>> = {
  MD: "MD", MC: "MD", SMD: "SMD", SMDH: "SMD", SMCC: "SMD", SMCR: "SMD",
  RR: "RR", OR: "OR", RD: "RD", PR: "PR", PLO: "PR", PAS: "PR", PFT: "PR",
};

/** The GRADE measure an effect-size measure is rated as, or undefined when GRADE does not rate it. */
export function gradeMeasureOf(measure: EffectSizeMeasure): Measure | undefined {
  return RATED_AS[measure];
}

export type MeasureKind = "ratio" | "difference" | "proportion";

/** How the numbers of a pooled result are expressed: log ratios, or the measure itself. */
export type Scale = "log" | "identity";

export function measureKind(measure: Measure): MeasureKind {
  if (measure === "OR" || measure === "RR" || measure === "HR") return "ratio";
  if (measure === "PR") return "proportion";
  return "difference";
}

/** Ratio measures whose absolute effect per 1,000 can be derived from a comparator risk. */
export function isDichotomous(measure: Measure): boolean {
  return measureKind(measure) === "ratio" || measure === "RD";
}

/** The value of no effect on the analysis scale (0 for log ratios and differences). */
export function nullEffect(measure: Measure): number | undefined {
  return measureKind(measure) === "proportion" ? undefined : 0;
}

/**
 * A value on the measure's natural scale (a ratio for OR/RR/HR) moved to the analysis
 * scale (log for ratios). `field` names the input for the error message.
 */
export function toAnalysisScale(measure: Measure, natural: number, field: string): number {
  if (measureKind(measure) !== "ratio") return natural;
  if (!(natural > 0)) {
    throw new MetakitError("INVALID_INPUT", `${field} must be a positive ratio for ${measure}`, {
      field,
      value: natural,
    });
  }
  return Math.log(natural);
}

/** A value on the analysis scale returned to the natural scale (exp for ratios). */
export function toNaturalScale(measure: Measure, analysis: number): number {
  return measureKind(measure) === "ratio" ? Math.exp(analysis) : analysis;
}

/**
 * A pooled number as given (on `scale`) moved to the analysis scale. For ratio measures
 * "log" means already log ratios and "identity" means ratios; for other measures the two
 * scales are the same and "log" is an error.
 */
export function fromGivenScale(measure: Measure, scale: Scale, value: number, field: string): number {
  if (measureKind(measure) === "ratio") {
    return scale === "log" ? value : toAnalysisScale(measure, value, field);
  }
  if (scale === "log") {
    throw new MetakitError("INVALID_INPUT", `${field}: ${measure} is not pooled on a log scale`, {
      field,
      value: scale,
    });
  }
  return value;
}
