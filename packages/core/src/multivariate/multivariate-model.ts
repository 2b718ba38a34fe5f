/**
 * multivariateModel(): the multivariate meta-analytic model of metafor's
 * rma.mv(yi, V, mods = ~ outcome - 1, random = ~ outcome | study, struct), REML or ML.
 */
import { chisqUpperTail, invalidOption, MetakitError, normalQuantile, normalTwoSidedP, readLevel, readOneOf, tQuantile, tTwoSidedP } from "@metakit/base";
import { invertSpd } from "../symmetric-matrix.js";
import type { Coefficient } from "../regression/meta-regression.js";
import type { Moderator, ModeratorCoding } from "../regression/moderators.js";
import { moderatorDesign } from "../regression/moderators.js";
import type { OmnibusTest } from "../regression/omnibus-test.js";
import { omnibusTest } from "../regression/omnibus-test.js";
import { validateStudies } from "../validate-input.js";
import type { Design } from "../design.js";
import { clusterLayout } from "../multilevel/cluster-layout.js";
import { originalCoefficients, originalCovariance } from "../multilevel/conditioned-design.js";
import type { Convergence } from "../multilevel/optimize.js";
import type { RobustOptions } from "../multilevel/multilevel-model.js";
import type { RobustResult } from "../multilevel/cluster-robust.js";
import { clusterRobust, SMALL_SAMPLE_CORRECTIONS } from "../multilevel/cluster-robust.js";
import type { MultivariateData, MultivariateEvaluation } from "./block-likelihood.js";
import { evaluateMultivariate } from "./block-likelihood.js";
import type { MultivariateControl } from "./optimize.js";
import { estimateTheta } from "./optimize.js";
import type { CovarianceEntry } from "./vcalc.js";
import type { StructureShape, VarianceStructure } from "./variance-structure.js";
import { entryDerivatives, rhoBounds, structureShape, VARIANCE_STRUCTURES } from "./variance-structure.js";

export const MULTIVARIATE_METHODS = ["REML", "ML"] as const;
export type MultivariateMethod = (typeof MULTIVARIATE_METHODS)[number];

export interface MultivariateInput {
  readonly yi: ArrayLike<number>;
  /** Sampling variances: the diagonal of the within-study covariance V. */
  readonly vi: ArrayLike<number>;
  /** The study of each effect size (the random-effects cluster). */
  readonly study: readonly string[];
  /** The outcome (construct, time point) of each effect size. */
  readonly outcome: readonly string[];
  /** Off-diagonal within-study covariances (rows of one study, 0-based); default none. vcalc() builds them. */
  readonly covariance?: readonly CovarianceEntry[];
  readonly labels?: readonly string[];
}

export interface MultivariateOptions {
  /** Default "CS" (metafor's default). */
  readonly struct?: VarianceStructure;
  /** Default "REML". */
  readonly method?: MultivariateMethod;
  /** Default "z"; "t" uses k - p degrees of freedom. */
  readonly test?: "z" | "t";
  readonly level?: number;
  /** Moderators added to the outcome means (~ outcome - 1 + moderators). */
  readonly moderators?: readonly Moderator[];
  /** tau2 held fixed (null = estimated), as metafor's tau2 = c(NA, ...). */
  readonly tau2?: readonly (number | null)[];
  /** rho held fixed (null = estimated). */
  readonly rho?: readonly (number | null)[];
  readonly control?: MultivariateControl;
  readonly robust?: RobustOptions;
}

