/**
 * Priors for the between-study standard deviation tau in the normal-normal hierarchical
 * model, as bayesmeta parameterises them (Röver 2020, JSS 93(6), sec. 2.3; bayesmeta's
 * dhalfnormal, dhalfcauchy, dhalft, dexp, dunif, dlnorm, TurnerEtAlPrior, RhodesEtAlPrior).
 * Each is a proper density on tau >= 0 (the uniform on [0, upper]).
 */
import { MetakitError, normalQuantile, tQuantile } from "@metakit/base";
import gammaln from "@stdlib/math-base-special-gammaln";
import {
  RHODES_AREAS,
  RHODES_COMPARISONS,
  RHODES_OUTCOMES,
  rhodesParameters,
  TURNER_COMPARISONS,
  TURNER_OUTCOMES,
  turnerParameters,
  type RhodesArea,
  type RhodesComparison,
  type RhodesOutcome,
  type TurnerComparison,
  type TurnerOutcome,
} from "./empirical-priors.js";

export const TAU_PRIOR_FAMILIES = ["halfnormal", "halfcauchy", "halft", "exponential", "uniform", "lognormal", "turner", "rhodes"] as const;
export type TauPriorFamily = (typeof TAU_PRIOR_FAMILIES)[number];

export type TauPrior =
  | { readonly family: "halfnormal"; readonly scale: number }
  | { readonly family: "halfcauchy"; readonly scale: number }
  | { readonly family: "halft"; readonly df: number; readonly scale: number }
  /** Density rate * exp(-rate * tau) (R's dexp; mean 1 / rate). */
  | { readonly family: "exponential"; readonly rate: number }
  | { readonly family: "uniform"; readonly upper: number }
  /** log(tau) ~ N(meanlog, sdlog^2) (R's dlnorm). */
  | { readonly family: "lognormal"; readonly meanlog: number; readonly sdlog: number }
  | { readonly family: "turner"; readonly outcome: TurnerOutcome | "any"; readonly comparison?: TurnerComparison }
  | {
      readonly family: "rhodes";
      readonly outcome: RhodesOutcome | "any";
      readonly comparison?: RhodesComparison;
      readonly area?: RhodesArea;
    };

/** A prior normalised for computation. */
export interface TauPriorDensity {
  readonly prior: TauPrior;
  /** Human-readable description, e.g. "half-normal(scale = 0.5)". */
  readonly label: string;
  logDensity(tau: number): number;
  quantile(p: number): number;
  /** Upper end of the support (Infinity unless uniform). */
  readonly upper: number;
  /**
   * Power a of the density's tail, p(tau) ~ tau^-a (Infinity for tails lighter than any
   * power); decides which posterior moments exist.
   */
  readonly tailPower: number;
}

const LOG_2_OVER_SQRT_2PI = Math.log(2) - 0.5 * Math.log(2 * Math.PI);

function requirePositiveParameter(value: number, field: string): void {
  if (!(value > 0 && Number.isFinite(value))) {
    throw new MetakitError("INVALID_INPUT", `bayesMeta: tau prior ${field} must be a positive number, got ${String(value)}`, {
      field: `tauPrior.${field}`,
      value,
    });
  }
}

function requireFinite(value: number, field: string): void {
  if (!Number.isFinite(value)) {
    throw new MetakitError("INVALID_INPUT", `bayesMeta: tau prior ${field} must be a finite number, got ${String(value)}`, {
      field: `tauPrior.${field}`,
      value,
    });
  }
}

function requireCode<T extends string>(allowed: readonly T[], value: string | undefined, field: string): T {
  if (value === undefined || !(allowed as readonly string[]).includes(value)) {
    throw new MetakitError("INVALID_INPUT", `bayesMeta: tau prior ${field} must be one of ${allowed.join(", ")}, got ${String(value)}`, {
      field: `tauPrior.${field}`,
      value,
    });
  }
  return value as T;
}

