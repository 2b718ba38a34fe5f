/**
 * Phase 2b of a main synthesis: what an analyst asks once a pooled estimate exists, each
 * run only when it can be read (@metakit/core computes every number):
 *   1. leave-one-out, with k >= 3 (any evidence) unless the spec turns it off;
 *   2. GOSH, when the spec asks and 3 <= k <= 15 (2^15 - 1 = 32,767 subsets);
 *   3. small-study effects for comparative evidence with k >= 10 (Cochrane Handbook v6.4,
 *      13.3.5.4): Egger's regression test (Harbord's and Peters' as well for odds ratios
 *      from 2x2 tables), the rank correlation test, trim and fill, and the funnel's data;
 *   4. each meta-regression the spec names, with k >= 10 studies that have the
 *      moderator's value (Cochrane Handbook v6.4, 10.11.5.1), with bubble-plot data for a
 *      numeric moderator.
 * Each uses the synthesis's model (estimator, test, level). What is not run is noted, with why.
 */
import {
  bubblePlotData,
  eggerTest,
  funnelData,
  gosh,
  harbordTest,
  leaveOneOut,
  metaRegression,
  MIN_STUDIES_FOR_ASYMMETRY_TESTS,
  petersTest,
  rankTest,
  trimAndFill,
  type Moderator,
  type OddsRatioTable,
  type RefitMethod,
  type RegressionMethod,
} from "@metakit/core";
import { isMetakitError, plainMessage } from "@metakit/base";
import { DAILY_DOSE_MODERATOR } from "@metakit/schema";
import type { DataIndex } from "../inputs/dataset.js";
import { dailyDoseOf, numericCharacteristicOf } from "../inputs/groups.js";
import { labelsOf, modelOptions } from "../synthesis/pooling.js";
import type { SynthesisSpec } from "../synthesis/synthesis.js";
import type { EstimableEffect, GoshRun, MetaRegressionRun, Problem, Robustness, SmallStudyEffects, SynthesisResult } from "../types.js";
import { tableOf } from "../inputs/tables.js";

export const MIN_STUDIES_LEAVE_ONE_OUT = 3;
export const MAX_STUDIES_GOSH = 15;
/** Cochrane Handbook v6.4, 10.11.5.1: meta-regression is not generally considered with fewer than 10 studies. */
export const MIN_STUDIES_META_REGRESSION = 10;

type Report = (problem: Omit<Problem, "synthesis">) => void;

/** The pooled studies, in the model's order. */
function modelRows(synthesis: SynthesisResult): EstimableEffect[] {
  const byId = new Map(synthesis.effects.flatMap((e) => (e.estimable ? [[e.result, e] as const] : [])));
  return (synthesis.pooled?.results ?? []).map((id) => byId.get(id)!);
}

const inputOf = (rows: readonly EstimableEffect[]) => ({ yi: rows.map((r) => r.yi), vi: rows.map((r) => r.vi), labels: labelsOf(rows) });

/** Runs `compute`; a MetakitError becomes a note and a problem, and null. */
function attempt<T>(what: string, stage: Problem["stage"], notes: string[], report: Report, compute: () => T): T | null {
  try {
    return compute();
  } catch (error) {
    if (!isMetakitError(error)) throw error;
    notes.push(`${what} could not be computed: ${plainMessage(error.message)}`);
    report({ stage, code: error.code, message: `${what}: ${plainMessage(error.message)}` });
    return null;
  }
}

/** Nothing pooled (k = 0): nothing to examine, and nothing to say beyond the synthesis's own notes. */
const NOTHING: Robustness = { leaveOneOut: null, gosh: null, smallStudyEffects: null, metaRegressions: [], notes: [] };

export function robustnessOf(spec: SynthesisSpec, synthesis: SynthesisResult, index: DataIndex, report: Report): Robustness {
  if (synthesis.pooled === null) return NOTHING;
  const rows = modelRows(synthesis);
  const k = rows.length;
  const notes: string[] = [];
  const options = modelOptions(synthesis.model);
  const refit = { ...options, method: options.method as RefitMethod };
  const input = inputOf(rows);
  const results = rows.map((r) => r.result);

  let leave: Robustness["leaveOneOut"] = null;
  if (!spec.sensitivity.leaveOneOut) notes.push("leave-one-out not run: the spec turns it off");
  else if (k < MIN_STUDIES_LEAVE_ONE_OUT) notes.push(`leave-one-out not run: k = ${k} < ${MIN_STUDIES_LEAVE_ONE_OUT} studies`);
  else leave = attempt("leave-one-out", "sensitivity", notes, report, () => ({ results, fit: leaveOneOut(input, refit) }));

  let goshRun: GoshRun | null = null;
  if (spec.sensitivity.gosh) {
    if (k < MIN_STUDIES_LEAVE_ONE_OUT || k > MAX_STUDIES_GOSH) notes.push(`GOSH not run: k = ${k}, it runs with 3 to ${MAX_STUDIES_GOSH} studies`);
    else goshRun = attempt("GOSH", "sensitivity", notes, report, () => goshOf(input, refit, results));
  }

  let smallStudy: SmallStudyEffects | null = null;
  if (synthesis.evidence !== "comparative") {
    if (k >= MIN_STUDIES_FOR_ASYMMETRY_TESTS) notes.push("no funnel plot or test for small-study effects: single-arm proportions have no comparator");
  } else if (k < MIN_STUDIES_FOR_ASYMMETRY_TESTS) {
    notes.push(
      `no funnel plot and no test for small-study effects (Egger, rank correlation, trim and fill): k = ${k} < ${MIN_STUDIES_FOR_ASYMMETRY_TESTS} studies, too few to tell asymmetry from chance (Cochrane Handbook v6.4, 13.3.5.4)`,
    );
  } else {
    smallStudy = attempt("the tests for small-study effects", "small-study effects", notes, report, () => smallStudyEffectsOf(synthesis, rows, index, options, refit));
  }

  const metaRegressions = spec.metaRegression.flatMap((request) => {
    const run = attempt(`meta-regression on ${request.moderator}`, "meta-regression", notes, report, () => metaRegressionOf(request, rows, index, options, notes));
    return run === null ? [] : [run];
  });
  return { leaveOneOut: leave, gosh: goshRun, smallStudyEffects: smallStudy, metaRegressions, notes };
}

