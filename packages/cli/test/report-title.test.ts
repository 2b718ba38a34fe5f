/** The report's title comes from --title or the specs (reportTitle, or a single spec's title), never from code. */
import { describe, expect, it } from "vitest";
import { isMetakitError } from "@metakit/base";
import type { AnalysisSpec } from "@metakit/schema";
import { GENERIC_REPORT_TITLE, reportTitleOf } from "../src/commands/report.js";

const spec = (title: string, reportTitle?: string) => ({ title, ...(reportTitle !== undefined && { reportTitle }) }) as AnalysisSpec;

describe("reportTitleOf(specs, given)", () => {
  it("--title wins over the specs", () => {
    expect(reportTitleOf([spec("a", "Review A")], "Given")).toBe("Given");
  });

  it("the reportTitle the specs share; specs without one do not disagree", () => {
    expect(reportTitleOf([spec("a", "Review"), spec("b"), spec("c", "Review")], undefined)).toBe("Review");
  });

  it("a single spec without reportTitle gives its own title; several give the generic title", () => {
    expect(reportTitleOf([spec("BCG vaccine for preventing tuberculosis")], undefined)).toBe("BCG vaccine for preventing tuberculosis");
    expect(reportTitleOf([spec("a"), spec("b")], undefined)).toBe(GENERIC_REPORT_TITLE);
  });

  it("specs naming different report titles are a typed error that names them", () => {
    let caught: unknown;
    try {
      reportTitleOf([spec("a", "One"), spec("b", "Two")], undefined);
    } catch (error) {
      caught = error;
    }
    expect(isMetakitError(caught) && caught.code).toBe("INVALID_INPUT");
    expect((caught as Error).message).toBe('report: the specs name different report titles ("One", "Two"); make their reportTitle agree or give --title');
  });
});
