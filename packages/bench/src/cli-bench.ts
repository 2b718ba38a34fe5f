/**
 * pnpm bench, command line: whole-process timings of the installed `metakit` (the bundle
 * in packages/cli/dist/bundle; Node start-up, module loading, CSV parsing, analysis,
 * output), as an analyst runs it.
 * - `metakit --help` and `metakit pool` on the BCG sample against `Rscript` loading
 *   metafor and fitting the same model (rma(measure = "RR"), REML), in the same run: ratio.
 * - escalc, pool (text and JSON), pool --by, sensitivity --leave-one-out and bias --egger
 *   on synthetic CSVs of k = 10^4, 10^5, 10^6 studies (seeded, as the core bench's data).
 *   Leave-one-out refits the model k times (O(k^2) by nature, as metafor's leave1out), so
 *   it runs up to METAKIT_BENCH_LOO_MAX_K (default 10^4). METAKIT_BENCH_CLI_MAX_K (default
 *   10^6) skips larger CSVs when time is short.
 * Memory is the child's peak resident set, read from /usr/bin/time when it is installed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { median } from "simple-statistics";
import { mulberry32, syntheticStudies } from "./prng.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
/** The installed command (bin): the bundle pnpm build makes of the built CLI. */
const CLI = join(REPO, "packages/cli/dist/bundle/metakit.js");
/** The built CLI unbundled (pnpm metakit), for comparison: Node resolves every module file itself. */
const UNBUNDLED = join(REPO, "packages/cli/dist/main.js");
const BCG = join(REPO, "data/sample/bcg.csv");
const TIME = "/usr/bin/time";
const SEED = 20261207;
const SIZES = [10_000, 100_000, 1_000_000];
const MAX_K = Number(process.env["METAKIT_BENCH_CLI_MAX_K"] ?? 1_000_000);
const LOO_MAX_K = Number(process.env["METAKIT_BENCH_LOO_MAX_K"] ?? 10_000);
const STARTUP_GOAL_MS = 150;
const LARGE_GOAL = { k: 1_000_000, ms: 3000, mb: 1024 };

interface ProcessRun {
  readonly ms: number;
  /** Peak resident set in MB and CPU time (user + system) in ms, when /usr/bin/time is there to report them. */
  readonly maxRssMb: number | undefined;
  readonly cpuMs: number | undefined;
}

