/**
 * Test-only effect sizes of 2x2 tables, written out so the published-case tests do not
 * depend on @metakit/effect-size's escalc: metafor's defaults, 1/2 added to every cell
 * of a table with a zero cell (add = 1/2, to = "only0").
 */
export interface Tables {
  readonly ai: readonly number[];
  readonly bi: readonly number[];
  readonly ci: readonly number[];
  readonly di: readonly number[];
}

export interface Effects {
  readonly yi: number[];
  readonly vi: number[];
}

function corrected(t: Tables, i: number): [number, number, number, number] {
  const cells: [number, number, number, number] = [t.ai[i]!, t.bi[i]!, t.ci[i]!, t.di[i]!];
  return cells.some((x) => x === 0) ? (cells.map((x) => x + 0.5) as [number, number, number, number]) : cells;
}

/** log odds ratio, vi = 1/a + 1/b + 1/c + 1/d (Woolf). */
export function logOddsRatios(t: Tables): Effects {
  const yi: number[] = [];
  const vi: number[] = [];
  t.ai.forEach((_, i) => {
    const [a, b, c, d] = corrected(t, i);
    yi.push(Math.log((a * d) / (b * c)));
    vi.push(1 / a + 1 / b + 1 / c + 1 / d);
  });
  return { yi, vi };
}

/** log risk ratio, vi = 1/a - 1/(a+b) + 1/c - 1/(c+d). */
export function logRiskRatios(t: Tables): Effects {
  const yi: number[] = [];
  const vi: number[] = [];
  t.ai.forEach((_, i) => {
    const [a, b, c, d] = corrected(t, i);
    yi.push(Math.log(a / (a + b) / (c / (c + d))));
    vi.push(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d));
  });
  return { yi, vi };
}

/** risk difference, vi = p1(1-p1)/n1 + p2(1-p2)/n2, with the same zero-cell correction. */
export function riskDifferences(t: Tables): Effects {
  const yi: number[] = [];
  const vi: number[] = [];
  t.ai.forEach((_, i) => {
    const [a, b, c, d] = corrected(t, i);
    const n1 = a + b;
    const n2 = c + d;
    const p1 = a / n1;
    const p2 = c / n2;
    yi.push(p1 - p2);
    vi.push((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  });
  return { yi, vi };
}

/** Tables from events and group sizes. */
export function tablesFromCounts(ai: readonly number[], n1i: readonly number[], ci: readonly number[], n2i: readonly number[]): Tables {
  return { ai, bi: ai.map((a, i) => n1i[i]! - a), ci, di: ci.map((c, i) => n2i[i]! - c) };
}
