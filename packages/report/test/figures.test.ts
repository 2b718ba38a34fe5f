/**
 * Funnel, leave-one-out, GOSH and bubble plots of dat.bcg (log risk ratio; every number
 * from @metakit/core on oracle case S01's escalc values, see figures-data.ts), read back
 * from the SVG: each mark sits where its value falls on the axes vega drew (fitted from
 * the axis ticks), within a pixel; ratio measures get a log axis; labels are text;
 * output is byte-identical from run to run; invalid data names the study and field.
 */
import { TEST_FONTS } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { MetakitError } from "@metakit/base";
import {
  bubbleArea,
  bubblePlotSvg,
  funnelPlotSvg,
  GOSH_POINT_LIMIT,
  goshPlotSvg,
  leaveOneOutPlotSvg,
  renderBubblePlot,
  renderFunnelPlot,
  renderGoshPlot,
  renderLeaveOneOutPlot,
  type FunnelPlotData,
} from "../src/index.js";
import { bcgBubble, bcgFunnel, bcgFunnelLinear, bcgGosh, bcgLeaveOneOut } from "./figures-data.js";
import { inContainer, parseSvg, pathPoints, texts, type SvgElement } from "./svg.js";
import { createTextMeasure, svgPrintSize } from "../src/index.js";

const tol = { pixel: 1 };
const PNG_TIMEOUT = 60_000;

interface FittedAxis {
  readonly toPixel: (value: number) => number;
  /** Largest distance of a tick from the fitted line, in pixels (ticks are drawn at whole pixels). */
  readonly residual: number;
  readonly values: readonly number[];
}

/**
 * Each axis fitted by least squares through (f(tick value), tick position): the x axis's
 * ticks are vertical lines (y2 set), the y axis's horizontal (x2 set), each paired in
 * order with its axis's labels (centred under x ticks, right-aligned beside y ticks).
 */
function fitAxes(elements: readonly SvgElement[], fx: (v: number) => number, fy: (v: number) => number) {
  const ticks = inContainer(elements, "role-axis-tick");
  const labels = texts(elements).filter((e) => e.container.includes("role-axis-label"));
  const fit = (horizontal: boolean, f: (v: number) => number): FittedAxis => {
    const own = ticks.filter((t) => (horizontal ? t.attributes["x2"] === "0" : t.attributes["y2"] === "0"));
    const values = labels.filter((l) => l.attributes["text-anchor"] === (horizontal ? "middle" : "end")).map((l) => Number(l.text!.replace("−", "-")));
    expect(own).toHaveLength(values.length);
    const points = own.map((t, i) => [values[i]!, horizontal ? t.x : t.y] as const);
    const n = points.length;
    const mu = points.reduce((s, [v]) => s + f(v), 0) / n;
    const mp = points.reduce((s, [, p]) => s + p, 0) / n;
    const slope = points.reduce((s, [v, p]) => s + (f(v) - mu) * (p - mp), 0) / points.reduce((s, [v]) => s + (f(v) - mu) ** 2, 0);
    const toPixel = (value: number) => mp + slope * (f(value) - mu);
    return { toPixel, residual: Math.max(...points.map(([v, p]) => Math.abs(toPixel(v) - p))), values };
  };
  return { x: fit(true, fx), y: fit(false, fy) };
}

const identity = (v: number) => v;

/** A path's vertices in absolute pixels (its d is relative to the plot's origin). */
const absolutePath = (e: SvgElement): [number, number][] => pathPoints(e.attributes["d"]!).map(([x, y]) => [x + e.x, y + e.y]);
const near = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThan(tol.pixel);