/** Runs a command to completion, its output discarded; throws when it fails. */
function runProcess(command: string, args: readonly string[]): ProcessRun {
  const dir = mkdtempSync(join(tmpdir(), "metakit-bench-cli-"));
  const rssFile = join(dir, "rss");
  const timed = existsSync(TIME);
  try {
    const t0 = performance.now();
    const r = timed
      ? spawnSync(TIME, ["-f", "%M %U %S", "-o", rssFile, command, ...args], { cwd: REPO, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" })
      : spawnSync(command, [...args], { cwd: REPO, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${r.status}): ${r.stderr}`);
    if (!timed) return { ms, maxRssMb: undefined, cpuMs: undefined };
    // the last line: /usr/bin/time writes "Command exited ..." lines before it on failure
    const [rss, user, system] = readFileSync(rssFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
    return { ms, maxRssMb: rss! / 1024, cpuMs: (user! + system!) * 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The median time of `runs` runs (and the largest peak memory among them), with the
 * fastest run and the least CPU time beside it: on a loaded machine the minimum is the
 * better estimate of what the command costs.
 */
function medianRun(command: string, args: readonly string[], runs: number): ProcessRun & { readonly minMs: number; readonly minCpuMs: number | undefined } {
  const samples = Array.from({ length: runs }, () => runProcess(command, args));
  const rss = samples.flatMap((s) => (s.maxRssMb === undefined ? [] : [s.maxRssMb]));
  const cpu = samples.flatMap((s) => (s.cpuMs === undefined ? [] : [s.cpuMs]));
  return {
    ms: median(samples.map((s) => s.ms)),
    minMs: Math.min(...samples.map((s) => s.ms)),
    maxRssMb: rss.length === 0 ? undefined : Math.max(0, ...rss),
    cpuMs: cpu.length === 0 ? undefined : median(cpu),
    minCpuMs: cpu.length === 0 ? undefined : Math.min(...cpu),
  };
}

const metakit = (args: readonly string[], runs = 1) => medianRun(process.execPath, [CLI, ...args], runs);

const R_POOL_BCG = `suppressPackageStartupMessages(library(metafor)); d <- read.csv("${BCG}"); print(rma(measure = "RR", ai = ai, bi = bi, ci = ci, di = di, data = d, method = "REML"))`;

function hasMetafor(): boolean {
  const r = spawnSync("Rscript", ["-e", "cat(requireNamespace('metafor', quietly = TRUE))"], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() === "TRUE";
}

/** A CSV of k synthetic studies (yi, vi) in three subgroups, for --measure GEN. */
function writeSyntheticCsv(dir: string, k: number): string {
  const { yi, vi } = syntheticStudies(k, SEED + k);
  const lines = new Array<string>(k + 1);
  lines[0] = "study,yi,vi,group";
  for (let i = 0; i < k; i++) lines[i + 1] = `s${i + 1},${yi[i]!.toPrecision(10)},${vi[i]!.toPrecision(10)},g${i % 3}`;
  const file = join(dir, `k${k}.csv`);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

/** A CSV of k synthetic 2x2 tables (ai, n1i, ci, n2i; 20 to 519 per arm), for --measure RR. */
function writeSynthetic2x2Csv(dir: string, k: number): string {
  const random = mulberry32(SEED + 2 * k);
  const lines = new Array<string>(k + 1);
  lines[0] = "study,ai,n1i,ci,n2i";
  for (let i = 0; i < k; i++) {
    const n1 = 20 + Math.floor(random() * 500);
    const n2 = 20 + Math.floor(random() * 500);
    lines[i + 1] = `s${i + 1},${1 + Math.floor(random() * (n1 / 2))},${n1},${1 + Math.floor(random() * (n2 / 2))},${n2}`;
  }
  const file = join(dir, `k${k}-2x2.csv`);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

const show = (run: ProcessRun & { readonly minMs?: number; readonly minCpuMs?: number | undefined }) =>
  `${run.ms.toFixed(0).padStart(7)} ms` +
  (run.cpuMs === undefined ? "" : ` (cpu ${run.cpuMs.toFixed(0).padStart(6)} ms)`) +
  (run.maxRssMb === undefined ? "" : ` ${run.maxRssMb.toFixed(0).padStart(6)} MB`) +
  (run.minMs === undefined ? "" : `  min ${run.minMs.toFixed(0)} ms${run.minCpuMs === undefined ? "" : ` (cpu ${run.minCpuMs.toFixed(0)} ms)`}`);

function startupRows(withR: boolean): void {
  const help = metakit(["--help"], 5);
  const pool = metakit(["pool", BCG, "--measure", "RR", "--format", "json"], 5);
  const unbundledHelp = medianRun(process.execPath, [UNBUNDLED, "--help"], 3);
  const unbundledPool = medianRun(process.execPath, [UNBUNDLED, "pool", BCG, "--measure", "RR", "--format", "json"], 3);
  const node = medianRun(process.execPath, ["-e", "0"], 5);
  console.log(`node -e 0 (Node's own start-up)             ${show(node)}`);
  console.log(`unbundled dist/main.js --help                ${show(unbundledHelp)}`);
  console.log(`unbundled dist/main.js pool bcg.csv          ${show(unbundledPool)}`);
  console.log(`metakit --help                               ${show(help)}  goal < ${STARTUP_GOAL_MS} ms: ${help.ms < STARTUP_GOAL_MS ? "met" : "NOT met"}`);
  console.log(`metakit pool bcg.csv --measure RR --format json ${show(pool)}  goal < ${STARTUP_GOAL_MS} ms: ${pool.ms < STARTUP_GOAL_MS ? "met" : "NOT met"}`);
  if (!withR) {
    console.log("Rscript + metafor: skipped (Rscript with metafor not found on PATH)");
    return;
  }
  const r = medianRun("Rscript", ["-e", R_POOL_BCG], 3);
  const ratio = r.ms / pool.ms;
  console.log(`Rscript: library(metafor); rma(measure = "RR") ${show(r)}  ratio ${ratio.toFixed(1)}x, goal >= 10x: ${ratio >= 10 ? "met" : "NOT met"}`);
}

function largeRows(dir: string): void {
  console.log("k          command                          wall (cpu) and peak RSS; min of runs");
  for (const k of SIZES.filter((k) => k <= MAX_K)) {
    const csv = writeSyntheticCsv(dir, k);
    const tables = writeSynthetic2x2Csv(dir, k);
    const commands: [string, string[]][] = [
      ["escalc", ["escalc", csv, "--measure", "GEN"]],
      ["pool", ["pool", csv, "--measure", "GEN"]],
      ["pool --format json", ["pool", csv, "--measure", "GEN", "--format", "json"]],
      ["pool --measure RR (2x2)", ["pool", tables, "--measure", "RR"]],
      ["pool --measure RR --format json", ["pool", tables, "--measure", "RR", "--format", "json"]],
      ["pool --by group", ["pool", csv, "--measure", "GEN", "--by", "group"]],
      ["bias --egger", ["bias", csv, "--measure", "GEN", "--egger"]],
      ...(k <= LOO_MAX_K ? [["sensitivity --leave-one-out", ["sensitivity", csv, "--measure", "GEN", "--leave-one-out"]] as [string, string[]]] : []),
    ];
    for (const [name, args] of commands) {
      const run = metakit(args);
      const goal = k === LARGE_GOAL.k && name.startsWith("pool") && !name.includes("--by")
        ? `  goal < ${LARGE_GOAL.ms / 1000} s and < 1 GB: ${run.ms < LARGE_GOAL.ms && (run.maxRssMb ?? 0) < LARGE_GOAL.mb ? "met" : "NOT met"}`
        : "";
      console.log(`${k.toLocaleString("en-US").padEnd(10)} ${name.padEnd(32)} ${show(run)}${goal}`);
    }
    rmSync(csv);
    rmSync(tables);
  }
  if (LOO_MAX_K < MAX_K) console.log(`sensitivity --leave-one-out: k <= ${LOO_MAX_K.toLocaleString("en-US")} (METAKIT_BENCH_LOO_MAX_K); k refits, O(k^2) by nature`);
}

export function runCliBench(): void {
  console.log(`\nmetakit command line, whole process: wall time (CPU time) and peak RSS (node ${process.version}; the bundle packages/cli/dist/bundle/metakit.js; load average ${loadavg().map((x) => x.toFixed(1)).join(" ")})`);
  startupRows(hasMetafor());
  const dir = mkdtempSync(join(tmpdir(), "metakit-bench-csv-"));
  try {
    largeRows(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
