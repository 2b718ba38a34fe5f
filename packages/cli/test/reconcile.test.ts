import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseYaml } from "@metakit/schema";
import { registerReconcile } from "../src/commands/reconcile.js";
import { registerValidate } from "../src/commands/validate.js";
import { runCommand } from "./schema-command.js";

const reconcile = (...args: string[]) => runCommand(registerReconcile, ["reconcile", ...args]);

/** Copies the two reviewers' files into a fresh temporary folder (tests write only there). */
function workspace(): { dir: string; a: string; b: string } {
  const dir = mkdtempSync(join(tmpdir(), "metakit-reconcile-"));
  const a = join(dir, "reviewer-a.yaml");
  const b = join(dir, "reviewer-b.yaml");
  copyFileSync(new URL("./fixtures/reconcile/reviewer-a.yaml", import.meta.url), a);
  copyFileSync(new URL("./fixtures/reconcile/reviewer-b.yaml", import.meta.url), b);
  return { dir, a, b };
}

describe("metakit reconcile A B", () => {
  it("lists every disagreement with both values and the record it belongs to", async () => {
    const { a, b } = workspace();
    const run = await reconcile(a, b);
    expect(run.code).toBe(1); // as diff: the extractions disagree
    expect(run.stderr).toBe("error: the extractions disagree in 3 fields\n");
    expect(run.stdout.split("\n")).toEqual([
      `studies s1 (A: ${a}:3:5: studies[0]; B: ${b}:3:5: studies[0])`,
      '  design: A "parallel-rct" | B "crossover-rct"',
      `studies s2 (A: ${a}:4:5: studies[1]; B: absent)`,
      '  (record): A {"id":"s2","indication":"depression","citation":{"year":2020},"design":"parallel-rct","population":"adults"} | B (absent)',
      `results s1-hamd (A: ${a}:9:5: results[0]; B: ${b}:8:5: results[0])`,
      "  arms[0].sd.value: A 7.7 | B 7.1",
      "reconcile: 46 fields compared, 44 agreed, 3 conflicts",
      "",
    ]);
  });

  it("writes the agreed values and the conflict list, never touching the inputs", async () => {
    const { dir, a, b } = workspace();
    const before = [readFileSync(a, "utf8"), readFileSync(b, "utf8")];
    const out = join(dir, "merged.yaml");
    const run = await reconcile(a, b, "--out", out);
    expect(run.code).toBe(1); // written, and still a disagreement
    expect(run.stdout).toContain(`wrote ${out}\n`);
    expect([readFileSync(a, "utf8"), readFileSync(b, "utf8")]).toEqual(before);
    const merged = parseYaml(out, readFileSync(out, "utf8"));
    if (merged.parsed?.type !== "extraction") throw new Error("merged file is not an extraction");
    const hamd = merged.parsed.records.results[0]?.record;
    expect(hamd?.form === "continuous" ? hamd.arms.map((arm) => arm.sd?.value) : []).toEqual([undefined, 5.9]);
    expect(merged.parsed.records.arms.map((l) => l.record.randomised?.value)).toEqual([6, 6]);
    expect(merged.parsed.conflicts.map((c) => `${c.kind} ${c.key} ${c.path}`)).toEqual([
      "studies s1 design",
      "studies s2 (record)",
      "results s1-hamd arms[0].sd.value",
    ]);
    expect(existsSync(join(dir, ".merged.yaml.tmp"))).toBe(false);
  });

  it("validate(merged) fails until the conflicts are resolved", async () => {
    const { dir, a, b } = workspace();
    const out = join(dir, "merged.yaml");
    await reconcile(a, b, "--out", out);
    const run = await runCommand(registerValidate, ["validate", out]);
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n").slice(0, 4)).toEqual([
      `${out}:4:5: studies[0].design: missing required field`,
      `${out}:66:5: conflicts[0]: unresolved reconciliation conflict on study s1, field design: A "parallel-rct", B "crossover-rct"`,
      `${out}:71:5: conflicts[1]: unresolved reconciliation conflict on study s2, field (record): A {"id":"s2","indication":"depression","citation":{"year":2020},"design":"parallel-rct","population":"adults"}, B (absent)`,
      `${out}:82:5: conflicts[2]: unresolved reconciliation conflict on result s1-hamd, field arms[0].sd.value: A 7.7, B 7.1`,
    ]);
  });

  it("does not replace an existing output without --force", async () => {
    const { dir, a, b } = workspace();
    const out = join(dir, "merged.yaml");
    writeFileSync(out, "keep me\n");
    const refused = await reconcile(a, b, "--out", out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`error: ${out} exists; use --force to replace it\n`);
    expect(readFileSync(out, "utf8")).toBe("keep me\n");
    const forced = await reconcile(a, b, "--out", out, "--force");
    expect(forced.code).toBe(1);
    expect(readFileSync(out, "utf8")).toContain("conflicts:");
  });

  it("refuses an output that names an input, even with --force", async () => {
    const { a, b } = workspace();
    const before = readFileSync(b, "utf8");
    const run = await reconcile(a, b, "--out", b, "--force");
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: --out names an input file; the inputs are never modified\n");
    expect(readFileSync(b, "utf8")).toBe(before);
  });

  it("compares a CSV extraction with a YAML one by value, not by format", async () => {
    const { dir, a } = workspace();
    const csv = join(dir, "reviewer-a-arms.csv");
    copyFileSync(new URL("./fixtures/reconcile/reviewer-a-arms.csv", import.meta.url), csv);
    const run = await reconcile(csv, a);
    const lines = run.stdout.split("\n");
    expect(lines.filter((line) => line.startsWith("arms "))).toEqual([]);
    expect(lines.filter((line) => line.startsWith("studies ") || line.startsWith("results "))).toEqual([
      `studies s1 (A: absent; B: ${a}:3:5: studies[0])`,
      `studies s2 (A: absent; B: ${a}:4:5: studies[1])`,
      `results s1-hamd (A: absent; B: ${a}:9:5: results[0])`,
    ]);
  });

  it("exits 0 when the two extractions agree, as diff does", async () => {
    const { a } = workspace();
    const run = await reconcile(a, a);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^reconcile: (\d+) fields compared, \1 agreed, 0 conflicts\n$/);
  });

  it("stops on a file that does not parse, naming the problem", async () => {
    const { dir, a } = workspace();
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "studies:\n  - {id: s1, indication: depression, citation: {}, design: rct, population: adults}\n");
    const run = await reconcile(a, bad);
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")[0]).toBe(`${bad}:2:60: studies[0].design: expected one of "parallel-rct", "crossover-rct", "crossover", "cluster-rct", "non-randomised-controlled", "cohort", "single-arm-trial", "case-series", "case-report", "n-of-1", "review"`);
  });
});
