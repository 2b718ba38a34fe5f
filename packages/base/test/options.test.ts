/**
 * readLevel, readOneOf and invalidOption: the one reading of shared options.
 * metafor 3.8-1's .level(level) returns alpha = (100 - level) / 100 for level >= 1,
 * 1 - level for 0.5 < level < 1, and level itself for level <= 0.5 (metafor/R/misc.func.hidden.r).
 */
import { describe, expect, it } from "vitest";
import { errorOf } from "@metakit/fixtures";
import { DEFAULT_LEVEL, invalidOption, isMetakitError, readLevel, readOneOf } from "../src/index.js";

describe("readLevel(level, fn)", () => {
  it("reads 95, 0.95 and 0.05 (an alpha, as metafor) as 95 percent; undefined as the default 95", () => {
    expect(readLevel(95, "f")).toBe(95);
    expect(readLevel(0.95, "f")).toBe(95);
    expect(readLevel(0.05, "f")).toBe(95);
    expect(readLevel(undefined, "f")).toBe(DEFAULT_LEVEL);
    expect(DEFAULT_LEVEL).toBe(95);
  });
  it("keeps a percentage as given, 1 <= level < 100 (1 is a 1% level, as metafor)", () => {
    for (const level of [1, 50, 68.27, 90, 99, 99.9]) expect(readLevel(level, "f")).toBe(level);
  });
  it("scales a proportion to exactly the percentage written the other way (0.68 is 68, not 68.00000000000001)", () => {
    for (const percent of [51, 68, 80, 90, 95, 99, 99.9]) expect(readLevel(percent / 100, "f")).toBe(percent);
    expect(readLevel(0.6827, "f")).toBe(68.27);
  });
  it("rejects 0, 100, 150, -1, NaN, Infinity and a string with INVALID_INPUT naming the function, field and value", () => {
    for (const level of [0, 100, 150, -1, Number.NaN, Number.POSITIVE_INFINITY, "95"]) {
      const error = errorOf(() => readLevel(level, "mantelHaenszel"));
      expect(isMetakitError(error) && error.code === "INVALID_INPUT", String(level)).toBe(true);
      if (!isMetakitError(error)) continue;
      expect(error.message).toMatch(/^mantelHaenszel: level must be a confidence level such as 95 or 0\.95/);
      expect(error.details).toEqual({ field: "level", value: level });
    }
  });
  it("names another field when asked (a level inside a spec)", () => {
    expect(() => readLevel(0, "analyze", "model.level")).toThrow(/^analyze: model\.level must be/);
  });
});

describe("readOneOf(allowed, value, fallback, field, fn)", () => {
  it("returns the value when allowed and the fallback when undefined", () => {
    expect(readOneOf(["z", "t"], "t", "z", "test", "f")).toBe("t");
    expect(readOneOf(["z", "t"], undefined, "z", "test", "f")).toBe("z");
  });
  it("throws INVALID_INPUT listing the codes and naming the function", () => {
    expect(() => readOneOf(["z", "t"], "knha", "z", "test", "peto")).toThrow('peto: test must be one of z, t, got "knha"');
  });
});

describe("invalidOption(fn, field, value, expected)", () => {
  it("is a MetakitError naming the function, the option, what it must be and the value", () => {
    const error = invalidOption("metaRegression", "control.maxiter", 0, "an integer >= 1");
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toBe("metaRegression: control.maxiter must be an integer >= 1, got 0");
    expect(error.details).toEqual({ field: "control.maxiter", value: 0 });
  });
});