export interface MultivariateResult extends OmnibusTest {
  readonly k: number;
  readonly p: number;
  readonly studies: number;
  /** The outcome levels in code-point order (G's rows). */
  readonly outcomes: readonly string[];
  readonly struct: VarianceStructure;
  readonly method: MultivariateMethod;
  readonly test: "z" | "t";
  readonly level: number;
  /** One per outcome level (HCS, UN, DIAG) or a single value (CS, AR). */
  readonly tau2: readonly number[];
  /** Empty (DIAG), one value (CS, HCS, AR), or the lower triangle of G by column (UN). */
  readonly rho: readonly number[];
  readonly tau2Fixed: readonly boolean[];
  readonly rhoFixed: readonly boolean[];
  /** The between-study covariance of the outcomes, q x q. */
  readonly G: readonly (readonly number[])[];
  /**
   * I2 of each outcome level, percent: 100 G_ll / (G_ll + v~_l), v~_l the typical sampling
   * variance of the level's effect sizes (Higgins & Thompson's, from their vi).
   */
  readonly I2: readonly number[];
  readonly coefficients: readonly Coefficient[];
  readonly vcov: readonly (readonly number[])[];
  readonly df?: number;
  /** Residual heterogeneity y'P y with W = V^{-1}, on k - p df. */
  readonly QE: number;
  readonly QEdf: number;
  readonly QEp: number;
  readonly logLik: number;
  readonly deviance: number;
  readonly AIC: number;
  readonly BIC: number;
  readonly AICc: number;
  readonly parameters: number;
  readonly convergence: Convergence;
  readonly robust?: RobustResult;
  readonly coding: readonly ModeratorCoding[];
  readonly notes: readonly string[];
}

/** The validated model, for refits (profile intervals). */
export interface PreparedMultivariate {
  readonly data: MultivariateData;
  readonly design: Design;
  readonly A: Float64Array;
  readonly terms: readonly string[];
  readonly coding: readonly ModeratorCoding[];
  readonly outcomes: readonly string[];
  readonly method: MultivariateMethod;
  readonly test: "z" | "t";
  readonly level: number;
  readonly fixed: readonly (number | undefined)[];
  readonly control: MultivariateControl;
  readonly start: readonly number[];
  readonly notes: readonly string[];
  readonly robust: RobustOptions | undefined;
  readonly study: readonly string[];
  /** -k/2 log 2pi - 1/2 log|V| (ML's saturated log-likelihood). */
  readonly saturatedLogLik: number;
  /** The sampling variances (V's diagonal), input order. */
  readonly vi: Float64Array;
}

/**
 * Fits y = X b + u + e with u_c ~ N(0, Z_c G Z_c') per study (G structured by `struct`) and
 * e_c ~ N(0, V_c) known, by REML or ML (Newton steps on the log-likelihood converging on
 * its gradient; see optimize.ts), then b by generalised least squares. X is one indicator
 * per outcome level (metafor's mods = ~ outcome - 1) followed by the moderators. Reports
 * tau2 and rho, the coefficients (z or t on k - p), QM (all coefficients when there is no
 * intercept, as metafor), QE with W = V^{-1}, logLik, AIC/BIC/AICc as metafor's fitstats().
 * Cost per iteration O(sum_c n_c^3 r^2 + k p^2) for r variance parameters: no k x k matrix.
 * @reference Berkey, Hoaglin, Antczak-Bouckoms, Mosteller & Colditz (1998), Stat Med
 *   17:2537-2550; Jackson, Riley & White (2011), Stat Med 30:2481-2498
 * @metafor rma.mv(yi, V, mods = ~ outcome - 1, random = ~ outcome | study, struct, method)
 * @example multivariateModel({ yi, vi, study: trial, outcome, covariance }, { struct: "UN" }).tau2 // [0.0327, 0.0117] (dat.berkey1998)
 */
export function multivariateModel(input: MultivariateInput, options: MultivariateOptions = {}): MultivariateResult {
  return fitMultivariate(prepareMultivariate(input, options));
}

const fn = "multivariateModel";

