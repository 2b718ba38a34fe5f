/**
 * The iterative tau2 estimators of metafor's rma.uni(): Fisher scoring for ML, REML and
 * EB, the iterated DerSimonian–Laird estimator, and Paule–Mandel (mean- and
 * median-unbiased) by root finding. Each iteration costs O(k p^2).
 */
import { chisqQuantile, MetakitError } from "@metakit/base";
import { logLikelihood } from "./log-likelihood.js";
import { tau2HE } from "./tau2-closed-form.js";
import type { Tau2Context, Tau2Estimate } from "./tau2-context.js";
import { truncateAtZero } from "./tau2-context.js";
import { marginalFit, type WeightedFit } from "./weighted-least-squares.js";
import { zeroin } from "@metakit/base";

export type FisherScoringMethod = "ML" | "REML" | "EB";

/**
 * ML, REML and empirical Bayes estimates by Fisher scoring, as metafor.
 * Start: control.tau2Init, else max(0, tau2_HE). Step (wi = 1/(vi + tau2)):
 * - ML:   (y'PPy - sum wi) / sum wi^2            (Viechtbauer 2005, eq. 10)
 * - REML: (y'PPy - tr P) / tr(PP)                  (Viechtbauer 2005, eq. 12)
 * - EB:   (y'Py k/(k-p) - k) / sum wi              (Morris 1983; Berkey et al. 1995)
 * each multiplied by control.stepadj and halved while it would make tau2 negative.
 * Stopping rule: |tau2_new - tau2_old| <= control.threshold (1e-5). Cap: the
 * (maxiter + 1)-th iteration (maxiter = 100) throws NOT_CONVERGED, as metafor stops.
 * ML and REML then apply metafor's ll0check: if the log-likelihood at tau2 = 0 exceeds
 * the one at the estimate by more than eps^0.25 (and tau2 > threshold), tau2 is set to 0.
 * @reference Viechtbauer (2005), J Educ Behav Stat 30:261-293; Jennrich & Sampson (1976)
 * @metafor rma(yi, vi, method = "ML" | "REML" | "EB")
 */
export function tau2FisherScoring(ctx: Tau2Context, method: FisherScoringMethod): Tau2Estimate {
  const { design, yi, vi, control } = ctx;
  const { k, p } = design;
  let tau2 = control.tau2Init ?? tau2HE(ctx).tau2;
  let change = control.threshold + 1;
  let iterations = 0;
  let shift: number | undefined;
  while (change > control.threshold) {
    iterations++;
    const previous = tau2;
    const fit = marginalFit(design, yi, vi, tau2, shift);
    shift = fit.beta[0];
    let adj = fisherScoringStep(method, fit, k, p) * control.stepadj;
    if (Number.isNaN(adj)) adj = 0;
    // at tau2 = 0 halving a negative step ends, after ~1,075 halvings, at -0: skip to it
    if (tau2 === 0 && adj < 0) adj = 0;
    while (tau2 + adj < 0) adj /= 2;
    tau2 += adj;
    change = Math.abs(previous - tau2);
    if (iterations > control.maxiter) throw notConverged(method, iterations, change, tau2);
  }
  if (method !== "EB" && ll0Exceeds(ctx, tau2, method === "REML")) {
    return { tau2: 0, truncated: false, iterations, movedToZero: true };
  }
  return { tau2, truncated: false, iterations };
}

function fisherScoringStep(
  method: FisherScoringMethod,
  fit: WeightedFit,
  k: number,
  p: number,
): number {
  switch (method) {
    case "ML":
      return (fit.RSS2 - fit.sumW) / fit.sumW2;
    case "REML":
      return (fit.RSS2 - fit.trP) / fit.trPP;
    case "EB":
      return ((fit.RSS * k) / (k - p) - k) / fit.sumW;
  }
}

/** metafor's ll0check: is the likelihood at tau2 = 0 clearly higher than at the estimate? */
function ll0Exceeds(ctx: Tau2Context, tau2: number, reml: boolean): boolean {
  const { design, yi, vi, control } = ctx;
  const ll0 = logLikelihood(design, yi, vi, 0, reml);
  const ll = logLikelihood(design, yi, vi, tau2, reml);
  return ll0 - ll > control.tol && tau2 > control.threshold;
}

