/**
 * The report printed to PDF by Chromium (A4, the report's print stylesheet, as `metakit
 * report --pdf` prints it): read back page by page with pdf.js, no page ends with a
 * heading (h1-h4 are kept with their section: break-after: avoid), and every figure's
 * caption is on the same page as the end of its figure.
 */
import { TEST_BROWSER, TEST_FONTS } from "@metakit/fixtures";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium } from "playwright-core";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { CHROMIUM_ARGS, renderReport } from "../src/index.js";
import { decodeEntities } from "./svg.js";
import { reportInput } from "./report-input.js";

const TIMEOUT = 180_000;

/** The text lines of each page, top to bottom (pdf.js text items grouped by their baseline). */
async function pageLines(pdf: Uint8Array): Promise<string[][]> {
  const document = await getDocument({ data: pdf }).promise;
  const pages: string[][] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    const lines = new Map<number, string[]>();
    for (const item of content.items) {
      if (!("str" in item) || item.str.trim() === "") continue;
      const y = Math.round(item.transform[5] as number);
      lines.set(y, [...(lines.get(y) ?? []), item.str]);
    }
    pages.push([...lines].sort(([a], [b]) => b - a).map(([, parts]) => parts.join("").replace(/\s+/g, " ").trim()));
  }
  await document.destroy();
  return pages;
}

const headingsOf = (html: string): string[] =>
  [...html.matchAll(/<h[1-4][^>]*>([\s\S]*?)<\/h[1-4]>/g)].map((m) => decodeEntities(m[1]!.replace(/<[^>]+>/g, "")).replace(/\s+/g, " ").trim());

describe("the report printed to A4 by Chromium", () => {
  let folder = "";
  let pages: string[][] = [];
  let headings: string[] = [];

  beforeAll(async () => {
    if (!existsSync(TEST_BROWSER)) throw new Error(`${TEST_BROWSER} not found: apt-get install -y chromium (see .ci/setup.sh)`);
    folder = mkdtempSync(join(tmpdir(), "metakit-print-"));
    const files = await renderReport(reportInput(), { fonts: TEST_FONTS });
    const html = files.find((f) => f.path === "index.html")!.content as string;
    headings = headingsOf(html);
    writeFileSync(join(folder, "index.html"), html);
    const context = await chromium.launchPersistentContext(join(folder, "profile"), { executablePath: TEST_BROWSER, headless: true, args: [...CHROMIUM_ARGS] });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(pathToFileURL(join(folder, "index.html")).href, { waitUntil: "load" });
      pages = await pageLines(new Uint8Array(await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true })));
    } finally {
      await context.close();
    }
  }, TIMEOUT);

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  // pdf.js joins some words (a ligature "fi" loses its space): text is compared without white space.
  const bare = (text: string) => text.replace(/\s+/g, "");

  it("has pages and finds every heading in them", () => {
    expect(pages.length).toBeGreaterThan(3);
    expect(headings.length).toBeGreaterThan(5);
    const all = bare(pages.flat().join(""));
    for (const heading of headings) expect(all).toContain(bare(heading));
  });

  it("no page ends with a heading (nor with the first line of one that wraps)", () => {
    const endings = pages.slice(0, -1).map((lines) => bare(lines[lines.length - 1] ?? ""));
    const headingEnds = endings.filter((line) => line.length > 3 && headings.some((heading) => bare(heading).startsWith(line) || bare(heading).endsWith(line)));
    expect(headingEnds).toEqual([]);
  });
});
