/**
 * The forest plot as a file: escaping, not-estimable studies, single-arm plots, the PNG,
 * determinism, and clear errors for bad input or a missing font.
 */
import { TEST_FONTS } from "@metakit/fixtures";
import { Resvg } from "@resvg/resvg-js";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MetakitError } from "@metakit/base";
import { createTextMeasure, forestAxis, forestPlotSvg, renderForestPlot, svgToPng, type ForestPlotData } from "../src/index.js";
import { bcgForest, pritzProportionForest, stressForest } from "./bcg.js";
import { inContainer, parseSvg, texts } from "./svg.js";

const fonts = TEST_FONTS;
const SCRIPT = "<script>alert(1)</script>";
const IMG = '"><img src=x onerror=alert(1)>';
/** resvg shapes every text element when it parses an SVG: about 0.1-0.3 s per figure. */
const PNG_TIMEOUT = 30_000;

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe("escaping", () => {
  it("hostile study labels, headings and titles appear only as text in the SVG", async () => {
    const base = bcgForest();
    const data: ForestPlotData = {
      ...base,
      title: SCRIPT,
      measure: IMG,
      columns: { intervention: SCRIPT, comparator: IMG },
      favours: { left: SCRIPT, right: IMG },
      rows: base.rows.map((row, i) => (i === 0 ? { ...row, label: SCRIPT } : i === 1 ? { ...row, label: IMG } : row)),
    };
    const svg = await forestPlotSvg(data, { fonts: TEST_FONTS });
    expect(svg).not.toMatch(/<script|<img|onerror="/i);
    const tags = new Set([...svg.matchAll(/<([a-zA-Z]+)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(["g", "line", "path", "rect", "svg", "text"]);
    const drawn = texts(parseSvg(svg)).map((e) => e.text);
    // Labels wrap at print width (onto several text elements, never cut): compared without white space.
    const joined = drawn.join("").replace(/\s+/g, "");
    expect(joined).toContain(SCRIPT.replace(/\s+/g, ""));
    expect(joined).toContain(IMG.replace(/\s+/g, ""));
    // Too long for its half of the axis, the favours label wraps, as text.
    expect(joined).toContain("Favours<script>alert(1)</script>");
    expect(joined).toContain('Favours"><imgsrc=xonerror=alert(1)>');
  });
});

describe("not-estimable studies", () => {
  it("are listed with 'Not estimable', a footnote giving the reason, and no square", async () => {
    const data = stressForest();
    const elements = parseSvg(await forestPlotSvg(data, { fonts: TEST_FONTS }));
    const drawn = texts(elements).map((e) => e.text);
    // The label column is narrow at print width: the label may wrap onto a second line.
    expect(drawn.join(" ").replace(/\s+/g, "")).toContain("Zero-eventtrial2001");
    expect(drawn).toContain("Not estimable (a)");
    expect(drawn.join(" ")).toContain("(a) Zero-event trial 2001: not estimable, no events in either arm");
    const label = texts(elements).find((e) => e.text?.startsWith("Zero-event") === true)!;
    const note = texts(elements).find((e) => e.text === "Not estimable (a)")!;
    expect(note.y).toBe(label.y);
    expect(inContainer(elements, "squares_marks").some((s) => Math.abs(s.y - label.y) < 6)).toBe(false);
    expect(inContainer(elements, "squares_marks")).toHaveLength(data.rows.length - 1);
  });
});

describe("single-arm proportions (dat.pritz1997, PR, S16)", () => {
  it("say so under the title, have one arm, no line of no effect and no favours labels", async () => {
    const data = pritzProportionForest();
    const elements = parseSvg(await forestPlotSvg(data, { fonts: TEST_FONTS }));
    const drawn = texts(elements).map((e) => e.text!);
    expect(drawn).toContain("Single-arm proportions: each study's own rate, no comparator group");
    expect(drawn.some((t) => t.startsWith("Favours"))).toBe(false);
    expect(drawn.filter((t) => t === "Events")).toHaveLength(1);
    // Only the prediction interval's two end caps are in the null-line layer.
    expect(inContainer(elements, "null_line_and_caps_marks")).toHaveLength(2);
    const axis = forestAxis(data);
    expect(axis.scale).toBe("identity");
    expect(axis.nullValue).toBeUndefined();
    expect(axis.domain[0]).toBeLessThanOrEqual(Math.min(...data.rows.map((r) => r.estimate!)));
  });
});

describe("PNG", () => {
  it("is a PNG at 300 dpi of the SVG's printed size (its width and height in mm, 3.5 units to the mm), with text drawn", async () => {
    const { svg, png, layout } = await renderForestPlot(bcgForest(), { fonts: TEST_FONTS });
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const dots = (units: number) => (units / 3.5 / 25.4) * 300;
    expect(Math.abs(pngSize(png).width - dots(layout.width))).toBeLessThanOrEqual(1);
    expect(Math.abs(pngSize(png).height - dots(layout.height))).toBeLessThanOrEqual(1);
    const dir = join(tmpdir(), "metakit-report");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "forest-bcg.png"), png);

    const withoutText = svg.replace(/<text[^>]*>[^<]*<\/text>/g, "");
    expect(withoutText.length).toBeLessThan(svg.length);
    expect(Buffer.from(svgToPng(withoutText, fonts)).equals(Buffer.from(png))).toBe(false);

    // Ink where the first study label is: resvg found the font and drew the glyphs.
    const label = texts(parseSvg(svg)).find((e) => e.text === "Aronson 1948")!;
    const image = new Resvg(svg, { font: { fontFiles: [fonts.regular, fonts.bold], loadSystemFonts: false, defaultFontFamily: "DejaVu Sans" } }).render();
    let dark = 0;
    for (let y = Math.round(label.y - 8); y <= Math.round(label.y + 2); y++) {
      for (let x = Math.round(label.x); x < Math.round(label.x + 60); x++) if (image.pixels[(y * image.width + x) * 4]! < 128) dark++;
    }
    expect(dark).toBeGreaterThan(40);
  }, PNG_TIMEOUT);
});

describe("determinism", () => {
  it("the same input gives byte-identical SVG and PNG, whatever was rendered in between", async () => {
    const first = await renderForestPlot(stressForest(), { fonts: TEST_FONTS });
    await renderForestPlot(pritzProportionForest(), { fonts: TEST_FONTS });
    const second = await renderForestPlot(stressForest(), { fonts: TEST_FONTS });
    expect(second.svg).toBe(first.svg);
    expect(Buffer.from(second.png).equals(Buffer.from(first.png))).toBe(true);
  }, PNG_TIMEOUT);
});

describe("arm data", () => {
  it('arms given as "events/total" strings draw the same figure as structured arms', async () => {
    const data = bcgForest();
    const asText = (arm: unknown) => {
      const { events, total } = arm as { events: number; total: number };
      return `${events}/${total}`;
    };
    const strings: ForestPlotData = {
      ...data,
      rows: data.rows.map((row) => ({ ...row, arms: { intervention: asText(row.arms!.intervention), comparator: asText(row.arms!.comparator) } })),
    };
    expect(await forestPlotSvg(strings, { fonts: TEST_FONTS })).toBe(await forestPlotSvg(data, { fonts: TEST_FONTS }));
  });

  it("other text keeps RevMan's Events and Total columns, shown across its arm's columns, and that arm gets no total", async () => {
    const data = bcgForest();
    const svg = await forestPlotSvg({ ...data, rows: data.rows.map((row, i) => ({ ...row, arms: { intervention: i === 0 ? "NR" : "4/123", comparator: "11/139" } })) }, { fonts: TEST_FONTS });
    const elements = texts(parseSvg(svg));
    const drawn = elements.map((e) => e.text);
    expect(drawn).toContain("NR");
    expect(drawn).toContain("123");
    expect(drawn).not.toContain("4/123");
    expect(drawn.filter((t) => t === "Events")).toHaveLength(2);
    // Total events: only the comparator's (13 x 11), the intervention's is unknown.
    const totalEvents = elements.find((e) => e.text === "Total events")!;
    expect(elements.filter((e) => Math.abs(e.y - totalEvents.y) < 1).map((e) => e.text)).toEqual(["Total events", String(13 * 11)]);
    // NR starts where the intervention's Events column starts (left of its right-aligned numbers).
    const nr = elements.find((e) => e.text === "NR")!;
    expect(nr.attributes["text-anchor"] ?? "start").toBe("start");
  });
});

describe("invalid input", () => {
  const base = bcgForest();
  const withRow = (patch: object): ForestPlotData => ({ ...base, rows: base.rows.map((row, i) => (i === 3 ? { ...row, ...patch } : row)) });
  const expectError = async (data: ForestPlotData, details: object) => {
    const error = await forestPlotSvg(data, { fonts: TEST_FONTS }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(MetakitError);
    expect((error as MetakitError).code).toBe("INVALID_INPUT");
    expect((error as MetakitError).details).toMatchObject(details);
  };

  it("a NaN estimate names the study and field", async () => {
    await expectError(withRow({ estimate: Number.NaN }), { study: "Hart & Sutherland 1977", field: "estimate" });
  });

  it("a non-positive value on a log axis asks for the display scale", async () => {
    await expectError(withRow({ ciLower: -1.2 }), { study: "Hart & Sutherland 1977", field: "ciLower", value: -1.2 });
  });

  it("an interval that does not contain its estimate", async () => {
    await expectError(withRow({ ciUpper: 0.1 }), { study: "Hart & Sutherland 1977", field: "ciLower" });
  });

  it("a study with neither an estimate nor a reason, or with both", async () => {
    await expectError(withRow({ estimate: undefined, ciLower: undefined, ciUpper: undefined }), { study: "Hart & Sutherland 1977", field: "estimate" });
    await expectError(withRow({ notEstimable: "zero events" }), { study: "Hart & Sutherland 1977", field: "notEstimable" });
  });

  it("a subgroup name that is not among the subgroups", async () => {
    const data: ForestPlotData = { ...base, subgroups: [{ name: "random" }], rows: base.rows.map((row) => ({ ...row, group: "random" })) };
    await expectError({ ...data, rows: data.rows.map((row, i) => (i === 0 ? { ...row, group: "randomised" } : row)) }, { study: "Aronson 1948", field: "group", value: "randomised" });
  });

  it("risk-of-bias judgements that do not match the domains", async () => {
    await expectError({ ...withRow({ rob: ["low"] }), robDomains: [{ key: "A", name: "a" }, { key: "B", name: "b" }] }, { study: "Hart & Sutherland 1977", field: "rob" });
  });

  it("more events than participants in an arm", async () => {
    await expectError(withRow({ arms: { intervention: "70/62", comparator: { events: 1, total: 2 } } }), { study: "Hart & Sutherland 1977", field: "intervention.events", value: 70 });
  });

  it("no rows", async () => {
    await expectError({ ...base, rows: [] }, { field: "rows" });
  });
});

describe("fonts", () => {
  it("renderForestPlot(data, { fonts }) with font files that do not exist throws UNSUPPORTED naming the file, never draws without text", async () => {
    const missing = { regular: "/nonexistent/fonts/DejaVuSans.ttf", bold: "/nonexistent/fonts/DejaVuSans-Bold.ttf" };
    const error = await renderForestPlot(bcgForest(), { fonts: missing }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(MetakitError);
    expect((error as MetakitError).code).toBe("UNSUPPORTED");
    expect((error as MetakitError).message).toContain("/nonexistent/fonts/DejaVuSans.ttf");
  });

  it("createTextMeasure(fonts) refuses a file that is not a font instead of measuring with a fallback", () => {
    const notAFont = join(tmpdir(), "metakit-report-not-a-font.ttf");
    writeFileSync(notAFont, "not a font");
    expect(() => createTextMeasure({ regular: notAFont, bold: fonts.bold })).toThrow(MetakitError);
  });
});
