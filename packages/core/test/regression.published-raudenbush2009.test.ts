/**
 * Raudenbush (2009), The Handbook of Research Synthesis and Meta-Analysis, ch. 16: the
 * mixed-effects model of teacher expectancy (dat.raudenbush1985) on weeks of prior contact
 * truncated at 3, rma(yi, vi, mods = ~ pmin(weeks, 3)) (published/CASES.md, C09; 4 decimals
 * from the chapter, SEs and QM local 6-decimal values from metafor 3.8-1).
 */
import { column, expectClose, publishedData, tol } from "@metakit/fixtures";
import { describe, it } from "vitest";
import { metaRegression } from "../src/index.js";

const rows = publishedData("dat.raudenbush1985.csv");
const data = { yi: column(rows, "yi"), vi: column(rows, "vi") };
const weeks = { kind: "numeric", name: "weeks.c", values: column(rows, "weeks").map((w) => Math.min(w, 3)) } as const;

describe("metaRegression(raudenbush1985, ~ pmin(weeks, 3)) reproduces Raudenbush (2009)", () => {
  const r = metaRegression(data, [weeks]);
  it("tau2 = 0, b = 0.4072, -0.1572, z = 4.6782, -4.3884, QE = 16.5708", () => {
    expectClose(r.tau2, 0, tol.printed4, "tau2");
    expectClose(r.coefficients[0]!.estimate, 0.4072, tol.printed4, "b0");
    expectClose(r.coefficients[1]!.estimate, -0.1572, tol.printed4, "b1");
    expectClose(r.coefficients[0]!.statistic, 4.6782, tol.printed4, "z0");
    expectClose(r.coefficients[1]!.statistic, -4.3884, tol.printed4, "z1");
    expectClose(r.QE, 16.5708, tol.printed4, "QE");
  });
  it("SEs 0.087039, 0.035832 and QM 19.258348 (metafor, 6 decimals)", () => {
    expectClose(r.coefficients[0]!.se, 0.087039, tol.printed6, "se0");
    expectClose(r.coefficients[1]!.se, 0.035832, tol.printed6, "se1");
    expectClose(r.QM, 19.258348, tol.printed6, "QM");
  });
});
