#!/usr/bin/env node
/**
 * pnpm check:r: every --emit-r script, run with Rscript, against metakit's own JSON.
 * For the BCG sample (data/sample/bcg.csv) and each metafor oracle CSV
 * (packages/fixtures/metafor, copied from shared/reference), each fit and extra of
 * cases.json and a few more analyses: metakit prints its JSON (--format json) and its R
 * script (--emit-r); the scripts run in one R process; every number both give under the
 * same field is compared to a relative 1e-6 (absolute 1e-9 near zero). Fields only metakit
 * prints are counted, not compared. Exit 1 on any difference or failed script; 3 when
 * Rscript is not installed. Needs the build (tsc -b): it runs packages/cli/dist.
 * `pnpm check:r -- --only TEXT` runs only the analyses whose name matches the regular expression TEXT.
 * GLMM scripts are reported, not judged: metafor's rma.glmm stops where lme4's optimiser
 * stops (up to about 3.5e-4 from the maximum metakit finds, more in p-values and, for
 * UM.RS, in the standard error from metafor's finite-difference Hessian; issue 18), so
 * each prints its largest relative difference and the numbers beyond 1e-6.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../packages/cli/dist/program.js";

const root = new URL("../", import.meta.url).pathname;
const RELATIVE = 1e-6;
const ABSOLUTE = 1e-9;

async function metakit(args) {
  let stdout = "";
  let stderr = "";
  const code = await run(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

/** The analyses to check: [name, command args without --format/--emit-r]. */
function analyses() {
  const fixtures = join(root, "packages/fixtures/metafor");
  const cases = JSON.parse(readFileSync(join(fixtures, "cases.json"), "utf8"));
  const list = [];
  const extraCommand = { egger: "bias", eggerClassic: "bias", begg: "bias", trimfill: "bias", leaveOneOut: "sensitivity", cumulative: "sensitivity" };
  for (const c of cases) {
    const file = join(fixtures, c.data);
    for (const fit of c.fits) list.push([`${c.id} pool ${fit.args.join(" ")}`, ["pool", file, ...fit.args]]);
    for (const [name, extra] of Object.entries(c.extras ?? {})) list.push([`${c.id} ${extraCommand[name]} ${name}`, [extraCommand[name], file, ...extra.args]]);
  }
  const bcg = join(root, "data/sample/bcg.csv");
  const s01 = join(fixtures, "S01_bcg_rr.csv");
  const more = [
    ["pool", bcg, "--measure", "RR"],
    ["pool", bcg, "--measure", "OR", "--method", "DL", "--test", "knha", "--level", "90"],
    ["pool", bcg, "--measure", "RR", "--tau2-ci"],
    ["pool", bcg, "--measure", "RR", "--pi", "t"],
    ["pool", bcg, "--measure", "RR", "--pi", "higgins"],
    ["pool", bcg, "--measure", "RR", "--by", "alloc"],
    ["pool", bcg, "--measure", "RR", "--by", "alloc", "--method", "DL", "--test", "knha"],
    ["pool", bcg, "--measure", "RR", "--by", "alloc", "--common-tau2"],
    ["pool", bcg, "--measure", "OR", "--by", "alloc", "--common-tau2", "--method", "DL"],
    ["pool", bcg, "--measure", "RR", "--method", "MH"],
    ["pool", join(root, "packages/fixtures/published/dat.konstantopoulos2011.csv"), "--measure", "GEN", "--cluster", "district"],
    ["pool", join(root, "packages/fixtures/published/dat.konstantopoulos2011.csv"), "--measure", "GEN", "--cluster", "district", "--inner", "school", "--method", "ML", "--test", "t"],
    ["pool", join(root, "packages/fixtures/published/dat.konstantopoulos2011.csv"), "--measure", "GEN", "--robust", "district"],
    ["pool", join(root, "packages/fixtures/published/dat.konstantopoulos2011.csv"), "--measure", "GEN", "--robust", "district", "--small-sample", "CR1"],
    ["pool", bcg, "--measure", "OR", "--method", "MH"],
    ["pool", bcg, "--measure", "OR", "--method", "PETO"],
    ["pool", bcg, "--measure", "RD", "--method", "MH"],
    ["regress", bcg, "--measure", "RR", "--mods", "ablat"],
    ["regress", bcg, "--measure", "RR", "--mods", "ablat,alloc"],
    ["regress", bcg, "--measure", "RR", "--mods", "ablat,alloc", "--reference", "alloc=random", "--test", "knha"],
    ["regress", bcg, "--measure", "RR", "--mods", "year", "--method", "DL"],
    ["regress", bcg, "--measure", "RR", "--mods", "ablat,alloc", "--method", "GENQ", "--weights", "year"],
    ["regress", bcg, "--measure", "RR", "--mods", "ablat,alloc", "--predict", "ablat=20,alloc=random", "--predict", "ablat=40,alloc=systematic", "--test", "knha"],
    ["sensitivity", bcg, "--measure", "RR", "--leave-one-out"],
    ["sensitivity", bcg, "--measure", "RR", "--leave-one-out", "--test", "knha", "--method", "DL"],
    ["sensitivity", bcg, "--measure", "RR", "--cumulative", "--order", "year"],
    ["sensitivity", bcg, "--measure", "RR", "--influence"],
    ["sensitivity", bcg, "--measure", "RR", "--baujat"],
    ["bias", bcg, "--measure", "RR", "--egger"],
    ["bias", bcg, "--measure", "RR", "--egger", "--egger-model", "lm"],
    ["bias", bcg, "--measure", "RR", "--begg"],
    ["bias", bcg, "--measure", "RR", "--egger", "--predictor", "ninv"],
    ["bias", bcg, "--measure", "RR", "--egger", "--predictor", "sqrtni", "--egger-model", "lm"],
    ["bias", join(fixtures, "S13_magnesium_egger_or.csv"), "--measure", "OR", "--egger", "--predictor", "ni", "--method", "DL", "--test", "knha"],
    ["bias", join(fixtures, "S21_interview_zcor.csv"), "--measure", "ZCOR", "--egger", "--predictor", "vi"],
    ["bias", bcg, "--measure", "RR", "--trimfill"],
    ["bias", bcg, "--measure", "RR", "--trimfill", "--estimator", "R0"],
    ["bias", bcg, "--measure", "RR", "--pet-peese"],
    ["bias", bcg, "--measure", "RR", "--pet-peese", "--alpha", "0.5", "--level", "90"],
    ["bias", join(fixtures, "S13_magnesium_egger_or.csv"), "--measure", "OR", "--pet-peese"],
    ["bias", bcg, "--measure", "RR", "--fsn"],
    ["bias", bcg, "--measure", "RR", "--fsn", "--type", "Orwin"],
    ["bias", bcg, "--measure", "RR", "--fsn", "--type", "Rosenberg"],
    ["regress", s01, "--measure", "RR", "--mods", "ablat,alloc"],
    ["regress", join(fixtures, "S10_teacher_expectancy_gen.csv"), "--measure", "GEN", "--mods", "weeks"],
    ["regress", join(fixtures, "S11_lipsey2001_gen.csv"), "--measure", "GEN", "--mods", "random,intensity"],
    ...dependentAnalyses(bcg),
  ];
  for (const args of more) list.push([`${args[1].replace(root, "")} ${args[0]} ${args.slice(2).join(" ")}`, args]);
  // analyze: the sample review of the BCG trials and each analysis of the project's review.
  list.push(["data/sample/bcg analyze", ["analyze", join(root, "data/sample/bcg/analysis.yaml"), "--data", join(root, "data/sample/bcg")]]);
  for (const spec of readdirSync(join(root, "analyses")).filter((f) => f.endsWith(".yaml")).sort()) {
    list.push([`analyses/${spec} analyze`, ["analyze", join(root, "analyses", spec), "--data", join(root, "data")]]);
  }
  return list;
}

