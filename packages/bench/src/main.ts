/**
 * pnpm bench: times @metakit/core's REML fit at k = 10^2 ... 10^6 on seeded synthetic
 * data: the engine alone (fitRandomEffectsModel: tau2 by Fisher scoring, the pooled
 * estimate and its test, Q, I2, H2), metaAnalysis() end to end (validation, per-study
 * columns and weights included), and metaAnalysis() with the Q-profile interval for tau2.
 * When Rscript with metafor is installed, metafor's rma() and rma() + confint() run on the
 * same data in the same run (up to METAKIT_BENCH_R_MAX_K, default 2000) and the ratios
 * are printed; otherwise that is said and skipped.
 */
import { DEFAULT_CONTROL, fitRandomEffectsModel, interceptDesign, metaAnalysis } from "@metakit/core";
import type { MetaforTiming } from "./metafor.js";
import { metaforVersion, timeMetafor } from "./metafor.js";
import { syntheticStudies } from "./prng.js";
import { time, type Timing } from "./timing.js";
import { benchReport } from "./report-bench.js";
import { runSensitivityBench } from "./sensitivity-bench.js";
import { runMultilevelBench } from "./multilevel-bench.js";
import { runMultivariateBench } from "./multivariate-bench.js";
import { runBayesBench } from "./bayes-bench.js";
import { runCliBench } from "./cli-bench.js";
import { runGlmmBench } from "./glmm-bench.js";
import { runWebBench } from "./web-bench.js";

const SIZES = [100, 1_000, 10_000, 100_000, 1_000_000];
const SEED = 20261121;
const R_MAX_K = Number(process.env["METAKIT_BENCH_R_MAX_K"] ?? 2000);

interface Row {
  readonly k: number;
  readonly engine: Timing;
  readonly fit: Timing;
  readonly fitWithCi: Timing;
  readonly iterations: number;
  readonly tau2: number;
  readonly metafor?: MetaforTiming;
}

function runsFor(k: number): number {
  return k <= 1_000 ? 200 : k <= 100_000 ? 30 : 11;
}

function benchmark(k: number, withR: boolean): Row {
  const data = syntheticStudies(k, SEED + k);
  const design = interceptDesign(k);
  const spec = { method: "REML", tau2Fixed: undefined, test: "z", level: 95, weights: undefined, control: DEFAULT_CONTROL } as const;
  const engine = time(() => fitRandomEffectsModel(design, data.yi, data.vi, spec), runsFor(k));
  const fit = time(() => metaAnalysis(data, { method: "REML" }), runsFor(k));
  const fitWithCi = time(() => metaAnalysis(data, { method: "REML", tau2Ci: true }), runsFor(k));
  const { tau2, iterations } = metaAnalysis(data);
  const row = { k, engine, fit, fitWithCi, tau2, iterations };
  if (!withR || k > R_MAX_K) return row;
  return { ...row, metafor: timeMetafor(data.yi, data.vi, k <= 100 ? 20 : 1) };
}

const ms = (x: number) => (x < 10 ? x.toFixed(3) : x < 1000 ? x.toFixed(1) : x.toFixed(0));
const WIDTHS = [10, 5, 12, 13, 14, 12, 16, 10, 10, 10];
const line = (cells: string[]) => cells.map((c, i) => c.padStart(WIDTHS[i]!)).join(" ");

function printRow(row: Row): void {
  const r = row.metafor;
  console.log(
    line([
      row.k.toLocaleString("en-US"),
      String(row.iterations),
      ms(row.engine.medianMs),
      ms(row.fit.medianMs),
      ms(row.fitWithCi.medianMs),
      r ? ms(r.fitMs) : "-",
      r ? ms(r.fitWithCiMs) : "-",
      r ? `${(r.fitMs / row.fit.medianMs).toFixed(0)}x` : "-",
      r ? `${(r.fitWithCiMs / row.fitWithCi.medianMs).toFixed(0)}x` : "-",
      r ? (Math.abs(r.tau2 - row.tau2) / row.tau2).toExponential(1) : "-",
    ]),
  );
}

function main(): void {
  const version = metaforVersion();
  console.log(`@metakit/core REML benchmark: median ms of repeated runs (node ${process.version}, seed ${SEED})`);
  console.log(
    version === undefined
      ? "metafor: skipped (Rscript with metafor not found on PATH)"
      : `metafor ${version}: same data, same run, k <= ${R_MAX_K} (METAKIT_BENCH_R_MAX_K); median of 20 runs at k = 100, one run above`,
  );
  console.log(
    line(["k", "iter", "engine REML", "metaAnalysis", "+ Q-profile CI", "metafor rma", "rma + confint", "ratio", "ratio CI", "tau2 rel"]),
  );
  const rows: Row[] = [];
  for (const k of SIZES) {
    const row = benchmark(k, version !== undefined);
    rows.push(row);
    printRow(row);
  }
  const at = (k: number) => rows.find((r) => r.k === k)!;
  const qp1000 = at(1_000).fitWithCi.medianMs;
  const engine1e6 = at(1_000_000).engine.medianMs;
  const fit1e6 = at(1_000_000).fit.medianMs;
  console.log("ratio = metafor rma() / metaAnalysis(); ratio CI = (rma + confint) / (metaAnalysis + Q-profile CI); tau2 rel = |tau2 metafor - tau2| / tau2");
  console.log(`goal: REML + Q-profile CI at k = 1,000 < 5 ms: ${ms(qp1000)} ms, ${qp1000 < 5 ? "met" : "NOT met"}`);
  console.log(
    `goal: REML fit at k = 1,000,000 < 200 ms: engine ${ms(engine1e6)} ms, ${engine1e6 < 200 ? "met" : "NOT met"}; ` +
      `metaAnalysis() end to end (per-study columns included) ${ms(fit1e6)} ms`,
  );
}

// `pnpm bench --cli` runs the command-line rows alone; `pnpm bench --dependent` the
// three-level and multivariate rows of issue 17 alone; `pnpm bench --web` the web app's alone
if (process.argv.includes("--web")) {
  await runWebBench();
} else if (process.argv.includes("--dependent")) {
  runMultilevelBench(metaforVersion() !== undefined);
  runMultivariateBench(metaforVersion() !== undefined);
} else {
  if (!process.argv.includes("--cli")) {
    main();
    benchReport();
    runSensitivityBench(metaforVersion() !== undefined);
    runMultilevelBench(metaforVersion() !== undefined);
    runBayesBench(metaforVersion() !== undefined);
    runGlmmBench(metaforVersion() !== undefined);
    runMultivariateBench(metaforVersion() !== undefined);
  }
  runCliBench();
}