/** Log density of Student's t with df degrees of freedom at x (R's dt(x, df, log = TRUE)). */
function logStudentT(x: number, df: number): number {
  return gammaln((df + 1) / 2) - gammaln(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((x * x) / df);
}

/** log(tau) ~ N(meanlog, sdlog^2): log density at tau. */
function logLogNormal(tau: number, meanlog: number, sdlog: number): number {
  if (!(tau > 0)) return -Infinity;
  const z = (Math.log(tau) - meanlog) / sdlog;
  return -0.5 * z * z - Math.log(sdlog) - Math.log(tau) - 0.5 * Math.log(2 * Math.PI);
}

function logNormalPrior(meanlog: number, sdlog: number, label: string, prior: TauPrior): TauPriorDensity {
  return {
    prior,
    label,
    logDensity: (tau) => logLogNormal(tau, meanlog, sdlog),
    quantile: (p) => Math.exp(meanlog + sdlog * normalQuantile(p)),
    upper: Infinity,
    tailPower: Infinity,
  };
}

/**
 * Checks a prior's parameters and returns its density, quantile function and tail.
 * @example tauPriorDensity({ family: "halfnormal", scale: 0.5 }).quantile(0.5) // 0.3372449
 */
export function tauPriorDensity(prior: TauPrior): TauPriorDensity {
  switch (prior.family) {
    case "halfnormal": {
      requirePositiveParameter(prior.scale, "scale");
      const s = prior.scale;
      return {
        prior,
        label: `half-normal(scale = ${s})`,
        logDensity: (tau) => (tau < 0 ? -Infinity : LOG_2_OVER_SQRT_2PI - Math.log(s) - (0.5 * tau * tau) / (s * s)),
        quantile: (p) => s * normalQuantile((1 + p) / 2),
        upper: Infinity,
        tailPower: Infinity,
      };
    }
    case "halfcauchy": {
      requirePositiveParameter(prior.scale, "scale");
      const s = prior.scale;
      return {
        prior,
        label: `half-Cauchy(scale = ${s})`,
        logDensity: (tau) => (tau < 0 ? -Infinity : Math.log(2 / (Math.PI * s)) - Math.log1p((tau / s) ** 2)),
        quantile: (p) => s * Math.tan((Math.PI * p) / 2),
        upper: Infinity,
        tailPower: 2,
      };
    }
    case "halft": {
      requirePositiveParameter(prior.df, "df");
      requirePositiveParameter(prior.scale, "scale");
      const { df, scale: s } = prior;
      return {
        prior,
        label: `half-Student-t(df = ${df}, scale = ${s})`,
        logDensity: (tau) => (tau < 0 ? -Infinity : Math.log(2 / s) + logStudentT(tau / s, df)),
        quantile: (p) => s * tQuantile((1 + p) / 2, df),
        upper: Infinity,
        tailPower: df + 1,
      };
    }
    case "exponential": {
      requirePositiveParameter(prior.rate, "rate");
      const r = prior.rate;
      return {
        prior,
        label: `exponential(rate = ${r})`,
        logDensity: (tau) => (tau < 0 ? -Infinity : Math.log(r) - r * tau),
        quantile: (p) => -Math.log1p(-p) / r,
        upper: Infinity,
        tailPower: Infinity,
      };
    }
    case "uniform": {
      requirePositiveParameter(prior.upper, "upper");
      const u = prior.upper;
      return {
        prior,
        label: `uniform(0, ${u})`,
        logDensity: (tau) => (tau < 0 || tau > u ? -Infinity : -Math.log(u)),
        quantile: (p) => p * u,
        upper: u,
        tailPower: Infinity,
      };
    }
    case "lognormal": {
      requireFinite(prior.meanlog, "meanlog");
      requirePositiveParameter(prior.sdlog, "sdlog");
      return logNormalPrior(prior.meanlog, prior.sdlog, `log-normal(meanlog = ${prior.meanlog}, sdlog = ${prior.sdlog})`, prior);
    }
    case "turner": {
      const outcome = prior.outcome === "any" ? "any" : requireCode(TURNER_OUTCOMES, prior.outcome, "outcome");
      const comparison = requireCode(TURNER_COMPARISONS, prior.comparison ?? "pharma-placebo", "comparison");
      const { mean, sd } = turnerParameters(outcome, comparison);
      // log(tau^2) ~ N(mean, sd^2)  <=>  log(tau) ~ N(mean / 2, (sd / 2)^2)
      const where = outcome === "any" ? "general setting" : `${outcome}, ${comparison}`;
      return logNormalPrior(mean / 2, sd / 2, `Turner et al. (2015) log-normal(meanlog = ${mean / 2}, sdlog = ${sd / 2}) (${where})`, prior);
    }
    case "rhodes": {
      const outcome = prior.outcome === "any" ? "any" : requireCode(RHODES_OUTCOMES, prior.outcome, "outcome");
      const comparison = requireCode(RHODES_COMPARISONS, prior.comparison ?? "pharma-placebo", "comparison");
      const area = requireCode(RHODES_AREAS, prior.area ?? "other", "area");
      const { location, scale } = rhodesParameters(outcome, comparison, area);
      // log(tau^2) ~ t_5(location, scale)  <=>  log(tau) ~ t_5(location / 2, scale / 2)
      const m = location / 2;
      const s = scale / 2;
      const where = outcome === "any" ? "general setting" : `${outcome}, ${comparison}, ${area}`;
      return {
        prior,
        label: `Rhodes et al. (2015) log-Student-t(location = ${m}, scale = ${s}, df = 5) (${where})`,
        logDensity: (tau) => (tau > 0 ? logStudentT((Math.log(tau) - m) / s, 5) - Math.log(s) - Math.log(tau) : -Infinity),
        quantile: (p) => Math.exp(m + s * tQuantile(p, 5)),
        upper: Infinity,
        // p(tau) ~ 1 / (tau (log tau)^6): heavier than any power above 1, lighter than 1/tau.
        tailPower: 1,
      };
    }
    default: {
      const family = (prior as { family?: unknown }).family;
      throw new MetakitError("INVALID_INPUT", `bayesMeta: unknown tau prior ${String(family)}; use one of ${TAU_PRIOR_FAMILIES.join(", ")}`, {
        field: "tauPrior.family",
        value: family,
      });
    }
  }
}
