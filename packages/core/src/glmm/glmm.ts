/**
 * Generalized linear mixed models for meta-analysis of counts, fitted by maximum
 * likelihood as metafor's rma.glmm fits them (with lme4::glmer, nAGQ = 7):
 * - OR, model "UM.FS": the unconditional logistic model with fixed study effects and a
 *   random treatment effect, logit p_i1 = alpha_i + beta + b_i / 2,
 *   logit p_i2 = alpha_i - b_i / 2, b_i ~ N(0, tau²) (metafor's coding = 1/2);
 * - OR, model "UM.RS": random study effects instead of the alpha_i, by the Laplace
 *   approximation as metafor fits it (random-study-effects.ts);
 * - PLO: the random-intercept logistic model, logit p_i = beta + b_i;
 * - IRLN: the random-intercept Poisson model, log(rate_i) = beta + b_i (offset log t_i).
 * Except in UM.RS, the likelihood integrates each study's random effect by adaptive
 * Gauss–Hermite quadrature with 7 nodes (study-likelihood.ts); no continuity correction is used, studies
 * with 0% or 100% events are kept, and (OR) studies with no events or only events in both
 * arms are dropped, as metafor's drop00 = TRUE does.
 * Heterogeneity: metafor's Wald-type and likelihood-ratio tests of the saturated model
 * against the equal-effects model (df = k - 1); I² and H² with metafor's "typical"
 * within-study variance from the escalc variances (add = 1/2 to studies with a zero cell).
 * @reference Stijnen, Hamza & Ozdemir (2010), Stat Med 29:3046-3067 (models);
 *   Jackson et al. (2018), Stat Med 37:1059-1085 (model 4 = UM.FS)
 * @metafor rma.glmm(measure = "OR", ai, n1i, ci, n2i, model = "UM.FS"); rma.glmm(measure = "PLO", xi, ni); rma.glmm(measure = "IRLN", xi, ti)
 * @example glmm({ measure: "PLO", xi: pritz.xi, ni: pritz.ni }).tau2 // 1.5624 (dat.pritz1997; lme4 tight optimiser)
 */
import { MetakitError, chisqUpperTail, normalQuantile, normalTwoSidedP, readLevel, readOneOf, tQuantile, tTwoSidedP } from "@metakit/base";
import type { GlmmFamily } from "./families.js";
import { maximizeGlmm, type GlmmMaximum } from "./maximize.js";
import { fitRandomStudyEffects, type RandomStudyEffectsFit } from "./random-study-effects.js";
import { cochranQ, saturatedGlm } from "./saturated-glm.js";
import { makeStudy, type GlmmStudy } from "./study-likelihood.js";

export const GLMM_MEASURES = ["OR", "PLO", "IRLN"] as const;
export type GlmmMeasure = (typeof GLMM_MEASURES)[number];
/** Models for odds ratios: fixed (UM.FS, 7-node AGQ) or random (UM.RS, Laplace) study effects. */
export const GLMM_MODELS = ["UM.FS", "UM.RS"] as const;
export type GlmmModel = (typeof GLMM_MODELS)[number];

export type GlmmInput =
  | { readonly measure: "OR"; readonly ai: ArrayLike<number>; readonly bi: ArrayLike<number>; readonly ci: ArrayLike<number>; readonly di: ArrayLike<number>; readonly labels?: readonly string[] }
  | { readonly measure: "PLO"; readonly xi: ArrayLike<number>; readonly ni: ArrayLike<number>; readonly labels?: readonly string[] }
  | { readonly measure: "IRLN"; readonly xi: ArrayLike<number>; readonly ti: ArrayLike<number>; readonly labels?: readonly string[] };

export interface GlmmOptions {
  /** For OR: "UM.FS" (default, metafor's default) or "UM.RS". */
  readonly model?: GlmmModel;
  /** Confidence level, 95 or 0.95 (default 95). */
  readonly level?: number;
  /** "z" (default) or "t": t with k - 1 df for the test and interval (metafor's test = "t"). */
  readonly test?: GlmmTest;
}

