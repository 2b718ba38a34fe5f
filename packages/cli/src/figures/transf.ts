/**
 * `--transf`: the scale figures show effects on. `auto` (the default) is the measure's
 * reporting scale (exp for ratios, inverse logit for PLO, ..., as `pool`'s
 * backTransformed), `none` the analysis scale, or a named transform as metafor's
 * `transf` argument (exp, ilogit, tanh, ...). A log axis goes with exp.
 */
import {
  backTransform,
  backTransformOf,
  inverseArcsine,
  inverseBonett,
  inverseHakstianWhalen,
  inverseLogit,
  inverseSqrt,
  zToR,
  zToR2,
  type Measure,
} from "@metakit/effect-size";

/** Transforms that need nothing but the value (the Freeman-Tukey inverses need the studies' sizes: use auto). */
const NAMED = {
  exp: Math.exp,
  ilogit: inverseLogit,
  tanh: zToR,
  iarcsin: inverseArcsine,
  isqrt: inverseSqrt,
  ztor2: zToR2,
  iahw: inverseHakstianWhalen,
  iabt: inverseBonett,
} as const;

export const TRANSFS = ["auto", "none", ...(Object.keys(NAMED) as (keyof typeof NAMED)[])] as const;
export type Transf = (typeof TRANSFS)[number];

export interface DisplayScale {
  readonly scale: "log" | "identity";
  /** A study's value (ni: its own size, for Freeman-Tukey). */
  readonly study: (x: number, ni: readonly number[]) => number;
  /** A pooled value (ni: the pooled studies' sizes, their harmonic mean for Freeman-Tukey). */
  readonly pooled: (x: number, ni: readonly number[]) => number;
}

/** The display scale of `measure` under `--transf`. */
export function displayScale(measure: Measure, transf: Transf): DisplayScale {
  if (transf === "none") return { scale: "identity", study: (x) => x, pooled: (x) => x };
  if (transf === "auto") {
    const back = (x: number, ni: readonly number[]) => backTransform(measure, x, ni.length === 0 ? {} : { ni: ni.length === 1 ? ni[0]! : ni });
    return { scale: backTransformOf(measure) === "exp" ? "log" : "identity", study: back, pooled: back };
  }
  const f = NAMED[transf];
  return { scale: transf === "exp" ? "log" : "identity", study: (x) => f(x), pooled: (x) => f(x) };
}
