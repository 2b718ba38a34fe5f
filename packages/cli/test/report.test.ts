/**
 * `metakit report` end to end on the naltrexone data: the files it writes, byte-identical
 * output across runs, writes through a temporary name, hostile text in the data shown as
 * text, and the real report in chromium (no console error, no request, figures visible,
 * forest-plot texts not intersecting; a screenshot kept in packages/cli/test-artifacts/).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { temporaryName, writeFileAtomically } from "../src/files.js";
import { forestTextBoxes, intersecting, openInChromium, type OpenedPage } from "../../report/test/browser.js";
import { metakit, repoRoot } from "./run-cli.js";
import { convertToPdf, onPath, pdfText } from "./soffice.js";
import { readAndParse } from "../src/schema-io.js";
import { unzipSync } from "fflate";

const TIMEOUT = 120_000;
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), "..", "test-artifacts");
const INDICATIONS = ["depression", "nssi", "pain", "trichotillomania"];

/** The text of a .docx's body (its w:t runs joined), entities decoded. */
function wordText(docx: Uint8Array): string {
  const xml = new TextDecoder().decode(unzipSync(docx)["word/document.xml"]);
  const runs = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!);
  return runs.join("").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}

function listFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(folder, path));
    }
  };
  walk(folder);
  return out;
}

async function report(out: string, ...args: string[]) {
  return metakit("report", join(repoRoot, "analyses"), "--data", join(repoRoot, "data"), "--out", out, ...args);
}

