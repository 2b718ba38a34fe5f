/**
 * Output folders are never created behind the user's back: every command creates the
 * output it is asked for (a figure, the merged extraction, the report's own folder) in a
 * folder that exists, and refuses a path whose folder is missing (a typo such as
 * "reprots/") with one line, exit 2, before any work and without writing anything.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { metakit, repoRoot } from "./run-cli.js";

const bcg = `${repoRoot}data/sample/bcg.csv`;
const spec = `${repoRoot}data/sample/bcg/analysis.yaml`;

function refusedWithoutWriting(run: { code: number; stdout: string; stderr: string }, dir: string, line: string): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr).toBe(`error: ${line}\n`);
  expect(readdirSync(dir).filter((name) => name !== "file.txt")).toEqual([]);
}

describe("an output whose folder does not exist is refused, and no folder is made", () => {
  const cases: [string, (out: string) => string[]][] = [
    ["forest --out", (out) => ["forest", bcg, "-m", "RR", "--out", out]],
    ["funnel --out", (out) => ["funnel", bcg, "-m", "RR", "--out", out]],
    ["sensitivity --plot", (out) => ["sensitivity", bcg, "-m", "RR", "--leave-one-out", "--plot", out]],
    ["regress --plot", (out) => ["regress", bcg, "-m", "RR", "--mods", "ablat", "--plot", out]],
    ["reconcile --out", (out) => ["reconcile", bcg.replace("bcg.csv", "bcg/trials.yaml"), bcg.replace("bcg.csv", "bcg/trials.yaml"), "--out", out]],
    ["report --out", (out) => ["report", spec, "--data", `${repoRoot}data/sample/bcg`, "--out", out]],
  ];

  it.each(cases)("%s", { timeout: 60_000 }, async (name, args) => {
    const dir = mkdtempSync(join(tmpdir(), "metakit-out-"));
    const option = name.split(" ")[1]!;
    const file = name.startsWith("report") ? "reports" : name.startsWith("reconcile") ? "merged.yaml" : "figure.svg";
    const missing = join(dir, "reprots", "sub", file);
    refusedWithoutWriting(await metakit(...args(missing)), dir, `${option} ${missing}: the folder ${join(dir, "reprots", "sub")} does not exist; create it first (metakit creates the output, not the folders above it)`);
    writeFileSync(join(dir, "file.txt"), "not a folder");
    const blocked = join(dir, "file.txt", file);
    refusedWithoutWriting(await metakit(...args(blocked)), dir, `${option} ${blocked}: ${join(dir, "file.txt")} is a file, not a folder`);
  });

  // figures written into existing folders: figures.test.ts (render project)
  it("the output itself is created in a folder that exists (reconcile's merged file)", { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "metakit-out-"));
    const trials = `${repoRoot}data/sample/bcg/trials.yaml`;
    const merged = await metakit("reconcile", trials, trials, "--out", join(dir, "merged.yaml"));
    expect(merged.code).toBe(0);
    expect(existsSync(join(dir, "merged.yaml"))).toBe(true);
  });
});
