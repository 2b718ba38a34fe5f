/**
 * pnpm bench, three-level rows: multilevelModel() (REML, random = ~ 1 | cluster/id, clusters
 * of 5) at k = 500 ... 100,000 on seeded synthetic data, with and without CR2 cluster-robust
 * tests, beside metafor's rma.mv() (default, and sparse = TRUE) and robust(clubSandwich = TRUE)
 * on the same data in the same run. metafor's default rma.mv forms k x k matrices (minutes
 * at k = 2,000): it runs up to METAKIT_BENCH_RMV_MAX_K (default 500, seconds; 2000 for the
 * goal's own size, which takes minutes), sparse = TRUE up to METAKIT_BENCH_RMV_SPARSE_MAX_K
 * (default 10000). The load average is printed with the rows: the machine is shared.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { availableParallelism, loadavg } from "node:os";
import { multilevelModel } from "@metakit/core";
import { mulberry32, normal } from "./prng.js";
import { time } from "./timing.js";

const SEED = 20261207;
const CLUSTER_SIZE = 5;
const SIZES = [500, 2_000, 10_000, 100_000];
const DEFAULT_MAX_K = Number(process.env["METAKIT_BENCH_RMV_MAX_K"] ?? 500);
const SPARSE_MAX_K = Number(process.env["METAKIT_BENCH_RMV_SPARSE_MAX_K"] ?? 10000);

interface ThreeLevelData {
  readonly yi: Float64Array;
  readonly vi: Float64Array;
  readonly cluster: string[];
}

/** Clusters of 5: yi = 0.3 + u_c + w_i + e_i, u ~ N(0, 0.05), w ~ N(0, 0.03), vi ~ U(0.01, 0.5). */
export function syntheticThreeLevel(k: number, seed: number): ThreeLevelData {
  const uniform = mulberry32(seed);
  const z = normal(uniform);
  const yi = new Float64Array(k);
  const vi = new Float64Array(k);
  const cluster: string[] = [];
  let u = 0;
  for (let i = 0; i < k; i++) {
    if (i % CLUSTER_SIZE === 0) u = Math.sqrt(0.05) * z();
    vi[i] = 0.01 + 0.49 * uniform();
    yi[i] = 0.3 + u + Math.sqrt(0.03 + vi[i]!) * z();
    cluster.push(`c${Math.floor(i / CLUSTER_SIZE)}`);
  }
  return { yi, vi, cluster };
}

const SCRIPT = `
suppressPackageStartupMessages({ library(metafor); library(clubSandwich) })
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1]); sparse <- args[2] == "TRUE"; robust <- args[3] == "TRUE"
d$id <- seq_len(nrow(d))
t <- system.time(res <- rma.mv(yi, vi, random = ~ 1 | cluster/id, data = d, sparse = sparse))[["elapsed"]]
tr <- if (robust) system.time(robust(res, cluster = d$cluster, clubSandwich = TRUE))[["elapsed"]] else NA
cat(sprintf("%.17g %.17g %.17g %.17g", t * 1000, tr * 1000, res$sigma2[1], res$sigma2[2]))
`;

interface RmvTiming {
  readonly ms: number;
  readonly robustMs: number;
  readonly sigma2: readonly [number, number];
}

