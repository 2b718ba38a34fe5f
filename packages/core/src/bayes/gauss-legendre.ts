/**
 * Gauss–Legendre nodes and weights on [-1, 1], computed once by Newton's method on the
 * Legendre polynomial P_n (three-term recurrence), to machine precision.
 * @reference Golub & Welsch (1969), Math Comp 23:221-230 (the rule); Press et al. (2007),
 *   Numerical Recipes 3rd ed., sec. 4.6.1 (the Newton iteration, routine gauleg)
 * @example gaussLegendre(2).nodes // [-0.5773502691896257, 0.5773502691896257]
 */
export interface GaussLegendreRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

export function gaussLegendre(n: number): GaussLegendreRule {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    // Tricomi's initial guess for the i-th root, then Newton to convergence.
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p0 = 1;
      let p1 = 0;
      for (let j = 1; j <= n; j++) {
        const p2 = p1;
        p1 = p0;
        p0 = ((2 * j - 1) * x * p1 - (j - 1) * p2) / j; // Bonnet's recurrence
      }
      derivative = (n * (x * p0 - p1)) / (x * x - 1);
      const step = p0 / derivative;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    const w = 2 / ((1 - x * x) * derivative * derivative);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  return { nodes, weights };
}
