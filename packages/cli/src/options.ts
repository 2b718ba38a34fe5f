/**
 * Parsers for option values, shared by the commands. Each rejects with commander's
 * InvalidArgumentError, which commander reports as a usage error naming the option.
 */
import { isMetakitError, readLevel } from "@metakit/base";
import { InvalidArgumentError } from "commander";
import { decimalNumber } from "./study-csv.js";
import {
  RHODES_AREAS,
  RHODES_COMPARISONS,
  RHODES_OUTCOMES,
  TAU_PRIOR_FAMILIES,
  TURNER_COMPARISONS,
  TURNER_OUTCOMES,
  type NormalMuPrior,
  type TauPrior,
} from "@metakit/core";
import { normaliseMetaforCompat, type MetaforCompat } from "@metakit/effect-size";

/**
 * The help of --test, one wording for every command: the method is called Knapp-Hartung
 * throughout metakit (metafor's test = "knha"; Knapp & Hartung 2003, Stat Med 22:2693).
 */
export const TEST_HELP = "z, t, knha (Knapp-Hartung) or adhoc (Knapp-Hartung with its variance factor at least 1)";

/** Accepts one of the allowed codes, in any letter case, and returns its canonical form. */
export function oneOf<T extends string>(allowed: readonly T[]) {
  return (value: string): T => {
    const match = allowed.find((option) => option.toLowerCase() === value.toLowerCase());
    if (match === undefined) throw new InvalidArgumentError(`must be one of ${allowed.join(", ")}`);
    return match;
  };
}

export function finiteNumber(check: (x: number) => boolean = () => true, rule = "") {
  return (value: string): number => {
    const x = decimalNumber(value);
    if (x === undefined || !check(x)) {
      throw new InvalidArgumentError(`must be a number${rule} (decimal: no hex, no decimal comma)`);
    }
    return x;
  };
}

/** A confidence level given as 95 or 0.95, read as every metakit function reads it (readLevel), as a percentage. */
export const level = (value: string): number => {
  const x = finiteNumber()(value);
  try {
    return readLevel(x, "level");
  } catch {
    throw new InvalidArgumentError("must be a confidence level such as 95 or 0.95 (0 < level < 100)");
  }
};

/**
 * A prior on tau written as FAMILY:PARAMETERS, every number read by finiteNumber:
 * halfnormal:SCALE, halfcauchy:SCALE, halft:DF,SCALE, exponential:RATE, uniform:UPPER,
 * lognormal:MEANLOG,SDLOG, turner:OUTCOME[,COMPARISON], rhodes:OUTCOME[,COMPARISON[,AREA]].
 */
export const tauPrior = (value: string): TauPrior => {
  const [familyText, rest = ""] = splitOnce(value, ":");
  const family = oneOf(TAU_PRIOR_FAMILIES)(familyText);
  const parts = rest === "" ? [] : rest.split(",").map((p) => p.trim());
  const positive = finiteNumber((x) => x > 0, " greater than 0");
  const numbers = (names: readonly string[], read: (v: string) => number): number[] => {
    if (parts.length !== names.length) throw new InvalidArgumentError(`${family} needs ${names.join(",")} (e.g. ${family}:${names.map(() => "0.5").join(",")})`);
    return parts.map(read);
  };
  switch (family) {
    case "halfnormal":
    case "halfcauchy":
      return { family, scale: numbers(["SCALE"], positive)[0]! };
    case "halft": {
      const [df, scale] = numbers(["DF", "SCALE"], positive);
      return { family, df: df!, scale: scale! };
    }
    case "exponential":
      return { family, rate: numbers(["RATE"], positive)[0]! };
    case "uniform":
      return { family, upper: numbers(["UPPER"], positive)[0]! };
    case "lognormal": {
      if (parts.length !== 2) throw new InvalidArgumentError("lognormal needs MEANLOG,SDLOG (e.g. lognormal:-1.5,1)");
      return { family, meanlog: finiteNumber()(parts[0]!), sdlog: positive(parts[1]!) };
    }
    case "turner": {
      if (parts.length < 1 || parts.length > 2) throw new InvalidArgumentError(`turner needs OUTCOME[,COMPARISON]: outcomes any, ${TURNER_OUTCOMES.join(", ")}; comparisons ${TURNER_COMPARISONS.join(", ")}`);
      const outcome = oneOf(["any", ...TURNER_OUTCOMES] as const)(parts[0]!);
      return parts[1] === undefined ? { family, outcome } : { family, outcome, comparison: oneOf(TURNER_COMPARISONS)(parts[1]) };
    }
    case "rhodes": {
      if (parts.length < 1 || parts.length > 3) throw new InvalidArgumentError(`rhodes needs OUTCOME[,COMPARISON[,AREA]]: outcomes any, ${RHODES_OUTCOMES.join(", ")}; comparisons ${RHODES_COMPARISONS.join(", ")}; areas ${RHODES_AREAS.join(", ")}`);
      const outcome = oneOf(["any", ...RHODES_OUTCOMES] as const)(parts[0]!);
      return {
        family,
        outcome,
        ...(parts[1] !== undefined && { comparison: oneOf(RHODES_COMPARISONS)(parts[1]) }),
        ...(parts[2] !== undefined && { area: oneOf(RHODES_AREAS)(parts[2]) }),
      };
    }
  }
};

/** A normal prior on mu written as normal:MEAN,SD. */
export const muPrior = (value: string): NormalMuPrior => {
  const [family, rest = ""] = splitOnce(value, ":");
  if (family.toLowerCase() !== "normal") throw new InvalidArgumentError("must be normal:MEAN,SD (omit it for the uniform prior)");
  const parts = rest.split(",");
  if (parts.length !== 2) throw new InvalidArgumentError("must be normal:MEAN,SD, e.g. normal:0,4");
  return { mean: finiteNumber()(parts[0]!), sd: finiteNumber((x) => x > 0, " greater than 0")(parts[1]!) };
};

/** Collects a repeatable numeric option (e.g. --prob-below 0 --prob-below -0.2). */
export const collectNumber = (value: string, previous: readonly number[] = []): number[] => [...previous, finiteNumber()(value)];

function splitOnce(value: string, separator: string): [string, string?] {
  const i = value.indexOf(separator);
  return i < 0 ? [value.trim()] : [value.slice(0, i).trim(), value.slice(i + 1).trim()];
}

/** --metafor-compat: "current" (metafor 5.0-1, the default) or "3.8" (also "3.8-1"). */
export const metaforCompat = (value: string): MetaforCompat => {
  try {
    return normaliseMetaforCompat(value.trim().toLowerCase());
  } catch (error) {
    if (isMetakitError(error)) throw new InvalidArgumentError("must be current or 3.8 (metafor 3.8-1's formulas)");
    throw error;
  }
};
