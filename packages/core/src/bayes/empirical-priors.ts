/**
 * Empirical (predictive) priors for the between-study heterogeneity, by outcome and
 * comparison type, from two meta-epidemiological analyses of the Cochrane Database.
 * Both are distributions of log(tau^2); on tau they become log-normal with parameters
 * halved (Turner) and log-Student-t(5) with location and scale halved (Rhodes).
 *
 * @reference Turner RM, Jackson D, Wei Y, Thompson SG, Higgins JPT (2015). Predictive
 *   distributions for between-study heterogeneity and simple methods for their application
 *   in Bayesian meta-analysis. Stat Med 34(6):984-998, Table IV (log odds ratios; general
 *   setting p. 993: log tau^2 ~ N(-2.56, 1.74^2)).
 * @reference Rhodes KM, Turner RM, Higgins JPT (2015). Predictive distributions were
 *   developed for the extent of heterogeneity in meta-analyses of continuous outcome data.
 *   J Clin Epidemiol 68(1):52-60, Table 3 and Tables A.3.1 (respiratory), A.3.2 (cancer)
 *   (standardised mean differences; log tau^2 ~ t_5(location, scale); general setting,
 *   sec. 3.3: t_5(-3.44, 2.59)).
 * The numbers are those of the papers' tables (as also transcribed in R's bayesmeta 3.4,
 * TurnerEtAlParameters and RhodesEtAlParameters).
 */

export const TURNER_OUTCOMES = [
  "all-cause-mortality",
  "obstetric",
  "cause-specific-mortality",
  "resource-use",
  "surgical",
  "withdrawals",
  "internal-structure",
  "general-physical-health",
  "adverse-events",
  "infection",
  "signs-symptoms",
  "pain",
  "quality-of-life",
  "mental-health",
  "biological-markers",
  "subjective",
] as const;
export type TurnerOutcome = (typeof TURNER_OUTCOMES)[number];

export const TURNER_COMPARISONS = [
  "pharma-placebo",
  "pharma-pharma",
  "nonpharma-placebo",
  "nonpharma-pharma",
  "nonpharma-nonpharma",
] as const;
export type TurnerComparison = (typeof TURNER_COMPARISONS)[number];

/** Turner et al. (2015), Table IV: mean of log(tau^2), by comparison, outcomes in TURNER_OUTCOMES order. */
const TURNER_MEAN: Record<TurnerComparison, readonly number[]> = {
  "pharma-placebo": [-3.95, -3.52, -3.71, -2.34, -2.14, -2.99, -2.71, -2.29, -1.87, -2.49, -2.06, -1.83, -2.54, -2.12, -1.77, -2.7],
  "pharma-pharma": [-4.18, -3.75, -3.95, -2.58, -2.37, -3.23, -2.94, -2.53, -2.1, -2.73, -2.29, -2.06, -2.78, -2.35, -2.0, -2.93],
  "nonpharma-placebo": [-4.17, -3.74, -3.93, -2.56, -2.36, -3.21, -2.93, -2.51, -2.1, -2.71, -2.28, -2.05, -2.77, -2.34, -1.99, -2.92],
  "nonpharma-pharma": [-2.92, -2.49, -2.68, -1.31, -1.11, -1.96, -1.67, -1.26, -0.84, -1.46, -1.03, -0.8, -1.51, -1.09, -0.74, -1.67],
  "nonpharma-nonpharma": [-3.5, -3.08, -3.27, -1.9, -1.69, -2.55, -2.26, -1.85, -1.43, -2.05, -1.61, -1.38, -2.1, -1.67, -1.33, -2.26],
};

/** Turner et al. (2015), Table IV: standard deviation of log(tau^2). */
const TURNER_SD: Record<TurnerComparison, readonly number[]> = {
  "pharma-placebo": [1.34, 1.74, 1.74, 1.74, 1.74, 1.74, 1.74, 1.53, 1.52, 1.52, 1.51, 1.52, 1.54, 1.53, 1.52, 1.52],
  "pharma-pharma": [1.41, 1.79, 1.79, 1.79, 1.79, 1.79, 1.79, 1.58, 1.58, 1.58, 1.58, 1.58, 1.6, 1.6, 1.58, 1.58],
  "nonpharma-placebo": [1.55, 1.91, 1.91, 1.91, 1.91, 1.91, 1.92, 1.72, 1.71, 1.71, 1.71, 1.71, 1.73, 1.72, 1.71, 1.71],
  "nonpharma-pharma": [1.02, 1.5, 1.51, 1.5, 1.5, 1.51, 1.51, 1.25, 1.24, 1.24, 1.24, 1.25, 1.27, 1.27, 1.24, 1.25],
  "nonpharma-nonpharma": [1.26, 1.68, 1.68, 1.68, 1.68, 1.68, 1.68, 1.46, 1.45, 1.45, 1.45, 1.45, 1.47, 1.47, 1.45, 1.45],
};

