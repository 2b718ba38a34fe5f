/**
 * Baujat plot of dat.bcg (log risk ratio, REML): the points are @metakit/core's
 * baujatData on oracle case S01's escalc values (metafor 3.8-1 baujat(), checked against
 * metafor in packages/core/test/sensitivity.metafor-extra.test.ts), read back from the SVG:
 * each study's point sits at (x, y) on the axes vega drew, within a pixel, and carries its
 * label; labels in the right half are right-aligned so they stay inside the plot.
 */
import { TEST_FONTS } from "@metakit/fixtures";
import { baujatData } from "@metakit/core";
import { describe, expect, it } from "vitest";
import { MetakitError } from "@metakit/base";
import { baujatPlotSvg, type BaujatPlotData } from "../src/index.js";
import { bcgStudies } from "./figures-data.js";
import { decodeEntities, inContainer, parseSvg, texts } from "./svg.js";

const tol = { pixel: 1 };

function bcgBaujat(): BaujatPlotData {
  const points = baujatData(bcgStudies(), { method: "REML" });
  return { title: "Baujat plot: dat.bcg", points: points.map((p) => ({ label: p.label, x: p.x, y: p.y! })) };
}

/** Linear axis from two tick labels and their positions. */
function axis(elements: ReturnType<typeof parseSvg>, horizontal: boolean) {
  const ticks = inContainer(elements, "role-axis-tick").filter((t) => (horizontal ? t.attributes["x2"] === "0" : t.attributes["y2"] === "0"));
  const labels = texts(elements).filter((l) => l.container.includes("role-axis-label") && l.attributes["text-anchor"] === (horizontal ? "middle" : "end"));
  const values = labels.map((l) => Number(l.text!.replace("−", "-")));
  const [a, b] = [0, ticks.length - 1];
  const pa = horizontal ? ticks[a]!.x : ticks[a]!.y;
  const pb = horizontal ? ticks[b]!.x : ticks[b]!.y;
  return (v: number) => pa + ((v - values[a]!) / (values[b]! - values[a]!)) * (pb - pa);
}

describe("baujatPlotSvg (dat.bcg, REML)", () => {
  it("each study sits at (contribution to Q, influence) and is labelled", async () => {
    const data = bcgBaujat();
    const elements = parseSvg(await baujatPlotSvg(data, { fonts: TEST_FONTS }));
    const [toX, toY] = [axis(elements, true), axis(elements, false)];
    const marks = inContainer(elements, "studies_marks");
    expect(marks).toHaveLength(13);
    data.points.forEach((p, i) => {
      expect(Math.abs(marks[i]!.x - toX(p.x))).toBeLessThan(tol.pixel);
      expect(Math.abs(marks[i]!.y - toY(p.y))).toBeLessThan(tol.pixel);
    });
    const labels = texts(elements).map((t) => decodeEntities(t.text ?? ""));
    for (const p of data.points) expect(labels).toContain(p.label);
  });

  it("labels of points in the right half end at their point (right-aligned)", async () => {
    const data = bcgBaujat();
    const elements = parseSvg(await baujatPlotSvg(data, { fonts: TEST_FONTS }));
    const right = inContainer(elements, "study_labels_left_marks");
    expect(right.length).toBeGreaterThan(0);
    for (const label of right) expect(label.attributes["text-anchor"]).toBe("end");
  });

  it("a negative coordinate or no points is refused naming the study", async () => {
    await expect(baujatPlotSvg({ title: "t", points: [] }, { fonts: TEST_FONTS })).rejects.toThrow(MetakitError);
    const error = await baujatPlotSvg({ title: "t", points: [{ label: "A", x: -1, y: 0 }] }, { fonts: TEST_FONTS }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetakitError);
    expect((error as MetakitError).details).toMatchObject({ study: "A", field: "x", value: -1 });
  });
});
