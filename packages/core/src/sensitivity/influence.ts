/**
 * Case-deletion influence diagnostics, as metafor's influence.rma.uni().
 */
import { chisqUpperTail, MetakitError } from "@metakit/base";
import type { Design } from "../design.js";
import { interceptDesign } from "../design.js";
import type { Moderator } from "../regression/moderators.js";
import { moderatorDesign } from "../regression/moderators.js";
import { modelSpec, REGRESSION_METHODS, type ModelOptions, type RegressionMethod } from "../regression/model-spec.js";
import type { RandomEffectsFit } from "../random-effects-model.js";
import { fitRandomEffectsModel } from "../random-effects-model.js";
import { invertSpd } from "../symmetric-matrix.js";
import type { StudyInput } from "../validate-input.js";
import { validateStudies } from "../validate-input.js";
import { inverseVarianceWeights, weightedFit } from "../weighted-least-squares.js";
import { forEachDeletedFit, rowDot, rowQuadratic } from "./deleted-fits.js";

export interface InfluenceResult {
  readonly method: RegressionMethod;
  readonly k: number;
  readonly p: number;
  readonly labels: readonly string[];
  /** Externally standardised (studentized deleted) residuals. */
  readonly rstudent: readonly (number | null)[];
  readonly dffits: readonly (number | null)[];
  readonly cooksDistance: readonly (number | null)[];
  readonly covRatio: readonly (number | null)[];
  /** tau2 and QE of the model without the study. */
  readonly tau2Deleted: readonly (number | null)[];
  readonly QEDeleted: readonly (number | null)[];
  /** Diagonal of the hat matrix of the full model. */
  readonly hat: readonly number[];
  /** Weight in the full model, percent. */
  readonly weight: readonly number[];
  /** DFBETAS, one array per coefficient (study rows). */
  readonly dfbetas: readonly (readonly (number | null)[])[];
  /** metafor's flag: any of |DFFITS| > 3 sqrt(p / (k - p)), P(chi2_p <= Cook's d) > 0.5, hat > 3 p / k, any |DFBETAS| > 1. */
  readonly influential: readonly boolean[];
  readonly notes: readonly string[];
}

/**
 * For each study i, with the model refitted without it (b_(i), vb_(i), tau2_(i), the
 * Knapp–Hartung factor s2w_(i); 1 under z) and h_i = w_i x_i' (X'WX)^{-1} x_i
 * (wi = 1/(vi + tau2)) from the full model:
 * - rstudent = (yi - x_i' b_(i)) / sqrt(s2w_(i) (vi + tau2_(i)) + x_i' vb_(i) x_i)
 * - DFFITS = x_i'(b - b_(i)) / sqrt(s2w_(i) h_i (tau2_(i) + vi))
 * - DFBETAS_j = (b_j - b_(i)j) / sqrt(s2w_(i) [(X' diag(1/(v + tau2_(i))) X)^{-1}]_jj), all k studies
 * - Cook's d = (b - b_(i))' vb^{-1} (b - b_(i)); cov.r = det vb_(i) / det vb
 * Studies whose refit fails get null, and are flagged only by their hat value (as R's NA | TRUE).
 * Cost: k refits, O(k^2 p^2) per iteration round.
 * @reference Viechtbauer & Cheung (2010), Res Synth Methods 1:112-125; Belsley, Kuh &
 *   Welsch (1980), Regression Diagnostics; Cook (1977), Technometrics 19:15-18
 * @metafor influence(rma(yi, vi, mods, method, test))
 */
export function influenceDiagnostics(
  input: StudyInput,
  options: ModelOptions<RegressionMethod> = {},
  moderators: readonly Moderator[] = [],
): InfluenceResult {
  const studies = validateStudies(input, "influenceDiagnostics");
  if (studies.k < 2) {
    throw new MetakitError("INSUFFICIENT_DATA", "influenceDiagnostics: needs at least 2 studies to leave one out", { field: "yi", value: studies.k });
  }
  const spec = modelSpec(options, REGRESSION_METHODS, "influenceDiagnostics");
  const design = moderators.length === 0 ? interceptDesign(studies.k) : moderatorDesign(studies.k, moderators, studies.labels, "influenceDiagnostics").design;
  const { k, p } = design;
  const full = fitRandomEffectsModel(design, studies.yi, studies.vi, spec);
  const vbFull = invertSpd(full.vb, p);
  const hat = hatValues(design, studies.vi, full);
  const rows = new InfluenceRows(k, p);
  forEachDeletedFit(design, studies.yi, studies.vi, spec, (i, fit) => {
    if (fit !== null) rows.set(i, deletedDiagnostics(design, studies.yi, studies.vi, full, vbFull, hat[i]!, i, fit));
  });
  const flagged = rows.influential(hat, k, p);
  const failed = rows.rstudent.filter((x) => x === null).length;
  return {
    method: spec.method as RegressionMethod,
    k,
    p,
    labels: Array.from({ length: k }, (_, i) => studies.labels?.[i] ?? String(i + 1)),
    rstudent: rows.rstudent,
    dffits: rows.dffits,
    cooksDistance: rows.cook,
    covRatio: rows.covRatio,
    tau2Deleted: rows.tau2,
    QEDeleted: rows.QE,
    hat,
    weight: Array.from(full.relativeWeights, (w) => 100 * w),
    dfbetas: rows.dfbetas,
    influential: flagged,
    notes: failed > 0 ? [`${failed} studies: the model without them could not be fitted; their diagnostics are null`] : [],
  };
}