export const RHODES_OUTCOMES = [
  "obstetric",
  "resource-use",
  "structure",
  "general-health",
  "signs-symptoms",
  "mental-health",
  "biological-marker",
  "subjective",
] as const;
export type RhodesOutcome = (typeof RHODES_OUTCOMES)[number];

export const RHODES_COMPARISONS = ["pharma-placebo", "pharma-pharma", "nonpharma"] as const;
export type RhodesComparison = (typeof RHODES_COMPARISONS)[number];

export const RHODES_AREAS = ["other", "respiratory", "cancer"] as const;
export type RhodesArea = (typeof RHODES_AREAS)[number];

/** Rhodes et al. (2015), Tables 3, A.3.1, A.3.2: location of log(tau^2), outcomes in RHODES_OUTCOMES order. */
const RHODES_LOCATION: Record<RhodesArea, Record<RhodesComparison, readonly number[]>> = {
  other: {
    "pharma-placebo": [-4.13, -2.55, -2.43, -3.16, -3.0, -2.99, -3.41, -2.76],
    "pharma-pharma": [-4.4, -2.83, -2.7, -3.44, -3.27, -3.27, -3.68, -3.03],
    nonpharma: [-3.99, -2.41, -2.29, -3.02, -2.86, -3.85, -3.27, -2.62],
  },
  respiratory: {
    "pharma-placebo": [-6.03, -4.46, -4.33, -5.07, -4.9, -4.9, -5.31, -4.66],
    "pharma-pharma": [-6.31, -4.73, -4.61, -5.34, -5.18, -5.17, -5.59, -4.94],
    nonpharma: [-5.89, -4.32, -4.19, -4.93, -4.76, -4.76, -5.17, -4.52],
  },
  cancer: {
    "pharma-placebo": [-1.57, 0.01, -0.13, -0.6, -0.44, -0.43, -0.85, -0.2],
    "pharma-pharma": [-1.85, -0.27, -0.14, -0.88, -0.71, -0.71, -1.13, -0.48],
    nonpharma: [-1.43, 0.15, 0.27, -0.46, -0.3, -0.29, -0.71, -0.06],
  },
};

/** Rhodes et al. (2015), Tables 3, A.3.1, A.3.2: scale of log(tau^2). */
const RHODES_SCALE: Record<RhodesArea, Record<RhodesComparison, readonly number[]>> = {
  other: {
    "pharma-placebo": [2.34, 2.73, 2.5, 2.5, 2.5, 2.16, 2.83, 2.58],
    "pharma-pharma": [2.31, 2.7, 2.46, 2.44, 2.47, 2.14, 2.78, 2.59],
    nonpharma: [2.11, 2.57, 2.32, 2.27, 2.33, 1.93, 2.66, 2.41],
  },
  respiratory: {
    "pharma-placebo": [2.36, 2.74, 2.51, 2.51, 2.5, 2.17, 2.83, 2.59],
    "pharma-pharma": [2.31, 2.7, 2.46, 2.45, 2.47, 2.14, 2.78, 2.59],
    nonpharma: [2.21, 2.57, 2.33, 2.28, 2.33, 1.94, 2.66, 2.41],
  },
  cancer: {
    "pharma-placebo": [2.45, 2.83, 2.61, 2.61, 2.6, 2.28, 2.93, 2.68],
    "pharma-pharma": [2.41, 2.79, 2.56, 2.55, 2.57, 2.25, 2.87, 2.68],
    nonpharma: [2.24, 2.68, 2.45, 2.4, 2.46, 2.08, 2.78, 2.53],
  },
};

/** Normal parameters of log(tau^2) from Turner et al. (2015); "any" is the general setting (p. 993). */
export function turnerParameters(outcome: TurnerOutcome | "any", comparison: TurnerComparison): { mean: number; sd: number } {
  if (outcome === "any") return { mean: -2.56, sd: 1.74 };
  const i = TURNER_OUTCOMES.indexOf(outcome);
  return { mean: TURNER_MEAN[comparison][i]!, sd: TURNER_SD[comparison][i]! };
}

/** Student-t(5) parameters of log(tau^2) from Rhodes et al. (2015); "any" is the general setting (sec. 3.3). */
export function rhodesParameters(
  outcome: RhodesOutcome | "any",
  comparison: RhodesComparison,
  area: RhodesArea,
): { location: number; scale: number } {
  if (outcome === "any") return { location: -3.44, scale: 2.59 };
  const i = RHODES_OUTCOMES.indexOf(outcome);
  return { location: RHODES_LOCATION[area][comparison][i]!, scale: RHODES_SCALE[area][comparison][i]! };
}
