/** The rma.mv oracle of fixtures/multilevel/multilevel.json (scripts/multilevel.R, metafor 3.8-1). */
import { readFileSync } from "node:fs";
import type { Moderator, MultilevelMethod, MultilevelTest } from "../src/index.js";

export interface RobustFields {
  readonly estimate: number[];
  readonly se: number[];
  readonly statistic: number[];
  readonly pval: number[];
  readonly df: number[];
  readonly ciLower: number[];
  readonly ciUpper: number[];
  readonly QM: number;
  readonly QMdf: number[];
  readonly QMp: number;
}

export interface MultilevelCase {
  readonly id: string;
  readonly source: string;
  readonly method: MultilevelMethod;
  readonly test: MultilevelTest;
  readonly data: { yi: number[]; vi: number[]; outer: string[]; inner: string[] };
  readonly moderators: Moderator[];
  /** Gradient and Newton step of metafor's log-likelihood at its sigma2; null at the bound 0. */
  readonly optimum: { gradient: number[]; newtonStep: number[] } | null;
  readonly k: number;
  readonly p: number;
  readonly sigma2: number[];
  readonly names: string[];
  readonly estimate: number[];
  readonly se: number[];
  readonly statistic: number[];
  readonly pval: number[];
  readonly ciLower: number[];
  readonly ciUpper: number[];
  readonly df: number[] | null;
  readonly vcov: number[][];
  readonly QE: number;
  readonly QEdf: number;
  readonly QEp: number;
  readonly QM: number;
  readonly QMdf: number[];
  readonly QMp: number;
  readonly logLik: number;
  readonly deviance: number;
  readonly AIC: number;
  readonly BIC: number;
  readonly AICc: number;
  readonly prediction: { pred: number; se: number; ciLower: number; ciUpper: number; piLower: number; piUpper: number } | null;
  readonly I2Levels: number[];
  readonly I2: number;
  readonly typicalV: number;
  readonly profile: { estimate: number; lower: number; upper: number }[];
  readonly twoLevel: { sigma2: number[]; logLik: number };
  readonly lrt: { LRT: number; df: number; pval: number };
  readonly robustCR1: RobustFields;
  readonly robustCR2: RobustFields;
  readonly uni: { tau2: number; estimate: number[] };
  readonly uniRobustCR1: RobustFields;
  readonly uniRobustCR2: RobustFields;
}

const url = new URL("../../fixtures/multilevel/multilevel.json", import.meta.url);
export const multilevelCases = (JSON.parse(readFileSync(url, "utf8")) as { cases: MultilevelCase[] }).cases;

export function inputOf(c: MultilevelCase) {
  return { yi: c.data.yi, vi: c.data.vi, cluster: c.data.outer, inner: c.data.inner };
}

/**
 * metafor optimises log(sigma2), so a component whose optimum is the bound 0 comes out near
 * 1e-8 instead (dat.konstantopoulos2011, district/year); multilevelModel returns 0 there.
 * Such components are compared with an absolute 1e-7, the others with the oracle's relative 1e-6.
 */
export function sigma2Tol(expected: number): { rel: number; abs: number } {
  return expected < 1e-6 ? { rel: 0, abs: 1e-7 } : { rel: 1e-6, abs: 1e-9 };
}