describe("funnel plot (dat.bcg, REML; contours at p = 0.10, 0.05, 0.01; trim and fill L0)", () => {
  it("studies and filled studies sit at (estimate, SE) on the axes; SE runs downwards from 0", async () => {
    const data = bcgFunnel();
    const elements = parseSvg(await funnelPlotSvg(data, { fonts: TEST_FONTS }));
    const axes = fitAxes(elements, Math.log, identity);
    expect(axes.x.residual).toBeLessThan(tol.pixel);
    expect(axes.y.residual).toBeLessThan(tol.pixel);
    expect(axes.y.toPixel(0)).toBeLessThan(axes.y.toPixel(0.5));
    const studies = inContainer(elements, "studies_marks");
    expect(studies).toHaveLength(13);
    data.studies.forEach((s, i) => {
      near(studies[i]!.x, axes.x.toPixel(s.estimate));
      near(studies[i]!.y, axes.y.toPixel(s.se));
    });
    const filled = inContainer(elements, "filled_studies_marks");
    expect(filled).toHaveLength(data.filled!.length);
    expect(filled.length).toBeGreaterThan(0);
    data.filled!.forEach((s, i) => {
      near(filled[i]!.x, axes.x.toPixel(s.estimate));
      near(filled[i]!.y, axes.y.toPixel(s.se));
      expect(filled[i]!.attributes["fill"]).toBe("white");
    });
  });

  it("the pooled line, the trim-and-fill estimate's line and the pseudo 95% CI lines start at the estimate at SE 0 and reach their ends", async () => {
    const data = bcgFunnel();
    const elements = parseSvg(await funnelPlotSvg(data, { fonts: TEST_FONTS }));
    const axes = fitAxes(elements, Math.log, identity);
    const pooled = inContainer(elements, "pooled_line_marks")[0]!;
    near(pooled.x, axes.x.toPixel(data.pooled.estimate));
    const adjusted = inContainer(elements, "adjusted_line_marks")[0]!;
    near(adjusted.x, axes.x.toPixel(data.adjusted!.estimate));
    expect(adjusted.attributes["stroke-dasharray"]).toBe("1.5,2.5");
    const lines = inContainer(elements, "pseudo_confidence_region_marks").map(absolutePath);
    expect(lines).toHaveLength(2);
    const [lower, upper] = [data.pooled.lower[1], data.pooled.upper[1]];
    for (const [line, end] of [[lines[0]!, lower], [lines[1]!, upper]] as const) {
      const apex = line.find((p) => Math.abs(p[1] - axes.y.toPixel(0)) < tol.pixel)!;
      near(apex[0], axes.x.toPixel(data.pooled.estimate));
      const atEnd = line.find((p) => Math.abs(p[1] - axes.y.toPixel(end.se)) < tol.pixel)!;
      near(atEnd[0], axes.x.toPixel(end.value));
    }
  });

  it("each significance contour is shaded from RR = 1 at SE 0 to its limits at the largest SE", async () => {
    const data = bcgFunnel();
    const elements = parseSvg(await funnelPlotSvg(data, { fonts: TEST_FONTS }));
    const axes = fitAxes(elements, Math.log, identity);
    const widestFirst = [...data.contours!].sort((a, b) => a.alpha - b.alpha);
    widestFirst.forEach((contour, i) => {
      const points = absolutePath(inContainer(elements, `contour_${i}_marks`)[0]!);
      const apex = points.find((p) => Math.abs(p[1] - axes.y.toPixel(0)) < tol.pixel)!;
      near(apex[0], axes.x.toPixel(1));
      const se = contour.upper[1].se;
      const right = points.find((p) => Math.abs(p[1] - axes.y.toPixel(se)) < tol.pixel && p[0] > apex[0])!;
      near(right[0], axes.x.toPixel(contour.upper[1].value));
    });
    const legend = texts(elements).map((e) => e.text);
    for (const label of ["p > 0.10", "0.05 < p ≤ 0.10", "0.01 < p ≤ 0.05", "p ≤ 0.01", "Filled by trim and fill"]) expect(legend).toContain(label);
  });

  it("a ratio measure gets a log axis (ticks evenly spaced in log), a difference a linear one", async () => {
    const log = fitAxes(parseSvg(await funnelPlotSvg(bcgFunnel(), { fonts: TEST_FONTS })), Math.log, identity).x;
    expect(log.values).toEqual([0.1, 0.2, 0.5, 1, 2, 5]);
    expect(log.residual).toBeLessThan(tol.pixel);
    const asLinear = fitAxes(parseSvg(await funnelPlotSvg(bcgFunnel(), { fonts: TEST_FONTS })), identity, identity).x;
    expect(asLinear.residual).toBeGreaterThan(20);
    const linear = fitAxes(parseSvg(await funnelPlotSvg(bcgFunnelLinear(), { fonts: TEST_FONTS })), identity, identity);
    expect(linear.x.residual).toBeLessThan(tol.pixel);
    expect(linear.x.values.some((v) => v < 0)).toBe(true);
  });
});