export const GLMM_TESTS = ["z", "t"] as const;
export type GlmmTest = (typeof GLMM_TESTS)[number];

export interface HeterogeneityTest {
  readonly statistic: number;
  readonly df: number;
  readonly pval: number;
}

export interface GlmmResult {
  readonly measure: GlmmMeasure;
  /** "UM.FS" for OR, "random-intercept" for PLO and IRLN. */
  readonly model: GlmmModel | "random-intercept";
  readonly method: "ML";
  /** 7-node adaptive Gauss–Hermite (UM.FS, PLO, IRLN) or the Laplace approximation (UM.RS), as metafor. */
  readonly quadrature: { readonly method: "adaptive Gauss-Hermite" | "Laplace"; readonly nodes: 7 | 1 };
  readonly k: number;
  /** Studies left out (OR: no events, or only events, in both arms), as metafor drops them. */
  readonly excluded: readonly { readonly study: string | number; readonly reason: string }[];
  readonly level: number;
  readonly test: GlmmTest;
  readonly estimate: number;
  readonly se: number;
  /** estimate / se (metafor's zval, or tval with test = "t"). */
  readonly zval: number;
  readonly pval: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly tau2: number;
  readonly tau: number;
  /** UM.RS: the variance of the random study effects (metafor's sigma2); null otherwise. */
  readonly sigma2: number | null;
  /** The maximised marginal log-likelihood (with the binomial or Poisson constants). */
  readonly logLik: number;
  /** Tests of the saturated model; null when k = 1. */
  readonly heterogeneity: { readonly wald: HeterogeneityTest; readonly lrt: HeterogeneityTest } | null;
  readonly I2: number;
  readonly H2: number;
  /** The estimate and interval on the natural scale: OR, proportion, or rate per unit of t. */
  readonly transformed: { readonly scale: "OR" | "proportion" | "rate"; readonly estimate: number; readonly ciLower: number; readonly ciUpper: number };
  readonly iterations: number;
}

interface Prepared {
  readonly family: GlmmFamily;
  readonly studies: readonly GlmmStudy[];
  readonly studyIntercepts: boolean;
  /** Saturated-model rows and how rows combine into the study estimates of the Wald test. */
  readonly saturatedRows: readonly { x: number; n: number }[];
  readonly rowsPerStudy: 1 | 2;
  /** escalc variances (add 1/2 where a cell is 0) for I². */
  readonly vi: readonly number[];
  readonly start: { alpha: Float64Array; beta: number };
  readonly excluded: GlmmResult["excluded"];
  readonly k: number;
}

const FN = "glmm";

/** Fits the GLMM of `input.measure` (see the module comment). */
export function glmm(input: GlmmInput, options: GlmmOptions = {}): GlmmResult {
  const level = readLevel(options.level, FN);
  const measure = readOneOf(GLMM_MEASURES, input.measure, "OR", "measure", FN);
  const model = readOneOf(GLMM_MODELS, options.model, "UM.FS", "model", FN);
  const test = readOneOf(GLMM_TESTS, options.test, "z", "test", FN);
  const prep = measure === "OR" ? prepareOddsRatio(input as Extract<GlmmInput, { measure: "OR" }>) : prepareSingle(input as Exclude<GlmmInput, { measure: "OR" }>);
  if (prep.k < 2) throw new MetakitError("INSUFFICIENT_DATA", `${FN}: needs at least 2 studies with data, has ${prep.k}`, { field: "k", value: prep.k });
  if (measure === "OR" && model === "UM.RS") return randomStudyEffects(level, test, prep);
  const opts = { studyIntercepts: prep.studyIntercepts };
  const fe = maximizeGlmm(prep.family, prep.studies, { ...prep.start, tau: 0 }, { ...opts, fixTauAtZero: true });
  const ml = maximizeGlmm(prep.family, prep.studies, { alpha: fe.alpha, beta: fe.beta, tau: 0.5 }, { ...opts, fixTauAtZero: false });
  return summarize(measure, measure === "OR" ? model : "random-intercept", level, test, prep, fe, ml);
}

