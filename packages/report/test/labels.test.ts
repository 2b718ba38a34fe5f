/**
 * Text as a reader sees it: no two labels overlap (boxes from widths measured with the
 * same DejaVu Sans files the PNG is drawn with), none is dropped, none leaves the figure,
 * and long labels wrap or end in an ellipsis within their column.
 */
import { TEST_FONTS } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { createTextMeasure, fitText, forestPlotSvg, svgPrintSize, type ForestPlotData } from "../src/index.js";
import { bcgForest, bcgSubgroupForest, normandMeanDifferenceForest, pritzProportionForest, stressForest } from "./bcg.js";
import { parseSvg, texts, type SvgElement } from "./svg.js";

const measure = createTextMeasure(TEST_FONTS);

interface Box {
  readonly text: string;
  readonly x1: number;
  readonly x2: number;
  readonly y1: number;
  readonly y2: number;
}

/** Ink box of an SVG <text>: measured advance width; ascent 0.76 and descent 0.24 of the size. */
function box(e: SvgElement): Box {
  const size = Number.parseFloat(e.attributes["font-size"]!);
  const width = measure.width(e.text!, { size, bold: e.attributes["font-weight"] === "bold" });
  const anchor = e.attributes["text-anchor"] ?? "start";
  const x1 = anchor === "middle" ? e.x - width / 2 : anchor === "end" ? e.x - width : e.x;
  return { text: e.text!, x1, x2: x1 + width, y1: e.y - 0.76 * size, y2: e.y + 0.24 * size };
}

const overlap = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/** The figure's size in SVG units (its viewBox; the root's width and height are in mm). */
const svgSize = (svg: string) => svgPrintSize(svg).units;
/** Text compared without white space: labels and footer lines wrap at print width. */
const bare = (text: string) => text.replace(/\s+/g, "");

async function boxesOf(data: ForestPlotData) {
  const svg = await forestPlotSvg(data, { fonts: TEST_FONTS });
  return { svg, boxes: texts(parseSvg(svg)).filter((e) => e.text!.trim() !== "").map(box) };
}

