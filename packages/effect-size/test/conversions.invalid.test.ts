/** Bad input to the conversions: each throws INVALID_INPUT naming the argument and value. */
import { describe, expect, it } from "vitest";
import { MetakitError } from "@metakit/base";
import { changeScoreSd, combineGroups, correlationFromChangeSd, designEffect, logOrToSmd, meanSdFromMedian, pairedSmdFromP, pairedSmdFromT, sdFromCi, sdFromSe, seFromCi, seFromP, smdFromP, smdFromT } from "../src/index.js";

const cases: readonly [string, () => unknown, string, unknown][] = [
  ["seFromCi with lower >= upper", () => seFromCi({ lower: 2, upper: 1 }), "lower", 2],
  ["seFromCi of a ratio with a non-positive limit", () => seFromCi({ lower: 0, upper: 1.2, scale: "log" }), "lower", 0],
  ["seFromCi with level 100", () => seFromCi({ lower: 1, upper: 2, level: 100 }), "level", 100],
  ["seFromCi with a NaN limit", () => seFromCi({ lower: Number.NaN, upper: 2 }), "lower", Number.NaN],
  ["seFromP with p = 0", () => seFromP({ estimate: 1, p: 0 }), "p", 0],
  ["seFromP with p = 1", () => seFromP({ estimate: 1, p: 1 }), "p", 1],
  ["seFromP with a null estimate", () => seFromP({ estimate: 1, p: 0.2, scale: "log" }), "estimate", 1],
  ["sdFromSe with n < 2", () => sdFromSe({ se: 1, n: 1 }), "n", 1],
  ["sdFromSe with a negative se", () => sdFromSe({ se: -1, n: 10 }), "se", -1],
  ["sdFromCi with n < 2", () => sdFromCi({ lower: 1, upper: 2, n: 1.5 }), "n", 1.5],
  ["combineGroups with a negative SD", () => combineGroups({ n: 5, mean: 1, sd: -1 }, { n: 5, mean: 1, sd: 1 }), "sd1", -1],
  ["changeScoreSd with r = 1", () => changeScoreSd({ sdBaseline: 1, sdFinal: 1, r: 1 }), "r", 1],
  ["changeScoreSd with a negative SD", () => changeScoreSd({ sdBaseline: -1, sdFinal: 1, r: 0.5 }), "sdBaseline", -1],
  ["correlationFromChangeSd implying |r| >= 1", () => correlationFromChangeSd({ sdBaseline: 1, sdFinal: 1, sdChange: 3 }), "r", -3.5],
  ["meanSdFromMedian with q1 > median", () => meanSdFromMedian({ n: 20, median: 5, q1: 6, q3: 8 }), "q1", 6],
  ["meanSdFromMedian with neither IQR nor range", () => meanSdFromMedian({ n: 20, median: 5, q1: 4 }), "q1", 4],
  ["meanSdFromMedian with n < 2", () => meanSdFromMedian({ n: 1, median: 5, q1: 4, q3: 6 }), "n", 1],
  ["smdFromT with a non-finite t", () => smdFromT({ t: Number.POSITIVE_INFINITY, n1: 10, n2: 10 }), "t", Number.POSITIVE_INFINITY],
  ["smdFromT with n1 = 0", () => smdFromT({ t: 1, n1: 0, n2: 10 }), "n1", 0],
  ["smdFromP with sign 0", () => smdFromP({ p: 0.05, n1: 10, n2: 10, sign: 0 as 1 }), "sign", 0],
  ["pairedSmdFromT with r = -1", () => pairedSmdFromT({ t: 2, n: 10 }, { r: -1 }), "r", -1],
  ["pairedSmdFromP with n < 2", () => pairedSmdFromP({ p: 0.05, n: 1, sign: 1 }), "n", 1],
  ["designEffect with ICC > 1", () => designEffect({ m: 10, icc: 1.2 }), "icc", 1.2],
  ["designEffect with m = 0", () => designEffect({ m: 0, icc: 0.1 }), "m", 0],
  ["logOrToSmd with a negative variance", () => logOrToSmd({ logOr: 0.5, vi: -0.1 }), "vi", -0.1],
];

describe("conversions reject invalid arguments", () => {
  for (const [what, call, field, value] of cases) {
    it(`${what} throws INVALID_INPUT naming ${field}`, () => {
      let error: unknown;
      try {
        call();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(MetakitError);
      const e = error as MetakitError;
      expect(e.code).toBe("INVALID_INPUT");
      expect(e.details.field).toBe(field);
      expect(Object.is(e.details.value, value)).toBe(true);
      expect(e.message).toMatch(/^[a-z]/);
      expect(e.message).toContain(field);
    });
  }
});