/** Validates the input and options once. */
export function prepareMultivariate(input: MultivariateInput, options: MultivariateOptions): PreparedMultivariate {
  const studies = validateStudies(input, fn);
  const { k } = studies;
  for (const [field, values] of [["study", input.study], ["outcome", input.outcome]] as const) {
    if (values.length !== k) throw new MetakitError("INVALID_INPUT", `${fn}: yi has ${k} values but ${field} has ${values.length}`, { field, value: values.length });
  }
  const struct = readOneOf(VARIANCE_STRUCTURES, options.struct, "CS", "struct", fn);
  const method = readOneOf(MULTIVARIATE_METHODS, options.method, "REML", "method", fn);
  const test = readOneOf(["z", "t"] as const, options.test, "z", "test", fn);
  const level = readLevel(options.level, fn);
  const layout = clusterLayout(input.study, undefined, fn);
  input.outcome.forEach((o, i) => {
    if (typeof o !== "string" || o === "") throw new MetakitError("INVALID_INPUT", `${fn}: outcome of study ${i} is missing`, { study: i, field: "outcome", value: o });
  });
  const outcomes = [...new Set(input.outcome)].sort(codePoint);
  const levelOf = new Map(outcomes.map((o, l) => [o, l]));
  const outcome = Int32Array.from(input.outcome, (o) => levelOf.get(o)!);
  const shape = structureShape(struct, outcomes.length);
  const { V, vOffsets, logDetV } = withinBlocks(layout, studies.vi, input.covariance ?? [], input.study);
  const { design, terms, coding } = outcomeDesign(k, outcomes, outcome, options.moderators ?? [], studies.labels);
  if (k <= design.p) throw new MetakitError("INSUFFICIENT_DATA", `${fn}: k = ${k} effect sizes for ${design.p} coefficients`, { field: "yi", value: k });
  const conditioned = conditionOutcomeDesign(design, outcomes.length);
  const cross = new Float64Array(design.p * design.p);
  for (let i = 0; i < k; i++) for (let a = 0; a < design.p; a++) for (let b = 0; b < design.p; b++) cross[a * design.p + b]! += conditioned.X[i * design.p + a]! * conditioned.X[i * design.p + b]!;
  const data: MultivariateData = { layout, yi: studies.yi, V, vOffsets, outcome, shape, X: conditioned.X, p: design.p, halfLogDetXtX: 0.5 * invertSpd(cross, design.p).logDet };
  const notes: string[] = [];
  const fixed = readFixed(shape, options.tau2, options.rho);
  unidentifiedRhos(data).forEach((j) => {
    if (fixed[j] !== undefined) return;
    fixed[j] = 0;
    notes.push(`no study has both outcomes that rho[${j - shape.nTau + 1}] correlates, so it is not identifiable: it is fixed at 0`);
  });
  if (options.robust !== undefined) readOneOf(SMALL_SAMPLE_CORRECTIONS, options.robust.method, "CR2", "robust.method", fn);
  return {
    data, design, A: conditioned.A, terms, coding, outcomes, method, test, level, fixed, control: options.control ?? {},
    start: startValues(data, studies.vi), notes, robust: options.robust, study: input.study,
    saturatedLogLik: -0.5 * k * Math.log(2 * Math.PI) - 0.5 * logDetV,
    vi: studies.vi,
  };
}