describe("forest plot labels", () => {
  it.each([
    ["dat.bcg", bcgForest],
    ["dat.bcg by allocation", bcgSubgroupForest],
    ["stress: long labels, RoB, not estimable", stressForest],
    ["dat.normand1999, MD, continuous arms", normandMeanDifferenceForest],
    // An unbroken run of text is cut between characters, so it fills its line exactly.
    ["a footer line that fills its width up to the first tick label", () => ({ ...bcgForest(), heterogeneityText: `Heterogeneity:${"i".repeat(400)}` })],
    ["narrow single-arm table with footer lines longer than the table", () => {
      const data = pritzProportionForest();
      return { ...data, heterogeneityText: `${data.heterogeneityText!}; ${data.overallEffectText!}; ${data.heterogeneityText!}` };
    }],
  ])("no two text boxes intersect and all lie inside the figure (%s)", async (_, make) => {
    const { svg, boxes } = await boxesOf(make());
    const clashes: string[] = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) if (overlap(boxes[i]!, boxes[j]!)) clashes.push(`${boxes[i]!.text} / ${boxes[j]!.text}`);
    }
    expect(clashes).toEqual([]);
    const { width, height } = svgSize(svg);
    for (const b of boxes) {
      expect(b.x1).toBeGreaterThanOrEqual(0);
      expect(b.x2).toBeLessThanOrEqual(width);
      expect(b.y1).toBeGreaterThanOrEqual(0);
      expect(b.y2).toBeLessThanOrEqual(height);
    }
  });

  it("every study label, subgroup name and summary line is drawn (none dropped)", async () => {
    const data = stressForest();
    const { boxes } = await boxesOf(data);
    const drawn = boxes.map((b) => b.text);
    const joined = bare(drawn.join(""));
    for (const row of data.rows) expect(joined).toContain(bare(row.label));
    for (const s of data.subgroups!) {
      expect(joined).toContain(bare(s.name));
      expect(joined).toContain(bare(s.heterogeneityText!));
      expect(joined).toContain(bare(s.overallEffectText!));
    }
    for (const line of [data.heterogeneityText!, data.overallEffectText!, data.subgroupDifferencesText!]) expect(joined).toContain(bare(line));
    expect(drawn.filter((t) => t === "Subtotal (95% CI)")).toHaveLength(3);
    expect(drawn).toContain("Total (95% CI)");
    expect(joined).toContain(bare("Favours BCG vaccine"));
    expect(joined).toContain(bare("Favours control"));
    // The domains are named under the plot, or, where the traffic lights do not fit beside it at 180 mm, a footnote says where they are.
    const named = data.robDomains!.every((domain) => joined.includes(bare(`(${domain.key}) ${domain.name}`)));
    expect(named !== joined.includes(bare("Risk of bias: the judgements are in the risk-of-bias figures"))).toBe(true);
  });

  it("a label wider than its column wraps onto as many lines as it needs, never cut", async () => {
    const data = stressForest();
    const { boxes } = await boxesOf(data);
    const long = data.rows[0]!.label;
    const start = boxes.findIndex((b) => long.startsWith(b.text) && b.text.length > 5);
    // Its lines follow one another, each under the last, together the whole label.
    const lines = [boxes[start]!];
    while (bare(lines.map((b) => b.text).join("")) !== bare(long)) {
      const next = boxes[start + lines.length]!;
      expect(bare(long).startsWith(bare([...lines, next].map((b) => b.text).join("")))).toBe(true);
      expect(next.y1).toBeGreaterThan(lines[lines.length - 1]!.y1);
      lines.push(next);
    }
    expect(lines.length).toBeGreaterThan(2);
    expect(boxes.filter((b) => b.text.includes("…"))).toEqual([]);
    // Every line stays within the label column (at most 120 units by default) and clear of the next column.
    for (const b of lines) expect(b.x2 - b.x1).toBeLessThanOrEqual(120);
  });

  it("ratio plots say which side favours which arm, from the data", async () => {
    const { boxes } = await boxesOf({ ...bcgForest(), favours: { left: "naltrexone", right: "placebo" } });
    // Each label may wrap under its side of the line of no effect: every line of the left one is left of every line of the right one.
    const left = boxes.filter((b) => b.text.includes("naltrexone"));
    const right = boxes.filter((b) => b.text.includes("placebo"));
    expect(left.length).toBeGreaterThan(0);
    expect(right.length).toBeGreaterThan(0);
    expect(boxes.filter((b) => b.text.startsWith("Favours"))).toHaveLength(2);
    for (const l of left) for (const r of right) expect(l.x2).toBeLessThan(r.x1);
  });
});

describe("fitText(text, maxWidth, style, measure, maxLines)", () => {
  const style = { size: 11 };
  it("keeps text that fits on one line", () => {
    expect(fitText("Aronson 1948", 200, style, measure)).toEqual(["Aronson 1948"]);
  });

  it("wraps at spaces, never exceeding the width", () => {
    const lines = fitText("one two three four five six seven", 60, style, measure, 10);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(" ")).toBe("one two three four five six seven");
    for (const line of lines) expect(measure.width(line, style)).toBeLessThanOrEqual(60);
  });

  it("ends the last allowed line with an ellipsis when text remains", () => {
    const lines = fitText("one two three four five six seven", 60, style, measure, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith("…")).toBe(true);
    expect(measure.width(lines[1]!, style)).toBeLessThanOrEqual(60);
  });

  it("breaks a single word wider than the line", () => {
    const lines = fitText("Supercalifragilisticexpialidocious", 50, style, measure, 3);
    for (const line of lines) expect(measure.width(line, style)).toBeLessThanOrEqual(50);
    expect(lines[lines.length - 1]!.endsWith("…")).toBe(true);
  });

  it("measures real glyph widths: 'iiii' is narrower than 'MMMM'", () => {
    expect(measure.width("iiii", style)).toBeLessThan(measure.width("MMMM", style) / 2);
  });
});
