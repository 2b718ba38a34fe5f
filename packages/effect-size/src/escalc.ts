/**
 * escalc: effect sizes and sampling variances per study, as metafor's escalc(), in four
 * phases: (1) normalise options; (2) read and check each study's inputs (invalid values
 * throw; missing ones make the study not estimable); (3) compute, applying the zero-cell
 * rule across studies for count measures; (4) guard the outputs and add CIs.
 */
import { normalQuantile } from "@metakit/base";
import { readValues, type StudyRef, type Values } from "./inputs.js";
import { measureArgs, requiredArgs, type EscalcArg, type Measure, type StudyInput } from "./measures.js";
import { commonLanguageFamily } from "./measures/commonLanguage.js";
import { correlationFamily } from "./measures/correlations.js";
import type { Computed, CountFamily, MeasureFamily, Outcome } from "./measures/family.js";
import { genericFamily } from "./measures/generic.js";
import { incidenceRateFamily, incidenceRateTwoGroupFamily } from "./measures/incidenceRates.js";
import { partialCorrelationFamily } from "./measures/partialCorrelations.js";
import { reliabilityFamily } from "./measures/reliability.js";
import { prePostFamily } from "./measures/prePost.js";
import { proportionFamily } from "./measures/proportions.js";
import { singleMeanFamily } from "./measures/singleMean.js";
import { twoByTwoFamily } from "./measures/twoByTwo.js";
import { twoGroupMeansFamily } from "./measures/twoGroupMeans.js";
import type { Conversion } from "./conversions/conversion.js";
import { messages } from "./messages.js";
import {
  checkMeasure,
  normaliseOptions,
  receivesCorrection,
  type EscalcOptions,
  type NormalisedEscalcOptions,
} from "./options.js";

export interface EstimableRow {
  /** 0-based position of the study in the input. */
  readonly index: number;
  readonly study: string;
  readonly estimable: true;
  readonly yi: number;
  readonly vi: number;
  readonly sei: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly notes: readonly string[];
  /** How inputs were derived, copied from the study's input when it has any. */
  readonly conversions?: readonly Conversion[];
}

export interface NotEstimableRow {
  readonly index: number;
  readonly study: string;
  readonly estimable: false;
  readonly reason: string;
  readonly conversions?: readonly Conversion[];
}

export type EffectSizeRow = EstimableRow | NotEstimableRow;

export interface EscalcResult {
  readonly measure: Measure;
  readonly options: NormalisedEscalcOptions;
  readonly studies: readonly EffectSizeRow[];
  readonly notes: readonly string[];
}

const FAMILIES: Readonly<Record<Measure, MeasureFamily>> = {
  OR: twoByTwoFamily, RR: twoByTwoFamily, RD: twoByTwoFamily, PETO: twoByTwoFamily,
  MD: twoGroupMeansFamily, SMD: twoGroupMeansFamily, SMDH: twoGroupMeansFamily, ROM: twoGroupMeansFamily,
  PR: proportionFamily, PLO: proportionFamily, PAS: proportionFamily, PFT: proportionFamily,
  MN: singleMeanFamily,
  COR: correlationFamily, ZCOR: correlationFamily,
  MC: prePostFamily, SMCC: prePostFamily, SMCR: prePostFamily,
  GEN: genericFamily,
  IRR: incidenceRateTwoGroupFamily, IRD: incidenceRateTwoGroupFamily, IRSD: incidenceRateTwoGroupFamily,
  IR: incidenceRateFamily, IRLN: incidenceRateFamily, IRS: incidenceRateFamily, IRFT: incidenceRateFamily,
  AS: twoByTwoFamily, PHI: twoByTwoFamily, ZPHI: twoByTwoFamily, YUQ: twoByTwoFamily, YUY: twoByTwoFamily,
  OR2DN: twoByTwoFamily, OR2DL: twoByTwoFamily, RTET: twoByTwoFamily, ZTET: twoByTwoFamily,
  SMD1: twoGroupMeansFamily, SMD1H: twoGroupMeansFamily, CVR: twoGroupMeansFamily, VR: twoGroupMeansFamily,
  RPB: twoGroupMeansFamily, RBIS: twoGroupMeansFamily,
  MNLN: singleMeanFamily, CVLN: singleMeanFamily, SDLN: singleMeanFamily,
  PLN: proportionFamily,
  UCOR: correlationFamily,
  PCOR: partialCorrelationFamily, ZPCOR: partialCorrelationFamily, SPCOR: partialCorrelationFamily,
  R2: partialCorrelationFamily, ZR2: partialCorrelationFamily,
  ARAW: reliabilityFamily, AHW: reliabilityFamily, ABT: reliabilityFamily,
  ZPB: twoGroupMeansFamily, ZBIS: twoGroupMeansFamily, ZSPCOR: partialCorrelationFamily, PRZ: proportionFamily, SMN: singleMeanFamily,
  SMCRP: prePostFamily, SMCRPH: prePostFamily, CLES: commonLanguageFamily, AUC: commonLanguageFamily,
};