/** h_i = w_i x_i' (X'WX)^{-1} x_i, wi = 1/(vi + tau2) (hatvalues.rma.uni). */
function hatValues(design: Design, vi: Float64Array, full: RandomEffectsFit): number[] {
  const unscaled = full.vb.map((x) => x / full.knhaFactor);
  return Array.from({ length: design.k }, (_, i) => rowQuadratic(design, i, unscaled) / (vi[i]! + full.tau2));
}

interface Diagnostics {
  readonly rstudent: number;
  readonly dffits: number;
  readonly cook: number;
  readonly covRatio: number;
  readonly tau2: number;
  readonly QE: number;
  readonly dfbetas: Float64Array;
}

function deletedDiagnostics(
  design: Design,
  yi: Float64Array,
  vi: Float64Array,
  full: RandomEffectsFit,
  vbFull: { inverse: Float64Array; logDet: number },
  hat: number,
  i: number,
  fit: RandomEffectsFit,
): Diagnostics {
  const p = design.p;
  const s2w = fit.knhaFactor;
  const predFull = rowDot(design, i, full.beta);
  const predDeleted = rowDot(design, i, fit.beta);
  let resid = yi[i]! - predDeleted;
  if (Math.abs(resid) < 100 * 2.220446049250313e-16) resid = 0;
  const seResid = Math.sqrt(vi[i]! * s2w + rowQuadratic(design, i, fit.vb) + fit.tau2 * s2w);
  const dfb = full.beta.map((b, j) => b - fit.beta[j]!);
  let cook = 0;
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) cook += dfb[a]! * vbFull.inverse[a * p + b]! * dfb[b]!;
  const vbDeleted = weightedFit(design, yi, inverseVarianceWeights(vi, fit.tau2, new Float64Array(design.k))).XtWXinv;
  return {
    rstudent: resid / seResid,
    dffits: (predFull - predDeleted) / Math.sqrt(s2w * hat * (fit.tau2 + vi[i]!)),
    cook,
    covRatio: Math.exp(invertSpd(fit.vb, p).logDet - vbFull.logDet),
    tau2: fit.tau2,
    QE: fit.QE,
    dfbetas: dfb.map((d, j) => d / Math.sqrt(s2w * vbDeleted[j * p + j]!)),
  };
}

class InfluenceRows {
  readonly rstudent: (number | null)[];
  readonly dffits: (number | null)[];
  readonly cook: (number | null)[];
  readonly covRatio: (number | null)[];
  readonly tau2: (number | null)[];
  readonly QE: (number | null)[];
  readonly dfbetas: (number | null)[][];
  constructor(k: number, p: number) {
    const empty = () => new Array<number | null>(k).fill(null);
    this.rstudent = empty();
    this.dffits = empty();
    this.cook = empty();
    this.covRatio = empty();
    this.tau2 = empty();
    this.QE = empty();
    this.dfbetas = Array.from({ length: p }, empty);
  }
  set(i: number, d: Diagnostics): void {
    this.rstudent[i] = d.rstudent;
    this.dffits[i] = d.dffits;
    this.cook[i] = d.cook;
    this.covRatio[i] = d.covRatio;
    this.tau2[i] = d.tau2;
    this.QE[i] = d.QE;
    d.dfbetas.forEach((x, j) => (this.dfbetas[j]![i] = x));
  }
  /** metafor's is.infl; a study without diagnostics is not flagged. */
  influential(hat: readonly number[], k: number, p: number): boolean[] {
    const dffitsCut = 3 * Math.sqrt(p / (k - p));
    return hat.map((h, i) => {
      const dffits = this.dffits[i];
      const cook = this.cook[i];
      if (dffits === null || dffits === undefined || cook === null || cook === undefined) return h > (3 * p) / k;
      return (
        Math.abs(dffits) > dffitsCut ||
        chisqUpperTail(cook, p) < 0.5 ||
        h > (3 * p) / k ||
        this.dfbetas.some((column) => Math.abs(column[i]!) > 1)
      );
    });
  }
}
