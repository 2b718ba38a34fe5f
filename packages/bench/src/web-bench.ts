/**
 * pnpm bench --web: the web app's "Analyse a CSV" in Debian's chromium (playwright-core),
 * from the static build `pnpm build:web` writes (built first, unless
 * METAKIT_BENCH_WEB_NO_BUILD=1), opened from disk as a reader opens it:
 * - the bundle's size (bytes, and gzip-compressed as a server would send it);
 * - first page load: from navigation to the page's form on screen, in a fresh browser
 *   profile each time (cold cache), with the Navigation Timing of the load event;
 * - at k = 1,000 studies (synthetic 2x2 tables, seeded): after an option change (Model
 *   REML <-> DL, alternately: every number changes), the time until the pooled estimate is shown, until the forest
 *   plot is redrawn, and until the funnel plot, the small-study tests and leave-one-out
 *   (k refits, O(k^2) by nature) are shown; measured inside the page (performance.now()
 *   from the change event, polled each animation frame).
 * The goals: first load under 1 s, re-pool and redraw under 100 ms at k = 1,000.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { performance } from "node:perf_hooks";
import { chromium, type Page } from "playwright-core";
import { median } from "simple-statistics";
import { mulberry32, normal } from "./prng.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const APP = join(REPO, "packages/web/dist");
const CHROMIUM = process.env["METAKIT_BENCH_CHROMIUM"] ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];
const SEED = 20261208;
const K = 1_000;
const LOADS = 5;
const CHANGES = 10;
const GOALS = { firstLoadMs: 1000, repoolMs: 100 };

/** k studies as 2x2 tables (log risk ratios ~ N(-0.3, 0.3²): heterogeneous, so REML and DL differ), with labels and a subgroup column. */
export function syntheticTwoByTwoCsv(k: number, seed: number): string {
  const u = mulberry32(seed);
  const z = normal(u);
  const lines = ["study,ai,bi,ci,di,group"];
  for (let i = 0; i < k; i++) {
    const n1 = 50 + Math.floor(450 * u());
    const n2 = 50 + Math.floor(450 * u());
    const p = 0.05 + 0.35 * u();
    const rr = Math.exp(-0.3 + 0.3 * z());
    const ai = Math.max(1, Math.round(n1 * Math.min(0.95, p * rr)));
    const ci = Math.max(1, Math.round(n2 * p));
    lines.push(`Study ${i + 1},${ai},${n1 - ai},${ci},${n2 - ci},${"ABC"[i % 3]}`);
  }
  return lines.join("\n") + "\n";
}

function buildApp(): void {
  if (process.env["METAKIT_BENCH_WEB_NO_BUILD"] === "1" && existsSync(join(APP, "index.html"))) return;
  const r = spawnSync("pnpm", ["-s", "build:web"], { cwd: REPO, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  if (r.status !== 0) throw new Error(`pnpm build:web failed (exit ${r.status}): ${r.stderr}`);
}

async function withPage<T>(use: (page: Page) => Promise<T>): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), "metakit-bench-web-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 } });
  try {
    return await use(context.pages()[0] ?? (await context.newPage()));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Navigation to the form on screen (wall clock, from the driver), and the load event (Navigation Timing), in a fresh profile. */
async function firstLoad(url: string): Promise<{ shownMs: number; loadEventMs: number }> {
  return withPage(async (page) => {
    const t0 = performance.now();
    await page.goto(url, { waitUntil: "commit" });
    await page.getByLabel("Study data (CSV)").waitFor({ state: "visible" });
    const shownMs = performance.now() - t0;
    await page.waitForLoadState("load");
    const loadEventMs = await page.evaluate(() => (window.performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).loadEventEnd);
    return { shownMs, loadEventMs };
  });
}

interface ChangeTiming {
  readonly estimateMs: number;
  readonly forestMs: number;
  readonly allMs: number;
}

/** Sets the Model select to `value` and times, in the page, the pooled row, the forest plot and the rest. */
function timeChange(page: Page, value: string): Promise<ChangeTiming> {
  // window.performance inside: the callback runs in the page (this module's `performance` is Node's)
  return page.evaluate(async (model) => {
    const select = [...document.querySelectorAll("label")].find((l) => l.textContent?.startsWith("Model"))?.querySelector("select");
    if (!select) throw new Error("no Model select");
    const forest = () => document.querySelector<HTMLElement>('[role="img"][aria-label^="Forest plot"]');
    const row = () => document.querySelector("section table tbody tr")?.textContent ?? "";
    const busy = () => document.querySelector('[data-robustness="current"]') === null;
    const funnel = () => document.querySelector<HTMLElement>('[role="img"][aria-label^="Funnel plot"]');
    const [rowBefore, drawnBefore, funnelBefore] = [row(), forest()?.dataset["drawn"], funnel()?.dataset["drawn"]];
    const frame = () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(window.performance.now())));
    const t0 = window.performance.now();
    select.value = model;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    let estimateMs = -1;
    let forestMs = -1;
    for (;;) {
      const now = await frame();
      if (estimateMs < 0 && row() !== rowBefore) estimateMs = now - t0;
      if (forestMs < 0 && forest()?.dataset["drawn"] !== drawnBefore) forestMs = now - t0;
      if (estimateMs >= 0 && forestMs >= 0 && !busy() && funnel()?.dataset["drawn"] !== funnelBefore) return { estimateMs, forestMs, allMs: now - t0 };
      if (now - t0 > 120_000) throw new Error(`the page did not finish within 120 s (estimate ${estimateMs}, forest ${forestMs}, busy ${busy()}, funnel drawn ${funnel()?.dataset["drawn"]} before ${funnelBefore})`);
    }
  }, value);
}