/** Wald inference on beta: z (or t on k - 1 df, metafor's test = "t"). */
function inference(beta: number, variance: number, k: number, level: number, test: GlmmTest) {
  const se = Math.sqrt(variance);
  const zval = beta / se;
  const df = k - 1; // metafor: ddf = k - p
  const upper = 1 - (1 - level / 100) / 2;
  const crit = test === "t" ? tQuantile(upper, df) : normalQuantile(upper);
  return { se, zval, pval: test === "t" ? tTwoSidedP(zval, df) : normalTwoSidedP(zval), ciLower: beta - crit * se, ciUpper: beta + crit * se };
}

/**
 * UM.RS (random-study-effects.ts): ML by the Laplace approximation, as metafor. Its
 * heterogeneity tests compare the equal-effects model (tau = 0, random intercept) with
 * the saturated one (one treatment effect per study, random intercept), also by Laplace:
 * LRT = -2 (ll.FE - ll.QE); the Wald-type test of equal study effects uses their
 * covariance from the inverse Hessian, V^-1 = D - B C^-1 B' (the Schur complement over
 * mu and sigma, so O(k)). When a study's own effect is infinite (a zero cell), the
 * saturated model has no maximum and both tests are null (glmer stops somewhere there).
 */
function randomStudyEffects(level: number, test: GlmmTest, prep: Prepared): GlmmResult {
  const control = prep.saturatedRows.filter((_, j) => j % 2 === 1);
  const sx = control.reduce((s, r) => s + r.x, 0), sn = control.reduce((s, r) => s + r.n, 0);
  const start = { mu: logit((sx + 0.5) / (sn + 1)), beta: prep.start.beta };
  const fe = fitRandomStudyEffects(prep.studies, start, true);
  const ml = fitRandomStudyEffects(prep.studies, start, false);
  const inf = inference(ml.beta, ml.varBeta, prep.k, level, test);
  const { I2, H2 } = i2h2(prep.vi, ml.tau2);
  const back = Math.exp;
  return {
    measure: "OR",
    model: "UM.RS",
    method: "ML",
    quadrature: { method: "Laplace", nodes: 1 },
    k: prep.k,
    sigma2: ml.sigma2,
    excluded: prep.excluded,
    level,
    test,
    estimate: ml.beta,
    ...inf,
    tau2: ml.tau2,
    tau: Math.sqrt(ml.tau2),
    logLik: ml.logLik,
    heterogeneity: saturatedRandomIntercept(prep, fe),
    I2,
    H2,
    transformed: { scale: "OR", estimate: back(ml.beta), ciLower: back(inf.ciLower), ciUpper: back(inf.ciUpper) },
    iterations: fe.iterations + ml.iterations,
  };
}

