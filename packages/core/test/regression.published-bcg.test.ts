/**
 * Meta-regression of dat.bcg (Colditz et al. 1994), log risk ratios, as in metafor's
 * documentation example (published/CASES.md, C04, meta-regression part; local 6-decimal
 * values from metafor 3.8-1): rma(yi, vi, mods = ~ ablat) and the subgroup model
 * rma(yi, vi, mods = ~ factor(alloc)).
 */
import { column, expectClose, publishedData, tol } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { metaRegression } from "../src/index.js";
import { bcgTables } from "./bcg.js";
import { logRiskRatios } from "./two-by-two.js";

const rows = publishedData("dat.bcg.csv");
const data = logRiskRatios(bcgTables());
const ablat = { kind: "numeric", name: "ablat", values: column(rows, "ablat") } as const;
const alloc = { kind: "categorical", name: "alloc", values: rows.map((r) => String(r["alloc"])) } as const;

describe("metaRegression(bcg, ~ ablat) reproduces C04 (REML)", () => {
  const r = metaRegression(data, [ablat]);
  it("coefficients and SEs", () => {
    expectClose(r.coefficients[0]!.estimate, 0.251464, tol.printed6, "b0");
    expectClose(r.coefficients[0]!.se, 0.249104, tol.printed6, "se(b0)");
    expectClose(r.coefficients[1]!.estimate, -0.029102, tol.printed6, "b1");
    expectClose(r.coefficients[1]!.se, 0.007196, tol.printed6, "se(b1)");
  });
  it("tau2, QM, QE and R2", () => {
    expectClose(r.tau2, 0.076355, tol.printed6, "tau2");
    expectClose(r.QM, 16.357126, tol.printed6, "QM");
    expectClose(r.QE, 30.73309, tol.printed6, "QE");
    expectClose(r.R2, 75.6245, tol.printed4, "R2 (percent)");
  });
});

describe("metaRegression(bcg, ~ factor(alloc)) reproduces C04 (subgroup model, REML)", () => {
  const r = metaRegression(data, [alloc]);
  it("treats the first level in sorted order (alternate) as the reference", () => {
    expect(r.coefficients.map((c) => c.name)).toEqual(["intrcpt", "alloc=random", "alloc=systematic"]);
  });
  it("coefficients, tau2 and the omnibus test on 2 df", () => {
    expectClose(r.coefficients[0]!.estimate, -0.517956, tol.printed6, "intercept (alternate)");
    expectClose(r.coefficients[1]!.estimate, -0.447818, tol.printed6, "random - alternate");
    expectClose(r.coefficients[2]!.estimate, 0.089038, tol.printed6, "systematic - alternate");
    expectClose(r.tau2, 0.361503, tol.printed6, "tau2");
    expectClose(r.QM, 1.767513, tol.printed6, "QM");
    expect(r.QMdf).toEqual([2, null]);
    expectClose(r.QMp, 0.4132, tol.printed4, "QMp");
  });
});
