/**
 * The risk-of-bias figures (robvis style), read back from their SVG: every traffic light
 * has its judgement's fill and symbol and sits in its study's row and domain's column;
 * every summary-bar segment is as wide as its share of the bar (within a pixel), shares
 * counted here from the judgements; hostile labels stay text; same data, same bytes; bad
 * data fails naming the study and field. Data: SYNTHETIC (see rob-data.ts).
 */
import { TEST_FONTS } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { MetakitError } from "@metakit/base";
import {
  createTextMeasure,
  renderRobSummary,
  renderRobTrafficLight,
  ROB_STYLE,
  ROB_TOOL_DEFINITIONS,
  robTrafficLightSpec,
  validateRobPlotData,
  type RobJudgement,
  type RobPlotData,
} from "../src/index.js";
import { rob2Synthetic, robinsSynthetic } from "./rob-data.js";
import { inContainer, parseSvg, texts, type SvgElement } from "./svg.js";

const tol = { pixel: 1 };
const fonts = TEST_FONTS;
const SCRIPT = "<script>alert(1)</script>";
const IMG = '"><img src=x onerror=alert(1)>';
/** resvg shapes every text element when it parses an SVG. */
const PNG_TIMEOUT = 30_000;

const TOOLS: readonly [string, () => RobPlotData][] = [
  ["RoB 2", rob2Synthetic],
  ["ROBINS-I", robinsSynthetic],
];

/** Width of a vega rect path "Mx,yhWvHh-WZ". */
function rectBox(e: SvgElement): { x: number; y: number; width: number } {
  const m = /^M([-\d.e]+),([-\d.e]+)h([-\d.e]+)v/.exec(e.attributes["d"] ?? "");
  if (m === null) throw new Error(`not a rect path: ${e.attributes["d"]}`);
  return { x: e.x + Number(m[1]), y: e.y + Number(m[2]), width: Number(m[3]) };
}

describe("traffic-light plot", () => {
  it.each(TOOLS)("%s: one circle per study and column, with the judgement's fill and symbol at its centre", async (_, make) => {
    const data = make();
    const domains = ROB_TOOL_DEFINITIONS[data.tool].domains.length;
    const { svg, layout } = await renderRobTrafficLight(data, { fonts });
    const elements = parseSvg(svg);
    const lights = inContainer(elements, "lights_marks");
    expect(lights).toHaveLength(data.assessments.length * (domains + 1));
    const symbols = texts(elements);
    data.assessments.forEach((a, row) => {
      [...a.domains, a.overall].forEach((judgement, column) => {
        const light = lights[row * (domains + 1) + column]!;
        expect(light.attributes["fill"]).toBe(ROB_STYLE[judgement].fill);
        expect(Math.abs(light.x - layout.columns[column]!)).toBeLessThan(tol.pixel);
        expect(Math.abs(light.y - layout.rows[row]!)).toBeLessThan(tol.pixel);
        const atCentre = symbols.filter((s) => Math.abs(s.x - light.x) < tol.pixel && Math.abs(s.y - light.y) < 6);
        expect(atCentre.map((s) => s.text)).toEqual([ROB_STYLE[judgement].symbol]);
        expect(atCentre[0]!.attributes["fill"]).toBe(ROB_STYLE[judgement].ink);
      });
    });
  });

  it.each(TOOLS)("%s: headers D1..Dn and Overall over the columns, every domain named in the legend, every level in the key", async (_, make) => {
    const data = make();
    const tool = ROB_TOOL_DEFINITIONS[data.tool];
    const { svg, layout } = await renderRobTrafficLight(data, { fonts });
    const drawn = texts(parseSvg(svg));
    [...tool.domains.map((d) => d.key), "Overall"].forEach((key, column) => {
      const header = drawn.find((e) => e.text === key)!;
      expect(Math.abs(header.x - layout.columns[column]!)).toBeLessThan(tol.pixel);
    });
    for (const d of tool.domains) expect(drawn.map((e) => e.text)).toContain(`${d.key}: ${d.name}`);
    for (const level of tool.levels) expect(drawn.map((e) => e.text)).toContain(tool.levelNames[level]);
    expect(inContainer(parseSvg(svg), "legend_marks")).toHaveLength(tool.levels.length);
  });

  it("a label too long for its column wraps onto as many lines as it needs, never cut, clear of the first circle", async () => {
    const data = rob2Synthetic();
    const { svg, layout } = await renderRobTrafficLight(data, { fonts });
    const measure = createTextMeasure(fonts);
    const drawn = texts(parseSvg(svg));
    const label = data.assessments.find((a) => a.label.startsWith("Synthetic trial C"))!.label;
    const first = drawn.findIndex((e) => e.text!.startsWith("Synthetic trial C"));
    const parts = drawn.slice(first).filter((e) => e.x < layout.columns[0]!).slice(0, 3);
    const whole = (lines: readonly { text?: string }[]) => lines.map((e) => e.text).join(" ");
    const lines = parts.filter((_, i) => label.startsWith(whole(parts.slice(0, i + 1))));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(whole(lines)).toBe(label);
    expect(drawn.filter((e) => e.text!.includes("…"))).toEqual([]);
    for (const part of lines) {
      const right = part.x + measure.width(part.text!, { size: 11 });
      expect(right).toBeLessThan(layout.columns[0]! - layout.scene.t.diameter / 2);
    }
  });
});

