/**
 * Every "95% CI" a reader sees names the level of the analysis it describes: the forest
 * plot's Total and Subtotal rows and its interval column, the forest table's CSV and
 * Markdown columns, the leave-one-out plot's all-studies row, the bubble plot's band, and
 * the headers of the scenarios and Summary of Findings tables. The level is read as
 * metafor reads it (0.9 and 90 are one level); 95 when none is given, as before.
 */
import { MetakitError } from "@metakit/base";
import { TEST_FONTS } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { forestTable } from "../src/forest/table.js";
import {
  bubblePlotSpec,
  createTextMeasure,
  forestPlotTable,
  leaveOneOutForestData,
  scenariosTable,
  summaryOfFindingsTable,
  validateForestPlotData,
  type ForestPlotData,
  type ScenarioSummary,
  type SummaryOfFindings,
} from "../src/index.js";
import { bcgForest, bcgSubgroupForest } from "./bcg.js";
import { bcgBubble, bcgLeaveOneOut } from "./figures-data.js";
import { reportInput } from "./report-input.js";

const at = (data: ForestPlotData, level: number | undefined): ForestPlotData => {
  const { level: _, method: __, ...rest } = data;
  return level === undefined ? rest : { ...rest, level };
};

/** The plot's row labels and the effect column's header. */
function plotLabels(data: ForestPlotData): { labels: string[]; effectHeader: string | undefined } {
  const table = forestTable(data);
  const labels = table.lines.flatMap((line) => (line.kind === "summary" && line.cells.label !== undefined ? [line.cells.label.text] : []));
  return { labels, effectHeader: table.columns.find((c) => c.id === "effect")?.header };
}

describe("forest plot: the Total and Subtotal rows follow the plot's level", () => {
  it("level 90 (and 0.9): Total (90% CI), Subtotal (90% CI), and the interval column 90% CI", () => {
    for (const level of [90, 0.9]) {
      const { labels, effectHeader } = plotLabels(at(bcgSubgroupForest(), level));
      expect(labels).toContain("Total (90% CI)");
      expect(labels.filter((l) => l === "Subtotal (90% CI)").length).toBeGreaterThan(0);
      expect(labels.join(" ")).not.toContain("95%");
      expect(effectHeader).toBe("90% CI");
    }
  });

  it("no level: 95%, as metafor's default", () => {
    const { labels, effectHeader } = plotLabels(at(bcgSubgroupForest(), undefined));
    expect(labels).toContain("Total (95% CI)");
    expect(labels).toContain("Subtotal (95% CI)");
    expect(effectHeader).toBe("95% CI");
  });

  it("a level metafor would not read (150) is INVALID_INPUT naming the field", () => {
    expect(() => validateForestPlotData(at(bcgForest(), 150))).toThrow(MetakitError);
    expect(() => validateForestPlotData(at(bcgForest(), 150))).toThrow(/forestPlot: level must be a confidence level/);
  });
});

describe("forestPlotTable: the CSV and Markdown columns and rows follow the level", () => {
  it("level 90: 90% CI lower/upper columns and the Total/Subtotal rows", () => {
    const table = forestPlotTable(at(bcgSubgroupForest(), 90));
    const headers = table.columns.map((c) => c.header);
    expect(headers).toContain("90% CI lower");
    expect(headers).toContain("90% CI upper");
    expect(headers.join(" ")).not.toContain("95%");
    const labels = table.rows.map((row) => row[1]);
    expect(labels).toContain("Total (90% CI)");
    expect(labels).toContain("Subtotal (90% CI)");
  });
});

