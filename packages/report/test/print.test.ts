/**
 * Figures for print: every figure states its size on paper in mm on the SVG root, forest
 * plots fill one of the journal widths (85, 120, 170 or 180 mm), and every text prints at
 * 8-9 pt at that width (its font size in SVG units times the printed width over the
 * viewBox width, in points). Nothing is cut: every footnote's full text is in the SVG and
 * no text ends in an ellipsis. Continuous arms get RevMan's Mean, SD and Total columns even
 * when some arm has no numbers. The figure PDF is vector, the size of the figure, and the
 * same bytes from the same SVG.
 */
import { TEST_FONTS } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import {
  bubblePlotSvg,
  forestPlotSvg,
  forestTable,
  funnelPlotSvg,
  goshPlotSvg,
  JOURNAL_WIDTHS_MM,
  leaveOneOutPlotSvg,
  MM_PER_POINT,
  renderRobSummary,
  renderRobTrafficLight,
  svgPrintSize,
  svgToPdf,
  type ForestPlotData,
} from "../src/index.js";
import { bcgForest, bcgSubgroupForest, normandMeanDifferenceForest, pritzProportionForest, stressForest } from "./bcg.js";
import { bcgBubble, bcgFunnel, bcgGosh, bcgLeaveOneOut } from "./figures-data.js";
import { rob2Synthetic, robinsSynthetic } from "./rob-data.js";
import { parseSvg, texts } from "./svg.js";

const options = { fonts: TEST_FONTS };
const TIMEOUT = 60_000;
/** Printed text sizes asked for by the issue, in points (no footnote needs the 7 pt exception). */
const PRINTED = { min: 8, max: 9 };

/** Every text's printed size in points at the SVG's own width in mm. */
function printedSizes(svg: string): { text: string; points: number }[] {
  const size = svgPrintSize(svg);
  const mmPerUnit = size.mm.width / size.units.width;
  return texts(parseSvg(svg)).map((t) => {
    const fontSize = Number.parseFloat(t.attributes["font-size"] ?? "");
    expect(fontSize, `font size of "${t.text}"`).toBeGreaterThan(0);
    return { text: t.text ?? "", points: (fontSize * mmPerUnit) / MM_PER_POINT };
  });
}

function expectPrintable(svg: string): void {
  for (const { text, points } of printedSizes(svg)) {
    expect(points, `"${text}" prints at ${points.toFixed(2)} pt`).toBeGreaterThanOrEqual(PRINTED.min);
    expect(points, `"${text}" prints at ${points.toFixed(2)} pt`).toBeLessThanOrEqual(PRINTED.max);
  }
}

/** The figure's words in reading order (text elements joined by spaces, whitespace collapsed). */
const svgWords = (svg: string) => texts(parseSvg(svg)).map((t) => t.text ?? "").join(" ").replace(/\s+/g, " ");
/** Without white space: a text wrapped onto several lines (a long word broken after a hyphen) still matches. */
const words = (text: string) => text.replace(/\s+/g, "");

/** A plain-text continuous forest plot where one study has no numbers for its arms. */
function continuousWithMissingArm(): ForestPlotData {
  const base = normandMeanDifferenceForest();
  return { ...base, rows: [...base.rows, { label: "Unreported 2020", arms: { intervention: "", comparator: "n = 12" }, notEstimable: "means and SDs not reported; the registry record gives only the number randomised to the comparator arm, which is all the figure can show" }] };
}

const FORESTS: readonly [string, () => ForestPlotData][] = [
  ["BCG risk ratios", bcgForest],
  ["BCG by allocation (subgroups)", bcgSubgroupForest],
  ["stress: long labels, long arm headings, risk of bias, not estimable", stressForest],
  ["single-arm proportions", pritzProportionForest],
  ["mean difference", normandMeanDifferenceForest],
  ["mean difference with an arm without numbers", continuousWithMissingArm],
];

