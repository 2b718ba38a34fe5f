/**
 * The tetrachoric correlation (RTET) and its Fisher z (ZTET) against metafor and against a
 * tight direct computation of the same estimator (fixtures/metafor-extra/
 * escalc-tetrachoric.json: metafor 3.8-1; escalc-tetrachoric-current.json: metafor 5.0-1;
 * both by scripts/escalc-tetrachoric.R).
 *
 * The direct computation (R): rho by uniroot(tol = 1e-14) on mvtnorm::pmvnorm with the cuts
 * at the margins' normal quantiles; vi, metafor's inverse-Hessian [1, 1], from numDeriv's
 * Jacobian of the cell probabilities, and viHessian from numDeriv's Hessian of the
 * negative log-likelihood. metakit must equal rho and vi to 1e-9 (tol.yi, tol.vi).
 *
 * metafor's escalc optimises numerically (optimize(), then optim()'s Nelder-Mead with
 * reltol 1e-8) and takes the variance from optim()'s finite-difference Hessian. Measured
 * agreement with metakit on these tables: yi within 2.1e-5 (asserted: 5e-5 absolute); vi
 * within a relative 6e-4 where |rho| < 0.95 (asserted: 1e-3). Where |rho| >= 0.95 its
 * Hessian, taken near its |rho| <= .9999 clamp, is off by up to a factor of 4 (table
 * 60, 1, 2, 80: metafor 1.43e-6, exact 5.92e-6); there only the direct computation is
 * asserted. With add = 0 (metafor's default for RTET) a table with a zero cell or margin is
 * not estimable, where metafor gives NA, a zero variance, or ±1 with a variance its
 * optimiser stopped at (26.7 to 5.6e7 on these tables).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { closeTo, tol } from "@metakit/fixtures";
import { escalc, tetrachoricMessages, type EscalcOptions, type EstimableRow } from "../src/index.js";
import { studiesOf, type MetaforEscalcCase } from "./metafor-escalc-case.js";

interface TetrachoricCase extends MetaforEscalcCase {
  readonly id: string;
  readonly measure: "RTET" | "ZTET";
  readonly metafor: string;
  readonly tight: { readonly yi: readonly (number | null)[]; readonly vi: readonly (number | null)[]; readonly viHessian: readonly (number | null)[] };
}

const require = createRequire(import.meta.url);
const casesOf = (file: string): readonly TetrachoricCase[] =>
  (JSON.parse(readFileSync(require.resolve(`@metakit/fixtures/metafor-extra/${file}`), "utf8")) as { cases: TetrachoricCase[] }).cases;

/** metafor's optimiser error in rho (Nelder-Mead, reltol 1e-8): measured 2.1e-5. */
const METAFOR_OPTIMISER_YI = { rel: 0, abs: 5e-5 };
/** metafor's finite-difference Hessian where |rho| < 0.95: measured relative 6e-4. */
const METAFOR_HESSIAN_VI = { rel: 1e-3, abs: 0 };
/** numDeriv's Hessian of the log-likelihood (Richardson from a step of 1e-3): measured relative 1.6e-5 at most (dat.bcg study 12, n = 4,839). */
const NUMDERIV_HESSIAN_VI = { rel: 5e-5, abs: 0 };

const run = (c: TetrachoricCase) => escalc(c.measure, studiesOf(c), c.options as EscalcOptions).studies;

