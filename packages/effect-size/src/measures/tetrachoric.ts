/**
 * The tetrachoric correlation of a 2x2 table: the correlation rho of a standard bivariate
 * normal (X, Y) that, cut at thresholds, gives the table's cell probabilities. Layout as
 * metafor's: ai = X low and Y low, bi = X high and Y low, ci = X low and Y high, di = X
 * high and Y high (rows are Y, columns X).
 *
 * metafor's .rtet() maximises the likelihood numerically (optimize, then Nelder-Mead) and
 * takes the variance from optim()'s finite-difference Hessian, so its numbers carry
 * optimiser error (about 1e-5 in rho). The model is saturated (three parameters, three
 * free cell probabilities), so the maximum is exact: the cuts are the normal quantiles of
 * the margins and rho solves Phi2(col cut, row cut; rho) = ai / n. At that maximum every
 * fitted cell probability equals the observed proportion, the second-derivative terms of
 * the log-likelihood cancel, and the Hessian is n J' diag(1 / p) J with J the cell
 * probabilities' derivatives in (rho, row cut, column cut), known in closed form.
 */
import { bivariateNormalCdf, bivariateNormalDensity, normalCdf, normalQuantile, zeroin } from "@metakit/base";
import type { Outcome } from "./family.js";

/** Reasons a table gives no tetrachoric correlation (with add = 0, metafor's default). */
export const tetrachoricMessages = {
  zeroMargin: () => "a margin of the 2x2 table is 0: the tetrachoric correlation is not identified (metafor: infinite variance)",
  boundary: () =>
    "a zero cell puts the tetrachoric correlation at -1 or 1, where its variance is not defined (metafor's number there is an optimiser artefact); set add (e.g. 0.5) for a continuity correction",
} as const;

/** The derivatives of one cell probability in (rho, row cut, column cut). */
type Gradient = readonly [number, number, number];

/**
 * Tetrachoric correlation (maximum likelihood) and its sampling variance: metafor's, the
 * [1, 1] element of the inverse Hessian of the negative log-likelihood in (rho, row cut,
 * column cut), here exact instead of by optimisation and finite differences.
 * yi solves Phi2(qnorm((ai + ci)/n), qnorm((ai + bi)/n); rho) = ai / n.
 * Zero cells (add = 0): a zero margin or a zero cell is not estimable (metafor gives 0
 * with infinite variance for a zero margin, ±1 with variance 0 for two zero cells on a
 * diagonal, and ±1 with a variance from its optimiser's stopping point for one zero cell).
 * @reference Pearson (1900), Philos Trans R Soc A 195:1-47; Olsson (1979), Psychometrika 44:443-460 (the ML estimator); Genz (2004), Stat Comput 14:251-260 (Phi2)
 * @metafor escalc("RTET", ai, bi, ci, di) (.rtet: optimize, optim(hessian = TRUE), chol2inv(hessian)[1, 1])
 * @example tetrachoricCorrelation(40, 2, 3, 50) // yi 0.986474, vi 1.404e-4 (metafor 3.8-1: 0.986478, 1.382e-4)
 */
export function tetrachoricCorrelation(ai: number, bi: number, ci: number, di: number): Outcome {
  if (ai + bi === 0 || ci + di === 0 || ai + ci === 0 || bi + di === 0) return { notEstimable: tetrachoricMessages.zeroMargin() };
  if (ai === 0 || bi === 0 || ci === 0 || di === 0) return { notEstimable: tetrachoricMessages.boundary() };
  const n = ai + bi + ci + di;
  const rowCut = normalQuantile((ai + bi) / n);
  const colCut = normalQuantile((ai + ci) / n);
  const rho = tetrachoricRho(ai / n, colCut, rowCut);
  return { yi: rho, vi: tetrachoricVariance([ai, bi, ci, di], rho, rowCut, colCut) };
}

/**
 * Fisher's z of the tetrachoric correlation, yi = atanh(r), vi = v(r) / (1 - r^2)^2 (delta
 * method; not a variance-stabilising transformation for r_tet).
 * @metafor escalc("ZTET", ai, bi, ci, di) (metafor 4.0-0 and later)
 */
export function fisherZTetrachoric(ai: number, bi: number, ci: number, di: number): Outcome {
  const r = tetrachoricCorrelation(ai, bi, ci, di);
  if ("notEstimable" in r) return r;
  return { yi: Math.atanh(r.yi), vi: r.vi / (1 - r.yi ** 2) ** 2 };
}

/**
 * rho with Phi2(colCut, rowCut; rho) = pa. Phi2 rises in rho (its slope is the density),
 * from max(0, Phi(col) + Phi(row) - 1) at -1 to min(Phi(col), Phi(row)) at 1, and pa lies
 * strictly between when no cell is zero. Brent's method to a tolerance of 1e-15 in rho.
 */
function tetrachoricRho(pa: number, colCut: number, rowCut: number): number {
  const f = (rho: number): number => bivariateNormalCdf(colCut, rowCut, rho) - pa;
  return zeroin(f, -1, 1, f(-1), f(1), { tol: 1e-15, maxiter: 200, what: "tetrachoric correlation" });
}

/**
 * [1, 1] element of the inverse of the Hessian H = n sum_j g_j g_j' / p_j, g_j the
 * gradient of cell j's probability in (rho, row cut, column cut), p_j = the observed
 * proportion (the fitted one at the maximum). With P = Phi2(c, r; rho), s = sqrt(1 - rho^2):
 * dP/drho = phi2(c, r; rho) (Plackett 1954), dP/dc = phi(c) Phi((r - rho c)/s),
 * dP/dr = phi(r) Phi((c - rho r)/s); the other cells are Phi(r) - P, Phi(c) - P and
 * 1 - Phi(r) - Phi(c) + P.
 * @reference Plackett (1954), Biometrika 41:351-360; Olsson (1979), Psychometrika 44:443-460, eqs. 5-9
 */
function tetrachoricVariance(cells: readonly [number, number, number, number], rho: number, rowCut: number, colCut: number): number {
  const n = cells[0] + cells[1] + cells[2] + cells[3];
  const s = Math.sqrt(1 - rho * rho);
  const dRho = bivariateNormalDensity(colCut, rowCut, rho);
  const dRow = normalDensity(rowCut) * normalCdf((colCut - rho * rowCut) / s);
  const dCol = normalDensity(colCut) * normalCdf((rowCut - rho * colCut) / s);
  const gradients: readonly Gradient[] = [
    [dRho, dRow, dCol],
    [-dRho, normalDensity(rowCut) - dRow, -dCol],
    [-dRho, -dRow, normalDensity(colCut) - dCol],
    [dRho, dRow - normalDensity(rowCut), dCol - normalDensity(colCut)],
  ];
  let [h00, h01, h02, h11, h12, h22] = [0, 0, 0, 0, 0, 0];
  gradients.forEach(([g0, g1, g2], j) => {
    const w = (n * n) / cells[j]!; // n_j / p_j^2 = n^2 / n_j
    h00 += w * g0 * g0;
    h01 += w * g0 * g1;
    h02 += w * g0 * g2;
    h11 += w * g1 * g1;
    h12 += w * g1 * g2;
    h22 += w * g2 * g2;
  });
  const minor = h11 * h22 - h12 * h12;
  const det = h00 * minor - h01 * (h01 * h22 - h12 * h02) + h02 * (h01 * h12 - h11 * h02);
  return minor / det;
}

function normalDensity(z: number): number {
  return Math.exp(-(z * z) / 2) / Math.sqrt(2 * Math.PI);
}
