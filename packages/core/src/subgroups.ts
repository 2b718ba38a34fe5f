/**
 * Subgroup analysis: one meta-analysis per subgroup and the test for subgroup
 * differences, with tau2 estimated separately in each subgroup (RevMan, the Cochrane
 * Handbook) or once, common to all subgroups (metafor's model with the subgroup as a
 * categorical moderator).
 */
import { chisqUpperTail, MetakitError, readLevel, readOneOf } from "@metakit/base";
import { designFromColumns } from "./design.js";
import { type MetaAnalysisResult, metaAnalysisFor } from "./meta-analysis.js";
import { type MetaAnalysisOptions, normalizeControl, TAU2_METHODS, type Tau2Method, type TestType } from "./options.js";
import { fitRandomEffectsModel } from "./random-effects-model.js";
import { type StudyInput, type ValidatedStudies, validateStudies, validateWeights } from "./validate-input.js";

/** How tau2 is estimated across subgroups. */
export const TAU2_ACROSS = ["separate", "common"] as const;

export type Tau2Across = (typeof TAU2_ACROSS)[number];

export interface SubgroupInput extends StudyInput {
  /** Each study's subgroup; subgroups are reported in order of first appearance. */
  readonly groups: readonly string[];
}

export interface SubgroupOptions extends MetaAnalysisOptions {
  /** "separate" (default): tau2 estimated within each subgroup; "common": one tau2 for all. */
  readonly tau2Across?: Tau2Across;
}

export interface SubgroupResult {
  readonly group: string;
  /** 0-based input positions of the subgroup's studies. */
  readonly indices: readonly number[];
  /** The subgroup's meta-analysis; its weights and studies are within the subgroup. */
  readonly result: MetaAnalysisResult;
}

/**
 * The test for subgroup differences: QB = sum_g w_g (theta_g - theta_bar)^2 with
 * w_g = 1 / se_g^2 and theta_bar = sum w_g theta_g / sum w_g, on G - 1 df.
 */
export interface SubgroupDifferences {
  readonly QB: number;
  readonly df: number;
  readonly pval: number;
  /** RevMan's I2 for subgroup differences, max(0, 100 (QB - df) / QB), percent. */
  readonly I2: number;
}

export interface SubgroupAnalysisResult {
  /** Studies in all subgroups. */
  readonly k: number;
  readonly method: Tau2Method;
  readonly test: TestType;
  readonly level: number;
  readonly tau2Across: Tau2Across;
  /** The tau2 shared by all subgroups ("common" only). */
  readonly tau2?: number;
  /** "common" only: the residual Q within subgroups (the moderator model's QE), on k - G df. */
  readonly QE?: number;
  readonly QEdf?: number;
  readonly QEp?: number;
  readonly subgroups: readonly SubgroupResult[];
  readonly differences: SubgroupDifferences;
  readonly notes: readonly string[];
}

const FN = "subgroupAnalysis";

/** INVALID_INPUT for the `groups` input (data, not an option), naming the study. */
function invalid(field: string, value: unknown, message: string, study?: string | number): MetakitError {
  return new MetakitError("INVALID_INPUT", `${FN}: ${message}`, study === undefined ? { field, value } : { study, field, value });
}

/** Input positions per subgroup, in order of first appearance. Throws INVALID_INPUT for a bad label. */
function subgroupIndices(groups: readonly string[], studies: ValidatedStudies): Map<string, number[]> {
  if (groups.length !== studies.k) throw invalid("groups", groups.length, `yi has ${studies.k} values but groups has ${groups.length}`);
  const byGroup = new Map<string, number[]>();
  groups.forEach((group, i) => {
    if (typeof group !== "string" || group === "") {
      throw invalid("groups", group, `the subgroup of study ${studies.labels?.[i] ?? i} must be a non-empty string`, studies.labels?.[i] ?? i);
    }
    const members = byGroup.get(group);
    if (members === undefined) byGroup.set(group, [i]);
    else members.push(i);
  });
  return byGroup;
}

function subset(values: ArrayLike<number>, indices: readonly number[]): number[] {
  return indices.map((i) => values[i]!);
}

/**
 * The subgroup's input: its yi, vi and labels (the input labels, or "1", "2", ... by input
 * position, so that study rows name the study as in the full data).
 */
function subgroupInput(studies: ValidatedStudies, indices: readonly number[]): StudyInput {
  return {
    yi: subset(studies.yi, indices),
    vi: subset(studies.vi, indices),
    labels: indices.map((i) => studies.labels?.[i] ?? String(i + 1)),
  };
}