describe("bubble plot (dat.bcg, log RR on absolute latitude, REML)", () => {
  it("bubbles sit at (latitude, RR), with area proportional to weight; the line and band follow the fit", async () => {
    const data = bcgBubble();
    const elements = parseSvg(await bubblePlotSvg(data, { fonts: TEST_FONTS }));
    const axes = fitAxes(elements, identity, Math.log);
    expect(axes.x.residual).toBeLessThan(tol.pixel);
    expect(axes.y.residual).toBeLessThan(tol.pixel);
    const bubbles = inContainer(elements, "bubbles_marks");
    expect(bubbles).toHaveLength(data.points.length);
    const maxWeight = Math.max(...data.points.map((p) => p.weight));
    for (const point of data.points) {
      const drawn = bubbles.filter((b) => Math.abs(b.x - axes.x.toPixel(point.x)) < tol.pixel && Math.abs(b.y - axes.y.toPixel(point.y)) < tol.pixel);
      expect(drawn.length, point.label).toBeGreaterThan(0);
      // vega draws a circle of size s (its bounding square's area) with radius sqrt(s) / 2.
      const radius = Number(/^M([\d.]+),0A/.exec(drawn[0]!.attributes["d"]!)![1]);
      const size = (2 * radius) ** 2;
      expect(Math.abs(size - bubbleArea(point.weight, maxWeight)) / size).toBeLessThan(0.02);
    }
    const line = absolutePath(inContainer(elements, "regression_line_marks")[0]!);
    expect(line).toHaveLength(data.line.length);
    for (const i of [0, 50, data.line.length - 1]) {
      near(line[i]![0], axes.x.toPixel(data.line[i]!.x));
      near(line[i]![1], axes.y.toPixel(data.line[i]!.estimate));
    }
    const band = absolutePath(inContainer(elements, "confidence_band_marks")[0]!);
    const top = band.filter((p) => Math.abs(p[0] - axes.x.toPixel(data.line[0]!.x)) < tol.pixel).map((p) => p[1]);
    expect(Math.min(...top)).toBeCloseTo(axes.y.toPixel(data.line[0]!.ciUpper), 0);
    expect(Math.max(...top)).toBeCloseTo(axes.y.toPixel(data.line[0]!.ciLower), 0);
  });
});

describe("leave-one-out plot (dat.bcg, REML)", () => {
  it("one row per omitted study, each square at its refit's estimate, the all-studies line and diamond", async () => {
    const data = bcgLeaveOneOut();
    const elements = parseSvg(await leaveOneOutPlotSvg(data, { fonts: TEST_FONTS }));
    const axes = fitAxes(elements, Math.log, identity);
    expect(axes.x.residual).toBeLessThan(tol.pixel);
    const squares = inContainer(elements, "squares_marks");
    expect(squares).toHaveLength(13);
    data.rows.forEach((row, i) => near(squares[i]!.x, axes.x.toPixel(row.estimate!)));
    const reference = inContainer(elements, "reference_line_marks")[0]!;
    near(reference.x, axes.x.toPixel(data.all.estimate));
    expect(reference.attributes["stroke-dasharray"]).toBeDefined();
    const apex = absolutePath(inContainer(elements, "diamonds_marks")[0]!).reduce((t, p) => (p[1] < t[1] ? p : t));
    near(apex[0], axes.x.toPixel(data.all.estimate));
    const labels = texts(elements).map((e) => e.text);
    expect(labels).toContain("Omitting Aronson 1948");
    expect(labels).toContain("All studies (95% CI)");
  });

  it("a refit that failed is listed as not estimable with the reason", async () => {
    const data = bcgLeaveOneOut();
    const svg = await leaveOneOutPlotSvg({ ...data, rows: data.rows.map((r, i) => (i === 2 ? { omitted: r.omitted, reason: "the REML iterations did not converge" } : r)) }, { fonts: TEST_FONTS });
    const drawn = texts(parseSvg(svg)).map((e) => e.text).join(" ");
    expect(drawn).toContain("Not estimable");
    expect(drawn).toContain("did not converge");
    expect(inContainer(parseSvg(svg), "squares_marks")).toHaveLength(12);
  });
});

