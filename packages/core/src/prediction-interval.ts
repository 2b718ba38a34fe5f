/**
 * Prediction interval for the true effect in a new study.
 */
import { normalQuantile, tQuantile } from "@metakit/base";
import type { PredictionIntervalType } from "./options.js";

export interface PredictionInterval {
  readonly lower: number | null;
  readonly upper: number | null;
  readonly method: PredictionIntervalType;
  /** Degrees of freedom of the t quantile (undefined for z). */
  readonly df: number | undefined;
}

/**
 * mu +- q sqrt(se^2 + tau2), where q is the normal quantile ("z"), the t(k - p) quantile
 * ("t"), or the t(k - 2) quantile of Higgins et al. ("higgins"). metafor's predict()
 * uses "z" under test z and "t" under t, knha and adhoc, with the test's se; that is the
 * default here. Bounds are null when the t quantile has no degrees of freedom left
 * (k <= p for "t", k <= 2 for "higgins").
 * @reference Higgins, Thompson & Spiegelhalter (2009), J R Stat Soc A 172:137-159, eq. 12;
 *   Riley, Higgins & Deeks (2011), BMJ 342:d549
 * @metafor predict(rma(...)) (pi.type = "default")
 */
export function predictionInterval(
  estimate: number,
  se: number,
  tau2: number,
  k: number,
  p: number,
  level: number,
  method: PredictionIntervalType,
): PredictionInterval {
  const alpha = 1 - level / 100;
  const df = method === "z" ? undefined : method === "t" ? k - p : k - 2;
  if (df !== undefined && df < 1) return { lower: null, upper: null, method, df };
  const q = df === undefined ? normalQuantile(1 - alpha / 2) : tQuantile(1 - alpha / 2, df);
  const half = q * Math.sqrt(se * se + tau2);
  return { lower: estimate - half, upper: estimate + half, method, df };
}