/** Fits a prepared model. */
export function fitMultivariate(prepared: PreparedMultivariate): MultivariateResult {
  const { data, method, test, level, fixed, terms } = prepared;
  const { shape } = data;
  const reml = method === "REML";
  const fit = estimateTheta(data, reml, fixed, prepared.control, prepared.start);
  const notes = [...prepared.notes];
  const theta = [...fit.theta];
  if (shape.nTau === 1 && shape.nRho === 1 && theta[0] === 0 && fixed[1] === undefined) {
    // G = 0 whatever rho is: rho is not identified, and M does not change when it is set to 0
    theta[1] = 0;
    notes.push("tau2 is estimated at its bound 0, so rho is not identified: it is reported as 0");
  }
  const { k } = data.layout;
  const p = data.p;
  const ev = fit.evaluation;
  const beta = originalCoefficients(prepared.A, ev.beta, p);
  const vb = originalCovariance(prepared.A, ev.vb, p);
  const df = test === "t" ? k - p : undefined;
  const crit = quantile(level, df);
  const coefficients = terms.map((name, j): Coefficient => {
    const estimate = beta[j]!;
    const se = Math.sqrt(vb[j * p + j]!);
    const statistic = estimate / se;
    const pval = df === undefined ? normalTwoSidedP(statistic) : tTwoSidedP(statistic, df);
    return { name, estimate, se, statistic, pval, ciLower: estimate - crit * se, ciUpper: estimate + crit * se };
  });
  const omnibus = omnibusTest(beta, vb, p, omnibusCoefficients(prepared.design), test, k - p);
  const QE = residualHeterogeneity(data);
  const estimated = fixed.filter((f) => f === undefined).length;
  const parameters = p + estimated;
  const n = reml ? k - p : k;
  const nc = Math.max(n, parameters + 2);
  if (fit.reparametrised === true) notes.push(...boundaryNotes(shape, theta));
  theta.forEach((t, j) => {
    if (fixed[j] !== undefined) return;
    if (j < shape.nTau && t === 0 && shape.nTau > 1) notes.push(`tau2[${j + 1}] is estimated at its bound 0`);
    if (j >= shape.nTau && (t === rhoBounds(shape)[0] || t === 1)) notes.push(`rho[${j - shape.nTau + 1}] is estimated at its bound ${t}`);
  });
  return {
    k,
    p,
    studies: data.layout.m,
    outcomes: prepared.outcomes,
    struct: shape.struct,
    method,
    test,
    level,
    tau2: theta.slice(0, shape.nTau),
    rho: theta.slice(shape.nTau),
    tau2Fixed: fixed.slice(0, shape.nTau).map((f) => f !== undefined),
    rhoFixed: fixed.slice(shape.nTau).map((f) => f !== undefined),
    G: gMatrix(shape, theta),
    I2: outcomeI2(data.outcome, prepared.vi, gMatrix(shape, theta)),
    coefficients,
    vcov: terms.map((_, a) => terms.map((__, b) => vb[a * p + b]!)),
    ...(df === undefined ? {} : { df }),
    ...omnibus,
    QE,
    QEdf: k - p,
    QEp: chisqUpperTail(QE, k - p),
    logLik: ev.logLik,
    deviance: reml ? -2 * ev.logLik : -2 * (ev.logLik - prepared.saturatedLogLik),
    AIC: -2 * ev.logLik + 2 * parameters,
    BIC: -2 * ev.logLik + parameters * Math.log(n),
    AICc: -2 * ev.logLik + (2 * parameters * nc) / (nc - parameters - 1),
    parameters,
    convergence: fit.convergence,
    ...(prepared.robust === undefined ? {} : { robust: robustFor(prepared, theta, ev) }),
    coding: prepared.coding,
    notes,
  };
}

/**
 * What a fit reached in boundary.ts's parametrisation says: the optimum is on (or at) the
 * boundary of the parameter space; which part, where it is: a tau2 that is 0 to rounding
 * (below 1e-8 of the largest), or a singular correlation matrix (a Cholesky pivot of R
 * below 1e-8).
 */
function boundaryNotes(shape: StructureShape, theta: readonly number[]): string[] {
  const notes: string[] = [];
  const largest = Math.max(...theta.slice(0, shape.nTau));
  theta.slice(0, shape.nTau).forEach((t, l) => {
    if (t <= 1e-8 * largest) notes.push(`tau2[${l + 1}] converged to the boundary 0 (estimate ${t.toExponential(2)}): the optimum is on the boundary of the parameter space`);
  });
  const pivot = smallestCorrelationPivot(shape, theta);
  if (pivot !== undefined && pivot <= 1e-8) {
    notes.push(`the between-study correlation matrix is singular at the optimum (smallest Cholesky pivot ${pivot.toExponential(2)}): the optimum is on the boundary of the parameter space, where metafor's Cholesky parametrisation converges as well`);
  }
  if (notes.length === 0) notes.push("the iteration in (tau2, rho) stopped near the boundary of the parameter space and converged in a parametrisation without bounds (see convergence)");
  return notes;
}