describe("GOSH plot (dat.bcg, DL)", () => {
  it(`up to ${GOSH_POINT_LIMIT} subsets: one point per subset at (estimate, I²)`, async () => {
    const data = bcgGosh(8);
    const elements = parseSvg(await goshPlotSvg(data, { fonts: TEST_FONTS }));
    const axes = fitAxes(elements, Math.log, identity);
    expect(axes.y.values).toEqual([0, 25, 50, 75, 100]);
    const points = inContainer(elements, "gosh_points_marks");
    expect(points).toHaveLength(255);
    points.forEach((p, i) => {
      near(p.x, axes.x.toPixel(data.estimates[i]!));
      near(p.y, axes.y.toPixel(data.I2[i]!));
    });
    const all = inContainer(elements, "all_studies_marks")[0]!;
    near(all.x, axes.x.toPixel(data.all!.estimate));
    near(all.y, axes.y.toPixel(data.all!.I2));
  });

  it("more subsets are binned: every subset falls inside a drawn cell, and the SVG stays small", async () => {
    const data = bcgGosh(13);
    expect(data.estimates.length).toBe(8191);
    const svg = await goshPlotSvg(data, { fonts: TEST_FONTS });
    const elements = parseSvg(svg);
    const axes = fitAxes(elements, Math.log, identity);
    expect(inContainer(elements, "gosh_points_marks")).toHaveLength(0);
    const cells = inContainer(elements, "gosh_density_marks").map((c) => {
      const [x, y, w, h] = /^M([\d.]+),([\d.]+)h([\d.]+)v([\d.]+)/.exec(c.attributes["d"]!)!.slice(1).map(Number) as [number, number, number, number];
      return { x: x + c.x, y: y + c.y, w, h };
    });
    expect(cells.length).toBeGreaterThan(50);
    for (let i = 0; i < data.estimates.length; i++) {
      const [px, py] = [axes.x.toPixel(data.estimates[i]!), axes.y.toPixel(data.I2[i]!)];
      const inside = cells.some((c) => px >= c.x - tol.pixel && px <= c.x + c.w + tol.pixel && py >= c.y - tol.pixel && py <= c.y + c.h + tol.pixel);
      expect(inside, `subset ${i + 1}`).toBe(true);
    }
    expect(svg.length).toBeLessThan(200_000);
  });
});