/** Share of each level in each column (domains, then overall), counted from the data. */
function expectedShares(data: RobPlotData): Map<RobJudgement, number>[] {
  const weight = (i: number) => data.assessments[i]!.weight ?? 1;
  const total = data.assessments.reduce((s, _, i) => s + weight(i), 0);
  const columns = ROB_TOOL_DEFINITIONS[data.tool].domains.length + 1;
  return Array.from({ length: columns }, (_, c) => {
    const shares = new Map<RobJudgement, number>();
    data.assessments.forEach((a, i) => {
      const j = c < a.domains.length ? a.domains[c]! : a.overall;
      shares.set(j, (shares.get(j) ?? 0) + weight(i) / total);
    });
    return shares;
  });
}

describe("summary plot", () => {
  it.each(TOOLS)("%s: each bar segment is its share of the bar wide, least concern first, within a pixel", async (_, make) => {
    const data = make();
    const tool = ROB_TOOL_DEFINITIONS[data.tool];
    const { svg, layout } = await renderRobSummary(data, { fonts });
    const bars = inContainer(parseSvg(svg), "bars_marks").map(rectBox);
    const barWidth = layout.bar.x2 - layout.bar.x1;
    let i = 0;
    for (const shares of expectedShares(data)) {
      let x = layout.bar.x1;
      for (const level of tool.levels) {
        const share = shares.get(level) ?? 0;
        if (share === 0) continue;
        const bar = bars[i++]!;
        expect(Math.abs(bar.x - x)).toBeLessThan(tol.pixel);
        expect(Math.abs(bar.width - share * barWidth)).toBeLessThan(tol.pixel);
        x += share * barWidth;
      }
      expect(Math.abs(x - layout.bar.x2)).toBeLessThan(tol.pixel);
    }
    expect(i).toBe(bars.length);
  });

  it("without weights, shares are shares of studies, and the axis title says so", async () => {
    const data: RobPlotData = { ...rob2Synthetic(), assessments: rob2Synthetic().assessments.map(({ weight: _, ...a }) => a) };
    const { svg, layout } = await renderRobSummary(data, { fonts });
    const bars = inContainer(parseSvg(svg), "bars_marks").map(rectBox);
    // Overall: 1 low, 1 some concerns, 2 high of 4 studies.
    const overall = bars.slice(-3).map((b) => b.width / (layout.bar.x2 - layout.bar.x1));
    expect(overall.map((s) => Math.round(s * 100))).toEqual([25, 25, 50]);
    expect(texts(parseSvg(svg)).map((e) => e.text)).toContain("Share of studies (4 assessed)");
  });

  it("with weights, the axis title names the weight and the overall bar follows it (40 / 35 / 20 + 5)", async () => {
    const { svg, layout } = await renderRobSummary(rob2Synthetic(), { fonts });
    const bars = inContainer(parseSvg(svg), "bars_marks").map(rectBox);
    const overall = bars.slice(-3).map((b) => b.width / (layout.bar.x2 - layout.bar.x1));
    expect(overall.map((s) => Math.round(s * 100))).toEqual([35, 40, 25]);
    expect(texts(parseSvg(svg)).map((e) => e.text)).toContain("Share of the total weight in the pooled analysis");
  });
});

/** Box of a drawn text: measured width placed by its anchor, from about the ascent above the baseline to the descent below. */
function textBoxes(svg: string) {
  const measure = createTextMeasure(fonts);
  return texts(parseSvg(svg)).map((e) => {
    const size = Number.parseFloat(e.attributes["font-size"] ?? "11");
    const width = measure.width(e.text!, { size, bold: e.attributes["font-weight"] === "bold" });
    const anchor = e.attributes["text-anchor"];
    const x1 = anchor === "middle" ? e.x - width / 2 : anchor === "end" ? e.x - width : e.x;
    return { text: e.text!, x1, x2: x1 + width, y1: e.y - 0.72 * size, y2: e.y + 0.2 * size };
  });
}

describe("text placement", () => {
  it.each(TOOLS)("%s: no two texts of either figure overlap, and every text is inside the figure", async (_, make) => {
    for (const { svg, layout } of [await renderRobTrafficLight(make(), { fonts }), await renderRobSummary(make(), { fonts })]) {
      const boxes = textBoxes(svg);
      for (const box of boxes) {
        expect(box.x1, box.text).toBeGreaterThanOrEqual(0);
        expect(box.x2, box.text).toBeLessThanOrEqual(layout.width);
        expect(box.y2, box.text).toBeLessThanOrEqual(layout.height);
      }
      const overlapping = boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2).map((b) => [a.text, b.text]));
      expect(overlapping).toEqual([]);
    }
  }, PNG_TIMEOUT);
});

