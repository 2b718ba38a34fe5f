/** Markdown and CSV tables: quoting, CSV-injection neutralising, Markdown escaping. */
import { describe, expect, it } from "vitest";
import { parseCsv } from "@metakit/fixtures";
import { MetakitError } from "@metakit/base";
import { escapeMarkdownCell, forestPlotTable, neutraliseCsvText, tableToCsv, tableToMarkdown, type Table } from "../src/index.js";
import { bcgForest, stressForest } from "./bcg.js";

const table: Table = {
  columns: [{ header: "study" }, { header: "note" }, { header: "n", align: "right" }],
  rows: [
    ["Smith, 2001", 'said "no"', 12],
    ["=HYPERLINK(\"http://x\")", "+1", -3],
    ["-0.25", "@SUM(A1)", null],
    ["  =1+1", "line one\nline two", undefined],
    ["\tTAB", "plain", 0],
  ],
};

describe("tableToCsv(table)", () => {
  it("quotes commas, quotes and line breaks (RFC 4180) and reads back with papaparse", () => {
    const csv = tableToCsv(table);
    expect(csv.endsWith("\r\n")).toBe(true);
    const back = parseCsv(csv);
    expect(back[0]).toEqual({ study: "Smith, 2001", note: 'said "no"', n: 12 });
    expect(back[3]!["note"]).toBe("line one\nline two");
  });

  it("neutralises text cells that start with = + - @ tab or CR, but writes numbers as numbers", () => {
    const rows = parseCsv(tableToCsv(table));
    expect(rows[1]).toEqual({ study: `'=HYPERLINK("http://x")`, note: "'+1", n: -3 });
    expect(rows[2]!["study"]).toBe("'-0.25");
    expect(rows[2]!["note"]).toBe("'@SUM(A1)");
    expect(rows[3]!["study"]).toBe("'  =1+1");
    expect(rows[4]!["study"]).toBe("'\tTAB");
    for (const row of rows) {
      for (const value of Object.values(row)) if (typeof value === "string") expect(value).not.toMatch(/^\s*[=+\-@]/);
    }
  });

  it("neutraliseCsvText(text) leaves ordinary text alone", () => {
    expect(neutraliseCsvText("Aronson 1948")).toBe("Aronson 1948");
    expect(neutraliseCsvText("a=b")).toBe("a=b");
  });

  it("rejects NaN and rows of the wrong length", () => {
    expect(() => tableToCsv({ columns: [{ header: "x" }], rows: [[Number.NaN]] })).toThrow(MetakitError);
    expect(() => tableToCsv({ columns: [{ header: "x" }], rows: [[1, 2]] })).toThrow(MetakitError);
  });
});

describe("tableToMarkdown(table)", () => {
  it("writes a header, an alignment row and one line per row", () => {
    const md = tableToMarkdown({ columns: [{ header: "study" }, { header: "n", align: "right" }], rows: [["Aronson 1948", 123]] });
    expect(md).toBe("| study | n |\n| :--- | ---: |\n| Aronson 1948 | 123 |\n");
  });

  it("escapes pipes, HTML and Markdown so a label stays text", () => {
    expect(escapeMarkdownCell("<script>alert(1)</script>")).toBe("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(escapeMarkdownCell('"><img src=x onerror=alert(1)>')).toBe('"&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeMarkdownCell("a|b *c* _d_ [e](f) `g` \\")).toBe("a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\`g\\` \\\\");
    const md = tableToMarkdown(table);
    expect(md.split("\n").filter((l) => l !== "")).toHaveLength(2 + table.rows.length);
  });
});

describe("forestPlotTable(data)", () => {
  it("lists each study with its arms, weight and interval, then the total (dat.bcg)", () => {
    const data = bcgForest();
    const t = forestPlotTable(data);
    expect(t.rows).toHaveLength(data.rows.length + 1);
    const header = t.columns.map((c) => c.header);
    const first = t.rows[0]!;
    expect(first[header.indexOf("Study or Subgroup")]).toBe("Aronson 1948");
    expect(first[header.indexOf("BCG vaccine: data")]).toBe("4/123");
    expect(first[header.indexOf("Control: n")]).toBe(139);
    expect(first[header.indexOf("Risk Ratio (4 decimals)")]).toBe(Number(data.rows[0]!.estimate!.toFixed(4)));
    const total = t.rows[t.rows.length - 1]!;
    expect(total[header.indexOf("Study or Subgroup")]).toBe("Total (95% CI)");
    expect(total[header.indexOf("Prediction interval upper")]).toBe(Number(data.pooled!.piUpper!.toFixed(4)));
  });

  // Issue 14, defect 8: the CSV held raw floats ("100.00000000000003").
  it("rounds weights to 2 and effects to 4 decimals, as its headers say (no raw floats in the CSV)", () => {
    const data = bcgForest();
    const csv = tableToCsv(forestPlotTable({ ...data, rows: [{ ...data.rows[0]!, weightPercent: 100.00000000000003 }, ...data.rows.slice(1)] }));
    expect(csv).toContain("Weight (%, 2 decimals)");
    expect(csv).not.toMatch(/\d+\.\d{5,}/);
    expect(csv.split("\r\n")[1]).toContain(",100,");
  });

  it("orders rows by subgroup, adds subtotals and gives the not-estimable reason", () => {
    const data = stressForest();
    const t = forestPlotTable(data);
    const labels = t.rows.map((r) => r[1]);
    expect(labels.filter((l) => l === "Subtotal (95% CI)")).toHaveLength(3);
    const zero = t.rows.find((r) => r[1] === "Zero-event trial 2001")!;
    expect(zero[zero.length - 1]).toBe("Not estimable: no events in either arm");
    expect(tableToCsv(t).length).toBeGreaterThan(0);
  });
});
