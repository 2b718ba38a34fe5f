/**
 * Parsers for option values, shared by the commands. Each rejects with commander's
 * InvalidArgumentError, which commander reports as a usage error naming the option.
 */
import { InvalidArgumentError } from "commander";
import { isMetakitError, normaliseMetaforCompat, type MetaforCompat } from "@metakit/effect-size";

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
    const x = Number(value);
    if (value.trim() === "" || !Number.isFinite(x) || !check(x)) {
      throw new InvalidArgumentError(`must be a number${rule}`);
    }
    return x;
  };
}

/** A confidence level given as 95 or 0.95, returned as a percentage. */
export const level = (value: string): number => {
  const x = finiteNumber((v) => v > 0 && v < 100, " between 0 and 100")(value);
  return x < 1 ? x * 100 : x;
};

/** --metafor-compat: "current" (metafor 5.0-1, the default) or "3.8" (also "3.8-1"). */
export const metaforCompat = (value: string): MetaforCompat => {
  try {
    return normaliseMetaforCompat(value.trim().toLowerCase());
  } catch (error) {
    if (isMetakitError(error)) throw new InvalidArgumentError("must be current or 3.8 (metafor 3.8-1's formulas)");
    throw error;
  }
};