/** A study after phase 2: its values, or the columns it lacks. */
type Prepared = { readonly ref: StudyRef; readonly values: Values } | { readonly ref: StudyRef; readonly missing: readonly EscalcArg[] };

/**
 * Effect sizes (yi), sampling variances (vi), standard errors and confidence intervals
 * for each study, with metafor's measure codes, conventions and defaults (add = 1/2,
 * to = "only0", drop00 = false, vtype = "LS"). A study missing inputs is returned as not
 * estimable with the reason; an invalid value throws MetakitError("INVALID_INPUT") naming
 * study, index, field and value. No output is NaN or infinite: a study whose effect is
 * undefined (e.g. a zero cell with to = "none") is not estimable.
 * CIs: yi ± z_{(1+level/100)/2} sqrt(vi) (normal quantile, as metafor's summary.escalc).
 * @reference Viechtbauer (2010), J Stat Softw 36(3):1-48 (metafor); formulas and papers at each measure's function
 * @metafor escalc(measure, ..., add = 1/2, to = "only0", drop00 = FALSE, vtype = "LS")
 * @example escalc("RR", [{ ai: 4, bi: 119, ci: 11, di: 128 }]).studies[0] // yi -0.8893, vi 0.3256 (dat.bcg, study 1)
 */
export function escalc(measure: Measure, studies: readonly StudyInput[], options?: EscalcOptions): EscalcResult {
  checkMeasure(measure);
  const normalised = normaliseOptions(measure, options);
  const family = FAMILIES[measure];
  const args = measureArgs(measure);
  const prepared = studies.map((input, index) => prepare(measure, args, family, input, index, normalised));
  const computed = family.kind === "counts" ? computeCounts(measure, family, prepared, normalised) : null;
  const outcomes = prepared.map((p, i): Outcome => {
    if ("missing" in p) return { notEstimable: messages.notEstimable.missing(p.missing) };
    if (computed !== null) return computed.outcomes[i]!;
    if (family.kind !== "values") throw new Error("internal: count family without counts phase");
    return family.compute(measure, p.values, normalised);
  });
  const z = normalQuantile(1 - (1 - normalised.level / 100) / 2);
  const rows = outcomes.map((outcome, i) => withConversions(toRow(prepared[i]!.ref, outcome, z), studies[i]!));
  return { measure, options: normalised, studies: rows, notes: resultNotes(rows, computed, normalised) };
}

function studyLabel(input: StudyInput, index: number): string {
  const label = input.study;
  return typeof label === "string" && label.trim() !== "" ? label : `Study ${index + 1}`;
}

/** Phase 2: reads a study's values, checks them, and finds a complete column set. */
function prepare(measure: Measure, args: readonly EscalcArg[], family: MeasureFamily, input: StudyInput, index: number, options: NormalisedEscalcOptions): Prepared {
  const ref: StudyRef = { index, study: studyLabel(input, index) };
  const values = readValues(input, args, ref);
  family.validate(measure, values, ref, options);
  const sets = requiredArgs(measure);
  const lacking = sets.map((set) => set.filter((field) => values[field] === undefined));
  const fewest = lacking.reduce((best, m) => (m.length < best.length ? m : best));
  return fewest.length === 0 ? { ref, values } : { ref, missing: fewest };
}

