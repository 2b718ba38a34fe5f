/**
 * Globally adaptive Gauss–Legendre quadrature of a vector of integrands on [a, b], kept as
 * a partition so that the final nodes and weights can serve as a discretisation (the
 * posterior of tau as a weighted set of support points, Röver 2020, JSS 93(6), sec. 2.4).
 *
 * Each panel is integrated with the 10-point rule on the whole panel and on its two
 * halves; the halves' sum is the estimate and |whole - halves| its error estimate, a
 * conservative bound because the halves' rule is far more accurate than the whole's.
 * The panel with the largest error relative to its component's tolerance is bisected
 * until, for every component c, sum of panel errors <= relTol * integral of |f_c|.
 * Stopping rule: that criterion, or maxPanels panels (then `converged` is false).
 * Cost: 30 integrand evaluations per bisection.
 * @reference Piessens et al. (1983), QUADPACK, sec. 2.2 (globally adaptive strategy)
 */
import { gaussLegendre } from "./gauss-legendre.js";

const RULE = gaussLegendre(10);

/** A vector integrand: writes the m component values at x into out. */
export type VectorIntegrand = (x: number, out: Float64Array) => void;

export interface QuadratureNode {
  readonly x: number;
  /** Quadrature weight (panel rule weight times half-width). */
  readonly weight: number;
  /** The integrand's component values at x. */
  readonly values: Float64Array;
}

export interface Panel {
  readonly a: number;
  readonly b: number;
  /** Estimates per component (from the two half-panel rules). */
  readonly integral: Float64Array;
  readonly absIntegral: Float64Array;
  readonly error: Float64Array;
  /** The 20 nodes of the two half-panel rules. */
  readonly nodes: readonly QuadratureNode[];
}

export interface AdaptiveResult {
  readonly integral: Float64Array;
  /** Sum of the panels' error estimates, per component. */
  readonly error: Float64Array;
  /** Panels sorted by position. */
  readonly panels: readonly Panel[];
  readonly converged: boolean;
}

function ruleOn(f: VectorIntegrand, m: number, a: number, b: number) {
  const half = (b - a) / 2;
  const mid = (a + b) / 2;
  const integral = new Float64Array(m);
  const absIntegral = new Float64Array(m);
  const nodes: QuadratureNode[] = [];
  for (let i = 0; i < RULE.nodes.length; i++) {
    const x = mid + half * RULE.nodes[i]!;
    const values = new Float64Array(m);
    f(x, values);
    const weight = half * RULE.weights[i]!;
    for (let c = 0; c < m; c++) {
      integral[c]! += weight * values[c]!;
      absIntegral[c]! += weight * Math.abs(values[c]!);
    }
    nodes.push({ x, weight, values });
  }
  return { integral, absIntegral, nodes };
}

function makePanel(f: VectorIntegrand, m: number, a: number, b: number, whole: Float64Array): Panel & { halves: [Float64Array, Float64Array] } {
  const mid = (a + b) / 2;
  const left = ruleOn(f, m, a, mid);
  const right = ruleOn(f, m, mid, b);
  const integral = new Float64Array(m);
  const absIntegral = new Float64Array(m);
  const error = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    integral[c] = left.integral[c]! + right.integral[c]!;
    absIntegral[c] = left.absIntegral[c]! + right.absIntegral[c]!;
    error[c] = Math.abs(integral[c]! - whole[c]!);
  }
  return { a, b, integral, absIntegral, error, nodes: [...left.nodes, ...right.nodes], halves: [left.integral, right.integral] };
}

/**
 * Integrates the m-vector integrand f over [breaks[0], breaks[last]], starting from the
 * panels between consecutive breaks.
 * @example adaptiveQuadrature((x, out) => { out[0] = Math.exp(-x); }, 1, [0, 1, 50], 1e-12).integral[0] // 1 - exp(-50)
 */
export function adaptiveQuadrature(
  f: VectorIntegrand,
  m: number,
  breaks: readonly number[],
  relTol: number,
  maxPanels = 400,
): AdaptiveResult {
  type Working = ReturnType<typeof makePanel>;
  const panels: Working[] = [];
  for (let i = 0; i + 1 < breaks.length; i++) {
    const a = breaks[i]!;
    const b = breaks[i + 1]!;
    if (!(b > a)) continue;
    panels.push(makePanel(f, m, a, b, ruleOn(f, m, a, b).integral));
  }
  const totals = () => {
    const integral = new Float64Array(m);
    const absIntegral = new Float64Array(m);
    const error = new Float64Array(m);
    for (const p of panels) {
      for (let c = 0; c < m; c++) {
        integral[c]! += p.integral[c]!;
        absIntegral[c]! += p.absIntegral[c]!;
        error[c]! += p.error[c]!;
      }
    }
    return { integral, absIntegral, error };
  };
  let converged = false;
  for (;;) {
    const t = totals();
    const tolerance = Array.from(t.absIntegral, (v) => relTol * v + Number.MIN_VALUE);
    converged = t.error.every((e, c) => e <= tolerance[c]!);
    if (converged || panels.length >= maxPanels) break;
    let worst = 0;
    let worstScore = -1;
    panels.forEach((p, i) => {
      let score = 0;
      for (let c = 0; c < m; c++) score = Math.max(score, p.error[c]! / tolerance[c]!);
      if (score > worstScore) {
        worstScore = score;
        worst = i;
      }
    });
    const p = panels[worst]!;
    const mid = (p.a + p.b) / 2;
    panels.splice(worst, 1, makePanel(f, m, p.a, mid, p.halves[0]), makePanel(f, m, mid, p.b, p.halves[1]));
  }
  const t = totals();
  panels.sort((x, y) => x.a - y.a);
  return { integral: t.integral, error: t.error, panels, converged };
}