/** The smallest squared pivot of the Cholesky factorisation of the correlation matrix of G (UN, HCS), or undefined. */
function smallestCorrelationPivot(shape: StructureShape, theta: readonly number[]): number | undefined {
  if (shape.struct !== "UN" && shape.struct !== "HCS") return undefined;
  const G = gMatrix(shape, theta);
  const q = shape.q;
  const d = Array.from({ length: q }, (_, l) => Math.sqrt(G[l]![l]!));
  if (d.some((x) => !(x > 0))) return undefined;
  const L = new Float64Array(q * q);
  let smallest = Number.POSITIVE_INFINITY;
  for (let j = 0; j < q; j++) {
    let p = 1;
    for (let m = 0; m < j; m++) p -= L[j * q + m]! ** 2;
    smallest = Math.min(smallest, p);
    const ljj = Math.sqrt(Math.max(p, 0));
    L[j * q + j] = ljj;
    for (let i = j + 1; i < q; i++) {
      let s = G[i]![j]! / (d[i]! * d[j]!);
      for (let m = 0; m < j; m++) s -= L[i * q + m]! * L[j * q + m]!;
      L[i * q + j] = ljj > 0 ? s / ljj : 0;
    }
  }
  return smallest;
}

/**
 * I2 per outcome level: 100 tau2_l / (tau2_l + v~_l) with v~_l = (k_l - 1) sum w /
 * ((sum w)^2 - sum w^2), w = 1 / vi over the level's k_l effect sizes (the typical
 * within-study variance of Higgins & Thompson 2002, eq. 9, which metafor's I2 for rma()
 * uses); a level with one effect size takes its vi. Sampling covariances between outcomes
 * do not enter: each level is read as a univariate meta-analysis of its own effects.
 * @reference Higgins & Thompson (2002), Stat Med 21:1539-1558; Jackson, White & Riley
 *   (2012), Stat Med 31:3805-3820 (I2 per outcome in multivariate meta-analysis)
 */
function outcomeI2(outcome: Int32Array, vi: Float64Array, G: readonly (readonly number[])[]): number[] {
  return G.map((row, l) => {
    let sw = 0;
    let sw2 = 0;
    let n = 0;
    for (let i = 0; i < outcome.length; i++) {
      if (outcome[i] !== l) continue;
      const w = 1 / vi[i]!;
      sw += w;
      sw2 += w * w;
      n++;
    }
    const typical = n > 1 ? ((n - 1) * sw) / (sw * sw - sw2) : 1 / sw;
    const tau2 = row[l]!;
    return (100 * tau2) / (tau2 + typical);
  });
}

/** QE = y'P y with W = V^{-1}: the fit with G = 0 (metafor's QE for rma.mv). */
function residualHeterogeneity(data: MultivariateData): number {
  const diag = structureShape("DIAG", data.shape.q);
  const ev = evaluateMultivariate({ ...data, shape: diag }, new Float64Array(diag.nTau), false);
  // -2 (ll + k/2 log 2pi + 1/2 log|V|) = y'Py; recomputed here from the residuals for clarity
  return quadraticForm(data, ev);
}

function quadraticForm(data: MultivariateData, ev: MultivariateEvaluation): number {
  const { layout, yi, X, p } = data;
  let total = 0;
  for (let c = 0; c < layout.m; c++) {
    const t0 = layout.starts[c]!;
    const n = layout.starts[c + 1]! - t0;
    const V = data.V.subarray(data.vOffsets[c]!, data.vOffsets[c]! + n * n);
    const r = new Float64Array(n);
    for (let a = 0; a < n; a++) {
      const row = layout.rows[t0 + a]!;
      let fitted = 0;
      for (let x = 0; x < p; x++) fitted += X[row * p + x]! * ev.beta[x]!;
      r[a] = yi[row]! - fitted;
    }
    const W = invertSpd(V.slice(), n).inverse;
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) total += r[a]! * W[a * n + b]! * r[b]!;
  }
  return total;
}

