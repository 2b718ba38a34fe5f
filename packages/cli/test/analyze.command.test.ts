/** `metakit analyze SPEC [--data PATH...] [--format text|json]`, run in-process. */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { AnalysisResult } from "@metakit/review";
import { metakit, repoRoot, tempFile } from "./run-cli.js";

// Each analysis takes about a second of CPU (the Bayesian sensitivity analyses with a heavy-tailed
// empirical prior about half of it); the shared test machine can be slowed many times over.
vi.setConfig({ testTimeout: 120_000 });

const data = `${repoRoot}data`;
const spec = (name: string) => `${repoRoot}analyses/${name}.yaml`;

describe("metakit analyze", () => {
  it("text: effect sizes with their conversions, not-estimable reasons, scenarios and the Summary of Findings", async () => {
    const { code, stdout, stderr } = await metakit("analyze", spec("pain"), "--data", data);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/== Pain intensity \[pain-vs-placebo\]: comparative, Std\. mean difference/);
    expect(stdout).toMatch(/bruun2024-pain-md .*\n\s+-0\.22 \[-0\.61, 0\.18\]\s+n = 99/);
    expect(stdout).toMatch(/conversion se-from-ci: SE = \(upper - lower\)/);
    expect(stdout).toMatch(/bested2023-spir .*\n\s+not estimable: only a median of the within-person differences/);
    expect(stdout).toMatch(/Scenario correlation-0\.3: Crossover correlation 0\.3/);
    expect(stdout).toMatch(/== GRADE: Summary of Findings\n {2}Pain intensity \(vs placebo\): SMD 0\.22 lower/);
    expect(stdout).toMatch(/⊕◯◯◯ very low/);
  });

  it("json: the full AnalysisResult (effects with conversions, pooled models, scenarios, not estimable, GRADE)", async () => {
    const { code, stdout } = await metakit("analyze", spec("depression"), "--data", data, "--format", "json");
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as AnalysisResult;
    expect(r.spec).toMatchObject({ id: "depression", indication: "depression" });
    expect(r.syntheses[0]!.effects.map((e) => [e.result, e.estimable])).toEqual([
      ["mischoulon2017-hamd17", true],
      ["moloney2026-madrs", false],
    ]);
    expect(r.syntheses[0]!.pooled!.model.k).toBe(1);
    expect(r.scenarios.map((s) => s.id)).toEqual(["equal-split", "z-test", "exclude-high-risk-of-bias", "bayes-equal-split"]);
    // the Bayesian sensitivity analysis of the two trials of equal-split (issue 18), beside their frequentist refit
    expect(r.scenarios[3]!.syntheses[0]!.synthesis.alternative).toMatchObject({ type: "bayes", role: "sensitivity", notApplicable: null });
    expect(r.scenarios[3]!.syntheses[0]!.synthesis.alternative!.fit!.k).toBe(2);
    expect(r.scenarios[0]!.syntheses[0]!.synthesis.pooled!.model.k).toBe(2);
    expect(r.notEstimable).toHaveLength(1);
    expect(r.grade.ratings[0]!.certainty).toBe("very low");
    expect(r.grade.summaryOfFindings!.rows[0]!.symbols).toBe("⊕◯◯◯");
    expect(r.problems).toEqual([]);
  });

  it("a data file that does not parse is a listed problem; the analysis of the rest goes on", async () => {
    const folder = mkdtempSync(join(tmpdir(), "metakit-analyze-"));
    for (const name of ["depression.yaml", "pain.yaml", "nssi.yaml", "trichotillomania.yaml"]) copyFileSync(`${data}/${name}`, join(folder, name));
    writeFileSync(join(folder, "broken.yaml"), "results:\n  - {id: x, study: y, form: nonsense}\n");
    const { code, stdout, stderr } = await metakit("analyze", spec("nssi"), "--data", folder, "--format", "json");
    expect(code).toBe(0);
    expect(stderr).toMatch(/analyze: \d+ problems? \(listed in the output\); everything else was computed/);
    const r = JSON.parse(stdout) as AnalysisResult;
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems.every((p) => p.stage === "data" && p.message.includes("broken.yaml"))).toBe(true);
    // nssi describes its six counts without pooling (pool: false): all six estimated, none pooled
    expect(r.syntheses[0]!.effects.filter((e) => e.estimable)).toHaveLength(6);
    expect(r.syntheses[0]!.pooled).toBeNull();
  });

  it("missing data make results not estimable, not the command fail: without data/ every result is named as missing", async () => {
    const empty = mkdtempSync(join(tmpdir(), "metakit-analyze-empty-"));
    const { code, stdout } = await metakit("analyze", spec("trichotillomania"), "--data", empty, "--format", "json");
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as AnalysisResult;
    const main = r.problems.filter((p) => p.scenario === undefined);
    expect(main.map((p) => [p.stage, p.result])).toEqual([["data", "grant2014-nimh-tss"], ["data", "desousa2008-response"]]);
    expect(r.problems.filter((p) => p.scenario === "registry-arm-order").map((p) => p.message)).toContain("no assumption grant2014-arm-order in the data");
    expect(r.syntheses.every((s) => s.pooled === null)).toBe(true);
    expect(r.grade.ratings).toHaveLength(2);
  });

  it("a spec that does not parse exits 1 with its errors; an extraction given as spec is a usage error", async () => {
    const bad = tempFile("bad.yaml", "kind: analysis\nid: x\n");
    const broken = await metakit("analyze", bad, "--data", data);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/bad\.yaml/);
    const wrong = await metakit("analyze", `${data}/pain.yaml`, "--data", data);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/is an extraction file, not an analysis spec/);
  });
});