describe("metakit report on analyses/ and data/", () => {
  const out = mkdtempSync(join(tmpdir(), "metakit-report-a-"));
  const again = mkdtempSync(join(tmpdir(), "metakit-report-b-"));
  let first: Awaited<ReturnType<typeof report>>;

  beforeAll(async () => {
    first = await report(out);
  }, TIMEOUT);
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(again, { recursive: true, force: true });
  });

  it("writes index.html, the claims audit and per indication its figures, tables and results", () => {
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const files = listFiles(out);
    expect(files).toContain("index.html");
    expect(files).toContain("claims.md");
    expect(files).toContain("claims.csv");
    expect(files).toContain("review.docx");
    // The PRISMA 2020 flow diagram from data/screening.yaml, as SVG, PNG and PDF.
    for (const ext of ["svg", "png", "pdf"]) expect(files).toContain(`prisma-flow.${ext}`);
    for (const id of INDICATIONS) {
      for (const name of ["evidence.md", "evidence.csv", "narrative.csv", "sof.md", "sof.csv", "results.json"]) {
        expect(files, `${id}/${name}`).toContain(`${id}/${name}`);
      }
    }
    // A main analysis with an estimable study has its plot; trichotillomania's has none (issue 14, defect 7: no empty plot).
    for (const id of ["depression", "nssi", "pain"]) for (const name of ["forest.svg", "forest.png", "forest.csv", "forest.pdf"]) expect(files).toContain(`${id}/${name}`);
    expect(readFileSync(join(out, "trichotillomania", "forest.svg"), "utf8")).toContain("single-arm proportions");
    expect(files).not.toContain("trichotillomania/forest-response-single-arm.svg");
    expect(first.stdout).toBe(`report: wrote ${files.length} files to ${out}/; open ${join(out, "index.html")}\n`);
  });

  it("review.docx opens in LibreOffice (converted headlessly to PDF) and has the four indications' titles", () => {
    const soffice = onPath("soffice");
    if (soffice === undefined) throw new Error("soffice not found: .ci/setup.sh installs libreoffice-writer-nogui");
    const titles = INDICATIONS.map((id) => {
      const parsed = readAndParse(join(repoRoot, "analyses", `${id}.yaml`)).parsed;
      if (parsed?.type !== "analysis") throw new Error(`analyses/${id}.yaml is not an analysis spec`);
      return parsed.spec.title;
    });
    const pdfDir = mkdtempSync(join(tmpdir(), "metakit-docx-pdf-"));
    try {
      const conversion = convertToPdf(soffice, join(out, "review.docx"), pdfDir);
      expect(conversion.status, conversion.stderr).toBe(0);
      expect(conversion.pdf).toBeDefined();
      const pdf = readFileSync(conversion.pdf!);
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect((pdf.toString("latin1").match(/\/Type\s*\/Page\b/g) ?? []).length).toBeGreaterThan(10);
      // The titles in the converted PDF where pdftotext is installed, else in the document's XML LibreOffice read.
      const text = pdfText(conversion.pdf!)?.replace(/\s+/g, " ") ?? wordText(readFileSync(join(out, "review.docx")));
      for (const title of titles) expect(text, title).toContain(title);
      // The study-selection section with its flow diagram's caption, and the checklist page.
      for (const heading of ["Study selection (PRISMA 2020)", "PRISMA 2020 flow diagram of the selection of studies", "PRISMA 2020 checklist"]) expect(text, heading).toContain(heading);
    } finally {
      rmSync(pdfDir, { recursive: true, force: true });
    }
  }, 5 * TIMEOUT);

  it("leaves no temporary file behind", () => {
    expect(listFiles(out).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("gives byte-identical files on a second run", async () => {
    expect((await report(again)).code).toBe(0);
    const files = listFiles(out);
    expect(listFiles(again)).toEqual(files);
    for (const file of files) expect(readFileSync(join(again, file)).equals(readFileSync(join(out, file))), file).toBe(true);
  }, TIMEOUT);

  it("results.json is the analysis as metakit analyze --format json gives it", async () => {
    const analyze = await metakit("analyze", join(repoRoot, "analyses", "nssi.yaml"), "--data", join(repoRoot, "data"), "--format", "json");
    const written = JSON.parse(readFileSync(join(out, "nssi", "results.json"), "utf8")) as { spec: { id: string; file: string } };
    const printed = JSON.parse(analyze.stdout) as { spec: { id: string } };
    expect(written.spec.id).toBe("nssi");
    expect({ ...written, spec: { ...written.spec, file: "" } }).toEqual({ ...printed, spec: { ...printed.spec, file: "" } });
  });

  it("has the PRISMA 2020 section from data/screening.yaml, and every in-page link (contents, checklist, key results) reaches an element that exists", () => {
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html).toContain('<section id="prisma">');
    expect(html).toContain("Records screened (n = not reported)");
    expect(html).toContain('<section id="prisma-checklist">');
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
    const links = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
    expect(links).toContain("prisma");
    expect(links.filter((link) => !ids.has(link))).toEqual([]);
  });

  it("the page says for every analysis what was assumed and shows each indication's SoF and evidence", () => {
    const html = readFileSync(join(out, "index.html"), "utf8");
    const analyses = INDICATIONS.flatMap((id) => (JSON.parse(readFileSync(join(out, id, "results.json"), "utf8")) as { syntheses: unknown[] }).syntheses);
    expect(html.match(/<h4>What was assumed<\/h4>/g)).toHaveLength(analyses.length);
    expect(html.match(/<h3>Summary of findings<\/h3>/g)).toHaveLength(4);
    expect(html.match(/<h3>Characteristics of studies<\/h3>/g)).toHaveLength(4);
    expect(html).toContain("⊕◯◯◯ Very low");
    expect(html).not.toMatch(/NaN|Infinity|undefined|\[object/);
  });
});

describe("writing", () => {
  it("writeFileAtomically replaces a file whole and leaves no temporary name", () => {
    const folder = mkdtempSync(join(tmpdir(), "metakit-write-"));
    const target = join(folder, "index.html");
    writeFileAtomically(target, "old");
    writeFileAtomically(target, "new content");
    expect(readFileSync(target, "utf8")).toBe("new content");
    expect(readdirSync(dirname(target))).toEqual(["index.html"]);
    rmSync(folder, { recursive: true, force: true });
  });

  it("a write that fails at the rename removes its temporary file and leaves what was there", () => {
    const folder = mkdtempSync(join(tmpdir(), "metakit-write-"));
    const target = join(folder, "index.html");
    mkdirSync(join(target, "inside"), { recursive: true }); // a non-empty folder where the file should go: rename fails
    expect(() => writeFileAtomically(target, "report")).toThrow();
    expect(existsSync(temporaryName(target))).toBe(false);
    expect(statSync(target).isDirectory()).toBe(true);
    rmSync(folder, { recursive: true, force: true });
  });
});

describe("hostile text in the data", () => {
  const folder = mkdtempSync(join(tmpdir(), "metakit-hostile-"));
  const SCRIPT = "<script>alert(1)</script>";
  const IMG = '"><img src=x onerror=alert(1)>';
  let html = "";
  let svg = "";

  beforeAll(async () => {
    const data = readFileSync(join(repoRoot, "data", "nssi.yaml"), "utf8")
      .replace("authors: [Roth AS, Ostroff RB, Hoffman RE]", `authors: ["${SCRIPT} AS"]`)
      .replace("population: Women with self-injurious behaviour (borderline personality disorder among them).", `population: '${IMG}'`);
    mkdirSync(join(folder, "data"));
    writeFileSync(join(folder, "data", "nssi.yaml"), data);
    const run = await metakit("report", join(repoRoot, "analyses", "nssi.yaml"), "--data", join(folder, "data"), "--out", join(folder, "out"));
    expect(run.code).toBe(0);
    html = readFileSync(join(folder, "out", "index.html"), "utf8");
    svg = readFileSync(join(folder, "out", "nssi", "forest.svg"), "utf8");
  }, TIMEOUT);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("is escaped in the HTML and in the forest plot's SVG", () => {
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; 1996");
    expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(svg).not.toMatch(/<script|<img/i);
    // The label wraps at print width onto several text elements: their escaped text, joined without white space.
    const svgText = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join("").replace(/\s+/g, "");
    expect(svgText).toContain("&lt;script&gt;alert(1)&lt;/script&gt;1996");
  });
});

describe("the naltrexone report in chromium", () => {
  const out = mkdtempSync(join(tmpdir(), "metakit-report-browser-"));
  let opened: OpenedPage;

  beforeAll(async () => {
    expect((await report(out)).code).toBe(0);
    opened = await openInChromium(join(out, "index.html"));
  }, TIMEOUT);
  afterAll(async () => {
    await opened?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it("loads with no console error and no network request", () => {
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.requests).toEqual([]);
  });

  it("shows every forest plot, with no two texts intersecting", async () => {
    const figures = opened.page.locator("figure.forest svg");
    expect(await figures.count()).toBeGreaterThanOrEqual(4);
    for (const figure of await figures.all()) {
      await figure.scrollIntoViewIfNeeded();
      expect(await figure.isVisible()).toBe(true);
      const box = (await figure.boundingBox())!;
      expect(box.width).toBeGreaterThan(300);
      expect(box.height).toBeGreaterThan(100);
    }
    for (const boxes of await forestTextBoxes(opened.page)) expect(intersecting(boxes)).toEqual([]);
  }, TIMEOUT);

  it("no leave-one-out plot where nothing is pooled (NSSI: pool: false), and says for the comparative analyses (k < 10) that no funnel plot is possible", async () => {
    expect(await opened.page.locator("#nssi figure.robustness").count()).toBe(0);
    expect(await opened.page.locator("#pain figure.robustness, #depression figure.robustness").count()).toBe(0);
    const notes = await opened.page.locator("#pain p.note, #depression p.note").allTextContents();
    expect(notes.filter((n) => /^No funnel plot and no test for small-study effects .*< 10 studies/.test(n)).length).toBeGreaterThanOrEqual(2);
  });

  it("keeps a screenshot of the top of the report and a full-page one as test artefacts", async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await opened.page.evaluate(() => window.scrollTo(0, 0));
    expect((await opened.page.screenshot({ path: join(ARTIFACTS, "report-top.png") })).length).toBeGreaterThan(10_000);
    expect((await opened.page.screenshot({ path: join(ARTIFACTS, "report.png"), fullPage: true })).length).toBeGreaterThan(10_000);
  }, TIMEOUT);
});

describe("--pdf", () => {
  it("prints the report to OUT/report.pdf and the PRISMA diagram to OUT/prisma-flow.pdf, the same bytes on a second run", async () => {
    const [a, b] = [mkdtempSync(join(tmpdir(), "metakit-pdf-a-")), mkdtempSync(join(tmpdir(), "metakit-pdf-b-"))];
    expect((await report(a, "--pdf")).code).toBe(0);
    expect((await report(b, "--pdf")).code).toBe(0);
    const pdf = readFileSync(join(a, "report.pdf"));
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.equals(readFileSync(join(b, "report.pdf")))).toBe(true);
    // The PRISMA flow diagram as a one-page vector PDF of its own, the same bytes too.
    const prisma = readFileSync(join(a, "prisma-flow.pdf"));
    expect(prisma.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(prisma.equals(readFileSync(join(b, "prisma-flow.pdf")))).toBe(true);
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }, 3 * TIMEOUT);
});
