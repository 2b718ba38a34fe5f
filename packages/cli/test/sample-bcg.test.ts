/**
 * The BCG sample review (data/sample/bcg/): a second topic through the same commands as the
 * naltrexone review - validate, analyze and report into a temporary folder. Its records
 * equal metadat's dat.bcg (Colditz et al. 1994, JAMA 271:698-702) and data/sample/bcg.csv;
 * its numbers equal metafor 3.8-1 (packages/fixtures/report/sample-bcg.json, made by
 * packages/fixtures/scripts/sample-bcg.R): rma(measure = "RR", method = "REML") on dat.bcg
 * gives RR 0.4894 [0.3441, 0.6962]. Titles and "Favours ..." labels come from its spec.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "@metakit/fixtures";
import { parseFileText, type ParsedExtraction, type Result } from "@metakit/schema";
import type { AnalysisResult, SubgroupEstimate } from "@metakit/review";
import { metakit, repoRoot } from "./run-cli.js";

const TIMEOUT = 120_000;
const tol = { estimate: 1e-6, tau2: 1e-6, statistic: 1e-5, ratio: 1e-6, csvRatio: 5e-5 };

interface Fit {
  readonly k: number;
  readonly estimate: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly rr: number;
  readonly rrCiLower: number;
  readonly rrCiUpper: number;
  readonly rrPiLower: number;
  readonly rrPiUpper: number;
  readonly tau2: number;
  readonly QE: number;
  readonly I2: number;
}

interface SampleBcgFixture {
  readonly trials: readonly { author: string; year: number; tpos: number; tneg: number; cpos: number; cneg: number; ablat: number; alloc: string }[];
  readonly overall: Fit;
  readonly subgroups: readonly (Fit & { readonly name: string })[];
  readonly subgroupDifferences: { readonly Q: number; readonly df: number; readonly pval: number };
  readonly metaRegression: { readonly k: number; readonly intercept: number; readonly slope: number; readonly se: readonly number[]; readonly QM: number; readonly tau2: number };
}

const fixture = JSON.parse(readFileSync(join(repoRoot, "packages/fixtures/report/sample-bcg.json"), "utf8")) as SampleBcgFixture;
const folder = join(repoRoot, "data/sample/bcg");
const near = (actual: number, expected: number, tolerance: number) => expect(Math.abs(actual - expected)).toBeLessThan(tolerance);

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(root, path));
    }
  };
  walk(root);
  return out;
}

describe("data/sample/bcg/trials.yaml: the 13 trials of dat.bcg as extraction records", () => {
  const outcome = parseFileText("trials.yaml", readFileSync(join(folder, "trials.yaml"), "utf8"));
  const records = (outcome.parsed as ParsedExtraction).records;
  const csv = parseCsv(readFileSync(join(repoRoot, "data/sample/bcg.csv"), "utf8"));

  it("parses without an issue", () => {
    expect(outcome.issues).toEqual([]);
    expect(records.studies.map((s) => s.record.indication)).toEqual(Array(13).fill("tuberculosis"));
  });

  it("each result's events and totals are dat.bcg's (tpos, tpos + tneg; cpos, cpos + cneg) and bcg.csv's, in order", () => {
    const counts = (result: Result, arm: string) => {
      const a = result.form === "dichotomous" ? result.arms.find((x) => x.arm === arm) : undefined;
      return [a?.events.value, a?.total.value];
    };
    const results = records.results.map((r) => r.record);
    expect(results).toHaveLength(13);
    results.forEach((result, i) => {
      const t = fixture.trials[i]!;
      const row = csv[i]!;
      expect([...counts(result, "bcg"), ...counts(result, "control")]).toEqual([t.tpos, t.tpos + t.tneg, t.cpos, t.cpos + t.cneg]);
      expect([row["ai"], row["ci"], row["year"]]).toEqual([t.tpos, t.cpos, t.year]);
    });
  });

  it("latitude and allocation are study characteristics with dat.bcg's values; totals are marked computed with their formula", () => {
    records.studies.forEach((located, i) => {
      const { latitude, allocation } = located.record.characteristics ?? {};
      expect([typeof latitude === "object" ? latitude.value : latitude, allocation]).toEqual([fixture.trials[i]!.ablat, fixture.trials[i]!.alloc]);
    });
    const first = records.results[0]!.record;
    expect(first.form === "dichotomous" ? first.arms[0]!.total : undefined).toMatchObject({ value: 123, status: "computed", formula: "tpos + tneg = 4 + 119" });
  });
});

describe("metakit validate with the sample review", () => {
  it("validates data/sample/bcg (data and spec) with no error and no warning", async () => {
    const run = await metakit("validate", folder);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("validate: 2 files, 0 errors, 0 warnings\n");
  });

  it("a search of data/ passes over sample/, so the naltrexone review's validation does not read it", async () => {
    const run = await metakit("validate", join(repoRoot, "data"), join(repoRoot, "analyses"));
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/sample/);
  });
});

describe("metakit analyze data/sample/bcg/analysis.yaml against metafor 3.8-1", () => {
  let result: AnalysisResult;
  beforeAll(async () => {
    const run = await metakit("analyze", join(folder, "analysis.yaml"), "--data", folder, "--format", "json");
    expect(run.stderr).toBe("");
    result = JSON.parse(run.stdout) as AnalysisResult;
  });

  it("pools the log risk ratio as rma(measure = 'RR', method = 'REML'): RR 0.4894 [0.3441, 0.6962]", () => {
    const pooled = result.syntheses[0]!.pooled!;
    const m = fixture.overall;
    expect(pooled.model.k).toBe(13);
    near(pooled.model.estimate, m.estimate, tol.estimate);
    near(pooled.model.ciLower, m.ciLower, tol.estimate);
    near(pooled.model.ciUpper, m.ciUpper, tol.estimate);
    near(pooled.model.tau2, m.tau2, tol.tau2);
    near(pooled.model.QE, m.QE, tol.statistic);
    const back = pooled.backTransformed!;
    near(back.estimate, m.rr, tol.ratio);
    near(back.ciLower, m.rrCiLower, tol.ratio);
    near(back.ciUpper, m.rrCiUpper, tol.ratio);
    near(back.piLower!, m.rrPiLower, tol.ratio);
    near(back.piUpper!, m.rrPiUpper, tol.ratio);
    expect([back.estimate, back.ciLower, back.ciUpper].map((x) => x.toFixed(4))).toEqual(["0.4894", "0.3441", "0.6962"]);
  });

  it("splits by allocation (a study characteristic) as REML fits within each group, with the test for subgroup differences", () => {
    const split = result.syntheses[0]!.subgroups[0]!;
    expect(split.variable).toBe("allocation");
    const byName = new Map((split.groups ?? []).map((g: SubgroupEstimate) => [g.group, g]));
    for (const expected of fixture.subgroups) {
      const group = byName.get(expected.name)!;
      expect(group.pooled.model.k).toBe(expected.k);
      near(group.pooled.model.estimate, expected.estimate, tol.estimate);
      near(group.pooled.model.tau2, expected.tau2, tol.tau2);
    }
    near(split.differences!.QB, fixture.subgroupDifferences.Q, tol.statistic);
    expect(split.differences!.df).toBe(fixture.subgroupDifferences.df);
  });

  it("regresses on latitude (a numeric study characteristic) as rma(mods = ~ ablat)", () => {
    const run = result.syntheses[0]!.robustness!.metaRegressions[0]!;
    const m = fixture.metaRegression;
    expect([run.moderator, run.kind, run.model.k]).toEqual(["latitude", "numeric", m.k]);
    const [intercept, slope] = run.model.coefficients;
    near(intercept!.estimate, m.intercept, tol.estimate);
    near(slope!.estimate, m.slope, tol.estimate);
    near(slope!.se, m.se[1]!, tol.estimate);
    near(run.model.QM, m.QM, tol.statistic);
    near(run.model.tau2, m.tau2, tol.tau2);
  });
});

describe("metakit report data/sample/bcg into its own folder", () => {
  const out = mkdtempSync(join(tmpdir(), "metakit-report-bcg-"));
  let files: string[] = [];
  const text = (path: string) => readFileSync(join(out, path), "utf8");
  // as the repository's reports/: a README and no report yet (npm start writes into it)
  const readme = "# reports\nWhat metakit report writes.\n";
  writeFileSync(join(out, "README.md"), readme);
  beforeAll(async () => {
    const run = await metakit("report", folder, "--data", folder, "--out", out);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    files = listFiles(out);
  }, TIMEOUT);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("keeps the folder's README.md, which is not the report's, when the report replaces the folder", () => {
    expect(text("README.md")).toBe(readme);
  });

  it("writes the page, the forest plot, the subgroup, funnel, leave-one-out and bubble plots, and the tables", () => {
    for (const name of ["index.html", "bcg/forest.svg", "bcg/forest.csv", "bcg/forest-by-allocation.svg", "bcg/funnel-tuberculosis.svg", "bcg/leave-one-out-tuberculosis.svg", "bcg/bubble-tuberculosis-latitude.svg", "bcg/sof.md", "bcg/results.json"]) {
      expect(files).toContain(name);
    }
  });

  it("titles say BCG vaccine and tuberculosis, from the spec's reportTitle and interventionLabel", () => {
    expect(text("index.html")).toContain("<title>BCG vaccine against tuberculosis: a sample review of Colditz et al. (1994)</title>");
    expect(text("bcg/forest.svg")).toContain(">Tuberculosis: BCG vaccine vs no vaccine<");
  });

  it("the Favours labels are the spec's arm labels, BCG vaccine on the side of fewer TB cases", () => {
    const svg = text("bcg/forest.svg");
    // Each label wraps under its side of the line of no effect: the left one ends at it (text-anchor end), the right one starts at it.
    const items = [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map((m) => ({
      end: /text-anchor="end"/.test(m[1]!),
      x: Number(/translate\(([-\d.]+),/.exec(m[1]!)?.[1]),
      text: m[2]!,
    }));
    const favours = (end: boolean) => {
      const side = items.filter((item) => item.end === end);
      const start = side.findIndex((item) => item.text.startsWith("Favours"));
      return { x: side[start]!.x, text: side.slice(start).map((item) => item.text).join(" ") };
    };
    const [left, right] = [favours(true), favours(false)];
    expect(left.text.startsWith("Favours BCG vaccine")).toBe(true);
    expect(right.text.startsWith("Favours no vaccine")).toBe(true);
    expect(left.x).toBeLessThan(right.x);
  });

  it("the forest table's total is metafor's pooled RR and its interval", () => {
    const total = parseCsv(text("bcg/forest.csv")).find((row) => row["Study or Subgroup"] === "Total (95% CI)")!;
    // The CSV rounds effects to 4 decimals, as its header says: within half a unit of the last decimal.
    near(Number(total["Risk Ratio (4 decimals)"]), fixture.overall.rr, tol.csvRatio);
    near(Number(total["95% CI lower"]), fixture.overall.rrCiLower, tol.csvRatio);
    near(Number(total["95% CI upper"]), fixture.overall.rrCiUpper, tol.csvRatio);
  });

  it("no file names the naltrexone review, and the reading guide names the analysis's 95% level", () => {
    for (const name of files.filter((f) => /\.(html|svg|csv|md|json)$/.test(f))) expect(text(name), name).not.toMatch(/naltrexone|trichotillomania|self-injur/i);
    expect(text("index.html")).toContain("with the 95% confidence interval as a line");
  });

  it("characteristics: n per arm from each result's totals (said to be analysed), latitude and allocation as columns, no empty dose class column, arms by label", () => {
    const rows = parseCsv(text("bcg/evidence.csv"));
    expect(Object.keys(rows[0]!)).not.toContain("Dose class");
    expect(rows).toHaveLength(fixture.trials.length);
    fixture.trials.forEach((trial, i) => {
      const row = rows[i]!;
      const [treated, control] = [trial.tpos + trial.tneg, trial.cpos + trial.cneg];
      expect(row["n per arm"]).toBe(`BCG vaccine: ${treated} (analysed); no vaccine: ${control} (analysed)`);
      expect(Number(row["latitude"])).toBe(trial.ablat);
      expect(row["allocation"]).toBe(trial.alloc);
      expect(row["Result as reported"]).toBe(`TB cases: BCG vaccine ${trial.tpos}/${treated}; no vaccine ${trial.cpos}/${control}`);
    });
  });

  it("the page names each input file once", () => {
    const made = /Made by metakit [^ ]+ from ([^<]*)\.<\/p>/.exec(text("index.html"))?.[1] ?? "";
    const sources = made.split(", ");
    expect(sources).toHaveLength(2);
    expect(new Set(sources).size).toBe(sources.length);
    expect(sources.some((s) => s.endsWith("analysis.yaml"))).toBe(true);
    expect(sources.some((s) => s.endsWith("trials.yaml"))).toBe(true);
  });

  it("a review without claims or narrative results gets no claims files, no empty narrative table and no claims section", () => {
    for (const name of ["claims.md", "claims.csv", "bcg/narrative.csv"]) expect(files).not.toContain(name);
    expect(text("index.html")).not.toContain("Claims audit");
    expect(text("index.html")).not.toContain('id="claims-audit"');
  });
});
