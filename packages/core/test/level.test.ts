/**
 * One reading of `level` in every public function of core that takes one: as metafor's
 * .level reads it, 95 and 0.95 are the same 95% level, so each function gives results
 * identical to the last bit (not merely close) for both; 0, 100, 150, -1 and NaN are
 * INVALID_INPUT errors naming the function the user called. Each function is run on
 * dat.bcg (Colditz et al. 1994; log risk ratios, packages/fixtures/published/dat.bcg.csv).
 * The five-table check compares with metafor 3.8-1's rma.mh(level = 95)
 * (fixtures/metafor-extra/mantel-haenszel.json, case sparse-mh-or, scripts/mantel-haenszel.R).
 */
import { isMetakitError } from "@metakit/base";
import { column, publishedData } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import {
  baujatData,
  bubblePlotData,
  cumulative,
  eggerTest,
  funnelData,
  gosh,
  influenceDiagnostics,
  leaveOneOut,
  mantelHaenszel,
  metaAnalysis,
  metaRegression,
  type Moderator,
  permutationTest,
  petPeese,
  peto,
  predictRegression,
  regressionTau2Interval,
  sensitivityScenario,
  subgroupAnalysis,
  trimAndFill,
  type GoshFit,
} from "../src/index.js";
import { bcgTables } from "./bcg.js";
import { extraCases, extraOptions, extraTables } from "./mantel-haenszel-helpers.js";
import { expectClose, tol } from "@metakit/fixtures";
import { logRiskRatios } from "./two-by-two.js";

const rows = publishedData("dat.bcg.csv");
const tables = (() => {
  const t = bcgTables();
  return t.ai.map((ai, i) => ({ ai, bi: t.bi[i]!, ci: t.ci[i]!, di: t.di[i]! }));
})();
const bcg = { ...logRiskRatios(bcgTables()), labels: rows.map((row) => String(row["author"])) };
const ablat: Moderator = { kind: "numeric", name: "ablat", values: column(rows, "ablat") };
const groups = rows.map((row) => String(row["alloc"]));

/** Every public function of core that takes a level, called with that level. */
const CALLS: Readonly<Record<string, (level: number) => unknown>> = {
  metaAnalysis: (level) => metaAnalysis(bcg, { level, tau2Ci: true, test: "knha" }),
  mantelHaenszel: (level) => mantelHaenszel(tables, { measure: "OR", level }),
  peto: (level) => peto(tables, { level }),
  subgroupAnalysis: (level) => subgroupAnalysis({ ...bcg, groups }, { level }),
  metaRegression: (level) => metaRegression(bcg, [ablat], { level }),
  regressionTau2Interval: (level) => regressionTau2Interval(bcg, [ablat], { level }),
  permutationTest: (level) => permutationTest(bcg, [ablat], { level, permutations: 50 }),
  leaveOneOut: (level) => leaveOneOut(bcg, { level }),
  cumulative: (level) => cumulative(bcg, { level }),
  influenceDiagnostics: (level) => influenceDiagnostics(bcg, { level }),
  baujatData: (level) => baujatData(bcg, { level }),
  gosh: (level) => {
    const fits: GoshFit[] = [];
    const summary = gosh({ yi: bcg.yi.slice(0, 6), vi: bcg.vi.slice(0, 6) }, (fit) => fits.push(structuredClone(fit)), { level });
    return { summary, fits };
  },
  sensitivityScenario: (level) => sensitivityScenario(bcg, { name: "no Aronson", exclude: (i) => i === 0 }, { level }),
  eggerTest: (level) => [eggerTest(bcg, { level }), eggerTest(bcg, { level, model: "lm" })],
  petPeese: (level) => petPeese(bcg, { level }),
  trimAndFill: (level) => trimAndFill(bcg, { level }),
  funnelData: (level) => funnelData(bcg, { level }),
};