describe("labels are text", () => {
  const hostile = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'];

  it("hostile titles, notes and study labels appear only as text in each SVG", async () => {
    const funnel: FunnelPlotData = { ...bcgFunnel(hostile[0]), notes: [hostile[1]!] };
    const loo = bcgLeaveOneOut();
    const svgs = [
      await funnelPlotSvg(funnel, { fonts: TEST_FONTS }),
      await bubblePlotSvg({ ...bcgBubble(), title: hostile[0]!, moderator: hostile[1]! }, { fonts: TEST_FONTS }),
      await goshPlotSvg({ ...bcgGosh(5), title: hostile[0]!, notes: [hostile[1]!] }, { fonts: TEST_FONTS }),
      await leaveOneOutPlotSvg({ ...loo, title: hostile[0]!, rows: loo.rows.map((r, i) => (i === 0 ? { ...r, omitted: hostile[1]! } : r)) }, { fonts: TEST_FONTS }),
    ];
    for (const svg of svgs) {
      expect(svg).not.toMatch(/<script|<img/i);
      const drawn = texts(parseSvg(svg)).map((e) => e.text).join("\n");
      expect(drawn).toMatch(/<script>alert\(1\)<\/script>|"><img src=x onerror=alert\(1\)>/);
    }
  });
});

describe("determinism", () => {
  it("the same input gives byte-identical SVG and PNG for each figure", async () => {
    const renders = [() => renderFunnelPlot(bcgFunnel(), { fonts: TEST_FONTS }), () => renderBubblePlot(bcgBubble(), { fonts: TEST_FONTS }), () => renderGoshPlot(bcgGosh(13), { fonts: TEST_FONTS }), () => renderLeaveOneOutPlot(bcgLeaveOneOut(), { fonts: TEST_FONTS })];
    const first = [];
    for (const render of renders) first.push(await render());
    for (const [i, render] of [...renders].reverse().entries()) {
      const again = await render();
      const before = first[renders.length - 1 - i]!;
      expect(again.svg).toBe(before.svg);
      expect(Buffer.from(again.png).equals(Buffer.from(before.png))).toBe(true);
    }
  }, PNG_TIMEOUT);
});

describe("invalid input", () => {
  const expectError = async (run: Promise<unknown>, details: object) => {
    const error = await run.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(MetakitError);
    expect((error as MetakitError).code).toBe("INVALID_INPUT");
    expect((error as MetakitError).details).toMatchObject(details);
  };

  it("a NaN or non-positive (log axis) estimate names the study and field", async () => {
    const data = bcgFunnel();
    const at = (patch: object) => ({ ...data, studies: data.studies.map((s, i) => (i === 3 ? { ...s, ...patch } : s)) });
    await expectError(funnelPlotSvg(at({ estimate: Number.NaN }), { fonts: TEST_FONTS }), { study: "Hart & Sutherland 1977", field: "estimate" });
    await expectError(funnelPlotSvg(at({ estimate: -0.4 }), { fonts: TEST_FONTS }), { study: "Hart & Sutherland 1977", field: "estimate", value: -0.4 });
    await expectError(funnelPlotSvg(at({ se: -1 }), { fonts: TEST_FONTS }), { study: "Hart & Sutherland 1977", field: "se" });
  });

  it("a bubble with a negative weight, a band that misses its line, GOSH arrays of two lengths", async () => {
    const bubble = bcgBubble();
    await expectError(bubblePlotSvg({ ...bubble, points: bubble.points.map((p, i) => (i === 0 ? { ...p, weight: -1 } : p)) }, { fonts: TEST_FONTS }), { study: "Aronson 1948", field: "weight" });
    await expectError(bubblePlotSvg({ ...bubble, line: bubble.line.map((p, i) => (i === 0 ? { ...p, ciUpper: p.estimate / 2 } : p)) }, { fonts: TEST_FONTS }), { field: "ciLower" });
    const gosh = bcgGosh(4);
    await expectError(goshPlotSvg({ ...gosh, I2: Array.from(gosh.I2).slice(1) }, { fonts: TEST_FONTS }), { field: "I2" });
  });
});

describe("text as a reader sees it", () => {
  const measure = createTextMeasure(TEST_FONTS);
  /** Ink box of an SVG <text>: measured advance width; ascent 0.76 and descent 0.24 of the size (as labels.test.ts). */
  const box = (e: SvgElement) => {
    const size = Number.parseFloat(e.attributes["font-size"]!);
    const width = measure.width(e.text!, { size, bold: e.attributes["font-weight"] === "bold" });
    const anchor = e.attributes["text-anchor"] ?? "start";
    const x1 = anchor === "middle" ? e.x - width / 2 : anchor === "end" ? e.x - width : e.x;
    return { text: e.text!, x1, x2: x1 + width, y1: e.y - 0.76 * size, y2: e.y + 0.24 * size };
  };
  const long = "A title long enough to wrap onto a second line and then onto a third, never cut with an ellipsis, because it goes on and on and on beyond two lines of text";
  const note = "A note under the figure that is longer than the figure is wide, so that it wraps onto further lines without running into the legend or off the edge.";

  it.each([
    ["funnel", () => funnelPlotSvg({ ...bcgFunnel(long), notes: [note, note] }, { fonts: TEST_FONTS })],
    ["bubble", () => bubblePlotSvg({ ...bcgBubble(), title: long, notes: [note] }, { fonts: TEST_FONTS })],
    ["GOSH", () => goshPlotSvg({ ...bcgGosh(13), title: long, notes: [note] }, { fonts: TEST_FONTS })],
    ["funnel, linear axis", () => funnelPlotSvg(bcgFunnelLinear(), { fonts: TEST_FONTS })],
  ])("no two text boxes intersect and all lie inside the figure (%s)", async (_, render) => {
    const svg = await render();
    const { width, height } = svgPrintSize(svg).units;
    const boxes = texts(parseSvg(svg)).filter((e) => e.text!.trim() !== "").map(box);
    const clashes: string[] = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) clashes.push(`${a.text} / ${b.text}`);
      }
    }
    expect(clashes).toEqual([]);
    for (const b of boxes) {
      expect(b.x1, b.text).toBeGreaterThanOrEqual(0);
      expect(b.x2, b.text).toBeLessThanOrEqual(width);
      expect(b.y1, b.text).toBeGreaterThanOrEqual(0);
      expect(b.y2, b.text).toBeLessThanOrEqual(height);
    }
    // Nothing is cut: the long title and every note are there whole.
    expect(boxes.filter((b) => b.text.includes("…"))).toEqual([]);
    const all = boxes.map((b) => b.text).join(" ").replace(/\s+/g, "");
    if (_ !== "funnel, linear axis") expect(all).toContain(long.replace(/\s+/g, ""));
    if (_ !== "funnel, linear axis") expect(all).toContain(note.replace(/\s+/g, ""));
  });
});