/** Issue 17's and 18's models: multivariate (vcalc, --V), three-level with robust tests, GLMM. */
function dependentAnalyses(bcg) {
  const mv = (f) => join(root, "packages/fixtures/multivariate", f);
  const berkey = mv("dat.berkey1998.csv");
  const ishak = mv("dat.ishak2007-long.csv");
  const konst = join(root, "packages/fixtures/published/dat.konstantopoulos2011.csv");
  const published = join(root, "packages/fixtures/published");
  const study = ["--study", "trial", "--outcome", "outcome"];
  return [
    ["pool", berkey, "--measure", "GEN", ...study, "--struct", "UN", "--rho", "0.4"],
    ["pool", berkey, "--measure", "GEN", ...study, "--struct", "UN", "--V", mv("dat.berkey1998-V.csv")],
    ["pool", berkey, "--measure", "GEN", ...study, "--struct", "UN", "--V", mv("dat.berkey1998-V.csv"), "--method", "ML"],
    ["pool", berkey, "--measure", "GEN", ...study, "--struct", "CS", "--rho", "0.4", "--robust", "trial"],
    ["pool", berkey, "--measure", "GEN", ...study, "--struct", "HCS", "--rho", "0.4", "--robust", "trial", "--small-sample", "CR1", "--test", "t"],
    ["pool", berkey, "--measure", "GEN", ...study, "--struct", "DIAG", "--rho", "0.4"],
    ["regress", berkey, "--measure", "GEN", "--mods", "year", ...study, "--struct", "DIAG", "--V", mv("dat.berkey1998-V.csv")],
    ["regress", berkey, "--measure", "GEN", "--mods", "year", ...study, "--struct", "CS", "--rho", "0.4", "--test", "t"],
    ["pool", ishak, "--measure", "GEN", "--study", "study", "--outcome", "time", "--struct", "AR", "--time", "time", "--phi", "0.97"],
    ["pool", ishak, "--measure", "GEN", "--study", "study", "--outcome", "time", "--struct", "HCS", "--time", "time", "--phi", "0.97", "--method", "ML"],
    ["pool", ishak, "--measure", "GEN", "--study", "study", "--outcome", "time", "--struct", "CS", "--rho", "0.6", "--robust", "study"],
    ["pool", konst, "--measure", "GEN", "--cluster", "district", "--robust", "district"],
    ["pool", konst, "--measure", "GEN", "--cluster", "district", "--robust", "district", "--small-sample", "CR1", "--test", "t"],
    ["regress", konst, "--measure", "GEN", "--mods", "year", "--cluster", "district"],
    ["regress", konst, "--measure", "GEN", "--mods", "year", "--cluster", "district", "--robust", "district"],
    ["regress", konst, "--measure", "GEN", "--mods", "year", "--cluster", "district", "--robust", "district", "--small-sample", "CR1", "--method", "ML"],
    ["regress", konst, "--measure", "GEN", "--mods", "year", "--robust", "district"],
    ["regress", bcg, "--measure", "RR", "--mods", "ablat", "--robust", "alloc", "--small-sample", "CR1"],
    ["pool", join(published, "dat.nielweise2007.csv"), "--measure", "OR", "--method", "GLMM"],
    ["pool", join(published, "dat.pritz1997.csv"), "--measure", "PLO", "--method", "GLMM"],
    ["pool", bcg, "--measure", "OR", "--method", "GLMM", "--glmm-model", "UM.RS"],
  ];
}