async function repool(url: string, csv: string): Promise<ChangeTiming[]> {
  return withPage(async (page) => {
    await page.goto(url, { waitUntil: "load" });
    await page.getByLabel("Or paste the CSV").fill(csv, { timeout: 300_000 });
    await page.getByRole("button", { name: "Pool" }).click();
    await page.getByRole("table", { name: /^The model refitted without each study/ }).waitFor({ timeout: 300_000 });
    await page.getByRole("img", { name: /^Funnel plot/ }).locator("svg").waitFor({ timeout: 300_000 });
    const timings: ChangeTiming[] = [];
    for (let i = 0; i < CHANGES; i++) timings.push(await timeChange(page, i % 2 === 0 ? "DL" : "REML"));
    return timings;
  });
}

const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

export async function runWebBench(): Promise<void> {
  console.log(`\nWeb app ("Analyse a CSV", static build opened from disk) in ${CHROMIUM} (load average ${loadavg()[0]!.toFixed(1)} on this machine)`);
  if (!existsSync(CHROMIUM)) {
    console.log(`skipped: ${CHROMIUM} not found (apt-get install chromium, or set METAKIT_BENCH_CHROMIUM)`);
    return;
  }
  buildApp();
  const script = join(APP, "assets/app.js");
  const bytes = statSync(script).size;
  const gzip = gzipSync(readFileSync(script), { level: 9 }).length;
  const html = statSync(join(APP, "index.html")).size;
  console.log(`bundle: assets/app.js ${kb(bytes)} (${bytes} bytes), gzip -9 ${kb(gzip)}; index.html ${html} bytes`);

  const url = `${pathToFileURL(join(APP, "index.html")).href}#/analyse`;
  const loads = [];
  for (let i = 0; i < LOADS; i++) loads.push(await firstLoad(url));
  const shown = median(loads.map((l) => l.shownMs));
  console.log(
    `first page load (fresh profile, median of ${LOADS}): form on screen ${ms(shown)} ms from navigation; load event ${ms(median(loads.map((l) => l.loadEventMs)))} ms ` +
      `(goal < ${GOALS.firstLoadMs} ms: ${shown < GOALS.firstLoadMs ? "met" : "NOT met"})`,
  );

  const timings = await repool(url, syntheticTwoByTwoCsv(K, SEED));
  const m = (f: (t: ChangeTiming) => number) => median(timings.map(f));
  const forest = m((t) => t.forestMs);
  console.log(`option change at k = ${K.toLocaleString("en-US")} (RR, Model REML <-> DL; median of ${CHANGES}; min-max in brackets):`);
  const range = (f: (t: ChangeTiming) => number) => `${ms(m(f))} ms [${ms(Math.min(...timings.map(f)))}-${ms(Math.max(...timings.map(f)))}]`;
  console.log(`  pooled estimate shown          ${range((t) => t.estimateMs)}`);
  console.log(`  forest plot redrawn            ${range((t) => t.forestMs)}  (goal < ${GOALS.repoolMs} ms: ${forest < GOALS.repoolMs ? "met" : "NOT met"})`);
  console.log(`  funnel, bias tests, leave-one-out shown ${range((t) => t.allMs)}`);
}
