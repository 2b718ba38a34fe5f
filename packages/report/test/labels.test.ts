/**
 * Text as a reader sees it: no two labels overlap (boxes from widths measured with the
 * same DejaVu Sans files the PNG is drawn with), none is dropped, none leaves the figure,
 * and long labels wrap or end in an ellipsis within their column.
 */
import { TEST_FONTS } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { createTextMeasure, fitText, forestPlotSvg, type ForestPlotData } from "../src/index.js";
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

function svgSize(svg: string): { width: number; height: number } {
  const match = /<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(svg)!;
  return { width: Number(match[1]), height: Number(match[2]) };
}

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
    const joined = drawn.join("\n");
    for (const row of data.rows.slice(1)) expect(drawn).toContain(row.label);
    for (const s of data.subgroups!) {
      expect(drawn).toContain(s.name);
      expect(drawn).toContain(s.heterogeneityText);
      expect(drawn).toContain(s.overallEffectText);
    }
    for (const line of [data.heterogeneityText!, data.overallEffectText!, data.subgroupDifferencesText!]) expect(joined).toContain(line);
    expect(drawn.filter((t) => t === "Subtotal (95% CI)")).toHaveLength(3);
    expect(drawn).toContain("Total (95% CI)");
    expect(drawn).toContain("Favours BCG vaccine");
    expect(drawn).toContain("Favours control");
    for (const domain of data.robDomains!) expect(drawn).toContain(`(${domain.key}) ${domain.name}`);
  });

  it("a label wider than its column wraps onto a second line and ends in an ellipsis", async () => {
    const data = stressForest();
    const { boxes } = await boxesOf(data);
    const long = data.rows[0]!.label;
    const first = boxes.find((b) => long.startsWith(b.text) && b.text.length > 5)!;
    const second = boxes.find((b) => b.text.endsWith("…"))!;
    expect(first.text).toBe("Aronson 1948, Tuberculosis");
    expect(second.y1).toBeGreaterThan(first.y1);
    expect(long.replace(/\s+/g, " ")).toContain(second.text.slice(0, -1).trim());
    // Both lines stay within the label column (190 px by default) and clear of the next column.
    for (const b of [first, second]) expect(b.x2 - b.x1).toBeLessThanOrEqual(190);
  });

  it("ratio plots say which side favours which arm, from the data", async () => {
    const { boxes } = await boxesOf({ ...bcgForest(), favours: { left: "naltrexone", right: "placebo" } });
    const left = boxes.find((b) => b.text === "Favours naltrexone")!;
    const right = boxes.find((b) => b.text === "Favours placebo")!;
    expect(left.x2).toBeLessThan(right.x1);
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