function saturatedRandomIntercept(prep: Prepared, fe: RandomStudyEffectsFit): GlmmResult["heterogeneity"] {
  const rows = prep.saturatedRows;
  if (rows.some((r) => r.x === 0 || r.x === r.n)) return null;
  const studies = prep.studies.map((_, i) =>
    makeStudy("binomial", [{ ...rows[2 * i]!, offset: 0, a: 1, b: 1, s: 1 }, { ...rows[2 * i + 1]!, offset: 0, a: 0, b: 1, s: 1 }], 1),
  );
  const alpha = Float64Array.from(prep.studies, (_, i) => {
    const [t, c] = [rows[2 * i]!, rows[2 * i + 1]!];
    return Math.log((t.x * (c.n - c.x)) / ((t.n - t.x) * c.x));
  });
  const qe = maximizeGlmm("binomial", studies, { alpha, beta: fe.mu, tau: Math.max(Math.sqrt(fe.sigma2), 0.1) }, { studyIntercepts: true, fixTauAtZero: false });
  // V^-1 = D - B C^-1 B' with A = -H: D_i = A_(theta_i), B_i = A_(theta_i, (mu, sigma)), C = A_((mu, sigma))
  let c00 = 0, c01 = 0, c11 = 0;
  for (const H of qe.hessians) {
    c00 -= H[4]!;
    c01 -= H[5]!;
    c11 -= H[8]!;
  }
  const det = c00 * c11 - c01 * c01;
  const vinv = (x: ArrayLike<number>): number[] => {
    let b0x = 0, b1x = 0;
    qe.hessians.forEach((H, i) => {
      b0x += -H[1]! * x[i]!;
      b1x += -H[2]! * x[i]!;
    });
    const y0 = (c11 * b0x - c01 * b1x) / det, y1 = (c00 * b1x - c01 * b0x) / det; // C^-1 B' x
    return qe.hessians.map((H, i) => -H[0]! * x[i]! - (-H[1]! * y0 + -H[2]! * y1));
  };
  const theta = qe.alpha;
  const ones = new Array<number>(prep.k).fill(1);
  const vt = vinv(theta), v1 = vinv(ones);
  const tVt = vt.reduce((s, v, i) => s + v * theta[i]!, 0);
  const oVt = vt.reduce((s, v) => s + v, 0);
  const oV1 = v1.reduce((s, v) => s + v, 0);
  const wald = Math.max(0, tVt - (oVt * oVt) / oV1);
  const lrt = Math.max(0, -2 * (fe.logLik - qe.logLik));
  const df = prep.k - 1;
  return { wald: { statistic: wald, df, pval: chisqUpperTail(wald, df) }, lrt: { statistic: lrt, df, pval: chisqUpperTail(lrt, df) } };
}

function summarize(measure: GlmmMeasure, model: GlmmResult["model"], level: number, test: GlmmTest, prep: Prepared, fe: GlmmMaximum, ml: GlmmMaximum): GlmmResult {
  const { se, zval, pval, ciLower, ciUpper } = inference(ml.beta, ml.covariance.beta, prep.k, level, test);
  const tau2 = ml.tau * ml.tau;
  const { I2, H2 } = i2h2(prep.vi, tau2);
  const back = measure === "PLO" ? (x: number) => 1 / (1 + Math.exp(-x)) : Math.exp;
  return {
    measure,
    model,
    method: "ML",
    quadrature: { method: "adaptive Gauss-Hermite", nodes: 7 },
    k: prep.k,
    sigma2: null,
    excluded: prep.excluded,
    level,
    test,
    estimate: ml.beta,
    se,
    zval,
    pval,
    ciLower,
    ciUpper,
    tau2,
    tau: ml.tau,
    logLik: ml.logLik,
    heterogeneity: heterogeneityTests(prep, fe.logLik),
    I2,
    H2,
    transformed: { scale: measure === "OR" ? "OR" : measure === "PLO" ? "proportion" : "rate", estimate: back(ml.beta), ciLower: back(ciLower), ciUpper: back(ciUpper) },
    iterations: fe.iterations + ml.iterations,
  };
}

/**
 * metafor's QE.Wld (Cochran's Q of the saturated glm's study estimates) and QE.LRT
 * (-2 (ll.FE - ll.QE), ll.QE the saturated log-likelihood), each on k - 1 df.
 */
