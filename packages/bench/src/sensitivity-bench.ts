/**
 * The issue-7 benchmark: leave-one-out (k = 100 and 1,000, REML), influence diagnostics
 * (k = 100), GOSH (k = 15, all 32,767 subsets) and a 1,000-permutation test of a
 * meta-regression (k = 30), on seeded synthetic data, with metafor's leave1out(),
 * influence(), gosh() and permutest() timed on the same data when Rscript is installed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gosh, influenceDiagnostics, leaveOneOut, permutationTest } from "@metakit/core";
import { mulberry32, syntheticStudies } from "./prng.js";
import { time } from "./timing.js";

const SEED = 20261121;

interface Case {
  readonly name: string;
  readonly goalMs: number;
  readonly yi: Float64Array;
  readonly vi: Float64Array;
  readonly x?: Float64Array;
  readonly run: () => unknown;
  /** R expression timed on d (data frame with yi, vi, x); undefined: not timed in R. */
  readonly r?: string;
  /** Factor from the R expression's work to the case's (when R runs a sample of it). */
  readonly rScale?: number;
}

function withModerator(k: number, seed: number) {
  const data = syntheticStudies(k, seed);
  const uniform = mulberry32(seed + 1);
  const x = Float64Array.from({ length: k }, () => 10 + 40 * uniform());
  const yi = data.yi.map((y, i) => y + 0.01 * x[i]!);
  return { yi, vi: data.vi, x };
}

function cases(): Case[] {
  const loo100 = syntheticStudies(100, SEED + 100);
  const loo1000 = syntheticStudies(1000, SEED + 1000);
  const gosh15 = syntheticStudies(15, SEED + 15);
  const perm30 = withModerator(30, SEED + 30);
  const moderator = [{ kind: "numeric" as const, name: "x", values: perm30.x }];
  return [
    { name: "leave-one-out, k = 100, REML", goalMs: 10, ...loo100, run: () => leaveOneOut(loo100), r: "leave1out(rma(yi, vi, data = d))" },
    { name: "influence, k = 100, REML", goalMs: 20, ...loo100, run: () => influenceDiagnostics(loo100), r: "influence(rma(yi, vi, data = d))" },
    {
      name: "GOSH, k = 15 (32,767 fits), REML",
      goalMs: 25,
      ...gosh15,
      run: () => gosh(gosh15, () => undefined),
      // metafor takes minutes for all 32,767 fits: timed on 1,000 random subsets, scaled up
      r: "gosh(rma(yi, vi, data = d), subsets = 1000, progbar = FALSE)",
      rScale: 32767 / 1000,
    },
    {
      name: "GOSH, k = 15 (32,767 fits), DL",
      goalMs: 25,
      ...gosh15,
      run: () => gosh(gosh15, () => undefined, { method: "DL" }),
      r: "gosh(rma(yi, vi, data = d, method = 'DL'), progbar = FALSE)",
    },
    {
      name: "permutations, 1,000, k = 30, REML",
      goalMs: 50,
      ...perm30,
      run: () => permutationTest(perm30, moderator, { permutations: 1000, seed: 1 }),
      r: "permutest(rma(yi, vi, mods = ~ x, data = d), iter = 1000)",
    },
    { name: "leave-one-out, k = 1,000, REML", goalMs: 1000, ...loo1000, run: () => leaveOneOut(loo1000) },
  ];
}

/** metafor's elapsed ms for an expression on the case's data (one run after a warm-up). */
function timeInR(c: Case): number | undefined {
  if (c.r === undefined) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "metakit-bench-"));
  try {
    const csv = join(dir, "d.csv");
    const rows = Array.from(c.yi, (y, i) => `${y.toPrecision(17)},${c.vi[i]!.toPrecision(17)},${c.x?.[i]?.toPrecision(17) ?? 0}`);
    writeFileSync(csv, ["yi,vi,x", ...rows].join("\n") + "\n");
    const script = `suppressPackageStartupMessages(library(metafor)); d <- read.csv("${csv}")
invisible(suppressMessages(${c.r})); cat(system.time(suppressMessages(${c.r}))[["elapsed"]] * 1000)`;
    const r = spawnSync("Rscript", ["-e", script], { encoding: "utf8" });
    return r.status === 0 ? Number(r.stdout.trim().split(/\s+/).at(-1)) * (c.rScale ?? 1) : undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (x: number) => (x < 10 ? x.toFixed(3) : x < 1000 ? x.toFixed(1) : x.toFixed(0));

/** Prints the table: metakit median, the goal, metafor and the ratio. */
export function runSensitivityBench(withR: boolean): void {
  console.log("");
  console.log("@metakit/core sensitivity / permutation benchmark (issue 7): median ms of repeated runs");
  console.log("metafor: one run after a warm-up, same data; its REML GOSH (minutes) timed on 1,000 subsets and scaled to 32,767; leave1out at k = 1,000 not run in R");
  const header = ["case", "metakit", "goal", "met", "metafor", "ratio"];
  const rows = cases().map((c) => {
    const t = time(c.run, c.goalMs > 100 ? 5 : 30);
    const r = withR ? timeInR(c) : undefined;
    return [c.name, ms(t.medianMs), `< ${c.goalMs}`, t.medianMs < c.goalMs ? "yes" : "NO", r === undefined ? "-" : ms(r), r === undefined ? "-" : `${(r / t.medianMs).toFixed(0)}x`];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [header, ...rows]) console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "));
}
