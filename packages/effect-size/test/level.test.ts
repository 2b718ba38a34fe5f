/**
 * One reading of `level` in every public function of effect-size that takes one
 * (readLevel in @metakit/base, as metafor's .level): 95 and 0.95 give identical results,
 * and 0, 100, 150, -1 and NaN are INVALID_INPUT naming the function called.
 * Data: dat.bcg study 1 (Aronson 1948; Colditz et al. 1994), 4/119 vs 11/128.
 */
import { isMetakitError } from "@metakit/base";
import { describe, expect, it } from "vitest";
import { escalc, sdFromCi, seFromCi } from "../src/index.js";

const CALLS: Readonly<Record<string, (level: number) => unknown>> = {
  escalc: (level) => escalc("RR", [{ ai: 4, bi: 119, ci: 11, di: 128 }], { level }),
  seFromCi: (level) => seFromCi({ lower: 0.1343, upper: 1.2574, scale: "log", level }),
  sdFromCi: (level) => sdFromCi({ lower: 1.2, upper: 3.4, n: 20, level }),
};

describe("level: 95 and 0.95 give identical results", () => {
  for (const [name, call] of Object.entries(CALLS)) {
    it(`${name}(..., level 0.95) equals ${name}(..., level 95), and differs at 90`, () => {
      expect(call(0.95)).toEqual(call(95));
      expect(call(0.9)).toEqual(call(90));
      expect(call(90)).not.toEqual(call(95));
    });
  }

  it("seFromCi: a 95% interval of a log ratio gives SE = (log(upper) - log(lower)) / 3.92 at level 0.95 (Cochrane Handbook 6.3.2)", () => {
    const se = (Math.log(1.2574) - Math.log(0.1343)) / (2 * 1.959963984540054);
    expect(Math.abs(seFromCi({ lower: 0.1343, upper: 1.2574, scale: "log", level: 0.95 }).se - se)).toBeLessThan(1e-12);
  });
});

describe("level: anything but a confidence level is INVALID_INPUT naming the function called", () => {
  for (const [name, call] of Object.entries(CALLS)) {
    it(`${name} rejects 0, 100, 150, -1 and NaN`, () => {
      for (const level of [0, 100, 150, -1, Number.NaN]) {
        let thrown: unknown;
        try {
          call(level);
        } catch (error) {
          thrown = error;
        }
        expect(isMetakitError(thrown) && thrown.code === "INVALID_INPUT", `${name} level ${level}`).toBe(true);
        if (isMetakitError(thrown)) expect(thrown.message).toMatch(new RegExp(`^${name}: level must be`));
      }
    });
  }
});
