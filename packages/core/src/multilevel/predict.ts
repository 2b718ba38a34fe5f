/**
 * predictMultilevel(): fitted values of a three-level meta-regression at new moderator
 * values, with confidence and prediction intervals (metafor's predict() for rma.mv).
 */
import { MetakitError, normalQuantile, tQuantile } from "@metakit/base";
import { designRow } from "../regression/moderators.js";
import type { MultilevelResult } from "./multilevel-model.js";

export interface MultilevelPointPrediction {
  /** The moderator values predicted at (name -> number or level). */
  readonly values: Readonly<Record<string, number | string>>;
  readonly pred: number;
  readonly se: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly piLower: number;
  readonly piUpper: number;
}

/**
 * pred = x'b, se = sqrt(x' Var(b) x), CI pred +- q se and PI pred +- q sqrt(se^2 +
 * sigma2_outer + sigma2_inner), q the normal quantile (test z) or t on k - p df (test t),
 * x coded as the fit coded its moderators. Throws INVALID_INPUT naming a missing or
 * non-finite moderator value or an unknown level.
 * @reference Konstantopoulos (2011), Res Synth Methods 2:61-76
 * @metafor predict(rma.mv(yi, vi, mods, random = ~ 1 | outer/inner), newmods)
 * @example predictMultilevel(fit, [{ year: 1985 }])[0].pred // 0.1542 (dat.konstantopoulos2011, mods = ~ year)
 */
export function predictMultilevel(fit: MultilevelResult, at: readonly Readonly<Record<string, number | string>>[]): MultilevelPointPrediction[] {
  if (at.length === 0) throw new MetakitError("INVALID_INPUT", "predictMultilevel: no point to predict at", { field: "at", value: 0 });
  const { p } = fit;
  const upper = 1 - (1 - fit.level / 100) / 2;
  const crit = fit.df === undefined ? normalQuantile(upper) : tQuantile(upper, fit.df);
  const heterogeneity = fit.sigma2[0] + fit.sigma2[1];
  return at.map((values) => {
    const x = designRow(fit.coding, values, "predictMultilevel");
    let pred = 0;
    let variance = 0;
    for (let a = 0; a < p; a++) {
      pred += x[a]! * fit.coefficients[a]!.estimate;
      for (let b = 0; b < p; b++) variance += x[a]! * fit.vcov[a]![b]! * x[b]!;
    }
    const se = Math.sqrt(variance);
    const half = crit * Math.sqrt(variance + heterogeneity);
    return { values, pred, se, ciLower: pred - crit * se, ciUpper: pred + crit * se, piLower: pred - half, piUpper: pred + half };
  });
}
