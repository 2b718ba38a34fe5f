/**
 * regressionTau2Interval(): confidence intervals for the residual between-study variance
 * of a meta-regression, as metafor's confint(rma(yi, vi, mods = ...), type = ...).
 */
import { invalidOption, MetakitError, normalQuantile } from "@metakit/base";
import { fitRandomEffectsModel } from "../random-effects-model.js";
import type { Interval, Tau2Interval } from "../tau2-confidence-interval.js";
import { profileLikelihoodInterval, qProfileInterval, withI2H2 } from "../tau2-confidence-interval.js";
import { tau2StandardError } from "../tau2-standard-error.js";
import type { StudyInput } from "../validate-input.js";
import { validateStudies } from "../validate-input.js";
import type { MetaRegressionOptions } from "./meta-regression.js";
import type { Moderator } from "./moderators.js";
import { moderatorDesign } from "./moderators.js";
import { isEqualEffects, modelSpec, REGRESSION_METHODS } from "./model-spec.js";

/**
 * Interval types: Q-profile (metafor's default), profile likelihood (ML, REML), and the
 * Wald interval on the log scale (metafor's "Wald.log").
 */
export const REGRESSION_TAU2_INTERVAL_TYPES = ["QP", "PL", "WaldLog"] as const;
export type RegressionTau2IntervalType = (typeof REGRESSION_TAU2_INTERVAL_TYPES)[number];

export interface RegressionTau2IntervalOptions extends MetaRegressionOptions {
  /** Default "QP". */
  readonly type?: RegressionTau2IntervalType;
}

export interface RegressionTau2Interval {
  readonly type: RegressionTau2IntervalType;
  readonly method: NonNullable<MetaRegressionOptions["method"]>;
  /** Confidence level, percent. */
  readonly level: number;
  /** The residual tau2 estimate and its standard error (metafor's se.tau2). */
  readonly tau2: number;
  readonly seTau2?: number;
  readonly tau2CI: Interval;
  /** Bounds for the residual I2 (percent) and H2, from the tau2 bounds. */
  readonly I2CI: Interval;
  readonly H2CI: Interval;
  readonly notes: readonly string[];
}

/**
 * Confidence interval for the residual tau2 of the meta-regression y = X b + u + e fitted
 * as metaRegression() (same moderators, method and level):
 * - QP: the Q-profile interval, where the generalised residual Q(tau2) =
 *   sum (yi - x_i'b)^2 / (vi + tau2) meets the chi-square(k - p) quantiles (Viechtbauer
 *   2007, eq. 6; Jackson et al. 2014 with the PM estimator);
 * - PL: the profile-likelihood interval (ML or REML);
 * - WaldLog: exp(log(tau2) -+ z se(tau2) / tau2), se(tau2) as metafor's se.tau2, the upper
 *   bound at least tau2 (metafor's Wald.log); needs tau2 > 0, and a finite upper bound
 *   (metafor returns Inf when se(tau2) / tau2 is huge; here that throws).
 * Bounds of QP and PL are searched in [0, max(100, 10 tau2)] (Brent, tolerance eps^0.25),
 * as metafor's confint(). Throws UNSUPPORTED for EE/FE and PL with another method,
 * INSUFFICIENT_DATA for k <= p, or WaldLog at tau2 = 0 or unbounded. O(k p^2) per evaluation.
 * @reference Jackson, Turner, Rhodes & Viechtbauer (2014), BMC Med Res Methodol 14:103;
 *   Viechtbauer (2007), Stat Med 26:37-52
 * @metafor confint(rma(yi, vi, mods, method), type = "QP" | "PL" | "Wald.log")
 * @example regressionTau2Interval(jackson ex. 2, year, { type: "WaldLog" }).tau2CI // [0.0163, 0.1108]
 */
