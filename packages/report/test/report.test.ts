/**
 * The report as files: the list of files, escaping of hostile text in HTML, Markdown, CSV
 * and the inline SVG, determinism, ids that name folders, and the tables' content.
 */
import { TEST_FONTS } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { MetakitError } from "@metakit/base";
import { certaintyText, characteristicsTable, renderReport, summaryOfFindingsTable, tableToCsv, type ReportFile, type ReportInput } from "../src/index.js";
import { reportInput } from "./report-input.js";

/** resvg draws a PNG per forest plot: about 0.1-0.3 s each. */
const TIMEOUT = 180_000;

const fileText = (files: readonly ReportFile[], path: string): string => {
  const file = files.find((f) => f.path === path);
  if (file === undefined) throw new Error(`no file ${path}`);
  return typeof file.content === "string" ? file.content : Buffer.from(file.content).toString("latin1");
};

describe("renderReport(input)", () => {
  it("lists index.html, the claims audit and per indication its figures and tables, in path order", async () => {
    const files = await renderReport(reportInput(), { fonts: TEST_FONTS });
    const paths = files.map((f) => f.path);
    // Issue 14, defect 8: the Summary of Findings was only Markdown; it is CSV too, footnotes under the table.
    expect(fileText(files, "alpha/sof.csv").split("\r\n")[0]).toContain("Risk with comparator");
    expect(paths).toEqual([
      "alpha/evidence.csv", "alpha/evidence.md", "alpha/forest-by-allocation.csv", "alpha/forest-by-allocation.pdf", "alpha/forest-by-allocation.png", "alpha/forest-by-allocation.svg", "alpha/forest-proportion.csv", "alpha/forest-proportion.pdf", "alpha/forest-proportion.png", "alpha/forest-proportion.svg",
      "alpha/forest.csv", "alpha/forest.pdf", "alpha/forest.png", "alpha/forest.svg", "alpha/narrative.csv", "alpha/sof.csv", "alpha/sof.md",
      "beta/evidence.csv", "beta/evidence.md", "beta/forest-proportion.csv", "beta/forest-proportion.pdf", "beta/forest-proportion.png", "beta/forest-proportion.svg",
      "beta/forest.csv", "beta/forest.pdf", "beta/forest.png", "beta/forest.svg", "beta/narrative.csv", "beta/sof.csv", "beta/sof.md",
      "claims.csv", "claims.md", "index.html", "review.docx",
    ]);
    const png = files.find((f) => f.path === "alpha/forest.png")!.content as Uint8Array;
    expect([...png.slice(1, 4)].map((c) => String.fromCharCode(c)).join("")).toBe("PNG");
  }, TIMEOUT);

  it("writes no claims files, no claims section and no empty narrative.csv when there are no claims and every result was pooled", async () => {
    const input = reportInput();
    const bare: ReportInput = { ...input, claims: [], indications: input.indications.map((i) => ({ ...i, narrative: [] })) };
    const files = await renderReport(bare, { fonts: TEST_FONTS });
    const paths = files.map((f) => f.path);
    for (const name of ["claims.md", "claims.csv", "alpha/narrative.csv", "beta/narrative.csv"]) expect(paths).not.toContain(name);
    const html = fileText(files, "index.html");
    expect(html).not.toContain("claims-audit");
    expect(html).not.toContain("No claims were audited");
  }, TIMEOUT);

  it("is deterministic: two runs give byte-identical files", async () => {
    const [a, b] = [await renderReport(reportInput(true), { fonts: TEST_FONTS }), await renderReport(reportInput(true), { fonts: TEST_FONTS })];
    expect(b.map((f) => f.path)).toEqual(a.map((f) => f.path));
    a.forEach((file, i) => expect(Buffer.compare(Buffer.from(file.content), Buffer.from(b[i]!.content)), file.path).toBe(0));
  }, TIMEOUT);

  it("rejects a subgroup plot id that is not a file-name id", async () => {
    const input = reportInput();
    const [alpha] = input.indications;
    const analyses = alpha!.analyses.map((a, i) => (i === 0 ? { ...a, subgroupForests: [{ id: "../x", forest: a.forest! }] } : a));
    await expect(renderReport({ ...input, indications: [{ ...alpha!, analyses }] }, { fonts: TEST_FONTS })).rejects.toThrow(/subgroup plot id/);
  });

  // the one id rule of validate (@metakit/base idProblem): "Upper" and "x..y" are ids (cli/test/id-rule.test.ts)
  it.each(["../etc", "a/b", "", ".hidden", "constructor"])("rejects the indication id %j (it names a folder)", async (id) => {
    const input = reportInput();
    const bad: ReportInput = { ...input, indications: [{ ...input.indications[0]!, id }] };
    await expect(renderReport(bad, { fonts: TEST_FONTS })).rejects.toThrow(MetakitError);
  });

  it("rejects two indications with one id", async () => {
    const input = reportInput();
    await expect(renderReport({ ...input, indications: [input.indications[0]!, input.indications[0]!] }, { fonts: TEST_FONTS })).rejects.toThrow(/two indication ids are "alpha"/);
  });
});