/**
 * Iterated DerSimonian–Laird: starting from control.tau2Init (default 0), repeats
 * tau2 = max(0, (y'Py - (k - p)) / tr(P)) with wi = 1/(vi + tau2), as metafor 3.8 does.
 * Stopping rule: |tau2_new - tau2_old| <= control.threshold. Cap: the (maxiter + 1)-th
 * iteration throws NOT_CONVERGED.
 * @reference DerSimonian & Kacker (2007), Contemp Clin Trials 28:105-114, section 2.3
 * @metafor rma(yi, vi, method = "DLIT")
 */
export function tau2DLIT(ctx: Tau2Context): Tau2Estimate {
  const { design, yi, vi, control } = ctx;
  const { k, p } = design;
  let tau2 = control.tau2Init ?? 0;
  let weightsTau2 = tau2;
  let change = control.threshold + 1;
  let iterations = 0;
  let shift: number | undefined;
  while (change > control.threshold) {
    iterations++;
    const previous = tau2;
    const fit = marginalFit(design, yi, vi, tau2, shift);
    shift = fit.beta[0];
    tau2 = Math.max(0, (fit.RSS - (k - p)) / fit.trP);
    change = Math.abs(previous - tau2);
    if (iterations > control.maxiter) throw notConverged("DLIT", iterations, change, tau2);
    weightsTau2 = previous;
  }
  return { tau2, truncated: false, iterations, weightsTau2 };
}

/**
 * Generalised Q statistic y'Py with wi = 1/(vi + tau2): Cochran's Q at tau2 = 0.
 * @metafor .QE.func
 */
export function generalisedQ(ctx: Pick<Tau2Context, "design" | "yi" | "vi">, tau2: number): number {
  return marginalFit(ctx.design, ctx.yi, ctx.vi, tau2).RSS;
}

/**
 * Paule–Mandel estimator: the tau2 at which the generalised Q equals its expectation
 * k - p (PM), or the median of chi-square(k - p) (PMM, median-unbiased). tau2 = 0 when
 * Q(0) is already below the target. The root is searched in [0, tau2max],
 * tau2max = control.tau2Max or max(100, 10 mad(yi)^2) as metafor, by Brent's method with
 * tolerance control.tol (eps^0.25) and cap control.maxiter, exactly as metafor's uniroot().
 * Throws NOT_CONVERGED when Q(tau2max) is still above the target.
 * @reference Paule & Mandel (1982), J Res Natl Bur Stand 87:377-385; DerSimonian &
 *   Kacker (2007), eq. 10; PMM: Viechtbauer (2021), metafor documentation
 * @metafor rma(yi, vi, method = "PM" | "PMM")
 */
export function tau2PauleMandel(ctx: Tau2Context, medianUnbiased: boolean): Tau2Estimate {
  const { design, yi, control } = ctx;
  const df = design.k - design.p;
  const target = medianUnbiased ? chisqQuantile(0.5, df) : df;
  const f = (tau2: number) => generalisedQ(ctx, tau2) - target;
  const f0 = f(0);
  if (f0 < 0) return truncateAtZero(-1);
  const tau2Max = control.tau2Max ?? Math.max(100, 10 * medianAbsoluteDeviation(yi) ** 2);
  const fMax = f(tau2Max);
  if (fMax > 0) {
    throw new MetakitError("NOT_CONVERGED", `${medianUnbiased ? "PMM" : "PM"}: tau2 above control.tau2Max`, {
      method: medianUnbiased ? "PMM" : "PM",
      iterations: 0,
      lastChange: fMax,
      tau2Max,
    });
  }
  const what = medianUnbiased ? "PMM" : "PM";
  const tau2 = zeroin(f, 0, tau2Max, f0, fMax, { tol: control.tol, maxiter: control.maxiter, what });
  return { tau2: Math.max(0, tau2), truncated: false, iterations: 0 };
}

/** R's mad(): 1.4826 * median(|y - median(y)|). O(k log k). */
export function medianAbsoluteDeviation(y: ArrayLike<number>): number {
  const m = median(Float64Array.from(y));
  const deviations = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) deviations[i] = Math.abs(y[i]! - m);
  return 1.4826 * median(deviations);
}

function median(values: Float64Array): number {
  values.sort();
  const n = values.length;
  const half = n >> 1;
  return n % 2 === 1 ? values[half]! : (values[half - 1]! + values[half]!) / 2;
}

function notConverged(method: string, iterations: number, lastChange: number, tau2: number): MetakitError {
  return new MetakitError("NOT_CONVERGED", `${method}: tau2 did not converge in ${iterations} iterations`, {
    method,
    iterations,
    lastChange,
    tau2,
  });
}
