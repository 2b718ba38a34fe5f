/**
 * The bivariate normal CDF against R's mvtnorm::pmvnorm (Genz's algorithm, error 1e-15)
 * on a grid of points and correlations (fixtures/metafor-extra/escalc-tetrachoric.json,
 * scripts/escalc-tetrachoric.R), and its closed forms.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { bivariateNormalCdf, bivariateNormalDensity, normalCdf } from "../src/index.js";

const require = createRequire(import.meta.url);
const grid = (
  JSON.parse(readFileSync(require.resolve("@metakit/fixtures/metafor-extra/escalc-tetrachoric.json"), "utf8")) as {
    bivariateNormal: { x: number[]; y: number[]; rho: number[]; p: number[] };
  }
).bivariateNormal;

describe("bivariateNormalCdf(x, y, rho)", () => {
  it(`matches mvtnorm::pmvnorm at ${grid.p.length} points to 1e-14 absolute`, () => {
    let worst = 0;
    grid.p.forEach((p, i) => {
      worst = Math.max(worst, Math.abs(bivariateNormalCdf(grid.x[i]!, grid.y[i]!, grid.rho[i]!) - p));
    });
    expect(worst).toBeLessThan(1e-14);
  });
  it("at the origin is 1/4 + asin(rho) / (2 pi) (Sheppard)", () => {
    for (const rho of [-0.97, -0.5, 0, 0.3, 0.8, 0.95]) {
      expect(Math.abs(bivariateNormalCdf(0, 0, rho) - (0.25 + Math.asin(rho) / (2 * Math.PI)))).toBeLessThan(1e-15);
    }
  });
  it("is Phi(x) Phi(y) at rho = 0, Phi(min(x, y)) at rho = 1 and max(0, Phi(x) + Phi(y) - 1) at rho = -1", () => {
    expect(Math.abs(bivariateNormalCdf(0.7, -0.4, 0) - normalCdf(0.7) * normalCdf(-0.4))).toBeLessThan(1e-16);
    expect(Math.abs(bivariateNormalCdf(0.7, -0.4, 1) - normalCdf(-0.4))).toBeLessThan(1e-16);
    expect(Math.abs(bivariateNormalCdf(0.7, 0.4, -1) - (normalCdf(0.7) + normalCdf(0.4) - 1))).toBeLessThan(1e-15);
  });
  it("has derivative in rho equal to the density (Plackett's identity), by central differences", () => {
    for (const [x, y, rho] of [[0.3, -1.1, 0.2], [1.5, 0.4, -0.6], [-0.2, -0.9, 0.96]] as const) {
      const h = 1e-5;
      const slope = (bivariateNormalCdf(x, y, rho + h) - bivariateNormalCdf(x, y, rho - h)) / (2 * h);
      expect(Math.abs(slope - bivariateNormalDensity(x, y, rho))).toBeLessThan(1e-9);
    }
  });
});
