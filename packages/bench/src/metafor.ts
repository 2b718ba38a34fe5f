/**
 * Times metafor's rma() and confint() on the same data, when Rscript with metafor is on
 * PATH. The data go to a temporary CSV; R reports the median elapsed time of a few runs.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface MetaforTiming {
  readonly fitMs: number;
  readonly fitWithCiMs: number;
  readonly tau2: number;
}

/** The metafor version, or undefined when Rscript or metafor is missing. */
export function metaforVersion(): string | undefined {
  const r = spawnSync("Rscript", ["-e", 'cat(as.character(packageVersion("metafor")))'], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() !== "" ? r.stdout.trim() : undefined;
}

const SCRIPT = `
suppressPackageStartupMessages(library(metafor))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
reps <- as.integer(args[2])
fit <- replicate(reps, system.time(rma(d$yi, d$vi, method = "REML"))[["elapsed"]])
tau2 <- rma(d$yi, d$vi, method = "REML")$tau2
both <- replicate(reps, system.time({ r <- rma(d$yi, d$vi, method = "REML"); confint(r) })[["elapsed"]])
cat(sprintf("%.17g %.17g %.17g", median(fit) * 1000, median(both) * 1000, tau2))
`;

/** metafor's median times (ms) for REML and REML + Q-profile CI on yi, vi. */
export function timeMetafor(yi: Float64Array, vi: Float64Array, reps: number): MetaforTiming {
  const dir = mkdtempSync(join(tmpdir(), "metakit-bench-"));
  try {
    const csv = join(dir, "data.csv");
    const script = join(dir, "time.R");
    const lines = ["yi,vi", ...Array.from(yi, (y, i) => `${y.toPrecision(17)},${vi[i]!.toPrecision(17)}`)];
    writeFileSync(csv, lines.join("\n") + "\n");
    writeFileSync(script, SCRIPT);
    const r = spawnSync("Rscript", [script, csv, String(reps)], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`Rscript failed: ${r.stderr}`);
    const [fitMs, fitWithCiMs, tau2] = r.stdout.trim().split(/\s+/).map(Number);
    return { fitMs: fitMs!, fitWithCiMs: fitWithCiMs!, tau2: tau2! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