describe("escaping hostile text", async () => {
  const files = await renderReport(reportInput(true), { fonts: TEST_FONTS });
  const html = fileText(files, "index.html");

  it("index.html has no element or attribute made from the text: only the page's own tags", () => {
    expect(html).not.toMatch(/<script|<img|<iframe/i);
    // Inside a tag (every "<" of the text is escaped, so each "<" starts a real tag): no handler.
    const attributeNames = [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map((tag) => tag[0].replace(/"[^"]*"/g, '""'));
    expect(attributeNames.filter((tag) => /\son\w+\s*=/i.test(tag))).toEqual([]);
    const tags = new Set([...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase()));
    const allowed = ["html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "p", "nav", "ol", "ul", "li", "a", "main", "section", "dl", "dt", "dd", "div", "table", "caption", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "strong", "svg", "g", "rect", "path", "line", "text"];
    expect([...tags].filter((t) => !allowed.includes(t))).toEqual([]);
  });

  it("index.html shows the text escaped, in body text, attributes and the inline SVG", () => {
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toMatch(/<svg role="img" aria-label="[^"<>]*&lt;script&gt;[^"<>]*&quot;&gt;&lt;img[^"<>]*"/);
    // vega's own SVG text elements hold the labels as escaped text.
    // (a long label wraps onto several text elements at print width; its start is escaped text too)
    expect(html).toMatch(/<text[^>]*>&lt;script&gt;/);
  });

  it("Markdown escapes it and CSV neutralises formulas", () => {
    const md = fileText(files, "alpha/evidence.md");
    expect(md).not.toContain("<script");
    expect(md).toContain("&lt;script&gt;");
    expect(fileText(files, "claims.csv")).toContain("'=1+1");
    expect(fileText(files, "alpha/narrative.csv")).toContain(`"'=HYPERLINK(""http://x"")`);
  });
});

describe("index.html content", async () => {
  const input = reportInput();
  const html = fileText(await renderReport(input, { fonts: TEST_FONTS }), "index.html");

  it("forbids every network request and script through its Content-Security-Policy", () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'`);
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//);
  });

  it("states for every analysis what was assumed, and says why a plot is missing", () => {
    const analyses = input.indications.flatMap((i) => i.analyses);
    expect(html.match(/<h4>What was assumed<\/h4>/g)).toHaveLength(analyses.length);
    expect(html).toContain("<li>Random effects (REML), Wald z test, 95% CI.</li>");
    expect(html).toContain("<li>Nothing beyond the data as extracted.</li>");
    expect(html).toContain("No forest plot: no study reported numbers");
  });

  it("numbers the figures across indications in reading order (a subgroup plot after its analysis) and names their files", () => {
    expect(html.match(/<figcaption>Figure \d+\./g)).toEqual([1, 2, 3, 4, 5].map((n) => `<figcaption>Figure ${n}.`));
    // Each file linked, the PDF among them.
    expect(html).toContain('Also as <a href="alpha/forest.svg">alpha/forest.svg</a>, <a href="alpha/forest.png">alpha/forest.png</a>, <a href="alpha/forest.csv">alpha/forest.csv</a>, <a href="alpha/forest.pdf">alpha/forest.pdf</a>.');
    expect(html).toMatch(/Figure 2\. [^<]*Also as <a href="alpha\/forest-by-allocation\.svg">/);
    expect(html).toMatch(/Figure 3\. [^<]*Also as <a href="alpha\/forest-proportion\.svg">/);
  });

  it("shows the Summary of Findings with certainty symbols and footnotes", () => {
    expect(html).toMatch(/<td>⊕+◯*(?: [A-Z][a-z ]+)/);
    expect(html).toContain("<ol class=\"footnotes\">");
    // RR 0.489 [0.344, 0.696] at 20 per 1,000: 20 x (1 - 0.489) = 10 fewer, 13.1 to 6.1 fewer.
    expect(html).toContain("10 fewer per 1,000 (from 13 fewer to 6 fewer)");
  });
});

describe("tables", () => {
  it("characteristicsTable lists arms with n (or 'not reported'), dose and dose class", () => {
    const table = characteristicsTable(reportInput().indications[0]!.characteristics);
    expect(table.rows[0]!.slice(3, 6)).toEqual(["vaccine: 123; no vaccine: not reported", "vaccine: one dose", "vaccine: standard"]);
    expect(tableToCsv(table).split("\r\n")[0]).toBe("Study,Design,Population,n per arm,Dose,Dose class,Duration,Outcome,Result as reported,Risk of bias,Provenance");
  });

  it("characteristicsTable drops the dose class column when no arm has one, shows the review's characteristics and says where a result's n comes from", () => {
    const [first] = reportInput().indications[0]!.characteristics;
    const study = { ...first!, characteristics: { latitude: "44", allocation: "random" }, arms: [{ label: "vaccine", n: 123, nSource: "analysed" }, { label: "no vaccine", n: null }] };
    const table = characteristicsTable([study]);
    expect(tableToCsv(table).split("\r\n")[0]).toBe("Study,Design,Population,latitude,allocation,n per arm,Dose,Duration,Outcome,Result as reported,Risk of bias,Provenance");
    expect(table.rows[0]!.slice(3, 6)).toEqual(["44", "random", "vaccine: 123 (analysed); no vaccine: not reported"]);
  });

  it("summaryOfFindingsTable gives certainty as symbols, level and footnote letters", () => {
    const sof = reportInput().indications[0]!.summaryOfFindings!;
    const row = sof.table.rows[0]!;
    expect(certaintyText(row)).toBe(`${row.symbols} ${row.certainty.charAt(0).toUpperCase()}${row.certainty.slice(1)}${row.footnotes.length ? ` (${row.footnotes.join(", ")})` : ""}`);
    const cells = summaryOfFindingsTable(sof).rows[0]!;
    expect(cells[0]).toBe("Tuberculosis (follow-up: up to 20 years)");
    // GRADEpro's anticipated absolute effects: the risk with the comparator, with the intervention, and the difference.
    expect(cells[1]).toMatch(/^Risk with comparator: 20 per 1,000 \(study population\)\. Risk with intervention: 10 per 1,000 \(7 to 14\)\. Difference: 10 fewer per 1,000 \(from 13 fewer to 6 fewer\)\.$/);
    expect(cells[2]).toBe("RR 0.49 (0.34 to 0.70)");
    expect(cells[3]).toBe("871 (2 studies)");
  });
});
