/**
 * The PRISMA 2020 flow diagram and checklist: the diagram says "n = not reported" for
 * every count the screening record lacks and never a number in its place, shows the
 * derived counts and the exclusion reasons; the checklist has the statement's 27 items and
 * every link in the report resolves to an element that exists; without a screening record
 * there is no section and no figure, and the report still renders.
 * @reference Page MJ, et al. The PRISMA 2020 statement. BMJ 2021;372:n71 (figure 1, table 1).
 */
import { TEST_FONTS } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { createTextMeasure, pngDpi, prismaChecklist, prismaDiagramSvg, renderReport, SECTION_ANCHORS, type PrismaFlow, type ReportFile, type ReportInput } from "../src/index.js";
import { reportInput } from "./report-input.js";

const TIMEOUT = 60_000;

const FLOW: PrismaFlow = {
  title: "A review",
  searched: "Two databases and a register, to 1 June 2025",
  sources: [
    { name: "MEDLINE", column: "databases-registers", identified: { n: 120 } },
    { name: "ClinicalTrials.gov", column: "databases-registers", identified: { n: null, missing: "not reported in the search record" } },
    { name: "Citation searching", column: "other", identified: { n: 7 } },
  ],
  duplicatesRemoved: { n: 17 },
  screened: { n: 110 },
  excludedAtScreening: { n: 95 },
  soughtForRetrieval: { n: null, missing: "not reported in the search record" },
  notRetrieved: { n: null, missing: "not reported in the search record" },
  assessed: { studies: 15, reports: 18 },
  excluded: [
    { reason: "No comparator", studies: ["Smith 2001", "Jones 2003"] },
    { reason: "Wrong outcome", studies: ["Lee 2010"] },
  ],
  included: { studies: 12, reports: 14 },
  byIndication: [{ id: "alpha", title: "BCG vaccine (alpha)", studies: 12 }],
  notes: ["Counted from the specs."],
};

/** The SVG's text elements, in document order, entities decoded. */
const svgTexts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"));

const fileOf = (files: readonly ReportFile[], path: string) => files.find((f) => f.path === path)?.content;

describe("prismaDiagramSvg(flow, measure)", () => {
  const svg = prismaDiagramSvg(FLOW, createTextMeasure(TEST_FONTS));
  const text = svgTexts(svg).join(" ");

  it("draws the three phases and every box of the PRISMA 2020 layout", () => {
    for (const phase of ["Identification", "Screening", "Included"]) expect(svgTexts(svg)).toContain(phase);
    for (const box of ["Records identified from:", "Records removed before screening:", "Records screened", "Records excluded", "Reports sought for retrieval", "Reports not retrieved", "Studies assessed for eligibility", "Studies excluded, with reasons", "Studies included in review", "Reports of included studies"]) {
      expect(text, box).toContain(box);
    }
  });

  it("shows each known count, and 'n = not reported' for each missing one, never a number in its place", () => {
    expect(text).toContain("MEDLINE (n = 120)");
    expect(text).toContain("ClinicalTrials.gov (n = not reported)");
    expect(text).toContain("Citation searching (n = 7)");
    expect(text).toContain("Duplicate records (n = 17)");
    expect(text).toContain("Records screened (n = 110)");
    expect(text).toContain("Records excluded (n = 95)");
    expect(text).toContain("Reports sought for retrieval (n = not reported)");
    expect(text).toContain("Reports not retrieved (n = not reported)");
    expect(text.match(/n = not reported/g)?.length).toBe(3);
  });

  it("shows the derived counts: assessed, excluded by reason with their sum, included studies and reports", () => {
    expect(text).toContain("Studies assessed for eligibility (n = 15; 18 reports)");
    expect(text).toContain("Studies excluded, with reasons (n = 3):");
    expect(text).toContain("No comparator (n = 2)");
    expect(text).toContain("Wrong outcome (n = 1)");
    expect(text).toContain("Studies included in review (n = 12)");
    expect(text).toContain("Reports of included studies (n = 14)");
  });

  it("separates databases and registers from other methods, as the statement does", () => {
    const texts = svgTexts(svg);
    const at = (t: string) => texts.findIndex((x) => x.includes(t));
    expect(at("Databases and registers:")).toBeLessThan(at("MEDLINE"));
    expect(at("Other methods:")).toBeGreaterThan(at("ClinicalTrials.gov"));
    expect(at("Other methods:")).toBeLessThan(at("Citation searching"));
  });

  it("escapes text and gives the same bytes twice", () => {
    const hostile = prismaDiagramSvg({ ...FLOW, excluded: [{ reason: "<script>x</script> & co", studies: ["A"] }] }, createTextMeasure(TEST_FONTS));
    expect(hostile).not.toContain("<script>");
    expect(hostile).toContain("&lt;script&gt;x&lt;/script&gt; &amp; co");
    expect(prismaDiagramSvg(FLOW, createTextMeasure(TEST_FONTS))).toBe(svg);
  });

  it("is 680 units (180 mm) wide, so its 11 px text prints at 8.25 pt at a journal's two-column width", () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="680" /);
    expect([...svg.matchAll(/font-size="(\d+)"/g)].map((m) => Number(m[1])).every((size) => size >= 11 && size <= 12)).toBe(true);
  });
});

