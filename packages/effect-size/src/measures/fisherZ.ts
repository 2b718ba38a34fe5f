/** Fisher's z of a correlation-type measure that has its own sampling variance. */
import type { Outcome } from "./family.js";

/**
 * Fisher's z of a correlation-type measure r with sampling variance v: yi = atanh(r),
 * vi = v / (1 - min(1, r^2))^2 (delta method; for a point-biserial, biserial or
 * semi-partial correlation this is not a variance-stabilising transformation). |r| >= 1
 * gives an infinite yi, which the output guard reports as not estimable (metafor: NA).
 * @reference Fisher (1921), Metron 1:3-32; delta method
 * @metafor escalc("ZPB" | "ZBIS" | "ZSPCOR", ...) (metafor 4.0-0 and later): vi / (1 - ifelse(yi^2 > 1, 1, yi^2))^2, transf.rtoz(yi)
 */
export function fisherZOf(r: Outcome): Outcome {
  if ("notEstimable" in r) return r;
  return { yi: Math.atanh(r.yi), vi: r.vi / (1 - Math.min(1, r.yi ** 2)) ** 2 };
}
