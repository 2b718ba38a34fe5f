/**
 * The issue-18 GLMM benchmark: glmm() (metafor's rma.glmm models, 7-node adaptive
 * Gauss–Hermite ML) at k = 10, 50 and 200 on seeded synthetic counts: odds ratios with
 * model UM.FS (2 x 2 tables; goal: under 50 ms at k = 50) and proportions (PLO). When R
 * has metafor, rma.glmm() with its defaults (lme4::glmer, nAGQ = 7) runs on the same data
 * at k <= 50 (median of 3 runs) and the estimates are compared (metafor's default
 * optimiser stops early, so they agree to about 1e-4, not more).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { glmm, type GlmmInput } from "@metakit/core";
import { mulberry32, normal } from "./prng.js";
import { time } from "./timing.js";

const SEED = 20261207;
const GOAL_MS = 50;

const SCRIPT = `
suppressPackageStartupMessages(library(metafor))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
fit <- function() if (args[2] == "OR") rma.glmm(measure = "OR", ai = ai, bi = bi, ci = ci, di = di, data = d) else rma.glmm(measure = "PLO", xi = xi, ni = ni, data = d)
t <- replicate(3, system.time(r <<- suppressWarnings(fit()))[["elapsed"]])
cat(sprintf("%.17g %.17g", median(t) * 1000, r$beta[1]))
`;

/** k 2 x 2 tables: arm sizes 20-200, control logit ~ N(-1.5, 0.8²), log OR ~ N(-0.4, 0.3²). */
export function syntheticTables(k: number, seed: number) {
  const u = mulberry32(seed);
  const z = normal(u);
  const binom = (n: number, p: number) => {
    let x = 0;
    for (let j = 0; j < n; j++) if (u() < p) x++;
    return x;
  };
  const expit = (x: number) => 1 / (1 + Math.exp(-x));
  const ai: number[] = [], bi: number[] = [], ci: number[] = [], di: number[] = [];
  for (let i = 0; i < k; i++) {
    const n1 = 20 + Math.floor(181 * u()), n2 = 20 + Math.floor(181 * u());
    const alpha = -1.5 + 0.8 * z();
    const theta = -0.4 + 0.3 * z();
    const a = binom(n1, expit(alpha + theta)), c = binom(n2, expit(alpha));
    ai.push(a); bi.push(n1 - a); ci.push(c); di.push(n2 - c);
  }
  return { ai, bi, ci, di };
}

function rmaGlmm(input: GlmmInput): { ms: number; estimate: number } | undefined {
  const dir = mkdtempSync(join(tmpdir(), "metakit-bench-glmm-"));
  try {
    const csv = join(dir, "data.csv");
    const script = join(dir, "time.R");
    const cols: Record<string, ArrayLike<number>> =
      input.measure === "OR" ? { ai: input.ai, bi: input.bi, ci: input.ci, di: input.di } : input.measure === "PLO" ? { xi: input.xi, ni: input.ni } : { xi: input.xi, ti: input.ti };
    const names = Object.keys(cols);
    const k = cols[names[0]!]!.length;
    const lines = [names.join(","), ...Array.from({ length: k }, (_, i) => names.map((n) => cols[n]![i]).join(","))];
    writeFileSync(csv, lines.join("\n") + "\n");
    writeFileSync(script, SCRIPT);
    const r = spawnSync("Rscript", [script, csv, input.measure], { encoding: "utf8" });
    if (r.status !== 0) return undefined;
    const [ms, estimate] = r.stdout.trim().split(/\s+/).map(Number);
    return { ms: ms!, estimate: estimate! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function runGlmmBench(withR: boolean): void {
  console.log("");
  console.log("glmm (issue 18): metafor's rma.glmm models by 7-node adaptive Gauss-Hermite ML, median ms of repeated runs");
  console.log(withR ? "metafor rma.glmm (lme4 glmer, nAGQ = 7, its default optimiser): median of 3 runs at k <= 50" : "metafor: skipped (Rscript with metafor not found on PATH)");
  console.log(["model", "k", "glmm ms", "newton iter", "rma.glmm ms", "ratio", "estimate rel"].map((c) => c.padStart(14)).join(""));
  let goal: number | undefined;
  for (const k of [10, 50, 200]) {
    const t = syntheticTables(k, SEED + k);
    const cases: [string, GlmmInput][] = [
      ["OR UM.FS", { measure: "OR", ...t }],
      ["PLO", { measure: "PLO", xi: t.ci, ni: t.ci.map((c, i) => c + t.di[i]!) }],
    ];
    for (const [name, input] of cases) {
      const timing = time(() => glmm(input), k <= 50 ? 30 : 10);
      const result = glmm(input);
      const r = withR && k <= 50 ? rmaGlmm(input) : undefined;
      if (name === "OR UM.FS" && k === 50) goal = timing.medianMs;
      const cells = [
        name,
        String(k),
        timing.medianMs.toFixed(2),
        String(result.iterations),
        r ? r.ms.toFixed(0) : "-",
        r ? `${(r.ms / timing.medianMs).toFixed(0)}x` : "-",
        r ? (Math.abs(r.estimate - result.estimate) / Math.abs(result.estimate)).toExponential(1) : "-",
      ];
      console.log(cells.map((c) => c.padStart(14)).join(""));
    }
  }
  console.log(`goal: GLMM (OR, UM.FS) at k = 50 < ${GOAL_MS} ms: ${goal!.toFixed(2)} ms, ${goal! < GOAL_MS ? "met" : "NOT met"}`);
}
