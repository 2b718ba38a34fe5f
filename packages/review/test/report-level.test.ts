/**
 * The report names the level of each analysis: the naltrexone nssi and pain analyses
 * refitted at 90% give "Total (90% CI)", "Subtotal (90% CI)" and 90% headers in every
 * table that shows their intervals. An extraction's confidence level is read once at
 * parse, as metafor reads a level (95 and 0.95 are one level), and shown in percent.
 */
import { forestPlotTable, scenariosTable, summaryOfFindingsTable } from "@metakit/report";
import { parseFileText, type ParsedExtraction } from "@metakit/schema";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeSpec, indexData, reportInputOf, resultAsReported, type AnalysedSpec } from "../src/index.js";
import { loadNaltrexone, repoRoot } from "./naltrexone.js";

const { extractions, index, analysed, analysedPooledNssi } = loadNaltrexone();

/** The spec with every synthesis (and so every scenario of it) at `level`. */
function atLevel(given: AnalysedSpec, level: number): AnalysedSpec {
  const spec = { ...given.spec, syntheses: given.spec.syntheses.map((s) => ({ ...s, model: { ...s.model, level } })) };
  return { spec, result: analyzeSpec(spec, extractions) };
}

describe("reportInputOf(...) at level 90: every interval label names 90%", () => {
  const input = reportInputOf([atLevel(analysedPooledNssi(), 90), atLevel(analysed("pain"), 90)], index, [], { title: "T", generator: "test", sources: [] });
  const analyses = input.indications.flatMap((i) => i.analyses);

  it("the forest plots and their tables: Total (90% CI), Subtotal (90% CI), 90% CI lower/upper", () => {
    const forests = analyses.flatMap((a) => (a.forest === null ? [] : [a.forest, ...(a.subgroupForests ?? []).map((s) => s.forest)]));
    expect(forests.every((f) => f.level === 90)).toBe(true);
    const tables = forests.map(forestPlotTable);
    const labels = tables.flatMap((t) => t.rows.map((r) => r[1]));
    expect(labels).toContain("Total (90% CI)");
    expect(labels).toContain("Subtotal (90% CI)");
    for (const table of tables) expect(table.columns.map((c) => c.header)).toEqual(expect.arrayContaining(["90% CI lower", "90% CI upper"]));
    expect(JSON.stringify(tables.map((t) => [t.columns, t.rows.map((r) => r[1])]))).not.toContain("95%");
  });

  it("the scenarios and Summary of Findings tables: (90% CI) headers", () => {
    const withScenarios = analyses.filter((a) => a.scenarios.length > 0);
    expect(withScenarios.length).toBeGreaterThan(0);
    for (const a of withScenarios) expect(scenariosTable(a.scenarios, "Effect").columns[3]?.header).toBe("Effect (90% CI)");
    const sofs = input.indications.flatMap((i) => (i.summaryOfFindings === null ? [] : [i.summaryOfFindings]));
    expect(sofs.length).toBeGreaterThan(0);
    for (const sof of sofs) {
      expect(summaryOfFindingsTable(sof).columns.slice(1, 3).map((c) => c.header)).toEqual(["Anticipated effect (90% CI)", "Relative effect (90% CI)"]);
    }
  });

  it("the leave-one-out plots are at 90%", () => {
    const loo = analyses.flatMap((a) => (a.robustness?.leaveOneOut === undefined ? [] : [a.robustness.leaveOneOut]));
    expect(loo.length).toBeGreaterThan(0);
    expect(loo.every((l) => l.level === 90)).toBe(true);
  });
});

describe("an extraction's CI level: read once at parse, shown in percent", () => {
  const file = `${repoRoot}data/pain.yaml`;
  const original = readFileSync(file, "utf8");
  const CI = "ci: {lower: -0.95, upper: 0.27}";
  const withLevel = (level: string) => {
    expect(original).toContain(CI);
    return parseFileText(file, original.replace(CI, `ci: {lower: -0.95, upper: 0.27, level: ${level}}`));
  };
  const bruun = (parsed: ParsedExtraction | undefined) => {
    if (parsed?.type !== "extraction") throw new Error("data/pain.yaml did not parse as an extraction");
    const result = indexData([parsed]).results.get("bruun2024-pain-md");
    if (result === undefined || result.form !== "contrast") throw new Error("bruun2024-pain-md is not a contrast");
    return result;
  };

  it("95, 0.95 and none stated are all 95: (95% CI -0.95 to 0.27), never 9500%", () => {
    for (const level of ["95", "0.95"]) {
      const parsed = withLevel(level);
      expect(parsed.issues.filter((i) => i.severity === "error")).toEqual([]);
      const result = bruun(parsed.parsed as ParsedExtraction | undefined);
      expect(result.ci?.level).toBe(95);
      expect(resultAsReported(result)).toContain("(95% CI -0.95 to 0.27)");
    }
    expect(index.results.get("bruun2024-pain-md")).toMatchObject({ ci: { level: 95 } });
  });

  it("90 and 0.9 are 90%", () => {
    for (const level of ["90", "0.9"]) expect(resultAsReported(bruun(withLevel(level).parsed as ParsedExtraction | undefined))).toContain("(90% CI -0.95 to 0.27)");
  });

  it("a level metafor would not read (150) is a parse error naming the extraction's level", () => {
    const messages = withLevel("150").issues.filter((i) => i.severity === "error").map((i) => i.message);
    expect(messages.join("\n")).toMatch(/extraction: level must be a confidence level/);
  });
});
