/**
 * A scalar kernel for the intercept-only model, for analyses that fit it tens of
 * thousands of times (GOSH): the engine's p = 1 equations written as loops over at most
 * k numbers, with every buffer allocated once. It computes only what GOSH reports
 * (estimate, tau2, QE, I2, H2) and only for the estimators below; every other estimator
 * goes through the engine. Tests hold it to the engine (fitRandomEffectsModel) on every
 * subset of an oracle case and to metafor's gosh().
 */
import type { NormalizedControl, Tau2Method } from "../options.js";

/** The estimators the kernel computes itself. */
export const KERNEL_METHODS: readonly Tau2Method[] = ["EE", "FE", "DL", "HE", "ML", "REML", "EB"];

export interface KernelFit {
  estimate: number;
  tau2: number;
  QE: number;
  I2: number;
  H2: number;
}

export class InterceptOnlyKernel {
  /** The last fit; overwritten by the next. */
  readonly fit: KernelFit = { estimate: 0, tau2: 0, QE: 0, I2: 0, H2: 1 };
  private readonly y: Float64Array;
  private readonly v: Float64Array;
  private m = 0;

  constructor(
    capacity: number,
    private readonly method: Tau2Method,
    private readonly control: NormalizedControl,
  ) {
    this.y = new Float64Array(capacity);
    this.v = new Float64Array(capacity);
  }

  /**
   * Fits the studies `indices[0 .. m-1]` of (yi, vi). Returns false when Fisher scoring
   * does not converge in control.maxiter iterations (the engine throws NOT_CONVERGED).
   */
  run(yi: Float64Array, vi: Float64Array, indices: Int32Array, m: number): boolean {
    this.m = m;
    const f = this.fit;
    if (m === 1) {
      f.estimate = yi[indices[0]!]!;
      f.tau2 = 0;
      f.QE = 0;
      f.I2 = 0;
      f.H2 = 1;
      return true;
    }
    const { QE, W0, W20, mean0 } = this.firstPass(yi, vi, indices);
    const df = m - 1;
    f.QE = Math.max(0, QE);
    const s2 = df / (W0 - W20 / W0);
    let tau2 = this.tau2(QE, W0, W20);
    if (tau2 === undefined) return false;
    let estimate = mean0;
    if (tau2 > 0) {
      const { RSS, W, mean } = this.weightedSums(tau2);
      estimate = mean;
      if (this.needsLl0Check(tau2) && this.logLikelihoodGain(tau2, RSS, W, QE, W0) > this.control.tol) {
        tau2 = 0;
        estimate = mean0;
      }
    }
    f.tau2 = tau2;
    f.estimate = estimate;
    if (this.method === "EE" || this.method === "FE") {
      f.I2 = f.QE > 0 ? Math.max(0, (100 * (f.QE - df)) / f.QE) : 0;
      f.H2 = f.QE / df;
    } else {
      f.I2 = (100 * tau2) / (s2 + tau2);
      f.H2 = tau2 / s2 + 1;
    }
    return true;
  }

  private tau2(QE: number, W: number, W2: number): number | undefined {
    const df = this.m - 1;
    switch (this.method) {
      case "DL":
        return Math.max(0, (QE - df) / (W - W2 / W)); // DerSimonian & Laird (1986), eq. 7
      case "HE":
        return Math.max(0, this.hedges());
      case "ML":
      case "REML":
      case "EB":
        return this.fisherScoring();
      default:
        return 0; // EE, FE
    }
  }

  /** Hedges' estimator, set by firstPass(). */
  private hedgesValue = 0;

  /** Hedges' estimator for X = 1: sum (y - ybar)^2 / (k - 1) - mean(v) (Viechtbauer 2005, eq. 7). */
  private hedges(): number {
    return this.hedgesValue;
  }

  /**
   * Copies the subset into the buffers and, in the same pass over d = y - y[0], forms
   * what the model at tau2 = 0 needs (QE, sum w, sum w^2, the weighted mean; w = 1/v)
   * and Hedges' estimator (unweighted sums of d, d^2 and v).
   */
  private firstPass(yi: Float64Array, vi: Float64Array, indices: Int32Array) {
    const { y, v, m } = this;
    const shift = yi[indices[0]!]!;
    let W = 0;
    let W2 = 0;
    let Wd = 0;
    let Wdd = 0;
    let sumD = 0;
    let sumDD = 0;
    let sumV = 0;
    for (let j = 0; j < m; j++) {
      const yj = yi[indices[j]!]!;
      const vj = vi[indices[j]!]!;
      y[j] = yj;
      v[j] = vj;
      const d = yj - shift;
      const w = 1 / vj;
      W += w;
      W2 += w * w;
      Wd += w * d;
      Wdd += w * d * d;
      sumD += d;
      sumDD += d * d;
      sumV += vj;
    }
    this.hedgesValue = (sumDD - (sumD * sumD) / m) / (m - 1) - sumV / m;
    const md = Wd / W;
    return { QE: Wdd - Wd * md, W0: W, W20: W2, mean0: shift + md };
  }