describe("forest plots at journal width", () => {
  for (const [name, data] of FORESTS) {
    it(`${name}: as wide as a journal width, every text 8-9 pt`, { timeout: TIMEOUT }, async () => {
      const svg = await forestPlotSvg(data(), options);
      const size = svgPrintSize(svg);
      expect(JOURNAL_WIDTHS_MM as readonly number[]).toContain(size.mm.width);
      expect(size.mm.height).toBeGreaterThan(0);
      expectPrintable(svg);
    });
  }

  it("no text is cut: every footnote and heading is there whole, nothing ends in an ellipsis", { timeout: TIMEOUT }, async () => {
    for (const [, data] of FORESTS) {
      const forest = data();
      const svg = await forestPlotSvg(forest, options);
      const all = words(svgWords(svg));
      for (const note of forestTable(forest).footnotes) expect(all).toContain(words(note));
      for (const line of [forest.title, forest.heterogeneityText, forest.overallEffectText, forest.subgroupDifferencesText, ...(forest.subgroups ?? []).flatMap((s) => [s.name, s.heterogeneityText])]) {
        if (line !== undefined) expect(all).toContain(words(line));
      }
      for (const row of forest.rows) expect(all).toContain(words(row.label));
      expect(texts(parseSvg(svg)).filter((t) => (t.text ?? "").includes("…"))).toEqual([]);
    }
  });

  it("continuous arms are Mean, SD and Total columns, an arm with only its size shows it under Total, never '11.7 (7.7), n = 6'", { timeout: TIMEOUT }, async () => {
    const forest = continuousWithMissingArm();
    const table = forestTable(forest);
    expect(table.armKind).toBe("continuous");
    expect(table.columns.map((c) => c.header)).toEqual(["Study or Subgroup", "Mean", "SD", "Total", "Mean", "SD", "Total", "Weight", "IV, Random, 95% CI"]);
    const unreported = table.lines.find((l) => l.kind === "study" && l.row.label === "Unreported 2020");
    expect(unreported !== undefined && "cells" in unreported ? unreported.cells : {}).toMatchObject({ "comparator.total": { text: "12" } });
    const svg = await forestPlotSvg(forest, options);
    expect(svgWords(svg)).not.toMatch(/n = \d/);
  });
});

describe("the other figures at their printed size", () => {
  const figures: readonly [string, () => Promise<string>][] = [
    ["funnel", () => funnelPlotSvg(bcgFunnel(), options)],
    ["bubble", () => bubblePlotSvg(bcgBubble(), options)],
    ["GOSH", () => goshPlotSvg(bcgGosh(6), options)],
    ["leave-one-out", () => leaveOneOutPlotSvg(bcgLeaveOneOut(), options)],
    ["risk-of-bias summary", async () => (await renderRobSummary(rob2Synthetic(), options)).svg],
    ["risk-of-bias traffic light", async () => (await renderRobTrafficLight(robinsSynthetic(), options)).svg],
  ];
  for (const [name, render] of figures) {
    it(`${name}: at most 180 mm wide, every text 8-9 pt`, { timeout: TIMEOUT }, async () => {
      const svg = await render();
      expect(svgPrintSize(svg).mm.width).toBeLessThanOrEqual(180);
      expectPrintable(svg);
    });
  }
});

/** The numbers of a PDF's cross-reference table, checked against where each object starts. */
function checkXref(pdf: Uint8Array): void {
  const text = new TextDecoder("latin1").decode(pdf);
  const start = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
  expect(text.slice(start, start + 4)).toBe("xref");
  const entries = [...text.slice(start).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
  expect(entries.length).toBeGreaterThan(3);
  entries.forEach((offset, i) => expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
}

describe("figure PDF", () => {
  it("is a vector page the size of the figure, read by pdf.js, with no font needed, and the same bytes twice", { timeout: TIMEOUT }, async () => {
    const svg = await forestPlotSvg(stressForest(), options);
    const pdf = svgToPdf(svg, TEST_FONTS);
    expect(new TextDecoder("latin1").decode(pdf.subarray(0, 8))).toBe("%PDF-1.4");
    checkXref(pdf);
    expect(svgToPdf(svg, TEST_FONTS)).toEqual(pdf);
    const document = await getDocument({ data: new Uint8Array(pdf) }).promise;
    expect(document.numPages).toBe(1);
    const page = await document.getPage(1);
    const size = svgPrintSize(svg).mm;
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    expect(((x1 - x0) * 25.4) / 72).toBeCloseTo(size.width, 1);
    expect(((y1 - y0) * 25.4) / 72).toBeCloseTo(size.height, 1);
    // Text is drawn as glyph outlines: paths (constructPath operators), no text operators, no fonts.
    const { fnArray } = await page.getOperatorList();
    const { OPS } = await import("pdfjs-dist/legacy/build/pdf.mjs");
    expect(fnArray.filter((op) => op === OPS.constructPath).length).toBeGreaterThan(100);
    expect(fnArray.filter((op) => op === OPS.showText)).toEqual([]);
    expect(new TextDecoder("latin1").decode(pdf)).not.toMatch(/\/Font/);
    await document.destroy();
  });

  it("draws figures whose marks are clipped to the plot (funnel contours, bubble band) with a clip path", { timeout: TIMEOUT }, async () => {
    const { OPS } = await import("pdfjs-dist/legacy/build/pdf.mjs");
    for (const svg of [await funnelPlotSvg(bcgFunnel(), options), await bubblePlotSvg(bcgBubble(), options)]) {
      expect(svg).toContain("clip-path");
      const pdf = svgToPdf(svg, TEST_FONTS);
      checkXref(pdf);
      const document = await getDocument({ data: new Uint8Array(pdf) }).promise;
      const { fnArray } = await (await document.getPage(1)).getOperatorList();
      expect(fnArray.filter((op) => op === OPS.clip || op === OPS.eoClip).length).toBeGreaterThan(0);
      await document.destroy();
    }
  });
});
