/**
 * The non-iterative tau2 estimators of metafor's rma.uni(), each for a design X with p
 * columns (p = 1: intercept only). All are truncated at zero, as metafor does.
 */
import type { Tau2Context, Tau2Estimate } from "./tau2-context.js";
import { truncateAtZero } from "./tau2-context.js";
import { marginalFit, weightedFit } from "./weighted-least-squares.js";

/**
 * DerSimonian–Laird moment estimator.
 * tau2 = (QE - (k - p)) / tr(P), wi = 1/vi; for p = 1, tr(P) = sum(wi) - sum(wi^2)/sum(wi).
 * @reference DerSimonian & Laird (1986), Control Clin Trials 7:177-188, eq. 7;
 *   Raudenbush (2009), eq. 16.42 (with moderators)
 * @metafor rma(yi, vi, method = "DL")
 * @example tau2DL(bcg log RR) // 0.3088 (dat.bcg)
 */
export function tau2DL(ctx: Tau2Context): Tau2Estimate {
  const { design, yi, vi } = ctx;
  const fit = marginalFit(design, yi, vi, 0);
  return truncateAtZero((fit.RSS - (design.k - design.p)) / fit.trP);
}

/**
 * Hedges' (Cochran's ANOVA) estimator from the unweighted residuals.
 * tau2 = (RSS_OLS - tr(P_I V)) / (k - p), P_I = I - X(X'X)^{-1}X'; for p = 1,
 * tau2 = sum (yi - ybar)^2 / (k - 1) - mean(vi).
 * @reference Hedges (1983), Psychol Bull 93:388-395; Viechtbauer (2005), eq. 7
 * @metafor rma(yi, vi, method = "HE")
 */
export function tau2HE(ctx: Tau2Context): Tau2Estimate {
  const { design, yi, vi } = ctx;
  const fit = weightedFit(design, yi, new Float64Array(design.k).fill(1), vi);
  return truncateAtZero((fit.RSS - fit.trPV) / (design.k - design.p));
}

/**
 * Hunter–Schmidt estimator, tau2 = (QE - k) / sum(wi), wi = 1/vi; with the k-correction
 * (HSk) QE is first multiplied by k / (k - p).
 * @reference Hunter & Schmidt (2004), Methods of Meta-Analysis, 2nd ed.;
 *   Viechtbauer (2005), eq. 11; HSk: Brannick et al. (2019), Res Synth Methods 10:268-288
 * @metafor rma(yi, vi, method = "HS") and method = "HSk"
 */
export function tau2HS(ctx: Tau2Context, kCorrected: boolean): Tau2Estimate {
  const { design, yi, vi } = ctx;
  const { k, p } = design;
  const fit = marginalFit(design, yi, vi, 0);
  const QE = kCorrected ? (k / (k - p)) * fit.RSS : fit.RSS;
  return truncateAtZero((QE - k) / fit.sumW);
}

/**
 * Generalised Q (method-of-moments) estimator with user weights ai.
 * tau2 = (Q_a - tr(P_a V)) / tr(P_a), Q_a = y'P_a y, P_a = A - AX(X'AX)^{-1}X'A.
 * @reference DerSimonian & Kacker (2007), Contemp Clin Trials 28:105-114, eq. 6
 * @metafor rma(yi, vi, weights = ai, method = "GENQ")
 */
export function tau2GENQ(ctx: Tau2Context, weights: ArrayLike<number>): Tau2Estimate {
  const fit = weightedFit(ctx.design, ctx.yi, weights, ctx.vi);
  return truncateAtZero((fit.RSS - fit.trPV) / fit.trP);
}

/**
 * Sidik–Jonkman estimator. Starts from tau2_0 = sum (yi - ybar)^2 / k (metafor's
 * var(yi) (k-1)/k, or control.tau2Init), then tau2 = tau2_0 y'Py / (k - p) with
 * wi = 1/(vi + tau2_0). Positive whenever the yi are not all equal.
 * @reference Sidik & Jonkman (2005), J Biopharm Stat 15:823-838, eq. 4
 * @metafor rma(yi, vi, method = "SJ")
 */
export function tau2SJ(ctx: Tau2Context): Tau2Estimate {
  const { design, yi, vi, control } = ctx;
  const tau20 = control.tau2Init ?? meanSquaredDeviation(yi);
  const fit = marginalFit(design, yi, vi, tau20);
  return truncateAtZero((tau20 * fit.RSS) / (design.k - design.p));
}

/** sum (y - mean)^2 / k, in two passes. */
export function meanSquaredDeviation(y: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i]!;
  mean /= y.length;
  let ss = 0;
  for (let i = 0; i < y.length; i++) ss += (y[i]! - mean) ** 2;
  return ss / y.length;
}
