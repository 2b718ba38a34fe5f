/**
 * The issue-18 benchmark: bayesMeta (half-normal(0.5) prior on tau, uniform on mu) at
 * k = 5, 20 and 100 on seeded synthetic data: posterior summaries of mu, tau and the
 * prediction (goal: under 20 ms at k <= 100), and the same with every study's shrinkage
 * median and shortest interval. When R has bayesmeta (on R_LIBS), bayesmeta() with its
 * default accuracy runs once on the same data at k = 5 and 20 (it takes seconds).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bayesMeta } from "@metakit/core";
import { syntheticStudies } from "./prng.js";
import { time } from "./timing.js";

const SEED = 20261207;
const GOAL_MS = 20;
const PRIOR = { family: "halfnormal", scale: 0.5 } as const;

const SCRIPT = `
suppressPackageStartupMessages(library(bayesmeta))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
t <- system.time(b <- bayesmeta(y = d$yi, sigma = sqrt(d$vi), tau.prior = function(t) dhalfnormal(t, scale = 0.5)))[["elapsed"]]
cat(sprintf("%.17g %.17g", t * 1000, b$summary["median", "mu"]))
`;

function bayesmetaAvailable(): boolean {
  const r = spawnSync("Rscript", ["-e", "cat(requireNamespace('bayesmeta', quietly = TRUE))"], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() === "TRUE";
}

function timeBayesmeta(yi: Float64Array, vi: Float64Array): { ms: number; muMedian: number } {
  const dir = mkdtempSync(join(tmpdir(), "metakit-bench-bayes-"));
  try {
    const csv = join(dir, "data.csv");
    const script = join(dir, "time.R");
    writeFileSync(csv, ["yi,vi", ...Array.from(yi, (y, i) => `${y.toPrecision(17)},${vi[i]!.toPrecision(17)}`)].join("\n") + "\n");
    writeFileSync(script, SCRIPT);
    const r = spawnSync("Rscript", [script, csv], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`Rscript failed: ${r.stderr}`);
    const [ms, muMedian] = r.stdout.trim().split(/\s+/).map(Number);
    return { ms: ms!, muMedian: muMedian! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function runBayesBench(withR: boolean): void {
  const r = withR && bayesmetaAvailable();
  console.log("");
  console.log("bayesMeta (issue 18): half-normal(0.5) prior on tau, median ms of repeated runs");
  console.log(r ? "bayesmeta: one run with its default accuracy at k <= 20" : "bayesmeta: skipped (R package bayesmeta not found; set R_LIBS)");
  console.log(["k", "support", "summaries", "+ shrinkage", "bayesmeta", "ratio", "mu median diff"].map((c) => c.padStart(16)).join(""));
  for (const k of [5, 20, 100]) {
    const data = syntheticStudies(k, SEED + k);
    const input = { yi: Array.from(data.yi), vi: Array.from(data.vi) };
    const summaries = time(() => bayesMeta(input, { tauPrior: PRIOR, shrinkageQuantiles: false }), 50);
    const full = time(() => bayesMeta(input, { tauPrior: PRIOR }), 10);
    const result = bayesMeta(input, { tauPrior: PRIOR, shrinkageQuantiles: false });
    const bm = r && k <= 20 ? timeBayesmeta(data.yi, data.vi) : undefined;
    const cells = [
      String(k),
      String(result.accuracy.supportPoints),
      summaries.medianMs.toFixed(2),
      full.medianMs.toFixed(2),
      bm ? bm.ms.toFixed(0) : "-",
      bm ? `${(bm.ms / summaries.medianMs).toFixed(0)}x` : "-",
      bm ? Math.abs(bm.muMedian - result.mu.median).toExponential(1) : "-",
    ];
    console.log(cells.map((c) => c.padStart(16)).join(""));
    if (k === 100) {
      console.log(`goal: posterior summaries at k = 100 < ${GOAL_MS} ms: ${summaries.medianMs.toFixed(2)} ms, ${summaries.medianMs < GOAL_MS ? "met" : "NOT met"}`);
    }
  }
}
