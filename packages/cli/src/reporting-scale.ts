/**
 * Results on the reporting scale: ratio measures exponentiated (RR, OR, ...), proportions
 * from logits, and so on, as metafor's transf argument would print them. Every command
 * that prints an estimate of a transformed measure prints it on both scales; JSON keeps
 * the analysis (log) scale under the usual names and adds `backTransformed`.
 */
import { isMetakitError } from "@metakit/base";
import { backTransform, backTransformOf, type Measure } from "@metakit/effect-size";
import type { StudyEffects } from "./commands/regress.js";

export type ToReportingScale = (x: number | null | undefined) => number | null;

/**
 * The back-transformation of `measure`, or undefined for a measure reported as analysed
 * (MD, SMD, RD, GEN ...). `ni`: the studies' sizes, for PFT (person-time for IRFT), whose
 * inverse uses their harmonic mean as metafor does. A value whose back-transform overflows
 * is null, never Infinity.
 */
export function reportingScale(measure: Measure, ni: readonly number[] = []): ToReportingScale | undefined {
  if (backTransformOf(measure) === "identity") return undefined;
  return (x) => {
    if (x === null || x === undefined) return null;
    try {
      return backTransform(measure, x, { ni });
    } catch (error) {
      if (isMetakitError(error)) return null;
      throw error;
    }
  };
}

/** The sizes a Freeman-Tukey back-transform needs (ni, or ti for IRFT) of the estimable studies. */
export function studySizes(data: StudyEffects, measure: Measure): number[] {
  return data.rows.flatMap((i) => {
    const s = data.table.studies[i]!;
    const n = measure === "IRFT" ? s.ti : s.ni;
    return n == null ? [] : [n];
  });
}

/** "0.49 [0.34, 0.70]" from analysis-scale values, or "-" where one is missing. */
export function reportingText(back: ToReportingScale, estimate: number | null | undefined, lower: number | null | undefined, upper: number | null | undefined): string {
  const [e, l, u] = [back(estimate), back(lower), back(upper)];
  const f = (x: number | null) => (x === null ? "-" : x.toFixed(2));
  return e === null && l === null && u === null ? "-" : `${f(e)} [${f(l)}, ${f(u)}]`;
}
