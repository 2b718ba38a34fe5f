/**
 * predictMultilevel() against metafor 3.8-1's predict() for rma.mv(yi, vi, mods = ~ year,
 * random = ~ 1 | district/school, data = dat.konstantopoulos2011), z and t tests, at years
 * 1970, 1985, 2000: fixtures/multilevel/predict.json (scripts/multilevel-predict.R).
 * Relative 1e-6.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isMetakitError } from "@metakit/base";
import { multilevelModel, predictMultilevel } from "../src/index.js";
import { expectClose, tol } from "@metakit/fixtures";
import { inputOf, multilevelCases } from "./multilevel-helpers.js";

interface PredictCase {
  id: string;
  test: "z" | "t";
  year: number[];
  pred: number[];
  se: number[];
  ciLower: number[];
  ciUpper: number[];
  piLower: number[];
  piUpper: number[];
}
const url = new URL("../../fixtures/multilevel/predict.json", import.meta.url);
const cases = (JSON.parse(readFileSync(url, "utf8")) as { cases: PredictCase[] }).cases;
const data = multilevelCases.find((c) => c.id === "konstantopoulos2011 REML z year")!;

describe("predictMultilevel(fit, at) against metafor predict(rma.mv)", () => {
  for (const c of cases) {
    it(`${c.id}: pred, se, CI and PI at ${c.year.join(", ")}`, () => {
      const fit = multilevelModel(inputOf(data), { test: c.test, moderators: data.moderators });
      const out = predictMultilevel(fit, c.year.map((year) => ({ year })));
      out.forEach((p, j) => {
        expectClose(p.pred, c.pred[j]!, tol.estimate, `pred[${j}]`);
        expectClose(p.se, c.se[j]!, tol.se, `se[${j}]`);
        expectClose(p.ciLower, c.ciLower[j]!, tol.ci, `ciLower[${j}]`);
        expectClose(p.ciUpper, c.ciUpper[j]!, tol.ci, `ciUpper[${j}]`);
        expectClose(p.piLower, c.piLower[j]!, tol.ci, `piLower[${j}]`);
        expectClose(p.piUpper, c.piUpper[j]!, tol.ci, `piUpper[${j}]`);
      });
    });
  }
  it("a missing moderator value is INVALID_INPUT naming it", () => {
    const fit = multilevelModel(inputOf(data), { moderators: data.moderators });
    try {
      predictMultilevel(fit, [{ yr: 1985 }]);
      expect.unreachable();
    } catch (error) {
      expect(isMetakitError(error) && error.code === "INVALID_INPUT" && error.details.field === "year").toBe(true);
    }
  });
});