describe("specs validate rejects are not run", () => {
  const bcg = `${repoRoot}data/sample/bcg`;
  const withSubgroup = (variable: string) => {
    const dir = mkdtempSync(join(tmpdir(), "metakit-spec-"));
    copyFileSync(join(bcg, "trials.yaml"), join(dir, "trials.yaml"));
    const text = readFileSync(join(bcg, "analysis.yaml"), "utf8").replace("subgroups: [allocation]", `subgroups: [${variable}]`);
    writeFileSync(join(dir, "analysis.yaml"), text);
    return dir;
  };
  it("analyze and report stop with validate's error (exit 1, nothing on stdout) on a subgroup variable no study has", async () => {
    const dir = withSubgroup("nosuchvar");
    const analyze = await metakit("analyze", join(dir, "analysis.yaml"), "--data", dir);
    expect([analyze.code, analyze.stdout]).toEqual([1, ""]);
    expect(analyze.stderr).toMatch(/analysis\.yaml:56:17: syntheses\[0\]\.subgroups\[0\]: "nosuchvar" is neither/);
    const report = await metakit("report", join(dir, "analysis.yaml"), "--data", dir, "-o", join(dir, "out"));
    expect([report.code, report.stdout]).toEqual([1, ""]);
    expect(report.stderr).toMatch(/"nosuchvar" is neither/);
  });
  it("the unchanged sample spec still runs", async () => {
    const dir = withSubgroup("allocation");
    expect((await metakit("analyze", join(dir, "analysis.yaml"), "--data", dir)).code).toBe(0);
  });
});

describe("option numbers and partner flags", () => {
  const csv = `${repoRoot}data/sample/bcg.csv`;
  it("refuses a hex number in any numeric option (usage error, exit 2)", async () => {
    const run = await metakit("pool", csv, "--measure", "RR", "--method", "BAYES", "--tau-prior", "uniform:0x10");
    expect([run.code, run.stdout]).toEqual([2, ""]);
    expect(run.stderr).toContain("must be a number greater than 0 (decimal: no hex, no decimal comma)");
  });
  it("refuses --inner without --cluster and --small-sample without --robust", async () => {
    const inner = await metakit("pool", csv, "--measure", "RR", "--inner", "alloc");
    expect([inner.code, inner.stderr]).toEqual([2, expect.stringContaining("--inner needs --cluster")]);
    const small = await metakit("pool", csv, "--measure", "RR", "--small-sample", "CR1");
    expect([small.code, small.stderr]).toEqual([2, expect.stringContaining("--small-sample needs --robust")]);
  });
});