describe("prismaChecklist(input)", () => {
  it("has the statement's 27 items in order, each answered by a section or left to the authors", () => {
    const items = prismaChecklist({ ...reportInput(), prisma: FLOW });
    expect(items.map((i) => i.number)).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    expect(items.find((i) => i.number === 16)?.where).toEqual([{ label: "Study selection", anchor: SECTION_ANCHORS.prisma }]);
    for (const n of [3, 7, 8, 23, 24, 25, 26]) expect(items[n - 1]!.status, `item ${n}`).toBe("authors");
    for (const item of items) expect(item.status === "authors", `item ${item.number}`).toBe(item.where.length === 0 || [3, 7, 8, 23, 24, 25, 26].includes(item.number));
  });

  it("answers item 1 only when the title says 'systematic review'", () => {
    expect(prismaChecklist({ ...reportInput(), title: "Naltrexone: systematic review report" })[0]!.status).toBe("answered");
    const item = prismaChecklist({ ...reportInput(), title: "BCG vaccine for tuberculosis" })[0]!;
    expect([item.status, item.note]).toEqual(["partly", 'The title does not say "systematic review"; add it.']);
  });

  it("leaves study selection (item 16) to the authors when there is no screening record", () => {
    const items = prismaChecklist(reportInput());
    expect(items[15]!.status).toBe("authors");
    expect(items[15]!.where).toEqual([]);
  });
});

async function render(input: ReportInput): Promise<ReportFile[]> {
  return renderReport(input, { fonts: TEST_FONTS });
}

/** Every href="#x" of the page and whether an element has id="x". */
function unresolvedLinks(html: string): string[] {
  const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
  const links = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
  expect(links.length).toBeGreaterThan(0);
  return links.filter((link) => !ids.has(link));
}

describe("the report with and without a screening record", () => {
  it("with one: the study-selection section, the diagram inline and as SVG and PNG (300 dpi), Figure 1, the checklist, and every link resolves", async () => {
    const files = await render({ ...reportInput(), prisma: FLOW });
    const html = fileOf(files, "index.html") as string;
    expect(html).toContain('<section id="prisma">\n<h2>Study selection (PRISMA 2020)</h2>');
    expect(html).toContain('Figure 1. PRISMA 2020 flow diagram of the selection of studies. Also as <a href="prisma-flow.svg">prisma-flow.svg</a>, <a href="prisma-flow.png">prisma-flow.png</a>, <a href="prisma-flow.pdf">prisma-flow.pdf</a>.');
    expect(html).toContain("<li>Reports sought for retrieval: not reported in the search record.</li>");
    expect(html).toContain("<li>No comparator (2): Smith 2001; Jones 2003.</li>");
    expect(html).toContain('<section id="prisma-checklist">');
    expect(html).toContain('<a href="#prisma">Study selection</a>');
    expect(unresolvedLinks(html)).toEqual([]);
    expect(fileOf(files, "prisma-flow.svg")).toBe(prismaDiagramSvg(FLOW, createTextMeasure(TEST_FONTS)));
    // pHYs stores pixels per metre (11811), which reads back as 299.9994 dpi.
    expect(Math.round(pngDpi(fileOf(files, "prisma-flow.png") as Uint8Array)!.x)).toBe(300);
  }, TIMEOUT);

  it("without one: no section, no figure file, the checklist still there with every link resolving", async () => {
    const files = await render(reportInput());
    const html = fileOf(files, "index.html") as string;
    expect(html).not.toContain('id="prisma"');
    expect(html).not.toContain("PRISMA 2020 flow diagram");
    expect(files.some((f) => f.path.startsWith("prisma-flow"))).toBe(false);
    expect(html).toContain('<section id="prisma-checklist">');
    expect(unresolvedLinks(html)).toEqual([]);
  }, TIMEOUT);
});
