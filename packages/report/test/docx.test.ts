/**
 * The Word document of the report (review.docx): a ZIP whose XML has the report's
 * headings, its tables as Word tables, its figures as PNG parts with captions, the
 * Summary of Findings' footnotes and a Word footnote; hostile text stays text; the same
 * input gives the same bytes, with fixed dates.
 */
import { TEST_FONTS } from "@metakit/fixtures";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { renderReport, type ReportFile } from "../src/index.js";
import { reportBlocks } from "../src/document/blocks.js";
import { columnWidths, sectionsOf } from "../src/document/docx.js";
import { deterministicDocx, fixCoreDates } from "../src/document/package.js";
import { pngDpi, pngSize } from "../src/document/png.js";
import { svgPrintSize } from "../src/print/size.js";
import { reportInput, SCRIPT } from "./report-input.js";

const TIMEOUT = 180_000;

const docxOf = (files: readonly ReportFile[]): Uint8Array => {
  const file = files.find((f) => f.path === "review.docx");
  if (file === undefined || typeof file.content === "string") throw new Error("no review.docx");
  return file.content;
};

const partText = (parts: Record<string, Uint8Array>, name: string): string => {
  const part = parts[name];
  if (part === undefined) throw new Error(`no part ${name}`);
  return new TextDecoder().decode(part);
};