  /**
   * The engine's Fisher scoring (tau2FisherScoring) for X = 1: start control.tau2Init or
   * max(0, HE); steps (y'PPy - tr P) / tr(PP) (REML), (y'PPy - sum w) / sum w^2 (ML),
   * (y'Py k/(k-1) - k) / sum w (EB), halved while negative; stop at |change| <=
   * control.threshold. metafor's ll0check for ML and REML follows in run().
   */
  private fisherScoring(): number | undefined {
    const { control, method, m } = this;
    let tau2 = control.tau2Init ?? Math.max(0, this.hedges());
    let change = control.threshold + 1;
    let iterations = 0;
    while (change > control.threshold) {
      iterations++;
      const s = this.weightedSums(tau2);
      const trP = s.W - s.W2 / s.W;
      const trPP = s.W2 - (2 * s.W3) / s.W + (s.W2 / s.W) ** 2;
      let adj =
        method === "REML" ? (s.RSS2 - trP) / trPP : method === "ML" ? (s.RSS2 - s.W) / s.W2 : ((s.RSS * m) / (m - 1) - m) / s.W;
      adj *= control.stepadj;
      if (Number.isNaN(adj)) adj = 0;
      // at tau2 = 0 the halving of a negative step would run ~1,075 times to end at -0:
      // the same update (none) in one step
      if (tau2 === 0 && adj < 0) adj = 0;
      while (tau2 + adj < 0) adj /= 2;
      const previous = tau2;
      tau2 += adj;
      change = Math.abs(previous - tau2);
      if (iterations > control.maxiter) return undefined;
    }
    return tau2;
  }

  /** metafor's ll0check applies to ML and REML fits with tau2 above control.threshold. */
  private needsLl0Check(tau2: number): boolean {
    return (this.method === "ML" || this.method === "REML") && tau2 > this.control.threshold;
  }

  /**
   * ll(0) - ll(tau2), ML or REML (Viechtbauer 2005, eqs. 8-9; the constants cancel), from
   * y'Py and sum w at tau2 and at 0.
   */
  private logLikelihoodGain(tau2: number, RSS: number, W: number, RSS0: number, W0: number): number {
    const reml = this.method === "REML";
    // sum log(v + tau2) - sum log(v) = log prod (1 + tau2 / v), one log per 1e100 of product
    let logRatio = 0;
    let product = 1;
    for (let j = 0; j < this.m; j++) {
      product *= 1 + tau2 / this.v[j]!;
      if (product > 1e100) {
        logRatio += Math.log(product);
        product = 1;
      }
    }
    logRatio += Math.log(product);
    const remlTerm = reml ? 0.5 * Math.log(W / W0) : 0;
    return 0.5 * logRatio + 0.5 * (RSS - RSS0) + remlTerm;
  }

  private readonly sums = { W: 0, W2: 0, W3: 0, mean: 0, RSS: 0, RSS2: 0 };

  /**
   * With w = 1/(v + tau2): sum w, sum w^2, sum w^3, the weighted mean, sum w e^2 and
   * sum w^2 e^2, in one reused object (read its fields before the next call).
   */
  private weightedSums(tau2: number) {
    const { y, v, m, sums } = this;
    // one pass over deviations d = y - y[0] (shifted sums, as the engine's intercept-only path)
    const shift = y[0]!;
    let W = 0;
    let W2 = 0;
    let W3 = 0;
    let Wd = 0;
    let Wdd = 0;
    let W2d = 0;
    let W2dd = 0;
    for (let j = 0; j < m; j++) {
      const wj = 1 / (v[j]! + tau2);
      const wj2 = wj * wj;
      const d = y[j]! - shift;
      W += wj;
      W2 += wj2;
      W3 += wj2 * wj;
      Wd += wj * d;
      Wdd += wj * d * d;
      W2d += wj2 * d;
      W2dd += wj2 * d * d;
    }
    const md = Wd / W;
    const mean = shift + md;
    const RSS = Wdd - Wd * md;
    const RSS2 = W2dd - 2 * md * W2d + md * md * W2;
    sums.W = W;
    sums.W2 = W2;
    sums.W3 = W3;
    sums.mean = mean;
    sums.RSS = RSS;
    sums.RSS2 = RSS2;
    return sums;
  }
}