for (const [file, version] of [["escalc-tetrachoric.json", "3.8-1"], ["escalc-tetrachoric-current.json", "5.0-1"]] as const) {
  describe(`escalc RTET/ZTET against the direct computation and metafor ${version} (${file})`, () => {
    for (const c of casesOf(file)) {
      it(`escalc("${c.measure}", ${JSON.stringify(c.options)}) on ${c.id}: the exact MLE and its variance`, () => {
        const rows = run(c);
        expect(rows).toHaveLength(c.yi.length);
        rows.forEach((row, i) => {
          const yi = c.tight.yi[i];
          const vi = c.tight.vi[i];
          const viHessian = c.tight.viHessian[i];
          if (yi === null || yi === undefined || vi === null || vi === undefined || viHessian === null || viHessian === undefined) {
            expect(row.estimable, `study ${i + 1}: a zero cell after the correction`).toBe(false);
            return;
          }
          const r = row as EstimableRow;
          expect(closeTo(r.yi, yi, tol.yi), `yi of study ${i + 1}: ${r.yi} vs ${yi}`).toBe(true);
          expect(closeTo(r.vi, vi, tol.vi), `vi of study ${i + 1}: ${r.vi} vs ${vi}`).toBe(true);
          expect(closeTo(r.vi, viHessian, NUMDERIV_HESSIAN_VI), `vi of study ${i + 1} vs numDeriv's Hessian: ${r.vi} vs ${viHessian}`).toBe(true);
        });
      });
      it(`escalc("${c.measure}", ${JSON.stringify(c.options)}) on ${c.id}: metafor ${version}'s numbers within its optimiser's error`, () => {
        run(c).forEach((row, i) => {
          const yi = c.yi[i];
          const vi = c.vi[i];
          const rho = c.tight.yi[i];
          if (rho === null || rho === undefined || yi === null || yi === undefined || vi === null || vi === undefined) {
            expect(row.estimable, `study ${i + 1}: metafor gives yi ${yi}, vi ${vi}`).toBe(false);
            return;
          }
          if (!row.estimable) throw new Error(`study ${i + 1} not estimable: ${row.reason}`);
          const r = c.measure === "RTET" ? rho : Math.tanh(rho);
          // ZTET's yi is atanh(r): its error is r's divided by 1 - r^2
          const yiTolerance = c.measure === "RTET" ? METAFOR_OPTIMISER_YI : { rel: 0, abs: METAFOR_OPTIMISER_YI.abs / (1 - r * r) };
          expect(closeTo(row.yi, yi, yiTolerance), `yi of study ${i + 1}: ${row.yi} vs metafor ${yi}`).toBe(true);
          if (Math.abs(r) < 0.95) expect(closeTo(row.vi, vi, METAFOR_HESSIAN_VI), `vi of study ${i + 1}: ${row.vi} vs metafor ${vi}`).toBe(true);
        });
      });
    }
  });
}

describe("escalc RTET with zero cells (add = 0, metafor's default)", () => {
  const table = (ai: number, bi: number, ci: number, di: number) => escalc("RTET", [{ ai, bi, ci, di }]).studies[0]!;
  it("a zero margin is not estimable: the correlation is not identified", () => {
    const row = table(0, 0, 5, 10);
    expect(row.estimable).toBe(false);
    if (!row.estimable) expect(row.reason).toBe(tetrachoricMessages.zeroMargin());
  });
  it("one zero cell, or two on a diagonal, is not estimable: rho is ±1 and has no variance", () => {
    const tables: readonly (readonly [number, number, number, number])[] = [[0, 10, 5, 20], [8, 0, 3, 12], [10, 0, 0, 10], [0, 5, 5, 0]];
    for (const cells of tables) {
      const row = table(...cells);
      expect(row.estimable, JSON.stringify(cells)).toBe(false);
      if (!row.estimable) expect(row.reason).toBe(tetrachoricMessages.boundary());
    }
  });
  it("with add = 0.5 the corrected table is estimated and noted", () => {
    const row = escalc("RTET", [{ ai: 0, bi: 10, ci: 5, di: 20 }], { add: 0.5 }).studies[0]!;
    expect(row.estimable && row.notes.length).toBe(1);
  });
  it("is symmetric: swapping the rows negates rho, transposing keeps it", () => {
    const a = table(12, 30, 28, 10) as EstimableRow;
    const swapped = table(28, 10, 12, 30) as EstimableRow;
    const transposed = table(12, 28, 30, 10) as EstimableRow;
    expect(closeTo(swapped.yi, -a.yi, tol.identity)).toBe(true);
    expect(closeTo(swapped.vi, a.vi, tol.identity)).toBe(true);
    expect(closeTo(transposed.yi, a.yi, tol.identity)).toBe(true);
    expect(closeTo(transposed.vi, a.vi, tol.identity)).toBe(true);
  });
});
