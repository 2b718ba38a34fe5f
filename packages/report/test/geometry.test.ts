/**
 * Geometry read back from the SVG: every square, confidence line and diamond sits where
 * its value falls on the axis that vega drew (fitted from the axis labels' positions and
 * texts), within a pixel. Data: dat.bcg, metafor 3.8-1 REML fit (oracle case S01).
 */
import { TEST_FONTS } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { forestAxis, forestPlotSvg, tickLabel, type ForestPlotData } from "../src/index.js";
import { bcgForest, bcgSubgroupForest, normandMeanDifferenceForest, stressForest } from "./bcg.js";
import { inContainer, parseSvg, pathPoints, texts, type SvgElement } from "./svg.js";

const tol = { pixel: 1 };

interface FittedAxis {
  readonly toPixel: (value: number) => number;
  /** Largest distance of a tick label from the fitted line, in pixels. */
  readonly residual: number;
  readonly labels: readonly number[];
}

/** Least-squares line through (f(label value), label x) for the axis labels. */
function fitAxis(elements: readonly SvgElement[], f: (v: number) => number): FittedAxis {
  const labels = texts(elements).filter((e) => e.container.includes("role-axis-label"));
  const points = labels.map((e) => [f(Number(e.text!.replace("−", "-"))), e.x] as const);
  const n = points.length;
  const mx = points.reduce((s, [u]) => s + u, 0) / n;
  const my = points.reduce((s, [, x]) => s + x, 0) / n;
  const slope = points.reduce((s, [u, x]) => s + (u - mx) * (x - my), 0) / points.reduce((s, [u]) => s + (u - mx) ** 2, 0);
  const toPixel = (value: number) => my + slope * (f(value) - mx);
  const residual = Math.max(...points.map(([u, x]) => Math.abs(my + slope * (u - mx) - x)));
  return { toPixel, residual, labels: labels.map((e) => Number(e.text!.replace("−", "-"))) };
}

const logAxis = (elements: readonly SvgElement[]) => fitAxis(elements, Math.log);

/** Rows in display order (subgroup by subgroup, in the subgroups' order) that have an estimate. */
function estimable(data: ForestPlotData) {
  const ordered = data.subgroups === undefined ? data.rows : data.subgroups.flatMap((s) => data.rows.filter((row) => row.group === s.name));
  return ordered.filter((row) => row.estimate !== undefined);
}

async function checkMarks(data: ForestPlotData) {
  const elements = parseSvg(await forestPlotSvg(data, { fonts: TEST_FONTS }));
  const axis = data.scale === "log" ? logAxis(elements) : fitAxis(elements, (v) => v);
  expect(axis.residual).toBeLessThan(tol.pixel);
  const [min, max] = [Math.min(...axis.labels), Math.max(...axis.labels)];
  const squares = inContainer(elements, "squares_marks");
  const visible = estimable(data).filter((row) => row.estimate! >= min && row.estimate! <= max);
  expect(squares).toHaveLength(visible.length);
  visible.forEach((row, i) => expect(Math.abs(squares[i]!.x - axis.toPixel(row.estimate!))).toBeLessThan(tol.pixel));

  const lines = inContainer(elements, "confidence_intervals_marks");
  estimable(data).forEach((row, i) => {
    const line = lines[i]!;
    expect(Math.abs(line.x - axis.toPixel(Math.max(row.ciLower!, min)))).toBeLessThan(tol.pixel);
    expect(Math.abs(line.x + Number(line.attributes["x2"]) - axis.toPixel(Math.min(row.ciUpper!, max)))).toBeLessThan(tol.pixel);
    expect(Math.abs(line.y - squares[i]!.y)).toBeLessThan(tol.pixel);
  });

  const summaries = [...(data.subgroups ?? []).map((s) => s.pooled!), data.pooled!];
  const diamonds = inContainer(elements, "diamonds_marks");
  expect(diamonds).toHaveLength(summaries.length);
  summaries.forEach((s, i) => {
    const points = pathPoints(diamonds[i]!.attributes["d"]!);
    const apex = points.reduce((top, p) => (p[1] < top[1] ? p : top));
    const left = Math.min(...points.map((p) => p[0]));
    const right = Math.max(...points.map((p) => p[0]));
    expect(Math.abs(apex[0] - axis.toPixel(s.estimate))).toBeLessThan(tol.pixel);
    expect(Math.abs(left - axis.toPixel(s.ciLower))).toBeLessThan(tol.pixel);
    expect(Math.abs(right - axis.toPixel(s.ciUpper))).toBeLessThan(tol.pixel);
  });
  return { elements, axis };
}

