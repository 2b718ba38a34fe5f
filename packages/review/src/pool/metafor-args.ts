/**
 * The one mapping from metakit's options to metafor's arguments (metafor 3.8-1, the
 * version the fixtures come from, and later). Where metakit has an option metafor lacks,
 * the script says so in a comment and uses metafor's equivalent; where no equivalent
 * exists, NotExpressibleInR says which option and why.
 */
import { backTransformOf, ESCALC_ARGS, type Measure, type MetaforCompat } from "@metakit/effect-size";
import type { PredictionIntervalType, TestType } from "@metakit/core";
import { UsageError } from "./errors.js";
import { rName, rNumber, rString } from "./r-code.js";

/** An option (or value) of a metakit command that metafor cannot be asked for. */
export class NotExpressibleInR extends UsageError {
  constructor(option: string, why: string) {
    super(`--emit-r: ${option} cannot be written as metafor code: ${why}`);
  }
}

/** The metafor release the scripts are written for and checked against (pnpm check:r). */
export const METAFOR_TARGET = "3.8-1";

/** A piece of R code and the comment lines that explain what it does differently from metakit, if anything. */
export interface RCode {
  readonly code: string;
  readonly notes: readonly string[];
}

/** Measures whose formulas metafor changed after 3.8-1 (metakit's --metafor-compat). */
const VERSIONED_MEASURES: ReadonlySet<string> = new Set(["SMDH", "SMD1H", "PCOR", "ZPCOR", "SPCOR"]);

/**
 * escalc() for the CSV's columns: every column named as an escalc argument, the study
 * labels as slab. metakit's escalc defaults are metafor's (add = 1/2, to = "only0",
 * drop00 = FALSE; add = 0 for PAS, PFT, ...), so none is written.
 */
export function escalcCall(measure: Measure, columns: readonly string[], compat: MetaforCompat | undefined): RCode {
  const given = ESCALC_ARGS.filter((arg) => columns.includes(arg) && (measure === "GEN" || !["yi", "vi", "sei"].includes(arg)));
  const args = [`measure = ${rString(measure)}`, ...given.map((arg) => `${arg} = ${arg}`), "data = dat", ...(columns.includes("study") ? ["slab = study"] : [])];
  const notes: string[] = [];
  if (VERSIONED_MEASURES.has(measure)) {
    notes.push(
      compat === "3.8"
        ? `${measure}: metakit used metafor 3.8-1's formulas (--metafor-compat 3.8); later metafor versions compute them differently.`
        : `${measure}: metakit used the current metafor formulas (metafor >= 4.6); metafor 3.8-1 differs: rerun metakit with --metafor-compat 3.8 to compare with it.`,
    );
  }
  return { code: `dat <- escalc(${args.join(", ")})`, notes };
}

/** rma()'s method: metakit's estimator codes are metafor's (DLIT and GENQ included). */
export function rmaMethod(method: string): RCode {
  return { code: rString(method), notes: [] };
}

/**
 * predict()'s pi.type for metakit's --pi: none for metafor's default; "t" for t(k - 1);
 * "riley" for Higgins et al.'s t(k - 2). A normal-quantile interval under a t-type test
 * has no metafor equivalent.
 */
export function piType(pi: PredictionIntervalType | undefined, test: TestType): string | undefined {
  if (pi === undefined) return undefined;
  if (pi === "t") return rString("t");
  if (pi === "higgins") return rString("riley");
  if (test === "z") return undefined;
  throw new NotExpressibleInR("--pi z", `metafor's predict() uses the t quantile under --test ${test}`);
}

/** predict()'s transf (and targs) for the measure's back-transform, as metakit's backTransformed; undefined for identity measures. */
export function backTransformArgs(measure: Measure): string | undefined {
  switch (backTransformOf(measure)) {
    case "identity":
      return undefined;
    case "exp":
      return "transf = exp";
    case "ilogit":
      return "transf = transf.ilogit";
    case "tanh":
      return "transf = transf.ztor";
    case "iarcsin":
      return "transf = transf.iarcsin";
    case "ipft":
      return "transf = transf.ipft.hm, targs = list(ni = dat$ni[!is.na(dat$yi)])";
    case "isqrt":
      return "transf = transf.isqrt";
    case "iirft":
      return "transf = transf.iirft, targs = list(ti = 1 / mean(1 / dat$ti[!is.na(dat$yi)]))";
    case "ztor2":
      return "transf = function(x) transf.ztor(x)^2";
    case "iahw":
      return "transf = transf.iahw";
    case "iabt":
      return "transf = transf.iabt";
  }
}

/** The model arguments every rma() call of a script shares. */
export function modelArgs(options: { readonly method: string; readonly test: TestType; readonly level: number }): RCode {
  const method = rmaMethod(options.method);
  return { code: `method = ${method.code}, test = ${rString(options.test)}, level = ${rNumber(options.level)}`, notes: method.notes };
}

export { rName };
