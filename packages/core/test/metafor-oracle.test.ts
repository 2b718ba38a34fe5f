/**
 * Every non-MH/Peto fit of the metafor oracle (packages/fixtures/metafor/cases.json,
 * computed by metafor 3.8-1's rma(), confint() and predict()), from the case's own escalc
 * yi/vi, to a relative 1e-6 (absolute 1e-9 near zero).
 */
import { expectClose, flagValue, oracleCases, tol } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import type { MetaAnalysisResult, Tau2Method, TestType } from "../src/index.js";
import { metaAnalysis } from "../src/index.js";

const SCALARS = [
  "estimate",
  "se",
  "statistic",
  "pval",
  "ciLower",
  "ciUpper",
  "tau2",
  "QE",
  "QEp",
  "I2",
  "H2",
  "piLower",
  "piUpper",
] as const;
const INTERVALS = ["tau2CI", "I2CI", "H2CI"] as const;

const fits = oracleCases().flatMap((c) =>
  c.fits
    .filter((f) => !["MH", "PETO"].includes(flagValue(f.args, "--method") ?? ""))
    .map((f) => ({ id: c.id, escalc: c.escalc, fit: f, name: `${c.id} ${f.args.join(" ")}` })),
);

describe("metaAnalysis(yi, vi, options) matches metafor 3.8-1 (fixtures/metafor/cases.json)", () => {
  it("covers the oracle's rma() fits", () => {
    expect(fits.length).toBeGreaterThan(90);
  });

  it.each(fits)("$name", ({ escalc, fit }) => {
    const method = flagValue(fit.args, "--method") as Tau2Method;
    const test = flagValue(fit.args, "--test") as TestType;
    const tau2Ci = fit.args.includes("--tau2-ci");
    const result = metaAnalysis({ yi: escalc.yi, vi: escalc.vi }, { method, test, tau2Ci });
    const expected = fit.expected;
    expect(result.k).toBe(expected["k"]);
    for (const field of SCALARS) {
      const value = expected[field];
      if (typeof value === "number") expectClose(result[field], value, tol.metafor, field);
    }
    for (const field of INTERVALS) {
      const value = expected[field];
      if (Array.isArray(value)) {
        const interval = result[field as keyof MetaAnalysisResult] as { lower: number; upper: number };
        expectClose(interval.lower, value[0] as number, tol.ci, `${field}.lower`);
        expectClose(interval.upper, value[1] as number, tol.ci, `${field}.upper`);
      }
    }
    const weights = expected["weights"] as readonly number[];
    weights.forEach((w, i) => expectClose(result.weights[i], w, tol.weight, `weights[${i}]`));
  });
});