/** The sandwich of the fitted model, clustered by study unless another clustering is given. */
function robustFor(prepared: PreparedMultivariate, theta: readonly number[], ev: MultivariateEvaluation): RobustResult {
  const { data } = prepared;
  const { layout, shape } = data;
  const G = gMatrix(shape, theta);
  const studyId = new Int32Array(layout.k);
  const position = new Int32Array(layout.k);
  for (let c = 0; c < layout.m; c++) {
    for (let t = layout.starts[c]!; t < layout.starts[c + 1]!; t++) {
      studyId[layout.rows[t]!] = c;
      position[layout.rows[t]!] = t - layout.starts[c]!;
    }
  }
  const block = (rows: Int32Array): Float64Array => {
    const n = rows.length;
    const M = new Float64Array(n * n);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        const ra = rows[a]!;
        const rb = rows[b]!;
        const c = studyId[ra]!;
        if (c !== studyId[rb]) continue;
        const size = layout.starts[c + 1]! - layout.starts[c]!;
        const V = data.V[data.vOffsets[c]! + position[ra]! * size + position[rb]!]!;
        M[a * n + b] = V + G[data.outcome[ra]!]![data.outcome[rb]!]!;
      }
    }
    return M;
  };
  const robust = prepared.robust!;
  return clusterRobust(
    {
      yi: data.yi,
      vi: new Float64Array(layout.k),
      X: data.X,
      p: data.p,
      A: prepared.A,
      betaC: ev.beta,
      vbC: ev.vb,
      outerId: studyId,
      innerId: Int32Array.from({ length: layout.k }, (_, i) => i),
      sigma2: [0, 0],
      block,
      btt: omnibusCoefficients(prepared.design),
      terms: prepared.terms,
      level: prepared.level,
    },
    robust.cluster ?? prepared.study,
    robust.method ?? "CR2",
  );
}

/** QM tests every coefficient of a design without intercept (metafor's btt for mods = ~ outcome - 1). */
function omnibusCoefficients(design: Design): number[] {
  const { p } = design;
  if (!design.intercept) return Array.from({ length: p }, (_, j) => j);
  return p === 1 ? [0] : Array.from({ length: p - 1 }, (_, j) => j + 1);
}

function gMatrix(shape: StructureShape, theta: readonly number[]): number[][] {
  return Array.from({ length: shape.q }, (_, l) => Array.from({ length: shape.q }, (__, m) => entryDerivatives(shape, theta, l, m).value));
}