describe("forest plot geometry", () => {
  it("squares, CI lines and the diamond sit at their values on the axis (dat.bcg, REML)", async () => {
    await checkMarks(bcgForest());
  });

  it("the same holds with subgroups, a not-estimable study and risk-of-bias columns", async () => {
    await checkMarks(bcgSubgroupForest());
    await checkMarks(stressForest());
  });

  it("a difference gets a linear axis, and the marks sit on it (dat.normand1999, MD, S04)", async () => {
    const { elements, axis } = await checkMarks(normandMeanDifferenceForest());
    expect(axis.labels).toEqual([-100, -50, 0, 50, 100]);
    expect(fitAxis(elements, (v) => Math.log(v + 200)).residual).toBeGreaterThan(2);
    // The labels vega drew are the strings the layout measured (tickLabel), minus sign included.
    const drawn = texts(elements).filter((e) => e.container.includes("role-axis-label")).map((e) => e.text);
    expect(drawn).toEqual(forestAxis(normandMeanDifferenceForest()).ticks.map(tickLabel));
    expect(drawn[0]).toBe("\u2212100");
  });

  it("a ratio measure gets a log axis: labels fit log(value) to a pixel, not value", async () => {
    const elements = parseSvg(await forestPlotSvg(bcgForest(), { fonts: TEST_FONTS }));
    expect(logAxis(elements).labels).toEqual([0.05, 0.2, 1, 5, 20]);
    expect(logAxis(elements).residual).toBeLessThan(tol.pixel);
    expect(fitAxis(elements, (v) => v).residual).toBeGreaterThan(20);
  });

  it("the line of no effect is at 1 and squares are sized by weight", async () => {
    const data = bcgForest();
    const elements = parseSvg(await forestPlotSvg(data, { fonts: TEST_FONTS }));
    const axis = logAxis(elements);
    const nullLine = inContainer(elements, "null_line_and_caps_marks")[0]!;
    expect(Math.abs(nullLine.x - axis.toPixel(1))).toBeLessThan(tol.pixel);
    const side = (e: SvgElement) => Number(/h([\d.]+)/.exec(e.attributes["d"]!)![1]);
    const squares = inContainer(elements, "squares_marks");
    const weights = data.rows.map((row) => row.weightPercent!);
    const heaviest = weights.indexOf(Math.max(...weights));
    const lightest = weights.indexOf(Math.min(...weights));
    // Area proportional to weight: side ratio = sqrt(weight ratio).
    expect(side(squares[lightest]!) / side(squares[heaviest]!)).toBeCloseTo(Math.sqrt(weights[lightest]! / weights[heaviest]!), 2);
  });

  it("confidence lines that leave the axis end in an arrow at the axis limit", async () => {
    const data: ForestPlotData = { ...bcgForest(), axisLimits: [0.2, 5] };
    const elements = parseSvg(await forestPlotSvg(data, { fonts: TEST_FONTS }));
    const axis = logAxis(elements);
    expect(axis.labels).toEqual([0.2, 0.5, 1, 2, 5]);
    const arrows = inContainer(elements, "arrows_marks");
    const pi = data.pooled!;
    const expectedLeft = [...data.rows.map((r) => r.ciLower!), pi.piLower!].filter((v) => v < 0.2).length;
    const expectedRight = [...data.rows.map((r) => r.ciUpper!), pi.piUpper!].filter((v) => v > 5).length;
    expect(expectedLeft).toBeGreaterThan(0);
    expect(expectedRight).toBeGreaterThan(0);
    const atLeft = arrows.filter((a) => Math.abs(a.x - axis.toPixel(0.2)) < tol.pixel);
    const atRight = arrows.filter((a) => Math.abs(a.x - axis.toPixel(5)) < tol.pixel);
    expect(atLeft).toHaveLength(expectedLeft);
    expect(atRight).toHaveLength(expectedRight);
    // Estimates beyond the axis draw no square (Vandiviere 0.20 is inside; none is outside here).
    expect(inContainer(elements, "squares_marks")).toHaveLength(data.rows.filter((r) => r.estimate! >= 0.2 && r.estimate! <= 5).length);
  });
});