function heterogeneityTests(prep: Prepared, llEqual: number): GlmmResult["heterogeneity"] {
  const df = prep.k - 1;
  const sat = saturatedGlm(prep.family, prep.saturatedRows);
  const yi: number[] = [];
  const vi: number[] = [];
  for (let i = 0; i < prep.k; i++) {
    if (prep.rowsPerStudy === 2) {
      yi.push(sat.coef[2 * i]! - sat.coef[2 * i + 1]!);
      vi.push(sat.variance[2 * i]! + sat.variance[2 * i + 1]!);
    } else {
      yi.push(sat.coef[i]!);
      vi.push(sat.variance[i]!);
    }
  }
  const wald = Math.max(0, cochranQ(yi, vi));
  const llSaturated = prep.studies.reduce((s, st) => s + st.constant, 0) + prep.saturatedRows.reduce((s, r) => s + saturatedRowLogLik(prep.family, r), 0);
  const lrt = Math.max(0, -2 * (llEqual - llSaturated));
  return { wald: { statistic: wald, df, pval: chisqUpperTail(wald, df) }, lrt: { statistic: lrt, df, pval: chisqUpperTail(lrt, df) } };
}

/** A row's log-likelihood at its own proportion (rate), without its constant. */
function saturatedRowLogLik(family: GlmmFamily, r: { x: number; n: number }): number {
  const xlogx = (a: number, b: number) => (a > 0 ? a * Math.log(a / b) : 0);
  if (family === "poisson") return r.x > 0 ? r.x * Math.log(r.x) - r.x : 0;
  return xlogx(r.x, r.n) + xlogx(r.n - r.x, r.n);
}

/** I² and H² from metafor's typical variance (k - 1) / (sum w - sum w² / sum w). */
function i2h2(vi: readonly number[], tau2: number): { I2: number; H2: number } {
  let sw = 0, sw2 = 0;
  for (const v of vi) {
    sw += 1 / v;
    sw2 += 1 / (v * v);
  }
  const vt = (vi.length - 1) / (sw - sw2 / sw);
  return { I2: (100 * tau2) / (vt + tau2), H2: tau2 / vt + 1 };
}

function readCount(values: ArrayLike<number>, i: number, field: string, labels: readonly string[] | undefined): number {
  const v = values[i];
  if (!(typeof v === "number" && Number.isInteger(v) && v >= 0)) {
    throw new MetakitError("INVALID_INPUT", `${FN}: ${field} must be a non-negative whole number`, { study: labels?.[i] ?? i, index: i, field, value: v });
  }
  return v;
}

function checkLengths(k: number, fields: Record<string, ArrayLike<number>>, labels?: readonly string[]): void {
  for (const [field, values] of Object.entries(fields)) {
    if (values.length !== k) throw new MetakitError("INVALID_INPUT", `${FN}: ${field} has ${values.length} values, expected ${k}`, { field, value: values.length });
  }
  if (labels !== undefined && labels.length !== k) throw new MetakitError("INVALID_INPUT", `${FN}: labels has ${labels.length} values, expected ${k}`, { field: "labels", value: labels.length });
}

const logit = (p: number) => Math.log(p / (1 - p));