export function regressionTau2Interval(
  input: StudyInput,
  moderators: readonly Moderator[],
  options: RegressionTau2IntervalOptions = {},
): RegressionTau2Interval {
  const fn = "regressionTau2Interval";
  const type = options.type ?? "QP";
  if (!REGRESSION_TAU2_INTERVAL_TYPES.includes(type)) throw invalidOption(fn, "type", type, `one of ${REGRESSION_TAU2_INTERVAL_TYPES.join(", ")}`);
  const studies = validateStudies(input, fn);
  const spec = modelSpec(options, REGRESSION_METHODS, fn);
  const method = spec.method as RegressionTau2Interval["method"];
  if (isEqualEffects(method)) {
    throw new MetakitError("UNSUPPORTED", `${fn}: the equal-effects model has no tau2 to bound`, { field: "method", value: method });
  }
  if (type === "PL" && method !== "ML" && method !== "REML") {
    throw new MetakitError("UNSUPPORTED", `${fn}: type PL needs method ML or REML, not ${method}`, { field: "type", value: type });
  }
  const { design } = moderatorDesign(studies.k, moderators, studies.labels, fn);
  if (design.k <= design.p) {
    throw new MetakitError("INSUFFICIENT_DATA", `${fn}: k = ${design.k} studies for ${design.p} coefficients`, {
      field: "moderators",
      k: design.k,
    });
  }
  const fit = fitRandomEffectsModel(design, studies.yi, studies.vi, spec);
  const seTau2 = tau2StandardError(fit, design, studies.yi, studies.vi, spec);
  const bounds = { design, yi: studies.yi, vi: studies.vi, tau2: fit.tau2, s2: fit.s2, level: spec.level, tol: spec.control.tol };
  const interval =
    type === "QP"
      ? qProfileInterval(bounds)
      : type === "PL"
        ? profileLikelihoodInterval(bounds, method === "REML")
        : waldLogInterval(fit.tau2, seTau2, fit.s2, spec.level);
  const notes: string[] = [];
  if (interval.lowerAtBound || interval.upperAtBound) {
    notes.push("a bound of the tau2 confidence interval lies at the edge of the search range (max(100, 10 tau2))");
  }
  return {
    type,
    method,
    level: spec.level,
    tau2: fit.tau2,
    ...(seTau2 === undefined ? {} : { seTau2 }),
    tau2CI: interval.tau2,
    I2CI: interval.I2,
    H2CI: interval.H2,
    notes,
  };
}

/**
 * Wald interval on the log scale: tau2 exp(-+ z se / tau2), z the normal quantile of the
 * level; the upper bound is max(tau2, ...) as metafor. Delta method on log(tau2).
 * @metafor confint(..., type = "Wald.log")
 */
function waldLogInterval(tau2: number, seTau2: number | undefined, s2: number, level: number): Tau2Interval {
  if (!(tau2 > 0)) {
    throw new MetakitError("INSUFFICIENT_DATA", "regressionTau2Interval: type WaldLog needs tau2 > 0 (log(0) has no interval)", {
      field: "type",
      value: "WaldLog",
      tau2,
    });
  }
  if (seTau2 === undefined) {
    throw new MetakitError("UNSUPPORTED", "regressionTau2Interval: type WaldLog needs the standard error of tau2, which this fit does not give", {
      field: "type",
      value: "WaldLog",
    });
  }
  const z = normalQuantile(1 - (1 - level / 100) / 2);
  const half = (z * seTau2) / tau2;
  const upper = Math.max(tau2, Math.exp(Math.log(tau2) + half));
  if (!Number.isFinite(upper)) {
    throw new MetakitError(
      "INSUFFICIENT_DATA",
      "regressionTau2Interval: type WaldLog is unbounded (se(tau2) / tau2 too large); use type QP",
      { field: "type", value: "WaldLog", tau2, seTau2 },
    );
  }
  return withI2H2({ lower: Math.exp(Math.log(tau2) - half), upper }, s2, false, false);
}
