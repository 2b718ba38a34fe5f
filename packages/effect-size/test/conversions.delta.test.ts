/**
 * deltaMethod against metafor 5.0-1's conv.delta() (fixtures/metafor-extra/conv-delta.json,
 * scripts/conv-delta.R; conv.delta is not in metafor 3.8-1): exp, log, ztor, rtoz, logit,
 * ilogit across their domains.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { MetakitError } from "@metakit/base";
import { DELTA_TRANSFORMS, deltaMethod, type DeltaTransform } from "../src/index.js";
import { closeTo, tol as shared } from "@metakit/fixtures";

/**
 * yi' is the same closed form (rounding); vi' differs by metafor's numerical derivative
 * (numDeriv's Richardson extrapolation, largest relative error here 9e-11) from metakit's exact one.
 */
const tol = { yi: shared.exact, vi: shared.transform };

interface Case {
  transf: DeltaTransform;
  yi: number[];
  vi: number[];
  yiT: number[];
  viT: number[];
}
const require = createRequire(import.meta.url);
const cases = (JSON.parse(readFileSync(require.resolve("@metakit/fixtures/metafor-extra/conv-delta.json"), "utf8")) as { cases: Case[] }).cases;

describe("deltaMethod({ yi, vi }, transf) matches metafor 5.0-1's conv.delta()", () => {
  it("covers every transformation metakit offers", () => {
    expect(cases.map((c) => c.transf).sort()).toEqual([...DELTA_TRANSFORMS].sort());
  });
  it.each(cases.map((c) => [c.transf, c] as const))("transf %s", (_, c) => {
    c.yi.forEach((yi, i) => {
      const r = deltaMethod({ yi, vi: c.vi[i]! }, c.transf);
      expect(closeTo(r.yi, c.yiT[i]!, tol.yi), `yi at ${yi}`).toBe(true);
      expect(closeTo(r.vi, c.viT[i]!, tol.vi), `vi at ${yi}: ${r.vi} vs ${c.viT[i]}`).toBe(true);
      expect(r.conversion.method).toBe("delta");
    });
  });
  it("exp then log gives back yi and vi (the chain rule)", () => {
    const there = deltaMethod({ yi: 0.4, vi: 0.05 }, "exp");
    const back = deltaMethod(there, "log");
    expect(closeTo(back.yi, 0.4, { rel: 1e-15, abs: 0 })).toBe(true);
    expect(closeTo(back.vi, 0.05, { rel: 1e-14, abs: 0 })).toBe(true);
  });
  it.each([
    [{ yi: -1, vi: 0.1 }, "log", "yi"],
    [{ yi: 1, vi: 0.1 }, "rtoz", "yi"],
    [{ yi: 0.5, vi: -0.1 }, "exp", "vi"],
    [{ yi: 0.5, vi: 0.1 }, "sqrt", "transf"],
  ] as const)("rejects %j with %s naming %s (INVALID_INPUT)", (input, transf, field) => {
    try {
      deltaMethod(input, transf as DeltaTransform);
      throw new Error("no error");
    } catch (error) {
      expect(error).toBeInstanceOf(MetakitError);
      expect((error as MetakitError).details.field).toBe(field);
    }
  });
});
