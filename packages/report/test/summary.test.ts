/**
 * The executive summary: per indication its main outcome's estimate with the interval's
 * level, the certainty and GRADE's statement; the claims audit's counts by status.
 */
import { describe, expect, it } from "vitest";
import { claimsHeadline, executiveSummary, indicationSummaryLine, type ClaimAuditRow } from "../src/index.js";
import { reportInput } from "./report-input.js";

const claim = (status: string): ClaimAuditRow => ({ id: "c", source: "s", quote: "q", claim: "x", status, supporting: [], contradicting: [], note: "" });

describe("executive summary", () => {
  it("one line per indication: title, outcome, estimate with its level, certainty with symbols, what it means", () => {
    const input = reportInput();
    const alpha = input.indications[0]!;
    const row = alpha.summaryOfFindings!.table.rows[0]!;
    const line = indicationSummaryLine(alpha);
    expect(line.startsWith("BCG vaccine (alpha). Tuberculosis: RR 0.49 (0.34 to 0.70; 95% CI); certainty of the evidence ")).toBe(true);
    expect(line).toContain(`${row.symbols} ${row.certainty}.`);
    expect(line.endsWith(row.statement.endsWith(".") ? row.statement.slice(1) : `${row.statement.slice(1)}.`)).toBe(true);
  });

  it("names the level of a 90% interval, and says when nothing could be rated", () => {
    const alpha = reportInput().indications[0]!;
    const sof = alpha.summaryOfFindings!;
    expect(indicationSummaryLine({ ...alpha, summaryOfFindings: { ...sof, levels: { tuberculosis: 90 } } })).toContain("(0.34 to 0.70; 90% CI)");
    expect(indicationSummaryLine({ ...alpha, summaryOfFindings: null })).toBe("BCG vaccine (alpha). No outcome could be rated.");
  });

  it("leaves a long effect in words (results study by study) to the Summary of Findings", () => {
    const alpha = reportInput().indications[0]!;
    const sof = alpha.summaryOfFindings!;
    const table = { ...sof.table, rows: sof.table.rows.map((r) => ({ ...r, relativeEffect: null, absoluteEffects: [] })) };
    const long = "Study A: 6/7, 0.86 [0.42, 0.98]; ".repeat(4);
    expect(indicationSummaryLine({ ...alpha, summaryOfFindings: { ...sof, table, effectTexts: { tuberculosis: long } } })).toContain("Tuberculosis: results given study by study in the Summary of Findings; certainty");
    expect(indicationSummaryLine({ ...alpha, summaryOfFindings: { ...sof, table, effectTexts: { tuberculosis: "Proportion 0.79 [0.51, 0.93]" } } })).toContain("Tuberculosis: Proportion 0.79 [0.51, 0.93] (95% CI); certainty");
  });

  it("the claims headline counts claims by status, most frequent first, in words", () => {
    expect(claimsHeadline([claim("not-found"), claim("verified"), claim("not-found"), claim("contradicted")])).toBe(
      "Claims audit: 4 claims that secondary sources make about the studies, each checked against the primary record: 2 not found, 1 contradicted, 1 verified.",
    );
  });

  it("has the indications' lines then the headline, and no headline without claims", () => {
    const input = reportInput();
    expect(executiveSummary(input)).toHaveLength(input.indications.length + 1);
    expect(executiveSummary({ ...input, claims: [] })).toHaveLength(input.indications.length);
  });
});