/** The within-study blocks V_c (vi on the diagonal, the given covariances off it) and log|V|. */
function withinBlocks(
  layout: ReturnType<typeof clusterLayout>,
  vi: Float64Array,
  covariance: readonly CovarianceEntry[],
  study: readonly string[],
): { V: Float64Array; vOffsets: Int32Array; logDetV: number } {
  const vOffsets = new Int32Array(layout.m);
  const clusterOf = new Int32Array(layout.k);
  const position = new Int32Array(layout.k);
  let total = 0;
  for (let c = 0; c < layout.m; c++) {
    const n = layout.starts[c + 1]! - layout.starts[c]!;
    vOffsets[c] = total;
    total += n * n;
    for (let t = layout.starts[c]!; t < layout.starts[c + 1]!; t++) {
      clusterOf[layout.rows[t]!] = c;
      position[layout.rows[t]!] = t - layout.starts[c]!;
    }
  }
  const V = new Float64Array(total);
  const sizeOf = (c: number) => layout.starts[c + 1]! - layout.starts[c]!;
  for (let i = 0; i < layout.k; i++) {
    const c = clusterOf[i]!;
    V[vOffsets[c]! + position[i]! * (sizeOf(c) + 1)] = vi[i]!;
  }
  covariance.forEach(({ i, j, cov }) => {
    if (!(Number.isInteger(i) && Number.isInteger(j) && i >= 0 && j >= 0 && i < layout.k && j < layout.k && i !== j)) {
      throw new MetakitError("INVALID_INPUT", `${fn}: a covariance entry names rows ${i} and ${j}: two different rows of the data are needed`, { field: "covariance", value: [i, j] });
    }
    if (study[i] !== study[j]) {
      throw new MetakitError("INVALID_INPUT", `${fn}: rows ${i} and ${j} have a covariance but belong to studies ${study[i]} and ${study[j]}`, { study: i, field: "covariance", value: cov });
    }
    if (!Number.isFinite(cov)) throw new MetakitError("INVALID_INPUT", `${fn}: the covariance of rows ${i} and ${j} is not a finite number`, { study: i, field: "covariance", value: cov });
    const c = clusterOf[i]!;
    const n = sizeOf(c);
    V[vOffsets[c]! + position[i]! * n + position[j]!] = cov;
    V[vOffsets[c]! + position[j]! * n + position[i]!] = cov;
  });
  let logDetV = 0;
  for (let c = 0; c < layout.m; c++) {
    const n = sizeOf(c);
    try {
      logDetV += invertSpd(V.slice(vOffsets[c]!, vOffsets[c]! + n * n), n).logDet;
    } catch {
      const row = layout.rows[layout.starts[c]!]!;
      throw new MetakitError("INVALID_INPUT", `${fn}: the within-study covariance of study ${study[row]} is not positive definite`, { study: row, field: "covariance", value: study[row] });
    }
  }
  return { V, vOffsets, logDetV };
}

/** X: one indicator per outcome level, then the moderators' columns (without their intercept). */
function outcomeDesign(
  k: number,
  outcomes: readonly string[],
  outcome: Int32Array,
  moderators: readonly Moderator[],
  labels: readonly string[] | undefined,
): { design: Design; terms: string[]; coding: readonly ModeratorCoding[] } {
  const extra = moderatorDesign(k, moderators, labels, fn);
  const q = outcomes.length;
  const pm = extra.design.p - 1;
  const p = q + pm;
  const X = new Float64Array(k * p);
  for (let i = 0; i < k; i++) {
    X[i * p + outcome[i]!] = 1;
    for (let j = 0; j < pm; j++) X[i * p + q + j] = extra.design.X[i * extra.design.p + 1 + j]!;
  }
  return { design: { k, p, X, intercept: false }, terms: [...outcomes, ...extra.terms.slice(1)], coding: extra.coding };
}

/**
 * The conditioned design X~ = X A of the iterations (see conditioned-design.ts): the outcome
 * indicators sum to the intercept, so each moderator column is centred at its mean and
 * scaled by its standard deviation, X~_j = (X_j - c_j) / s_j = X A with A_jj = 1 / s_j and
 * A_lj = -c_j / s_j for every indicator l. A moderator such as a publication year otherwise
 * makes X'WX so ill-conditioned that rounding swamps the gradient.
 */
function conditionOutcomeDesign(design: Design, q: number): { X: Float64Array; A: Float64Array } {
  const { k, p, X } = design;
  const A = new Float64Array(p * p);
  const Xc = Float64Array.from(X);
  for (let l = 0; l < q; l++) A[l * p + l] = 1;
  for (let j = q; j < p; j++) {
    let mean = 0;
    for (let i = 0; i < k; i++) mean += X[i * p + j]! / k;
    let ss = 0;
    for (let i = 0; i < k; i++) ss += (X[i * p + j]! - mean) ** 2;
    const sd = Math.sqrt(ss / k);
    const scale = sd > 0 ? 1 / sd : 1;
    A[j * p + j] = scale;
    for (let l = 0; l < q; l++) A[l * p + j] = -mean * scale;
    for (let i = 0; i < k; i++) Xc[i * p + j] = (X[i * p + j]! - mean) * scale;
  }
  return { X: Xc, A };
}