/** Compares R's JSON to metakit's: every number under the same path. */
function compare(r, m, path, out) {
  if (r === null || r === undefined) return;
  if (typeof r === "number") {
    if (m === null || m === undefined) return void out.onlyR.push(path);
    if (typeof m !== "number") return void out.diffs.push(`${path}: R ${r}, metakit ${JSON.stringify(m)}`);
    out.compared++;
    out.paths.push(path);
    const d = Math.abs(r - m);
    const relative = d / Math.max(Math.abs(r), Math.abs(m), Number.MIN_VALUE);
    if (d > ABSOLUTE) out.largest = Math.max(out.largest, relative);
    if (!(d <= ABSOLUTE || d <= out.tolerance * Math.max(Math.abs(r), Math.abs(m)))) out.diffs.push(`${path}: R ${r}, metakit ${m} (relative ${(d / Math.max(Math.abs(r), Math.abs(m))).toExponential(2)})`);
    return;
  }
  if (Array.isArray(r)) {
    if (!Array.isArray(m)) return void (m === undefined ? out.onlyR.push(path) : out.diffs.push(`${path}: R an array, metakit ${JSON.stringify(m)}`));
    if (r.length !== m.length && r.every((x) => typeof x === "number")) out.diffs.push(`${path}: R ${r.length} values, metakit ${m.length}`);
    r.forEach((x, i) => compare(x, m[i], `${path}[${i}]`, out));
    return;
  }
  if (typeof r === "object") {
    if (m === undefined || m === null || typeof m !== "object") return void out.onlyR.push(path);
    for (const key of Object.keys(r)) compare(r[key], m[key], path === "" ? key : `${path}.${key}`, out);
  }
}

/** Paths of metakit's numbers (array indices as []), to list what the scripts leave out (--verbose). */
function numberPaths(x, path, out) {
  if (typeof x === "number") out.push(path);
  else if (Array.isArray(x)) x.forEach((y) => numberPaths(y, `${path}[]`, out));
  else if (x !== null && typeof x === "object") for (const [k, y] of Object.entries(x)) numberPaths(y, path === "" ? k : `${path}.${k}`, out);
  return out;
}

function countNumbers(x) {
  if (typeof x === "number") return 1;
  if (Array.isArray(x)) return x.reduce((n, y) => n + countNumbers(y), 0);
  if (x !== null && typeof x === "object") return Object.values(x).reduce((n, y) => n + countNumbers(y), 0);
  return 0;
}