interface CountPhase {
  readonly outcomes: readonly (Outcome | undefined)[];
  readonly corrected: number;
  readonly dropped: number;
}

/**
 * Phase 3 for count measures: metafor's zero-cell rule. drop00 first marks double-zero
 * studies; then `add` goes to every cell of the studies that `to` selects ("only0":
 * those with a zero cell; "all": all; "if0all": all when any remaining study has a zero
 * cell; "none": none).
 */
function computeCounts(
  measure: Measure,
  family: CountFamily,
  prepared: readonly Prepared[],
  options: NormalisedEscalcOptions,
): CountPhase {
  const tables = prepared.map((p) => {
    if ("missing" in p) return undefined;
    const cells = family.cells(p.values);
    return { cells, values: p.values, dropped: options.drop00 && family.isDoubleZero(cells), hasZero: cells.some((c) => c === 0) };
  });
  const anyZero = tables.some((t) => t !== undefined && !t.dropped && t.hasZero);
  const receives = (hasZero: boolean): boolean => receivesCorrection(options.to, options.add, hasZero, anyZero);
  let corrected = 0;
  let dropped = 0;
  const outcomes = tables.map((t): Outcome | undefined => {
    if (t === undefined) return undefined;
    if (t.dropped) {
      dropped += 1;
      return { notEstimable: messages.notEstimable.droppedDoubleZero() };
    }
    if (!receives(t.hasZero)) return family.fromCells(measure, t.cells, options, t.values);
    corrected += 1;
    const outcome = family.fromCells(measure, t.cells.map((c) => c + options.add), options, t.values);
    return "notEstimable" in outcome ? outcome : { ...outcome, notes: [messages.notes.added(options.add)] };
  });
  return { outcomes, corrected, dropped };
}

/** Phase 4: the output guard. Only finite yi and finite positive vi leave as estimable. */
function toRow(ref: StudyRef, outcome: Outcome, z: number): EffectSizeRow {
  const { index, study } = ref;
  if ("notEstimable" in outcome) return { index, study, estimable: false, reason: outcome.notEstimable };
  const reason = guardReason(outcome);
  if (reason !== undefined) return { index, study, estimable: false, reason };
  const sei = Math.sqrt(outcome.vi);
  const ciLower = outcome.yi - z * sei;
  const ciUpper = outcome.yi + z * sei;
  if (!Number.isFinite(ciLower) || !Number.isFinite(ciUpper)) {
    return { index, study, estimable: false, reason: messages.notEstimable.notComputable("the confidence interval") };
  }
  return { index, study, estimable: true, yi: outcome.yi, vi: outcome.vi, sei, ciLower, ciUpper, notes: outcome.notes ?? [] };
}

function withConversions(row: EffectSizeRow, input: StudyInput): EffectSizeRow {
  const conversions = input.conversions;
  return conversions !== undefined && conversions.length > 0 ? { ...row, conversions } : row;
}

function guardReason({ yi, vi }: Computed): string | undefined {
  if (!Number.isFinite(yi)) return messages.notEstimable.notComputable("yi");
  if (!Number.isFinite(vi) || vi < 0) return messages.notEstimable.notComputable("vi");
  if (vi === 0) return messages.notEstimable.zeroVariance();
  return undefined;
}

function resultNotes(rows: readonly EffectSizeRow[], counts: CountPhase | null, options: NormalisedEscalcOptions): string[] {
  const notes: string[] = [];
  if (counts !== null && counts.corrected > 0) notes.push(messages.notes.addedStudies(options.add, counts.corrected, options.to));
  if (counts !== null && counts.dropped > 0) notes.push(messages.notes.droppedStudies(counts.dropped));
  const notEstimable = rows.filter((r) => !r.estimable).length;
  if (notEstimable > 0) notes.push(messages.notes.notEstimableStudies(notEstimable));
  return notes;
}
