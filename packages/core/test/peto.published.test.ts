/**
 * peto() against published values (fixtures/published/CASES.md):
 * - C03: dat.bcg, rma.peto vs Stata's metan (test_misc_metan_vs_rma.peto_with_dat.bcg.r).
 * - C16: Yusuf, Peto, Lewis, Collins & Sleight (1985), Prog Cardiovasc Dis 27:335-371,
 *   table 6 (test_analysis_example_yusuf1985.r): OR 0.9332 [0.7385, 1.1792].
 */
import { column, expectClose, publishedData, tol } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { peto, type Table2x2 } from "../src/index.js";

describe("C03: dat.bcg, rma.peto vs Stata metan (CASES.md C03)", () => {
  it("peto(bcg): log OR -0.4744 [-0.5541, -0.3948], z -11.6689, Q 167.7302, OR 0.6222 [0.5746, 0.6738]", () => {
    const rows = publishedData("dat.bcg.csv");
    const [tpos, tneg, cpos, cneg] = ["tpos", "tneg", "cpos", "cneg"].map((name) => column(rows, name));
    const tables = tpos!.map((ai, i) => ({ ai, bi: tneg![i]!, ci: cpos![i]!, di: cneg![i]! }));
    const result = peto(tables);
    expectClose(result.estimate, -0.4744, tol.printed4, "log OR");
    expectClose(result.ciLower, -0.5541, tol.printed4, "ci.lb");
    expectClose(result.ciUpper, -0.3948, tol.printed4, "ci.ub");
    expectClose(result.statistic, -11.6689, tol.printed4, "z");
    expectClose(result.QE, 167.7302, tol.printed4, "Q");
    expectClose(Math.exp(result.estimate), 0.6222, tol.printed4, "OR");
    expectClose(Math.exp(result.ciLower), 0.5746, tol.printed4, "OR ci.lb");
    expectClose(Math.exp(result.ciUpper), 0.6738, tol.printed4, "OR ci.ub");
    expectClose(result.se, 0.040659, tol.printed6, "se (local)");
  });
});

describe("C16: Yusuf et al. (1985), table 6 (CASES.md C16)", () => {
  // dat.yusuf1985, table == "6": 22 rows. The all-NA row ("Snow 1") is left out here, as
  // metafor's na.omit leaves it out; two rows (Pitt, Yusuf) are double-zero tables.
  const rows = publishedData("dat.yusuf1985.csv").filter((row) => String(row["table"]) === "6" && typeof row["ai"] === "number");
  const ai = column(rows, "ai");
  const n1i = column(rows, "n1i");
  const ci = column(rows, "ci");
  const n2i = column(rows, "n2i");
  const tables: Table2x2[] = ai.map((a, i) => ({ ai: a, bi: n1i[i]! - a, ci: ci[i]!, di: n2i[i]! - ci[i]! }));
  const labels = rows.map((row) => String(row["trial"]));

  it("peto(table 6): OR 0.9332 [0.7385, 1.1792]; local log OR -0.069168, se 0.119381, z -0.579387, Q 10.827485", () => {
    expect(tables).toHaveLength(21);
    const result = peto(tables, { labels });
    expectClose(Math.exp(result.estimate), 0.9332, tol.printed4, "OR");
    expectClose(Math.exp(result.ciLower), 0.7385, tol.printed4, "OR ci.lb");
    expectClose(Math.exp(result.ciUpper), 1.1792, tol.printed4, "OR ci.ub");
    expectClose(result.estimate, -0.069168, tol.printed6, "log OR (local)");
    expectClose(result.se, 0.119381, tol.printed6, "se (local)");
    expectClose(result.statistic, -0.579387, tol.printed6, "z (local)");
    expectClose(result.QE, 10.827485, tol.printed6, "Q (local)");
    expect(result.QEdf).toBe(17);
    expect(result.notes.some((note) => note.includes("Pitt"))).toBe(true);
  });
});
