/**
 * pnpm bench, multivariate rows: multivariateModel() (REML, random = ~ outcome | study,
 * struct CS and UN, three outcomes per study, V = vcalc(vi, study, type = outcome, rho = 0.5))
 * at k = 300 ... 30,000 on seeded synthetic data, with and without CR2 cluster-robust tests,
 * beside metafor's rma.mv() (default, and sparse = TRUE) and robust(clubSandwich = TRUE) on
 * the same data in the same run. metafor's default runs up to METAKIT_BENCH_MV_MAX_K
 * (default 300: k = 1,500 takes minutes), sparse = TRUE up to METAKIT_BENCH_MV_SPARSE_MAX_K
 * (default 1500).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { multivariateModel, vcalc, type CovarianceEntry, type VarianceStructure } from "@metakit/core";
import { mulberry32, normal } from "./prng.js";
import { time } from "./timing.js";
import { loadAverage } from "./multilevel-bench.js";

const SEED = 20261207;
const OUTCOMES = ["A", "B", "C"];
const SIZES = [300, 1_500, 6_000, 30_000];
const WITHIN_RHO = 0.5;
const DEFAULT_MAX_K = Number(process.env["METAKIT_BENCH_MV_MAX_K"] ?? 300);
const SPARSE_MAX_K = Number(process.env["METAKIT_BENCH_MV_SPARSE_MAX_K"] ?? 1500);

interface MultivariateData {
  readonly yi: Float64Array;
  readonly vi: Float64Array;
  readonly study: string[];
  readonly outcome: string[];
  readonly covariance: CovarianceEntry[];
}

/**
 * k / 3 studies of three outcomes: yi = mu_o + u_o + e, u ~ N(0, G) with tau2 = (0.05, 0.08,
 * 0.06) and between-study correlation 0.6, e ~ N(0, V_c) with vi ~ U(0.01, 0.5) and
 * within-study correlation 0.5.
 */
export function syntheticMultivariate(k: number, seed: number): MultivariateData {
  const uniform = mulberry32(seed);
  const z = normal(uniform);
  const tau = [0.05, 0.08, 0.06].map(Math.sqrt);
  const mu = [0.2, 0.4, 0.1];
  const yi = new Float64Array(k);
  const vi = new Float64Array(k);
  const study: string[] = [];
  const outcome: string[] = [];
  for (let s = 0; s * 3 < k; s++) {
    // correlated draws with correlation 0.6: shared + own parts
    const shared = z();
    const sharedE = z();
    for (let o = 0; o < 3; o++) {
      const i = s * 3 + o;
      vi[i] = 0.01 + 0.49 * uniform();
      const u = tau[o]! * (Math.sqrt(0.6) * shared + Math.sqrt(0.4) * z());
      const e = Math.sqrt(vi[i]!) * (Math.sqrt(WITHIN_RHO) * sharedE + Math.sqrt(1 - WITHIN_RHO) * z());
      yi[i] = mu[o]! + u + e;
      study.push(`s${s}`);
      outcome.push(OUTCOMES[o]!);
    }
  }
  return { yi, vi, study, outcome, covariance: vcalc(vi, study, { type: outcome, rho: WITHIN_RHO }) };
}

const SCRIPT = `
suppressPackageStartupMessages({ library(metafor); library(clubSandwich) })
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1]); sparse <- args[2] == "TRUE"; struct <- args[3]
V <- vcalc(vi, cluster = study, type = outcome, rho = ${WITHIN_RHO}, data = d, sparse = sparse)
t <- system.time(res <- rma.mv(yi, V, mods = ~ outcome - 1, random = ~ outcome | study, struct = struct, data = d, sparse = sparse))[["elapsed"]]
tr <- if (sparse) system.time(robust(res, cluster = d$study, clubSandwich = TRUE))[["elapsed"]] else NA
cat(sprintf("%.17g %.17g %.17g", t * 1000, tr * 1000, res$tau2[1]))
`;

