/**
 * Parsers for option values, shared by the commands. Each rejects with commander's
 * InvalidArgumentError, which commander reports as a usage error naming the option.
 */
import { readLevel } from "@metakit/base";
import { InvalidArgumentError } from "commander";

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

/** A confidence level given as 95 or 0.95, read as every metakit function reads it (readLevel), as a percentage. */
export const level = (value: string): number => {
  const x = finiteNumber()(value);
  try {
    return readLevel(x, "level");
  } catch {
    throw new InvalidArgumentError("must be a confidence level such as 95 or 0.95 (0 < level < 100)");
  }
};
