/**
 * The report as a reader sees it, in a real browser (Debian's chromium via playwright-core):
 * it loads with no console error and no network request, hostile labels show as text and
 * run nothing, every figure is visible, no two texts of a forest plot intersect as the
 * browser lays them out, and it prints. A full-page screenshot is kept in test-artifacts/.
 */
import { TEST_FONTS } from "@metakit/fixtures";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReport, type ReportFile } from "../src/index.js";
import { forestTextBoxes, intersecting, openInChromium, type OpenedPage } from "./browser.js";
import { IMG, SCRIPT, reportInput } from "./report-input.js";

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), "..", "test-artifacts");
const TIMEOUT = 120_000;

function writeAll(folder: string, files: readonly ReportFile[]): void {
  for (const file of files) {
    const path = join(folder, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
}

describe("the report in chromium", () => {
  const folder = mkdtempSync(join(tmpdir(), "metakit-report-"));
  let opened: OpenedPage;

  beforeAll(async () => {
    writeAll(folder, await renderReport(reportInput(true), { fonts: TEST_FONTS }));
    opened = await openInChromium(join(folder, "index.html"));
  }, TIMEOUT);
  afterAll(async () => {
    await opened?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("loads with no console error, no page error and no network request", () => {
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.requests).toEqual([]);
  });

  it("shows hostile labels as text and runs nothing", async () => {
    const { page } = opened;
    expect(await page.$$eval("script, img, iframe, object, embed", (found) => found.length)).toBe(0);
    const bodyText = await page.evaluate(() => document.body.innerText);
    expect(bodyText).toContain(SCRIPT);
    expect(bodyText).toContain(IMG);
    // Labels wrap at print width onto several text elements: compared without white space.
    const svgText = (await page.$$eval("figure.forest svg text", (all) => all.map((t) => t.textContent))).join("").replace(/\s+/g, "");
    expect(svgText).toContain(SCRIPT.replace(/\s+/g, ""));
    expect(svgText).toContain(IMG.replace(/\s+/g, ""));
    expect(opened.dialogs).toEqual([]);
  });

  it("shows every figure: each forest plot has a size, is drawn and is not hidden", async () => {
    const { page } = opened;
    const figures = page.locator("figure.forest svg");
    expect(await figures.count()).toBe(5);
    for (const figure of await figures.all()) {
      await figure.scrollIntoViewIfNeeded();
      expect(await figure.isVisible()).toBe(true);
      const box = (await figure.boundingBox())!;
      expect(box.width).toBeGreaterThan(300);
      expect(box.height).toBeGreaterThan(100);
      expect(await figure.locator("path, line").count()).toBeGreaterThan(10);
    }
  });

  it("lays out forest-plot texts without any two intersecting", async () => {
    const perFigure = await forestTextBoxes(opened.page);
    expect(perFigure).toHaveLength(5);
    for (const boxes of perFigure) {
      expect(boxes.length).toBeGreaterThan(20);
      expect(intersecting(boxes)).toEqual([]);
    }
  });

  it("prints to PDF, and keeps a full-page screenshot as a test artefact", async () => {
    const { page } = opened;
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    expect(Buffer.from(pdf.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = await page.screenshot({ fullPage: true, path: join(ARTIFACTS, "report.png") });
    expect(shot.length).toBeGreaterThan(10_000);
    writeFileSync(join(ARTIFACTS, "report.pdf"), pdf);
  }, TIMEOUT);
});