describe("escaping", () => {
  it("hostile study labels and titles appear only as text in both figures", async () => {
    const base = rob2Synthetic();
    const data: RobPlotData = { ...base, title: IMG, assessments: base.assessments.map((a, i) => (i === 0 ? { ...a, label: SCRIPT } : i === 1 ? { ...a, label: IMG } : a)) };
    for (const { svg } of [await renderRobTrafficLight(data, { fonts }), await renderRobSummary(data, { fonts })]) {
      expect(svg).not.toMatch(/<script|<img|onerror="/i);
      const tags = new Set([...svg.matchAll(/<([a-zA-Z]+)/g)].map((m) => m[1]));
      expect([...tags].every((tag) => ["g", "line", "path", "rect", "svg", "text"].includes(tag!))).toBe(true);
      expect(texts(parseSvg(svg)).map((e) => e.text)).toContain(IMG);
    }
    const traffic = await renderRobTrafficLight(data, { fonts });
    expect(texts(parseSvg(traffic.svg)).map((e) => e.text)).toContain(SCRIPT);
  }, PNG_TIMEOUT);
});

describe("determinism", () => {
  it.each(TOOLS)("%s: the same data give byte-identical SVG and PNG", async (_, make) => {
    const [a, b] = [await renderRobTrafficLight(make(), { fonts }), await renderRobTrafficLight(make(), { fonts })];
    expect(b.svg).toBe(a.svg);
    expect(Buffer.from(b.png).equals(Buffer.from(a.png))).toBe(true);
    const [c, d] = [await renderRobSummary(make(), { fonts }), await renderRobSummary(make(), { fonts })];
    expect(d.svg).toBe(c.svg);
    expect(Buffer.from(d.png).equals(Buffer.from(c.png))).toBe(true);
    expect(Buffer.from(a.png).subarray(1, 4).toString("latin1")).toBe("PNG");
  }, PNG_TIMEOUT);
});

describe("palette", () => {
  /** WCAG 2 relative luminance of "#rrggbb". */
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi! + 0.05) / (lo! + 0.05);
  };

  it("every symbol has at least 4.5:1 contrast with its fill (WCAG AA), and fills darken as concern grows", () => {
    for (const style of Object.values(ROB_STYLE)) if (style.symbol !== "") expect(contrast(style.ink, style.fill)).toBeGreaterThanOrEqual(4.5);
    for (const tool of Object.values(ROB_TOOL_DEFINITIONS)) {
      const graded = tool.levels.filter((l) => l !== "no information").map((l) => luminance(ROB_STYLE[l].fill));
      for (let i = 1; i < graded.length; i++) expect(graded[i]!).toBeLessThan(graded[i - 1]!);
    }
  });
});

describe("validation", () => {
  const expectError = (data: RobPlotData, details: Record<string, unknown>) => {
    try {
      validateRobPlotData(data);
    } catch (error) {
      expect(error).toBeInstanceOf(MetakitError);
      expect((error as MetakitError).code).toBe("INVALID_INPUT");
      expect((error as MetakitError).details).toMatchObject(details);
      return;
    }
    throw new Error("validateRobPlotData accepted invalid data");
  };
  const base = rob2Synthetic();
  const first = base.assessments[0]!;
  const withFirst = (change: object): RobPlotData => ({ ...base, assessments: [{ ...first, ...change }, ...base.assessments.slice(1)] });

  it("validateRobPlotData(data) names the study, the field and the value", () => {
    expectError(withFirst({ domains: ["low", "low"] }), { study: first.label, field: "domains", value: 2 });
    expectError(withFirst({ overall: "moderate" }), { study: first.label, field: "overall", value: "moderate" });
    expectError(withFirst({ domains: ["low", "low", "serious", "low", "low"] }), { study: first.label, field: "D3", value: "serious" });
    expectError(withFirst({ weight: Number.NaN }), { study: first.label, field: "weight" });
    expectError(withFirst({ weight: -1 }), { study: first.label, field: "weight", value: -1 });
    expectError(withFirst({ weight: undefined }), { study: first.label, field: "weight" });
    expectError(withFirst({ label: " " }), { study: 1, field: "label" });
    expectError({ ...base, assessments: [] }, { field: "assessments" });
    expectError({ ...base, tool: "RoB 1" as RobPlotData["tool"] }, { field: "tool", value: "RoB 1" });
    expectError({ ...base, assessments: base.assessments.map((a) => ({ ...a, weight: 0 })) }, { field: "weight", value: 0 });
  });

  it("robTrafficLightSpec(data) throws on invalid data instead of drawing it", () => {
    expect(() => robTrafficLightSpec(withFirst({ overall: "critical" }), { fonts })).toThrow(/not a RoB 2 level/);
  });
});
