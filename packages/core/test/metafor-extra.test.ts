/**
 * Options beyond cases.json, against metafor 3.8-1: tests "t" and "adhoc",
 * profile-likelihood tau2 intervals, GENQ with user weights, a user-fixed tau2, control
 * settings, a 90% level, k = 2, k = 1, k = 400 and metafor's own non-convergence.
 * Source: packages/fixtures/metafor-extra/random-effects-extra.json, written by
 * packages/fixtures/scripts/random-effects-extra.R.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isMetakitError } from "@metakit/base";
import { describe, expect, it } from "vitest";
import type { MetaAnalysisOptions, MetaAnalysisResult } from "../src/index.js";
import { metaAnalysis } from "../src/index.js";
import { expectClose, tol } from "@metakit/fixtures";

interface ExtraFit {
  readonly data: string;
  readonly options: Record<string, unknown>;
  readonly expected?: Record<string, number | number[]>;
  readonly error?: string;
}
interface Extra {
  readonly datasets: Record<string, { yi: number[] | number; vi: number[] | number }>;
  readonly fits: ExtraFit[];
}

const path = fileURLToPath(new URL("../../fixtures/metafor-extra/random-effects-extra.json", import.meta.url));
const extra = JSON.parse(readFileSync(path, "utf8")) as Extra;
const asArray = (x: number[] | number) => (Array.isArray(x) ? x : [x]);

function optionsOf(fit: ExtraFit, vi: readonly number[]): MetaAnalysisOptions {
  const { weights, ...rest } = fit.options;
  const w =
    weights === "1/vi" ? vi.map((v) => 1 / v) : weights === "1/sqrt(vi)" ? vi.map((v) => 1 / Math.sqrt(v)) : undefined;
  return { ...(rest as MetaAnalysisOptions), ...(w === undefined ? {} : { weights: w }) };
}

const SCALARS = ["estimate", "se", "statistic", "pval", "ciLower", "ciUpper", "tau2", "QE", "QEp", "I2", "H2", "piLower", "piUpper", "df"] as const;

describe("metaAnalysis() options against metafor 3.8-1 (metafor-extra/random-effects-extra.json)", () => {
  it.each(extra.fits.map((f) => ({ ...f, name: `${f.data} ${JSON.stringify(f.options)}` })))("$name", (fit) => {
    const data = extra.datasets[fit.data]!;
    const yi = asArray(data.yi);
    const vi = asArray(data.vi);
    const options = optionsOf(fit, vi);
    if (fit.error !== undefined) {
      // metafor stops ("did not converge"); metaAnalysis throws NOT_CONVERGED.
      let caught: unknown;
      try {
        metaAnalysis({ yi, vi }, options);
      } catch (error) {
        caught = error;
      }
      expect(isMetakitError(caught) && caught.code).toBe("NOT_CONVERGED");
      return;
    }
    const result = metaAnalysis({ yi, vi }, options);
    const expected = fit.expected!;
    expect(result.k).toBe(expected["k"]);
    for (const field of SCALARS) {
      const value = expected[field];
      if (typeof value === "number") expectClose(result[field], value, tol.metafor, field);
    }
    for (const field of ["tau2CI", "I2CI", "H2CI"] as const) {
      const value = expected[field];
      if (Array.isArray(value)) {
        const interval = result[field as keyof MetaAnalysisResult] as { lower: number; upper: number };
        expectClose(interval.lower, value[0]!, tol.ci, `${field}.lower`);
        expectClose(interval.upper, value[1]!, tol.ci, `${field}.upper`);
      }
    }
    asArray(expected["weights"]!).forEach((w, i) => expectClose(result.weights[i], w, tol.weight, `weights[${i}]`));
  });
});