function goshOf(input: ReturnType<typeof inputOf>, refit: { method: RefitMethod }, results: readonly string[]): GoshRun {
  const estimates: number[] = [];
  const I2: number[] = [];
  const summary = gosh(input, (fit) => {
    estimates.push(fit.estimate);
    I2.push(fit.I2);
  }, refit);
  return { results, summary, estimates, I2 };
}

function smallStudyEffectsOf(
  synthesis: SynthesisResult,
  rows: readonly EstimableEffect[],
  index: DataIndex,
  options: ReturnType<typeof modelOptions>,
  refit: { method: RefitMethod },
): SmallStudyEffects {
  const input = inputOf(rows);
  const results = rows.map((r) => r.result);
  const egger = eggerTest(input, { ...options, method: options.method as RegressionMethod });
  const tables = synthesis.measure === "OR" ? rows.map((r) => tableOf(index, r.result)) : [];
  const complete = tables.length > 0 && tables.every((t): t is OddsRatioTable => t !== undefined);
  const harbord = complete ? harbordTest(tables as OddsRatioTable[], results) : null;
  const peters = complete ? petersTest(tables as OddsRatioTable[], input.yi, results) : null;
  const test = harbord !== null
    ? { name: "Harbord" as const, k: harbord.k, statistic: harbord.statistic, pval: harbord.pval, df: harbord.df }
    : { name: "Egger" as const, k: egger.k, statistic: egger.statistic, pval: egger.pval, ...(egger.df === undefined ? {} : { df: egger.df }) };
  const funnel = funnelData(input, options);
  const pseudoConfidence = funnelData(input, { ...options, reference: funnel.estimate, alphas: [0.05] }).contours[0]!;
  return { results, test, egger, harbord, peters, rankTest: rankTest(input), trimAndFill: trimAndFill(input, { ...options, ...refit }), funnel, pseudoConfidence };
}

/** Whether a study characteristic is numeric: some study gives it, every one that does as a number. */
function isNumericCharacteristic(rows: readonly EstimableEffect[], index: DataIndex, name: string): boolean {
  const values = rows.flatMap((row) => {
    const value = index.studies.get(row.study)?.characteristics?.[name];
    return value === undefined ? [] : [value];
  });
  return values.length > 0 && values.every((value) => typeof value !== "string");
}

function metaRegressionOf(
  request: SynthesisSpec["metaRegression"][number],
  rows: readonly EstimableEffect[],
  index: DataIndex,
  options: ReturnType<typeof modelOptions>,
  notes: string[],
): MetaRegressionRun | null {
  const dailyDose = request.moderator === DAILY_DOSE_MODERATOR;
  const numeric = dailyDose || isNumericCharacteristic(rows, index, request.moderator);
  /** The moderator's value for a row, or undefined when the data do not give it. */
  const valueOf = (row: EstimableEffect): number | string | undefined => {
    if (!numeric) {
      const label = row.groups[request.moderator];
      return label === undefined || label.endsWith("not known") ? undefined : label;
    }
    const result = index.results.get(row.result);
    if (result === undefined) return undefined;
    return dailyDose ? dailyDoseOf(index, result) : numericCharacteristicOf(index, result, request.moderator);
  };
  const withValue = rows.map((row) => ({ row, value: valueOf(row) }));
  const known = withValue.filter((r) => r.value !== undefined);
  const own: string[] = [];
  if (known.length < rows.length) {
    own.push(`left out, ${request.moderator} not known: ${withValue.filter((r) => r.value === undefined).map((r) => r.row.study).join(", ")}`);
  }
  if (known.length < MIN_STUDIES_META_REGRESSION) {
    notes.push(`meta-regression on ${request.moderator} not run: k = ${known.length} < ${MIN_STUDIES_META_REGRESSION} studies with its value (Cochrane Handbook v6.4, 10.11.5.1)`);
    return null;
  }
  const values = known.map((r) => r.value!);
  const moderator: Moderator = numeric
    ? { kind: "numeric", name: request.moderator, values: values as number[] }
    : { kind: "categorical", name: request.moderator, values: values as string[], ...(request.reference === undefined ? {} : { reference: request.reference }) };
  const input = inputOf(known.map((r) => r.row));
  const model = metaRegression(input, [moderator], { ...options, method: options.method as RegressionMethod });
  const bubble = numeric ? bubblePlotData(model, input, [moderator], request.moderator) : null;
  return { moderator: request.moderator, kind: moderator.kind, results: known.map((r) => r.row.result), model, bubble, notes: [...own, ...model.notes] };
}
