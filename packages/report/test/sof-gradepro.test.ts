/**
 * The Summary of Findings in GRADEpro's layout: "Risk with comparator" and "Risk with
 * intervention" per 1,000 with the risk difference (dichotomous), "The mean ... was ..." and
 * the MD (continuous), relative effect, participants (studies), certainty, comments.
 * Numbers: dat.bcg's REML RR exp(-0.7145) [exp(-1.0669), exp(-0.3622)] (metafor 3.8-1,
 * oracle case S01) at an assumed risk of 20 per 1,000 gives 20 x 0.489 = 9.8 -> 10 per
 * 1,000 (20 x 0.344 = 6.9 -> 7 to 20 x 0.696 = 13.9 -> 14); the MD row uses the grade
 * package's own test numbers (MD -0.8 [-1.5, 0.1], comparator mean 5.2).
 */
import { gradeAnalysis, type OutcomeEvidence } from "@metakit/grade";
import { describe, expect, it } from "vitest";
import { gradeproSummaryOfFindingsTable, participantsStudiesText, tableToMarkdown } from "../src/index.js";
import { reportInput } from "./report-input.js";

describe("gradeproSummaryOfFindingsTable", () => {
  it("dichotomous: risk with comparator and with intervention per 1,000, the risk difference with its interval", () => {
    const sof = reportInput().indications[0]!.summaryOfFindings!;
    const table = gradeproSummaryOfFindingsTable(sof);
    expect(table.columns.map((c) => c.header)).toEqual([
      "Outcomes",
      "Risk with comparator",
      "Risk with intervention (95% CI)",
      "Relative effect (95% CI)",
      "No. of participants (studies)",
      "Certainty of the evidence (GRADE)",
      "Comments",
    ]);
    const [row] = table.rows;
    expect(row![0]).toBe("Tuberculosis\nFollow-up: up to 20 years");
    expect(row![1]).toBe("20 per 1,000");
    expect(row![2]).toMatch(/^10 per 1,000 \(7 to 14\)\n10 fewer per 1,000 \(from 13 fewer to 6 fewer\)$/);
    expect(row![3]).toBe("RR 0.49 (0.34 to 0.70)");
    expect(row![4]).toBe("871 (2 studies)");
    expect(String(row![5])).toMatch(/^⊕/);
  });

  it("continuous: 'The mean ... was' the comparator mean, and the MD lower or higher with its interval", () => {
    const pain: OutcomeEvidence = {
      outcome: "pain (0-10)",
      measure: "MD",
      design: "randomised",
      studies: [
        { id: "A", n: 55, estimable: true, weightPercent: 60, riskOfBias: "low" },
        { id: "B", n: 45, estimable: true, weightPercent: 40, riskOfBias: "low" },
      ],
      pooled: { estimate: -0.8, ciLower: -1.5, ciUpper: 0.1, I2: 0, tau2: 0, QEp: 0.6, k: 2, scale: "identity" },
    };
    const graded = gradeAnalysis({ population: "adults", intervention: "drug", comparison: "placebo" }, [pain], { outcomes: { "pain (0-10)": { importantDifference: 1, comparatorMean: 5.2 } } });
    const row = gradeproSummaryOfFindingsTable({ table: graded.summaryOfFindings, outcomeLabels: { "pain (0-10)": "Pain (0 to 10)" } }).rows[0]!;
    expect(row[1]).toBe("The mean pain (0 to 10) was 5.2");
    expect(row[2]).toBe("MD 0.8 lower (1.5 lower to 0.1 higher)");
    expect(row[3]).toBe("not applicable");
    expect(row[4]).toBe("100 (2 studies)");
  });

  it("an outcome with no estimable study says so in both risk columns and in participants", () => {
    const missing: OutcomeEvidence = { outcome: "self-injury", measure: "RR", design: "randomised", studies: [{ id: "C", n: 37, estimable: false, riskOfBias: "some concerns" }] };
    const graded = gradeAnalysis({ population: "adults", intervention: "drug", comparison: "placebo" }, [missing], { outcomes: {} });
    const row = gradeproSummaryOfFindingsTable({ table: graded.summaryOfFindings }).rows[0]!;
    expect(row.slice(1, 3)).toEqual(["not estimable", "not estimable"]);
    expect(participantsStudiesText(graded.summaryOfFindings.rows[0]!)).toMatch(/\(1 study, none estimable\)$/);
  });

  it("a row with only an effect in words (a single-arm proportion) has no comparator", () => {
    const sof = reportInput().indications[0]!.summaryOfFindings!;
    const table = { ...sof.table, rows: sof.table.rows.map((r) => ({ ...r, absoluteEffects: [], relativeEffect: null })) };
    const row = gradeproSummaryOfFindingsTable({ ...sof, table, effectTexts: { tuberculosis: "proportion 0.39 (0.14 to 0.72)" } }).rows[0]!;
    expect(row.slice(1, 3)).toEqual(["no comparator", "proportion 0.39 (0.14 to 0.72)"]);
  });

  it("in Markdown, a cell's second line is joined with a space (a table row is one line)", () => {
    const markdown = tableToMarkdown(gradeproSummaryOfFindingsTable(reportInput().indications[0]!.summaryOfFindings!));
    expect(markdown).toContain("| 20 per 1,000 | 10 per 1,000 (7 to 14) 10 fewer per 1,000");
  });
});
