/** The rma.mv multivariate oracle of fixtures/multivariate/multivariate.json (scripts/multivariate.R, metafor 3.8-1). */
import { readFileSync } from "node:fs";
import type { CovarianceEntry, Moderator, MultivariateInput, MultivariateMethod, VarianceStructure } from "../src/index.js";
import type { RobustFields } from "./multilevel-helpers.js";

export interface MultivariateCase {
  readonly id: string;
  readonly source: string;
  readonly method: MultivariateMethod;
  readonly struct: VarianceStructure;
  readonly data: { yi: number[]; vi: number[]; study: string[]; outcome: string[] };
  /** How V was made: published covariances, or vcalc(type = outcome, rho) / vcalc(time1 = time, phi). */
  readonly within: { kind: "published" } | { kind: "vcalc"; rho?: number; time?: number[]; phi?: number };
  /** V's off-diagonal entries (0-based rows, i > j). */
  readonly V: { i: number[]; j: number[]; cov: number[] };
  readonly moderators: Moderator[];
  readonly optimum: { gradient: number[]; relativeNewtonStep: number[] };
  readonly k: number;
  readonly p: number;
  readonly tau2: number[];
  readonly rho: number[];
  readonly names: string[];
  readonly estimate: number[];
  readonly se: number[];
  readonly statistic: number[];
  readonly pval: number[];
  readonly ciLower: number[];
  readonly ciUpper: number[];
  readonly vcov: number[][];
  readonly QE: number;
  readonly QEdf: number;
  readonly QEp: number;
  readonly QM: number;
  readonly QMp: number;
  readonly logLik: number;
  readonly deviance: number;
  readonly AIC: number;
  readonly BIC: number;
  readonly AICc: number;
  readonly robustCR1: RobustFields;
  readonly robustCR2: RobustFields;
  readonly profile: { component: string; estimate: number; lower: number; upper: number }[] | null;
}

const url = new URL("../../fixtures/multivariate/multivariate.json", import.meta.url);
export const multivariateCases = (JSON.parse(readFileSync(url, "utf8")) as { cases: MultivariateCase[] }).cases;

export function covarianceOf(c: MultivariateCase): CovarianceEntry[] {
  return c.V.i.map((i, n) => ({ i, j: c.V.j[n]!, cov: c.V.cov[n]! }));
}

export function inputOf(c: MultivariateCase): MultivariateInput {
  return { yi: c.data.yi, vi: c.data.vi, study: c.data.study, outcome: c.data.outcome, covariance: covarianceOf(c) };
}

/** metafor's coefficient names ("outcomeAL", "year0") as multivariateModel's ("AL", "year0"). */
export function metakitName(name: string): string {
  return name.replace(/^outcome/, "");
}