/**
 * QB = sum w_g (theta_g - theta_bar)^2, w_g = 1/se_g^2, on G - 1 df, with a tail-accurate
 * chi-square p-value; with one subgroup there is no test (QB = 0, df = 0, p = 1).
 * @reference Cochrane Handbook for Systematic Reviews of Interventions, version 6.4,
 *   section 10.11.3.1; Borenstein et al. (2009), Introduction to Meta-Analysis, ch. 19
 * @metafor rma(estimates, sei = ses, method = "EE")$QE and $QEp
 */
export function subgroupDifferences(estimates: readonly number[], ses: readonly number[]): SubgroupDifferences {
  const df = estimates.length - 1;
  if (df < 1) return { QB: 0, df: 0, pval: 1, I2: 0 };
  let sumW = 0;
  let sumWY = 0;
  estimates.forEach((theta, g) => {
    const w = 1 / ses[g]! ** 2;
    sumW += w;
    sumWY += w * theta;
  });
  const thetaBar = sumWY / sumW;
  let QB = 0;
  estimates.forEach((theta, g) => {
    QB += (theta - thetaBar) ** 2 / ses[g]! ** 2;
  });
  const I2 = QB > 0 ? Math.max(0, (100 * (QB - df)) / QB) : 0;
  return { QB, df, pval: chisqUpperTail(QB, df), I2 };
}

/** One indicator column per subgroup (no intercept): the design of rma(yi, vi, mods = ~ group - 1). */
function indicatorColumns(k: number, byGroup: Map<string, number[]>): Float64Array[] {
  return [...byGroup.values()].map((indices) => {
    const column = new Float64Array(k);
    for (const i of indices) column[i] = 1;
    return column;
  });
}

interface CommonFit {
  readonly tau2: number;
  readonly QE: number;
  readonly QEdf: number;
  readonly QEp: number;
}

/**
 * tau2 common to all subgroups: the estimator of `options.method` in the mixed-effects
 * model with the subgroup as a categorical moderator (one indicator column per subgroup),
 * and that model's residual Q (heterogeneity within subgroups, k - G df).
 * @metafor rma(yi, vi, mods = ~ factor(group) - 1, method)
 */
function commonTau2(studies: ValidatedStudies, byGroup: Map<string, number[]>, options: SubgroupOptions, method: Tau2Method): CommonFit {
  const design = designFromColumns(studies.k, indicatorColumns(studies.k, byGroup), false);
  const weights = options.weights === undefined ? undefined : validateWeights(options.weights, studies.k, studies.labels, FN);
  const fit = fitRandomEffectsModel(design, studies.yi, studies.vi, {
    method,
    tau2Fixed: options.tau2,
    test: "z",
    level: readLevel(options.level, FN),
    weights,
    control: normalizeControl(options.control, FN),
  });
  return { tau2: fit.tau2, QE: fit.QE, QEdf: fit.QEdf, QEp: fit.QEp };
}

/**
 * A subgroup's result under a common tau2: rma(subset, tau2 = common). Its estimate and SE
 * equal the moderator model's coefficient for the subgroup (the indicator design makes
 * X'WX diagonal). The "fixed by the user" note is replaced by one saying where tau2 came from.
 */
function commonSubgroupResult(input: StudyInput, options: MetaAnalysisOptions, common: CommonFit, userTau2: boolean): MetaAnalysisResult {
  const result = metaAnalysisFor(FN, input, { ...options, tau2: common.tau2, tau2Ci: false });
  const method = options.method ?? "REML";
  if (userTau2 || method === "EE" || method === "FE") return result;
  const notes = result.notes.filter((note) => !note.startsWith("tau2 fixed by the user"));
  notes.push(`tau2 = ${common.tau2} common to all subgroups (${method}, subgroup as a categorical moderator)`);
  return { ...result, tau2Fixed: false, notes };
}

/**
 * The options for fitting one study on its own (a subgroup of one, or a synthesis that
 * selects one estimable result): the study itself, a common-effect fit with a z interval
 * at the asked level, no prediction interval, whatever the model and test asked for. A t-based test has k - 1 = 0 degrees of freedom and no tau2 is estimable
 * from one study; metafor likewise fits rma(yi, vi) with k = 1 with tau2 = 0 and says
 * 'Setting argument test="z" since k=1'. A tau2 fixed by the user is kept.
 * @metafor rma(yi, vi, subset = group == g, test = "z") for a subgroup with k = 1
 * @example oneStudyOptions({ method: "REML", test: "knha", level: 90 }) // { method: "EE", test: "z", level: 90 }
 */
export function oneStudyOptions(options: MetaAnalysisOptions): MetaAnalysisOptions {
  const { predictionInterval: _noneFromOneStudy, tau2Ci: _noTau2, ...rest } = options;
  return options.tau2 === undefined ? { ...rest, method: "EE", test: "z" } : { ...rest, test: "z" };
}

