/**
 * Miller (1978), The inverse of the Freeman-Tukey double arcsine transformation, Am Stat
 * 32:138: single proportions pooled on the Freeman-Tukey scale and back-transformed with
 * the harmonic mean of the sizes, as metafor's test_analysis_example_miller1978.r
 * (published/CASES.md, C18). metafor's PFT is half of Miller's transform, so Miller's
 * values are 2 yi and 4 vi.
 */
import { describe, expect, it } from "vitest";
import { backTransform, escalc } from "@metakit/effect-size";
import { metaAnalysis } from "../src/index.js";
import { expectClose, tol } from "@metakit/fixtures";

function pft(xi: readonly number[], ni: readonly number[]) {
  const rows = escalc("PFT", xi.map((x, i) => ({ xi: x, ni: ni[i]! })));
  return rows.studies.map((row) => {
    if (!row.estimable) throw new Error(`not estimable: ${row.reason}`);
    return row;
  });
}

describe("Miller 1978: xi = 3, 6, 10, 1; ni = 11, 17, 21, 6", () => {
  const ni = [11, 17, 21, 6];
  const rows = pft([3, 6, 10, 1], ni);
  const yi = rows.map((r) => r.yi);
  const vi = rows.map((r) => r.vi);

  it("study values on Miller's scale: 2 yi and 4 vi as printed", () => {
    [1.1391, 1.2888, 1.5253, 0.9515].forEach((y, i) => expectClose(2 * yi[i]!, y, tol.printed4, `2 yi[${i}]`));
    [0.087, 0.0571, 0.0465, 0.1538].forEach((v, i) => expectClose(4 * vi[i]!, v, tol.printed4, `4 vi[${i}]`));
  });

  it("EE (weighted): 2 est = 1.3093, back-transformed with the harmonic-mean n to 0.3595", () => {
    const r = metaAnalysis({ yi, vi }, { method: "EE" });
    expectClose(2 * r.estimate, 1.3093, tol.printed4, "2 est");
    expectClose(backTransform("PFT", r.estimate, { ni }), 0.3595, tol.printed4, "proportion");
    // local values, metafor 3.8-1
    expectClose(r.estimate, 0.654671, tol.printed6, "est");
    expectClose(r.se, 0.066227, tol.printed6, "se");
    expectClose(backTransform("PFT", r.ciLower, { ni }), 0.229709, tol.printed6, "ci.lb back-transformed");
    expectClose(backTransform("PFT", r.ciUpper, { ni }), 0.498994, tol.printed6, "ci.ub back-transformed");
  });
});

describe("Miller 1978, second set (add = 0): xi = 0, 4, 9, 16, 20; ni = 10, 10, 15, 20, 20", () => {
  const xi = [0, 4, 9, 16, 20];
  const ni = [10, 10, 15, 20, 20];
  const rows = pft(xi, ni);

  it("each study back-transforms exactly to x/n, including 0 and 1", () => {
    rows.forEach((r, i) => expect(Math.abs(backTransform("PFT", r.yi, { ni: ni[i]! }) - xi[i]! / ni[i]!)).toBeLessThan(1e-12));
  });

  it("EE back-transformed with the harmonic-mean n: 0.6886 [0.5734, 0.7943]", () => {
    const r = metaAnalysis({ yi: rows.map((x) => x.yi), vi: rows.map((x) => x.vi) }, { method: "EE" });
    expectClose(backTransform("PFT", r.estimate, { ni }), 0.6886, tol.printed4, "proportion");
    expectClose(backTransform("PFT", r.ciLower, { ni }), 0.5734, tol.printed4, "ci.lb");
    expectClose(backTransform("PFT", r.ciUpper, { ni }), 0.7943, tol.printed4, "ci.ub");
  });
});