function prepareOddsRatio(input: Extract<GlmmInput, { measure: "OR" }>): Prepared {
  const { ai, bi, ci, di, labels } = input;
  const kAll = ai.length;
  checkLengths(kAll, { bi, ci, di }, labels);
  const studies: GlmmStudy[] = [];
  const rows: { x: number; n: number }[] = [];
  const vi: number[] = [];
  const alpha: number[] = [];
  const excluded: { study: string | number; reason: string }[] = [];
  let sa = 0, sb = 0, sc = 0, sd = 0;
  for (let i = 0; i < kAll; i++) {
    const a = readCount(ai, i, "ai", labels), b = readCount(bi, i, "bi", labels), c = readCount(ci, i, "ci", labels), d = readCount(di, i, "di", labels);
    if (a + b === 0 || c + d === 0) throw new MetakitError("INVALID_INPUT", `${FN}: an arm has no participants`, { study: labels?.[i] ?? i, index: i, field: a + b === 0 ? "n1i" : "n2i", value: 0 });
    if ((a === 0 && c === 0) || (b === 0 && d === 0)) {
      excluded.push({ study: labels?.[i] ?? i, reason: a === 0 && c === 0 ? "no events in either arm" : "only events in both arms" });
      continue;
    }
    sa += a; sb += b; sc += c; sd += d;
    const arm1 = { x: a, n: a + b, offset: 0, a: 1, b: 1, s: 0.5 };
    const arm2 = { x: c, n: c + d, offset: 0, a: 1, b: 0, s: -0.5 };
    studies.push(makeStudy("binomial", [arm1, arm2]));
    rows.push({ x: a, n: a + b }, { x: c, n: c + d });
    const add = a === 0 || b === 0 || c === 0 || d === 0 ? 0.5 : 0; // escalc(add = 1/2, to = "only0")
    vi.push(1 / (a + add) + 1 / (b + add) + 1 / (c + add) + 1 / (d + add));
    alpha.push(logit((c + 0.5) / (c + d + 1)));
  }
  const infinite = sa === 0 || sc === 0 || sb === 0 || sd === 0;
  if (infinite && studies.length > 0) {
    const field = sa === 0 ? "ai" : sc === 0 ? "ci" : sb === 0 ? "bi" : "di";
    throw new MetakitError("INSUFFICIENT_DATA", `${FN}: ${field} is 0 in every study, so the maximum-likelihood odds ratio is infinite`, { field, value: 0 });
  }
  const beta = Math.log(((sa + 0.5) * (sd + 0.5)) / ((sb + 0.5) * (sc + 0.5)));
  return { family: "binomial", studies, studyIntercepts: true, saturatedRows: rows, rowsPerStudy: 2, vi, start: { alpha: Float64Array.from(alpha), beta }, excluded, k: studies.length };
}

function prepareSingle(input: Exclude<GlmmInput, { measure: "OR" }>): Prepared {
  const poisson = input.measure === "IRLN";
  const xi = input.xi;
  const sizes = poisson ? (input as { ti: ArrayLike<number> }).ti : (input as { ni: ArrayLike<number> }).ni;
  const sizeField = poisson ? "ti" : "ni";
  const k = xi.length;
  checkLengths(k, { [sizeField]: sizes }, input.labels);
  const studies: GlmmStudy[] = [];
  const rows: { x: number; n: number }[] = [];
  const vi: number[] = [];
  let sx = 0, sn = 0;
  for (let i = 0; i < k; i++) {
    const x = readCount(xi, i, "xi", input.labels);
    const n = poisson ? sizes[i] : readCount(sizes, i, sizeField, input.labels);
    if (!(typeof n === "number" && Number.isFinite(n) && n > 0 && (poisson || x <= n))) {
      throw new MetakitError("INVALID_INPUT", `${FN}: ${sizeField} must be ${poisson ? "a positive person-time" : "a whole number at least xi and above 0"}`, { study: input.labels?.[i] ?? i, index: i, field: sizeField, value: n });
    }
    sx += x;
    sn += n;
    studies.push(makeStudy(poisson ? "poisson" : "binomial", [{ x, n, offset: poisson ? Math.log(n) : 0, a: 0, b: 1, s: 1 }]));
    rows.push({ x, n });
    // escalc(add = 1/2, to = "only0"): PLO 1/x + 1/(n - x), IRLN 1/x
    if (poisson) vi.push(1 / (x === 0 ? 0.5 : x));
    else vi.push(x === 0 || x === n ? 1 / (x + 0.5) + 1 / (n - x + 0.5) : 1 / x + 1 / (n - x));
  }
  if (sx === 0 || (!poisson && sx === sn)) {
    throw new MetakitError("INSUFFICIENT_DATA", `${FN}: every study has ${sx === 0 ? "no" : "only"} events, so the maximum-likelihood ${poisson ? "rate" : "proportion"} is at the boundary`, { field: "xi", value: sx });
  }
  const beta = poisson ? Math.log((sx + 0.5) / sn) : logit((sx + 0.5) / (sn + 1));
  return { family: poisson ? "poisson" : "binomial", studies, studyIntercepts: false, saturatedRows: rows, rowsPerStudy: 1, vi, start: { alpha: new Float64Array(k), beta }, excluded: [], k };
}