function subsetWeights(options: MetaAnalysisOptions, indices: readonly number[]): MetaAnalysisOptions {
  return options.weights === undefined ? options : { ...options, weights: subset(options.weights, indices) };
}

/**
 * Meta-analysis within each subgroup, in order of first appearance, and the test for
 * subgroup differences (Q between on G - 1 df, as RevMan and the Cochrane Handbook
 * 10.11.3.1 define it) from the subgroup estimates and their standard errors.
 *
 * tau2Across "separate" (default, RevMan): each subgroup is its own metaAnalysis(); the
 * test equals metafor's rma(estimates, sei = ses, method = "EE") under any `test`.
 * tau2Across "common": tau2 is estimated once in rma(yi, vi, mods = ~ factor(group) - 1,
 * method); each subgroup is then pooled with that tau2, and the test equals the moderator
 * test QM of rma(yi, vi, mods = ~ factor(group), method). Only `test: "z"` is supported
 * with a common tau2 (metafor's t/knha moderator test is an F test on k - G df, which
 * per-subgroup intervals cannot reproduce): other tests throw UNSUPPORTED.
 *
 * A subgroup with one study is the study itself, with a z interval whatever the model
 * and test of the others (noted; see oneStudyOptions); with one subgroup there is no
 * test (noted). Throws as metaAnalysis() for bad yi/vi/labels, INVALID_INPUT for bad
 * groups or tau2Across.
 * @reference Cochrane Handbook for Systematic Reviews of Interventions, version 6.4,
 *   section 10.11.3.1; Borenstein et al. (2009), Introduction to Meta-Analysis, ch. 19
 * @metafor rma(yi, vi, subset = group == g) per subgroup; rma(yi, vi, mods = ~ factor(group))
 * @example subgroupAnalysis({ yi: bcg.yi, vi: bcg.vi, groups: bcg.alloc }).differences.QB // 1.8614 (REML, separate)
 */
export function subgroupAnalysis(input: SubgroupInput, options: SubgroupOptions = {}): SubgroupAnalysisResult {
  const studies = validateStudies(input, FN);
  const byGroup = subgroupIndices(input.groups, studies);
  const tau2Across = readOneOf(TAU2_ACROSS, options.tau2Across, "separate", "tau2Across", FN);
  const method = readOneOf(TAU2_METHODS, options.method, "REML", "method", FN);
  const { tau2Across: _ignored, ...rest } = options;
  const metaOptions = { ...rest, level: readLevel(options.level, FN) };
  if (tau2Across === "common" && (options.test ?? "z") !== "z") {
    throw new MetakitError("UNSUPPORTED", `subgroupAnalysis: a common tau2 supports test "z" only, not "${options.test}"`, {
      field: "test",
      value: options.test,
    });
  }
  const common = tau2Across === "common" ? commonTau2(studies, byGroup, options, method) : undefined;
  const subgroups = [...byGroup].map(([group, indices]): SubgroupResult => {
    const sub = subgroupInput(studies, indices);
    const opts = subsetWeights(metaOptions, indices);
    const result =
      common !== undefined ? commonSubgroupResult(sub, opts, common, options.tau2 !== undefined) : metaAnalysisFor(FN, sub, indices.length === 1 ? oneStudyOptions(opts) : opts);
    return { group, indices, result };
  });
  const differences = subgroupDifferences(
    subgroups.map((s) => s.result.estimate),
    subgroups.map((s) => s.result.se),
  );
  const [firstSubgroup] = subgroups;
  if (firstSubgroup === undefined) throw new Error("subgroupAnalysis: validated studies form no subgroup (internal)");
  const fitted = (subgroups.find((s) => s.result.k > 1) ?? firstSubgroup).result;
  return {
    k: studies.k,
    method,
    test: fitted.test,
    level: fitted.level,
    tau2Across,
    ...(common === undefined ? {} : { tau2: common.tau2, QE: common.QE, QEdf: common.QEdf, QEp: common.QEp }),
    subgroups,
    differences,
    notes: analysisNotes(subgroups),
  };
}

function analysisNotes(subgroups: readonly SubgroupResult[]): string[] {
  const notes: string[] = [];
  for (const { group, result } of subgroups) {
    if (result.k === 1) notes.push(`subgroup "${group}" has k = 1: its estimate is the study itself, with no heterogeneity statistics`);
  }
  if (subgroups.length === 1) notes.push("one subgroup: no test for subgroup differences (QB = 0, df = 0, p = 1)");
  return notes;
}