async function main() {
  if (spawnSync("Rscript", ["--version"]).error) {
    console.error("check:r: Rscript is not installed (R with metafor and jsonlite); nothing checked");
    process.exit(3);
  }
  const dir = mkdtempSync(join(tmpdir(), "metakit-check-r-"));
  const jobs = [];
  const skipped = [];
  const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
  for (const [name, args] of analyses().filter(([name]) => only === undefined || new RegExp(only).test(name))) {
    const json = await metakit([...args, "--format", "json"]);
    const script = await metakit([...args, "--emit-r"]);
    if (json.code !== 0) throw new Error(`${name}: metakit failed: ${json.stderr}`);
    if (script.code !== 0) {
      skipped.push(`${name}: ${script.stderr.trim()}`);
      continue;
    }
    const file = join(dir, `${jobs.length}.R`);
    writeFileSync(file, script.stdout);
    jobs.push({ name, file, metakit: JSON.parse(json.stdout) });
  }
  const runner = join(dir, "run-all.R");
  writeFileSync(runner, 'for (f in commandArgs(TRUE)) { cat("@@metakit", f, "\\n"); tryCatch(suppressWarnings(sys.source(f, envir = new.env())), error = function(e) cat("@@error", gsub("\\n", " ", conditionMessage(e)), "\\n")) }\n');
  const output = execFileSync("Rscript", [runner, ...jobs.map((j) => j.file)], { encoding: "utf8", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "pipe"] });
  const results = new Map();
  let current;
  for (const line of output.split("\n")) {
    if (line.startsWith("@@metakit ")) current = line.slice(10).trim();
    else if (current !== undefined && line.trim() !== "") results.set(current, `${results.get(current) ?? ""}${line}\n`);
  }
  let compared = 0;
  let notInR = 0;
  const perCommand = {};
  const failures = [];
  const known = [];
  for (const job of jobs) {
    const text = results.get(job.file);
    if (text === undefined || text.startsWith("@@error")) {
      failures.push(`${job.name}: the R script failed: ${text?.slice(8).trim() ?? "no output"}`);
      continue;
    }
    const glmm = job.name.includes("--method GLMM");
    const out = { compared: 0, diffs: [], onlyR: [], paths: [], largest: 0, tolerance: RELATIVE };
    compare(JSON.parse(text), job.metakit, "", out);
    compared += out.compared;
    if (glmm) {
      known.push(`${job.name}: largest relative difference ${out.largest.toExponential(2)}, ${out.diffs.length} of ${out.compared} numbers beyond ${RELATIVE} (rma.glmm stops where lme4 stops)${out.diffs.length > 0 ? `\n    ${out.diffs.slice(0, 4).join("\n    ")}` : ""}`);
      out.diffs = [];
    }
    const command = job.name.split(" ").find((w) => ["pool", "regress", "sensitivity", "bias", "analyze"].includes(w)) ?? "pool";
    const missing = countNumbers(job.metakit) - out.compared;
    notInR += missing;
    perCommand[command] ??= { scripts: 0, compared: 0, missing: 0, fields: new Set() };
    if (missing > 0 && process.argv.includes("--verbose")) {
      const seen = new Set(out.paths.map((p) => p.replace(/\[\d+\]/g, "[]")));
      for (const p of numberPaths(job.metakit, "", [])) if (!seen.has(p)) perCommand[command].fields.add(p);
    }
    perCommand[command].scripts++;
    perCommand[command].compared += out.compared;
    perCommand[command].missing += missing;
    if (out.diffs.length > 0) failures.push(`${job.name}:\n    ${out.diffs.slice(0, 8).join("\n    ")}${out.diffs.length > 8 ? `\n    ... ${out.diffs.length - 8} more` : ""}`);
    if (out.onlyR.length > 0) failures.push(`${job.name}: R prints fields metakit's JSON lacks: ${out.onlyR.join(", ")}`);
  }
  rmSync(dir, { recursive: true, force: true });
  for (const f of failures) console.log(`FAIL ${f}`);
  for (const k of known) console.log(`known (GLMM) ${k}`);
  for (const s of skipped) console.log(`not written: ${s}`);
  for (const [command, c] of Object.entries(perCommand)) console.log(`  ${command}: ${c.scripts} scripts, ${c.compared} numbers compared, ${c.missing} numbers of metakit's JSON not in the scripts${c.fields.size > 0 ? ` (${[...c.fields].join(", ")})` : ""}`);
  console.log(`check:r: ${jobs.length} scripts run with Rscript, ${compared} numbers compared (relative ${RELATIVE}), ${failures.length} failing; ${notInR} numbers metakit prints that the scripts do not; ${skipped.length} analyses without a script`);
  process.exit(failures.length > 0 ? 1 : 0);
}

await main();