describe("level: 95 and 0.95 give identical results", () => {
  for (const [name, call] of Object.entries(CALLS)) {
    it(`${name}(..., { level: 0.95 }) equals ${name}(..., { level: 95 })`, () => {
      expect(call(0.95)).toEqual(call(95));
    });
  }

  it("a level changes the result, so the comparison above can fail: metaAnalysis at 90 is not at 95", () => {
    expect(metaAnalysis(bcg, { level: 0.9 }).ciLower).not.toBe(metaAnalysis(bcg, { level: 95 }).ciLower);
    expect(metaAnalysis(bcg, { level: 0.9 }).ciLower).toBe(metaAnalysis(bcg, { level: 90 }).ciLower);
  });

  it("predictRegression(model, at) of a model fitted at 0.95 equals one fitted at 95 (intervals and prediction intervals)", () => {
    const at = [{ ablat: 10 }, { ablat: 42 }, { ablat: 55 }];
    const percent = predictRegression(metaRegression(bcg, [ablat], { level: 95 }), at);
    expect(predictRegression(metaRegression(bcg, [ablat], { level: 0.95 }), at)).toEqual(percent);
  });

  it("bubblePlotData(model, ...) of a model fitted at 0.95 equals one fitted at 95", () => {
    const plot = (level: number) => bubblePlotData(metaRegression(bcg, [ablat], { level }), bcg, [ablat], "ablat");
    expect(plot(0.95)).toEqual(plot(95));
  });
});

describe("mantelHaenszel and peto read 0.95 as 95%, as metafor's rma.mh(level = 0.95)", () => {
  const sparse = extraCases.find((c) => c.id === "sparse-mh-or")!;
  const five = extraTables(sparse.data);

  it("five 2x2 tables (sparse-mh-or): the MH OR interval at level 0.95 is metafor's 95% interval", () => {
    expect(five).toHaveLength(5);
    const options = { ...extraOptions(sparse.options, sparse.data.labels), correct: sparse.options.correct };
    expect(sparse.options.level).toBe(95);
    const fit = mantelHaenszel(five, { ...options, measure: "OR", level: 0.95 });
    expect(fit.level).toBe(95);
    expectClose(fit.ciLower, sparse.expected!["ciLower"] as number, tol.metafor, "ciLower");
    expectClose(fit.ciUpper, sparse.expected!["ciUpper"] as number, tol.metafor, "ciUpper");
  });

  it("dat.bcg: metaRegression and peto at 0.95 give the width of a 95% interval, not of a 0.95% one", () => {
    const reg = metaRegression(bcg, [ablat], { level: 0.95 }).coefficients[1]!;
    expectClose((reg.ciUpper - reg.ciLower) / (2 * reg.se), 1.959963984540054, tol.metafor, "z quantile of metaRegression");
    const p = peto(tables, { level: 0.95 });
    expectClose((p.ciUpper - p.ciLower) / (2 * p.se), 1.959963984540054, tol.metafor, "z quantile of peto");
  });
});

describe("level: anything but a confidence level is INVALID_INPUT naming the function called", () => {
  for (const [name, call] of Object.entries(CALLS)) {
    it(`${name}(..., { level }) rejects 0, 100, 150, -1 and NaN`, () => {
      for (const level of [0, 100, 150, -1, Number.NaN]) {
        let thrown: unknown;
        try {
          call(level);
        } catch (error) {
          thrown = error;
        }
        expect(isMetakitError(thrown) && thrown.code === "INVALID_INPUT", `${name} level ${level}`).toBe(true);
        if (!isMetakitError(thrown)) continue;
        expect(thrown.message.startsWith(`${name}: level must be`), thrown.message).toBe(true);
        expect(thrown.details.field).toBe("level");
        expect(thrown.details.value).toBe(level);
      }
    });
  }
});

describe("other options name the function called, not metaAnalysis", () => {
  it("metaRegression and leaveOneOut name themselves for a bad method or control", () => {
    expect(() => metaRegression(bcg, [ablat], { method: "HSk" as "REML" })).toThrow(/^metaRegression: method must be one of/);
    expect(() => leaveOneOut(bcg, { control: { maxiter: 0 } })).toThrow(/^leaveOneOut: control.maxiter must be an integer >= 1, got 0/);
    expect(() => subgroupAnalysis({ ...bcg, groups }, { test: "q" as "z" })).toThrow(/^subgroupAnalysis: test must be one of z, t, knha, adhoc/);
    expect(() => funnelData(bcg, { method: "XX" as "REML" })).toThrow(/^funnelData: method must be one of/);
    expect(() => predictRegression(metaRegression(bcg, [ablat]), [{ ablat: Number.NaN }])).toThrow(/^predictRegression: ablat must be a finite number/);
  });
});