function timeRmaMv(data: MultivariateData, sparse: boolean, struct: VarianceStructure): { ms: number; robustMs: number; tau2: number } {
  const dir = mkdtempSync(join(tmpdir(), "metakit-bench-mvar-"));
  try {
    const csv = join(dir, "data.csv");
    const script = join(dir, "time.R");
    const lines = ["yi,vi,study,outcome", ...Array.from(data.yi, (y, i) => `${y.toPrecision(17)},${data.vi[i]!.toPrecision(17)},${data.study[i]},${data.outcome[i]}`)];
    writeFileSync(csv, lines.join("\n") + "\n");
    writeFileSync(script, SCRIPT);
    const r = spawnSync("Rscript", [script, csv, sparse ? "TRUE" : "FALSE", struct], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`Rscript failed: ${r.stderr}`);
    const [ms, robustMs, tau2] = r.stdout.trim().split(/\s+/).map(Number);
    return { ms: ms!, robustMs: robustMs!, tau2: tau2! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** False where the fit stops with NOT_CONVERGED (a sample whose optimum lies on the boundary of the parameter space). */
function converges(fit: () => unknown): boolean {
  try {
    fit();
    return true;
  } catch (error) {
    if (error instanceof Error && (error as { code?: string }).code === "NOT_CONVERGED") return false;
    throw error;
  }
}

const fmt = (x: number) => (Number.isNaN(x) ? "-" : x < 10 ? x.toFixed(3) : x < 1000 ? x.toFixed(1) : x.toFixed(0));
const WIDTHS = [7, 9, 9, 5, 11, 11, 11, 12, 12, 9, 9, 11, 9];
const line = (cells: string[]) => cells.map((c, i) => c.padStart(WIDTHS[i]!)).join(" ");

/** Prints the multivariate rows (struct CS and UN). */
export function runMultivariateBench(withR: boolean, sizes: readonly number[] = SIZES): void {
  console.log("");
  console.log(`multivariate REML (random = ~ outcome | study, 3 outcomes per study, V = vcalc(rho = ${WITHIN_RHO})): median ms; metafor one run each, same data; load average ${loadAverage()}`);
  console.log(line(["struct", "k", "studies", "iter", "metakit", "+ CR2", "rma.mv", "sparse=TRUE", "robust CR2", "ratio", "ratio sp", "ratio CR2", "tau2 rel"]));
  for (const struct of ["CS", "UN"] as const) {
    for (const k of sizes) {
      const data = syntheticMultivariate(k, SEED + k);
      const runs = k <= 1_500 ? 20 : k <= 6_000 ? 7 : 3;
      if (!converges(() => multivariateModel(data, { struct }))) {
        console.log(line([struct, k.toLocaleString("en-US"), (k / 3).toLocaleString("en-US"), "NOT_CONVERGED (optimum on the boundary): not timed"]));
        continue;
      }
      const fit = time(() => multivariateModel(data, { struct }), runs);
      const robust = time(() => multivariateModel(data, { struct, robust: { method: "CR2" } }), runs);
      const result = multivariateModel(data, { struct });
      const dense = withR && k <= DEFAULT_MAX_K ? timeRmaMv(data, false, struct) : undefined;
      const sparse = withR && k <= SPARSE_MAX_K ? timeRmaMv(data, true, struct) : undefined;
      const reference = sparse ?? dense;
      const rel = reference ? Math.abs(result.tau2[0]! - reference.tau2) / result.tau2[0]! : NaN;
      console.log(
        line([
          struct,
          k.toLocaleString("en-US"),
          (k / 3).toLocaleString("en-US"),
          String(result.convergence.iterations),
          fmt(fit.medianMs),
          fmt(robust.medianMs),
          dense ? fmt(dense.ms) : "-",
          sparse ? fmt(sparse.ms) : "-",
          sparse ? fmt(sparse.robustMs) : "-",
          dense ? `${(dense.ms / fit.medianMs).toFixed(0)}x` : "-",
          sparse ? `${(sparse.ms / fit.medianMs).toFixed(0)}x` : "-",
          sparse ? `${(sparse.robustMs / robust.medianMs).toFixed(0)}x` : "-",
          Number.isNaN(rel) ? "-" : rel.toExponential(1),
        ]),
      );
    }
  }
  console.log("ratio = rma.mv / metakit; ratio sp = rma.mv(sparse = TRUE) / metakit; ratio CR2 = (robust(clubSandwich = TRUE) alone) / (metakit fit + CR2); tau2 rel = tau2[1] vs metafor's (default stopping rule)");
}