describe("leave-one-out and bubble plots", () => {
  it("the leave-one-out all-studies row: All studies (90% CI)", () => {
    const { method: _, ...data } = bcgLeaveOneOut();
    expect(leaveOneOutForestData({ ...data, level: 90 }).pooled?.label).toBe("All studies (90% CI)");
    expect(leaveOneOutForestData(data).pooled?.label).toBe("All studies (95% CI)");
  });

  it("the bubble plot's band is named at its level in the legend", () => {
    const spec = JSON.stringify(bubblePlotSpec({ ...bcgBubble(), level: 0.9 }, createTextMeasure(TEST_FONTS)));
    expect(spec).toContain('"90% CI"');
    expect(spec).not.toContain('"95% CI"');
  });
});

const scenario = (label: string, level: number | undefined): ScenarioSummary => ({
  label,
  description: "Refit.",
  k: 3,
  effect: { estimate: 0.5, ciLower: 0.25, ciUpper: 1 },
  changes: [],
  ...(level === undefined ? {} : { level }),
});

describe("scenariosTable: the effect column names the scenarios' level", () => {
  it("every scenario at 90: RR (90% CI), the rows unchanged", () => {
    const table = scenariosTable([scenario("a", 90), scenario("b", 0.9)], "RR");
    expect(table.columns[3]?.header).toBe("RR (90% CI)");
    expect(table.rows.map((r) => r[3])).toEqual(["0.50 [0.25, 1.00]", "0.50 [0.25, 1.00]"]);
  });

  it("none stated: RR (95% CI)", () => {
    expect(scenariosTable([scenario("a", undefined)], "RR").columns[3]?.header).toBe("RR (95% CI)");
  });

  it("scenarios at different levels: the header says CI and each row names its own level", () => {
    const table = scenariosTable([scenario("a", 95), scenario("b", 90)], "RR");
    expect(table.columns[3]?.header).toBe("RR (CI)");
    expect(table.rows.map((r) => r[3])).toEqual(["0.50 [0.25, 1.00] (95% CI)", "0.50 [0.25, 1.00] (90% CI)"]);
  });
});

describe("summaryOfFindingsTable: the effect columns name the outcomes' level", () => {
  const sof = (): SummaryOfFindings => {
    const given = reportInput().indications.find((i) => i.summaryOfFindings !== null)?.summaryOfFindings;
    if (given === undefined || given === null) throw new Error("the test report input has no Summary of Findings");
    return given;
  };
  const levelsOf = (s: SummaryOfFindings, level: (i: number) => number) => Object.fromEntries(s.table.rows.map((row, i) => [row.outcome, level(i)]));

  it("every outcome at 90: Anticipated effect (90% CI), Relative effect (90% CI); no levels: 95%", () => {
    const given = sof();
    const headers = summaryOfFindingsTable({ ...given, levels: levelsOf(given, () => 90) }).columns.map((c) => c.header);
    expect(headers.slice(1, 3)).toEqual(["Anticipated effect (90% CI)", "Relative effect (90% CI)"]);
    const { levels: _, ...none } = given;
    expect(summaryOfFindingsTable(none).columns.map((c) => c.header).slice(1, 3)).toEqual(["Anticipated effect (95% CI)", "Relative effect (95% CI)"]);
  });

  it("outcomes at different levels: the headers say CI and each relative effect names its own level", () => {
    const given = sof();
    const row = given.table.rows.find((r) => r.relativeEffect !== null);
    if (row === undefined) throw new Error("the test Summary of Findings has no relative effect");
    // the same outcome twice, under two names, at 90% and at 95%
    const two: SummaryOfFindings = { ...given, table: { ...given.table, rows: [row, { ...row, outcome: `${row.outcome} (again)` }] } };
    const table = summaryOfFindingsTable({ ...two, levels: levelsOf(two, (i) => (i === 0 ? 90 : 95)) });
    expect(table.columns.slice(1, 3).map((c) => c.header)).toEqual(["Anticipated effect (CI)", "Relative effect (CI)"]);
    expect(table.rows.map((r) => r[2])).toEqual([`${row.relativeEffect?.text} (90% CI)`, `${row.relativeEffect?.text} (95% CI)`]);
  });
});
