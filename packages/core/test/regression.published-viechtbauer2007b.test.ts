/**
 * Viechtbauer (2007b), Stat Med 26:37-52 (St John's wort, dat.linde2005 trials 7-10 and
 * 13-25, log RR): the mixed-effects model with centred total dosage, centred baseline
 * severity and their interaction (DL), Table II p. 113, and the R2 of p. 112, as metafor's
 * test_analysis_example_viechtbauer2007b.r (published/CASES.md, C15; 4-5 decimals).
 */
import { column, expectClose, publishedData, tol, type Tolerance } from "@metakit/fixtures";
import { describe, it } from "vitest";
import { metaRegression } from "../src/index.js";
import { logRiskRatios } from "./two-by-two.js";

const all = publishedData("dat.linde2005.csv");
const rows = [...all.slice(6, 10), ...all.slice(12, 25)];
const ai = column(rows, "ai");
const ci = column(rows, "ci");
const n1i = column(rows, "n1i");
const n2i = column(rows, "n2i");
const data = logRiskRatios({ ai, bi: ai.map((a, i) => n1i[i]! - a), ci, di: ci.map((c, i) => n2i[i]! - c) });
// dosage in g per week times duration in weeks, centred at 34; baseline HRSD centred at 20
const dose = column(rows, "dosage").map((d, i) => ((d * 7) / 1000) * column(rows, "duration")[i]! - 34);
const baseline = column(rows, "baseline").map((b) => b - 20);
const moderators = [
  { kind: "numeric", name: "dosage", values: dose },
  { kind: "numeric", name: "baseline", values: baseline },
  { kind: "numeric", name: "dosage:baseline", values: dose.map((d, i) => d * baseline[i]!) },
] as const;
/** Table II prints 5 significant decimals. */
const DP5: Tolerance = { rel: 0, abs: 5.01e-6 };

describe("metaRegression(linde2005, dosage * baseline, DL) reproduces Viechtbauer (2007b)", () => {
  const r = metaRegression(data, moderators, { method: "DL" });
  it("tau2 .0475 and R2 47.3778", () => {
    expectClose(r.tau2, 0.0475, tol.printed4, "tau2");
    expectClose(r.R2, 47.3778, tol.printed4, "R2");
  });
  it("Table II: b = 0.47626, -0.00584, -0.06723, -0.00157; se = 0.08764, 0.01000, 0.03522, 0.00345", () => {
    [0.47626, -0.00584, -0.06723, -0.00157].forEach((b, j) => expectClose(r.coefficients[j]!.estimate, b, DP5, `b${j}`));
    [0.08764, 0.01, 0.03522, 0.00345].forEach((s, j) => expectClose(r.coefficients[j]!.se, s, DP5, `se${j}`));
  });
});