/** Correlations no study informs: no study has two rows whose G entry depends on them. */
function unidentifiedRhos(data: MultivariateData): number[] {
  const { shape, layout, outcome } = data;
  const informed = new Set<number>();
  const probe = Array.from({ length: shape.nTau + shape.nRho }, (_, j) => (j < shape.nTau ? 1 : 0.5));
  for (let c = 0; c < layout.m; c++) {
    for (let a = layout.starts[c]!; a < layout.starts[c + 1]!; a++) {
      for (let b = layout.starts[c]!; b < a; b++) {
        const l = outcome[layout.rows[a]!]!;
        const m = outcome[layout.rows[b]!]!;
        if (l === m) continue;
        for (const [j] of entryDerivatives(shape, probe, l, m).gradient) if (j >= shape.nTau) informed.add(j);
      }
    }
  }
  return Array.from({ length: shape.nRho }, (_, i) => shape.nTau + i).filter((j) => !informed.has(j));
}

/**
 * Starting values: tau2 of each outcome level the DerSimonian–Laird estimate of its rows
 * (a tenth of their mean vi where that is 0; the mean over levels where one tau2 is shared),
 * rho 0.
 */
function startValues(data: MultivariateData, vi: Float64Array): number[] {
  const { shape, yi, outcome } = data;
  const perLevel = Array.from({ length: shape.q }, (_, l) => {
    let sw = 0;
    let sw2 = 0;
    let swy = 0;
    let swy2 = 0;
    let count = 0;
    let meanV = 0;
    for (let i = 0; i < yi.length; i++) {
      if (outcome[i] !== l) continue;
      const w = 1 / vi[i]!;
      sw += w;
      sw2 += w * w;
      swy += w * yi[i]!;
      swy2 += w * yi[i]! * yi[i]!;
      meanV += vi[i]!;
      count++;
    }
    meanV /= count;
    const Q = swy2 - (swy * swy) / sw;
    const tau2 = count > 1 ? (Q - (count - 1)) / (sw - sw2 / sw) : 0;
    return tau2 > 0 && Number.isFinite(tau2) ? tau2 : meanV / 10;
  });
  const shared = perLevel.reduce((a, b) => a + b, 0) / shape.q;
  return [...(shape.nTau === 1 ? [shared] : perLevel), ...new Array<number>(shape.nRho).fill(0)];
}

function readFixed(shape: StructureShape, tau2: MultivariateOptions["tau2"], rho: MultivariateOptions["rho"]): (number | undefined)[] {
  const read = (values: readonly (number | null)[] | undefined, n: number, name: string, ok: (v: number) => boolean, expected: string) => {
    if (values === undefined) return new Array<number | undefined>(n).fill(undefined);
    if (values.length !== n) throw invalidOption(fn, name, values, `${n} values (null = estimated)`);
    return values.map((v) => {
      if (v === null) return undefined;
      if (!ok(v)) throw invalidOption(fn, name, v, expected);
      return v;
    });
  };
  return [
    ...read(tau2, shape.nTau, "tau2", (v) => v >= 0 && Number.isFinite(v), "a variance >= 0 or null"),
    ...read(rho, shape.nRho, "rho", (v) => Math.abs(v) <= 1, "a correlation in [-1, 1] or null"),
  ];
}

function quantile(level: number, df: number | undefined): number {
  const upper = 1 - (1 - level / 100) / 2;
  return df === undefined ? normalQuantile(upper) : tQuantile(upper, df);
}

/** Code-point order, the order of outcome levels everywhere (coefficients, tau2, rho). */
function codePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