function timeRmaMv(data: ThreeLevelData, sparse: boolean, robust: boolean): RmvTiming {
  const dir = mkdtempSync(join(tmpdir(), "metakit-bench-mv-"));
  try {
    const csv = join(dir, "data.csv");
    const script = join(dir, "time.R");
    const lines = ["yi,vi,cluster", ...Array.from(data.yi, (y, i) => `${y.toPrecision(17)},${data.vi[i]!.toPrecision(17)},${data.cluster[i]}`)];
    writeFileSync(csv, lines.join("\n") + "\n");
    writeFileSync(script, SCRIPT);
    const r = spawnSync("Rscript", [script, csv, sparse ? "TRUE" : "FALSE", robust ? "TRUE" : "FALSE"], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`Rscript failed: ${r.stderr}`);
    const [ms, robustMs, s0, s1] = r.stdout.trim().split(/\s+/).map(Number);
    return { ms: ms!, robustMs: robustMs!, sigma2: [s0!, s1!] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (x: number) => (Number.isNaN(x) ? "-" : x < 10 ? x.toFixed(3) : x < 1000 ? x.toFixed(1) : x.toFixed(0));
const WIDTHS = [9, 9, 5, 11, 11, 13, 12, 12, 9, 9, 11, 9];
const line = (cells: string[]) => cells.map((c, i) => c.padStart(WIDTHS[i]!)).join(" ");

/** Prints the three-level rows and the goals of issue 17. */
export function runMultilevelBench(withR: boolean): void {
  console.log("");
  console.log(`three-level REML (random = ~ 1 | cluster/id, clusters of ${CLUSTER_SIZE}): median ms; metafor one run each, same data; load average ${loadAverage()}`);
  console.log(line(["k", "clusters", "iter", "metakit", "+ CR2", "rma.mv", "sparse=TRUE", "robust CR2", "ratio", "ratio sp", "ratio CR2", "sigma2 rel"]));
  const results = new Map<number, { fit: number; ratio?: number; ratioSparse?: number }>();
  for (const k of SIZES) {
    const data = syntheticThreeLevel(k, SEED + k);
    const runs = k <= 2_000 ? 50 : k <= 10_000 ? 20 : 7;
    const fit = time(() => multilevelModel(data), runs);
    const robust = time(() => multilevelModel(data, { robust: { method: "CR2" } }), runs);
    const result = multilevelModel(data);
    const dense = withR && k <= DEFAULT_MAX_K ? timeRmaMv(data, false, false) : undefined;
    const sparse = withR && k <= SPARSE_MAX_K ? timeRmaMv(data, true, true) : undefined;
    const reference = sparse ?? dense;
    const rel = reference ? Math.max(...result.sigma2.map((s, j) => Math.abs(s - reference.sigma2[j]!) / s)) : NaN;
    const ratio = dense ? dense.ms / fit.medianMs : undefined;
    const ratioSparse = sparse ? sparse.ms / fit.medianMs : undefined;
    results.set(k, { fit: fit.medianMs, ...(ratio !== undefined && { ratio }), ...(ratioSparse !== undefined && { ratioSparse }) });
    console.log(
      line([
        k.toLocaleString("en-US"),
        (k / CLUSTER_SIZE).toLocaleString("en-US"),
        String(result.convergence.iterations),
        fmt(fit.medianMs),
        fmt(robust.medianMs),
        dense ? fmt(dense.ms) : "-",
        sparse ? fmt(sparse.ms) : "-",
        sparse ? fmt(sparse.robustMs) : "-",
        ratio !== undefined ? `${ratio.toFixed(0)}x` : "-",
        ratioSparse !== undefined ? `${ratioSparse.toFixed(0)}x` : "-",
        sparse ? `${(sparse.robustMs / robust.medianMs).toFixed(0)}x` : "-",
        Number.isNaN(rel) ? "-" : rel.toExponential(1),
      ]),
    );
  }
  console.log("ratio = rma.mv / metakit; ratio sp = rma.mv(sparse = TRUE) / metakit; ratio CR2 = (robust(clubSandwich = TRUE) alone) / (metakit fit + CR2); sigma2 rel vs metafor's (default stopping rule)");
  const at2000 = results.get(2_000)!;
  const at1e5 = results.get(100_000)!;
  const largestDense = [...results].filter(([, r]) => r.ratio !== undefined).pop();
  const dense =
    at2000.ratio !== undefined
      ? `${at2000.ratio.toFixed(0)}x (${at2000.ratio >= 10_000 ? "met" : "NOT met"})`
      : `rma.mv default not run at k = 2,000 (minutes; METAKIT_BENCH_RMV_MAX_K=2000 runs it)${largestDense === undefined ? "" : `, ${largestDense[1].ratio!.toFixed(0)}x at k = ${largestDense[0].toLocaleString("en-US")}, and the ratio grows with k (k x k matrices)`}`;
  console.log(
    `goal: k = 2,000 in 400 clusters >= 10,000x rma.mv and >= 100x sparse = TRUE: ${dense}, ` +
      `${at2000.ratioSparse === undefined ? "sparse not run" : `${at2000.ratioSparse.toFixed(0)}x (${at2000.ratioSparse >= 100 ? "met" : "NOT met"})`}`,
  );
  console.log(`goal: three-level REML at k = 100,000 in 20,000 clusters < 1 s: ${fmt(at1e5.fit)} ms, ${at1e5.fit < 1000 ? "met" : "NOT met"} (load average ${loadAverage()})`);
}

/** The 1, 5 and 15 minute load averages and the number of cores: the machine is shared. */
export function loadAverage(): string {
  return `${loadavg().map((x) => x.toFixed(1)).join(", ")} on ${availableCores()} cores`;
}

function availableCores(): number {
  return availableParallelism();
}
