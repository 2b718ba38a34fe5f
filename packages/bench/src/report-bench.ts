/**
 * pnpm bench, report: the whole naltrexone report (four indications, forest plots as SVG
 * and PNG, tables, index.html) timed as a user runs it, `metakit report` in a fresh Node
 * process each time (start-up, parsing, analysis, rendering, writing). Goal: under 5 s.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const RUNS = 3;
const GOAL_MS = 5000;
const REPO = fileURLToPath(new URL("../../../", import.meta.url));

function runReport(out: string): number {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [join(REPO, "packages/cli/dist/main.js"), "report", "--out", out], { cwd: REPO, encoding: "utf8" });
  const ms = performance.now() - t0;
  if (run.status !== 0) throw new Error(`metakit report failed (exit ${run.status}): ${run.stderr}`);
  return ms;
}

export function benchReport(): void {
  const out = mkdtempSync(join(tmpdir(), "metakit-bench-report-"));
  try {
    const samples = Array.from({ length: RUNS }, () => runReport(out)).sort((a, b) => a - b);
    const median = samples[Math.floor(RUNS / 2)]!;
    console.log(`metakit report (analyses/, four indications, PNGs included), ${RUNS} runs from the command line: median ${median.toFixed(0)} ms, slowest ${samples[RUNS - 1]!.toFixed(0)} ms`);
    console.log(`goal: whole report < ${GOAL_MS / 1000} s: ${median < GOAL_MS ? "met" : "NOT met"}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