/** The text of the document's runs, joined (w:t elements), entities decoded. */
const visibleText = (xml: string) =>
  [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&")).join(" ");

describe("review.docx", () => {
  it("holds the whole report: headings, Word tables, figures with captions, SoF footnotes, a Word footnote", async () => {
    const methods = { paragraphs: ["Results were pooled by restricted maximum likelihood [1]."], references: ["Viechtbauer W. Bias and efficiency of meta-analytic variance estimators. 2005."] };
    const files = await renderReport({ ...reportInput(), methods }, { fonts: TEST_FONTS });
    const parts = unzipSync(docxOf(files));
    const html = files.find((f) => f.path === "index.html")!.content as string;
    expect(html).toContain('<section id="methods">\n<h2>Methods</h2>\n<p>Results were pooled by restricted maximum likelihood [1].</p>\n</section>');
    expect(html).toContain('<section id="references">\n<h2>References</h2>\n<ol class="references">\n<li>Viechtbauer W.');
    expect(html).toContain('<section id="summary">');
    const document = partText(parts, "word/document.xml");
    const text = visibleText(document);
    expect(text).toContain("Results were pooled by restricted maximum likelihood [1].");
    expect(text).toContain("References 1. Viechtbauer W.");
    for (const heading of ["BCG vaccine for tuberculosis: a test review", "Summary", "Methods", "How to read this report", "BCG vaccine (alpha)", "BCG vaccine (beta)", "Summary of findings", "Analysis: Tuberculosis", "Characteristics of studies", "Claims audit of secondary sources"]) {
      expect(text, heading).toContain(heading);
    }
    expect(document).toContain('<w:pStyle w:val="Heading1"/>');
    // A4 portrait and landscape pages: a landscape page is 16838 twips wide and 11906 high.
    const sizes = [...document.matchAll(/<w:pgSz ([^>]*)\/>/g)].map((m) => m[1]!);
    expect(sizes.some((a) => /w:w="16838"/.test(a) && /w:h="11906"/.test(a) && /w:orient="landscape"/.test(a))).toBe(true);
    expect(sizes.some((a) => /w:w="11906"/.test(a) && /w:h="16838"/.test(a))).toBe(true);
    expect(sizes.every((a) => /w:orient="landscape"/.test(a) === /w:w="16838"/.test(a))).toBe(true);
    // Tables: the question, SoF, scenarios, characteristics, narrative per indication, the claims audit and the PRISMA 2020 checklist.
    expect(document.match(/<w:tbl>/g)?.length).toBe(2 * 5 + 2);
    expect(text).toContain("Certainty of the evidence (GRADE)");
    expect(text).toContain("⊕");
    // The SoF footnotes under the table, as lettered lines.
    expect(text).toMatch(/ a\. Rated down/);
    // Every figure rendered as PNG is in the document, once, with a numbered caption.
    const pngFiles = files.filter((f) => f.path.endsWith(".png"));
    const media = Object.keys(parts).filter((name) => name.startsWith("word/media/"));
    // Parts are named by a hash of the bytes: identical PNGs (alpha's and beta's plots here) share one part.
    expect(media.length).toBe(new Set(pngFiles.map((f) => Buffer.from(f.content).toString("base64"))).size);
    expect(document.match(/<wp:docPr /g)?.length).toBe(pngFiles.length);
    for (let n = 1; n <= pngFiles.length; n++) expect(text).toContain(`Figure ${n}. `);
    expect(text).toContain("No forest plot: no study reported numbers");
    const footnotes = visibleText(partText(parts, "word/footnotes.xml"));
    expect(footnotes).toContain("Made by metakit test from analyses/bcg.yaml, data/bcg.yaml.");
    expect(document).toContain("<w:footnoteReference");
  }, TIMEOUT);

  it("keeps hostile text as text", async () => {
    const parts = unzipSync(docxOf(await renderReport(reportInput(true), { fonts: TEST_FONTS })));
    const document = partText(parts, "word/document.xml");
    expect(document).not.toContain(SCRIPT);
    expect(visibleText(document)).toContain(SCRIPT);
  }, TIMEOUT);

  it("gives the same bytes from the same input, with fixed dates in the package and in every entry", async () => {
    const [a, b] = [docxOf(await renderReport(reportInput(), { fonts: TEST_FONTS })), docxOf(await renderReport(reportInput(), { fonts: TEST_FONTS }))];
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    const core = partText(unzipSync(a), "docProps/core.xml");
    expect(core).toMatch(/<dcterms:created [^>]*>1980-01-01T00:00:00Z<\/dcterms:created>/);
    expect(core).toMatch(/<dcterms:modified [^>]*>1980-01-01T00:00:00Z<\/dcterms:modified>/);
  }, TIMEOUT);
});

describe("the figures' PNG files", () => {
  it("are 300 dpi with the resolution written in the file (pHYs), at the SVG's printed size (its width in mm)", async () => {
    const files = await renderReport(reportInput(), { fonts: TEST_FONTS });
    const pngs = files.filter((f) => f.path.endsWith(".png"));
    expect(pngs.length).toBeGreaterThan(3);
    for (const png of pngs) {
      const bytes = png.content as Uint8Array;
      expect(Math.round(pngDpi(bytes)!.x), png.path).toBe(300);
      const svg = files.find((f) => f.path === png.path.replace(/\.png$/, ".svg"))!.content as string;
      const mm = svgPrintSize(svg).mm.width;
      expect(Math.abs(pngSize(bytes).width - (mm / 25.4) * 300), png.path).toBeLessThanOrEqual(1);
    }
  }, TIMEOUT);
});

describe("the Word document's parts", () => {
  it("fixCoreDates replaces both timestamps and nothing else", () => {
    const xml = '<cp:coreProperties><dc:title>t</dc:title><dcterms:created xsi:type="dcterms:W3CDTF">2026-12-07T21:00:00.000Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-12-07T21:00:01.000Z</dcterms:modified></cp:coreProperties>';
    expect(fixCoreDates(xml, { year: 2001, month: 2, day: 3 })).toBe(
      '<cp:coreProperties><dc:title>t</dc:title><dcterms:created xsi:type="dcterms:W3CDTF">2001-02-03T00:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2001-02-03T00:00:00Z</dcterms:modified></cp:coreProperties>',
    );
  });

  it("deterministicDocx dates every ZIP entry the same (DOS date 1980-01-01, time 00:00) and keeps the parts", async () => {
    const { zipSync } = await import("fflate");
    const zipped = zipSync({ "a.xml": new TextEncoder().encode("<a/>"), "docProps/core.xml": new TextEncoder().encode("<x/>") }, { mtime: new Date(2020, 5, 6, 7, 8, 10) });
    const fixed = deterministicDocx(zipped, { year: 1980, month: 1, day: 1 });
    const view = new DataView(fixed.buffer, fixed.byteOffset, fixed.byteLength);
    // Local file headers (PK\x03\x04): time at offset 10, date at 12; 1980-01-01 is (0 << 9) | (1 << 5) | 1 = 33.
    let headers = 0;
    for (let i = 0; i + 4 <= fixed.length; i++) {
      if (view.getUint32(i, true) === 0x04034b50) {
        headers += 1;
        expect(view.getUint16(i + 10, true)).toBe(0);
        expect(view.getUint16(i + 12, true)).toBe(33);
      }
    }
    expect(headers).toBe(2);
    expect(Object.keys(unzipSync(fixed))).toEqual(["a.xml", "docProps/core.xml"]);
  });

  it("columnWidths fill the text width, give long columns more and none less than 5%", () => {
    const table = { columns: [{ header: "Study" }, { header: "Result" }, { header: "n" }], rows: [["Aronson 1948", "a long sentence about what the trial found in its children", 4]] };
    const widths = columnWidths(table, 10000);
    expect(widths.reduce((a, b) => a + b, 0)).toBe(10000);
    expect(widths[1]!).toBeGreaterThan(widths[0]!);
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(480);
  });

  it("puts a wide table, with the headings just before it, on a landscape page of its own", () => {
    const sections = sectionsOf(reportBlocks(reportInput()));
    const landscape = sections.filter((s) => s.page.landscape);
    // Per indication the SoF (7 columns) and the characteristics (wide); the claims audit (8 columns).
    expect(landscape.length).toBeGreaterThanOrEqual(3);
    for (const s of landscape) {
      expect(s.blocks.at(-1)?.kind).toBe("table");
      expect(s.blocks.slice(0, -1).every((b) => b.kind === "heading")).toBe(true);
    }
    expect(sections[0]!.page.landscape).toBe(false);
  });

  it("pngSize reads IHDR and refuses what is not a PNG", () => {
    const png = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 1, 44, 0, 0, 0, 200, 8, 6, 0, 0, 0, 0, 0, 0, 0]);
    expect(pngSize(png)).toEqual({ width: 300, height: 200 });
    expect(() => pngSize(new Uint8Array(40))).toThrow(/not a PNG/);
  });
});
