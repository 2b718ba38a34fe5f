/**
 * "Analyse a CSV" from the static build opened from disk (file://, no server), in Debian's
 * chromium, on three of the shared reference datasets (packages/fixtures/metafor, copied
 * from /work/shared/reference/metafor with metafor 3.8-1's numbers in cases.json):
 * - S01 dat.bcg (RR; REML, z): pooled estimate, Egger, Begg and leave-one-out as metafor's
 *   rma(), regtest(), ranktest() and leave1out();
 * - S14 smoking (GEN; DL with Knapp-Hartung, then REML): the same, per metafor;
 * - S13 magnesium (OR; Mantel-Haenszel and Peto): rma.mh() and rma.peto().
 * Every download is compared with what the CLI prints for the same file and options:
 * results JSON (`pool --format json`), per-study CSV (`--format csv`), the R script
 * (`--emit-r`), and the tests and refits with `bias` and `sensitivity`. Then a run with the
 * keyboard alone, the CSV's problems listed as the CLI lists them, and axe-core.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTo, oracleCases, tol, type OracleCase } from "@metakit/fixtures";
import { run } from "@metakit/cli";
import { builtApp, jsonDifferences, openBrowser, REPO_ROOT, seriousViolations, type Browser } from "./app.js";

const TIMEOUT = 180_000;
const FIXTURES = join(REPO_ROOT, "packages/fixtures/metafor");

function oracle(id: string): OracleCase {
  const found = oracleCases().find((c) => c.id === id);
  if (!found) throw new Error(`oracle case ${id} not found`);
  return found;
}

/** metafor's fit of a case for exactly these flags. */
function metaforFit(id: string, args: string) {
  const fit = oracle(id).fits.find((f) => f.args.join(" ") === args);
  if (!fit) throw new Error(`${id}: no fit ${args}`);
  return fit.expected as { estimate: number; ciLower: number; ciUpper: number; tau2: number };
}

function metaforExtra<T>(id: string, name: string): T {
  const extra = oracle(id).extras?.[name];
  if (!extra) throw new Error(`${id}: no ${name}`);
  return extra.expected as T;
}

/** What `metakit ARGS` prints on stdout (and its stderr), run in-process. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await run(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

async function cliOut(...args: string[]): Promise<string> {
  const result = await cli(...args);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result.stdout;
}

/** Cells of a CSV compared as the JSON is: text equal, numbers equal up to float rounding. */
function csvCells(text: string): (string | number)[][] {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => line.split(",").map((cell) => (cell !== "" && Number.isFinite(Number(cell)) ? Number(cell) : cell)));
}

const shown = (x: number) => x.toFixed(4);
const shownP = (p: number) => (p < 0.0001 ? "< 0.0001" : p.toFixed(4));

describe("Analyse a CSV from disk (file://) on the shared reference datasets", () => {
  let browser: Browser;
  let appUrl: string;

  beforeAll(async () => {
    appUrl = pathToFileURL(join(await builtApp(), "index.html")).href;
    browser = await openBrowser();
  }, TIMEOUT);
  afterAll(async () => {
    await browser?.close();
  });

  async function openWith(file: string, measure: string, method: string, test: string) {
    const { page } = browser;
    await page.goto(`${appUrl}#/analyse`, { waitUntil: "load" });
    await page.getByLabel("Study data (CSV)").setInputFiles(file);
    await page.getByLabel("Effect measure").selectOption(measure);
    await page.getByLabel("Model").selectOption(method);
    await page.getByLabel("Test").selectOption(test);
    await page.getByRole("button", { name: "Pool" }).click();
    await leaveOneOutShown();
  }

  /** Waits until the funnel plot, small-study tests and leave-one-out shown are those of the current options (not the last ones, kept while recomputing). */
  async function leaveOneOutShown() {
    await browser.page.locator('[data-robustness="current"]').waitFor({ timeout: 60_000 });
    await browser.page.getByRole("table", { name: /^The model refitted without each study/ }).waitFor({ timeout: 60_000 });
  }

  /** Estimate, CI lower, CI upper of the pooled row, as shown (analysis scale, 4 decimals). */
  async function shownEstimate(): Promise<string[]> {
    const row = browser.page.getByRole("table", { name: /confidence intervals/ }).locator("tbody tr").first();
    return (await row.locator("td").allInnerTexts()).slice(1, 4).map((cell) => cell.split(" ")[0] ?? "");
  }

  async function download(name: string | RegExp): Promise<{ text: string; bytes: Buffer; file: string }> {
    const { page } = browser;
    const [saved] = await Promise.all([page.waitForEvent("download"), page.getByRole(/\(PNG\)/.test(String(name)) ? "button" : "link", { name }).click()]);
    const bytes = readFileSync(await saved.path());
    return { text: bytes.toString("utf8"), bytes, file: saved.suggestedFilename() };
  }

  /** The small-study tests' rows: [statistic cell, p cell] for Egger and Begg. */
  async function biasCells(): Promise<{ egger: string[]; begg: string[] }> {
    const table = browser.page.getByRole("table", { name: /^Tests for funnel-plot asymmetry/ });
    const egger = await table.getByRole("row", { name: /^Egger's/ }).locator("td").allInnerTexts();
    const begg = await table.getByRole("row", { name: /^Begg/ }).locator("td").allInnerTexts();
    return { egger, begg };
  }

  /** The leave-one-out estimates as shown (analysis scale). */
  async function leaveOneOutEstimates(): Promise<string[]> {
    const rows = browser.page.getByRole("table", { name: /^The model refitted without each study/ }).locator("tbody tr");
    return (await rows.locator("td:nth-of-type(1)").allInnerTexts()).map((cell) => cell.split(" ")[0] ?? "");
  }

  async function checkSmallStudyAndLeaveOneOut(id: string, file: string, measure: string) {
    const egger = metaforExtra<{ statistic: number; pval: number }>(id, "egger");
    const begg = metaforExtra<{ tau: number; pval: number }>(id, "begg");
    const loo = metaforExtra<{ estimate: number[] }>(id, "leaveOneOut");
    const cells = await biasCells();
    expect(cells.egger[0]).toBe(`z = ${shown(egger.statistic)}`);
    expect(cells.egger[1]).toBe(shownP(egger.pval));
    expect(cells.begg[0]).toBe(`Kendall's τ = ${shown(begg.tau)}`);
    expect(cells.begg[1]?.split(" (")[0]).toBe(shownP(begg.pval));
    expect(await leaveOneOutEstimates()).toEqual(loo.estimate.map(shown));
    // ... and as the commands print them for the same file and model
    const bias = JSON.parse(await cliOut("bias", file, "--measure", measure, "--egger", "--format", "json")) as { statistic: number };
    expect(cells.egger[0]).toBe(`z = ${shown(bias.statistic)}`);
    const steps = JSON.parse(await cliOut("sensitivity", file, "--measure", measure, "--leave-one-out", "--format", "json")) as { estimate: number[] };
    expect(steps.estimate.length).toBe(loo.estimate.length);
    expect(await leaveOneOutEstimates()).toEqual(steps.estimate.map(shown));
  }

  it("S01 dat.bcg, RR, REML: metafor's estimate, Egger, Begg and leave-one-out; every download as the CLI prints it", async () => {
    const file = join(FIXTURES, "S01_bcg_rr.csv");
    await openWith(file, "RR", "REML", "z");
    const fit = metaforFit("S01", "--measure RR --method REML --test z --tau2-ci");
    expect(await shownEstimate()).toEqual([fit.estimate, fit.ciLower, fit.ciUpper].map(shown));
    await checkSmallStudyAndLeaveOneOut("S01", file, "RR");

    const options = ["--measure", "RR", "--method", "REML", "--test", "z", "--level", "95"];
    const json = await download("Download results (JSON)");
    expect(jsonDifferences(JSON.parse(json.text), JSON.parse(await cliOut("pool", file, ...options, "--format", "json")))).toEqual([]);
    expect(closeTo((JSON.parse(json.text) as { estimate: number }).estimate, fit.estimate, tol.metafor)).toBe(true);
    const csv = await download("Download per-study table (CSV)");
    expect(jsonDifferences(csvCells(csv.text), csvCells(await cliOut("pool", file, ...options, "--format", "csv")))).toEqual([]);
    const script = await download("Download R script (metafor)");
    expect(script.text).toBe(await cliOut("pool", file, ...options, "--emit-r"));

    // the figures: present, named, and downloadable as SVG and PNG
    const forest = browser.page.getByRole("img", { name: /^Forest plot of 13 studies/ });
    const funnel = browser.page.getByRole("img", { name: /^Funnel plot of 13 studies/ });
    await expect.poll(() => funnel.locator("svg circle, svg path").count(), { timeout: 30_000 }).toBeGreaterThan(13);
    expect(await forest.locator("svg").count()).toBe(1);
    const svg = await download("Download funnel plot (SVG)");
    expect(svg.text).toMatch(/^<svg /);
    expect(svg.file).toBe("S01_bcg_rr-funnel.svg");
    const png = await download("Download forest plot (PNG)");
    expect(png.bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
    const svgWidth = Number(/width="([\d.]+)"/.exec(await forest.locator("svg").evaluate((e) => e.outerHTML))?.[1]);
    // IHDR width: 300 dpi of the SVG's width in CSS pixels (the canvas rounds a half pixel either way)
    expect(Math.abs(png.bytes.readUInt32BE(16) - svgWidth * (300 / 96))).toBeLessThanOrEqual(0.5);
  }, TIMEOUT);

  it("S01 with trim and fill and contours: the funnel names the filled study, as metakit funnel --trimfill (metafor's trimfill: 1 study)", async () => {
    const { page } = browser;
    const trimfill = metaforExtra<{ k0: number; side: string }>("S01", "trimfill");
    await page.getByLabel("Significance contours").check();
    await page.getByLabel("Trim and fill").check();
    const funnel = page.getByRole("img", { name: new RegExp(`^Funnel plot of 13 studies, with significance contours, ${trimfill.k0} filled by trim and fill: Trim and fill \\(L0, REML\\): ${trimfill.k0} study filled on the ${trimfill.side}`) });
    await expect.poll(() => funnel.locator("svg").count(), { timeout: 60_000 }).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    expect(browser.problems).toEqual([]);
  }, TIMEOUT);

  it("S14 smoking (GEN): DL with Knapp-Hartung, then REML with Egger, Begg and leave-one-out, each as metafor", async () => {
    const { page } = browser;
    const file = join(FIXTURES, "S14_smoking_gen.csv");
    await openWith(file, "GEN", "DL", "knha");
    const dl = metaforFit("S14", "--measure GEN --method DL --test knha");
    expect(await shownEstimate()).toEqual([dl.estimate, dl.ciLower, dl.ciUpper].map(shown));
    const knha = JSON.parse(await cliOut("pool", file, "--measure", "GEN", "--method", "DL", "--test", "knha", "--format", "json"));
    expect(jsonDifferences(JSON.parse((await download("Download results (JSON)")).text), knha)).toEqual([]);

    await page.getByLabel("Model").selectOption("REML");
    await page.getByLabel("Test").selectOption("z");
    const reml = metaforFit("S14", "--measure GEN --method REML --test z --tau2-ci");
    await expect.poll(shownEstimate).toEqual([reml.estimate, reml.ciLower, reml.ciUpper].map(shown));
    await leaveOneOutShown();
    await checkSmallStudyAndLeaveOneOut("S14", file, "GEN");
  }, TIMEOUT);

  it("S13 magnesium (OR): Mantel-Haenszel and Peto as rma.mh() and rma.peto(), the refits said to use EE", async () => {
    const { page } = browser;
    const file = join(FIXTURES, "S13_magnesium_egger_or.csv");
    await openWith(file, "OR", "MH", "z");
    const mh = metaforFit("S13", "--measure OR --method MH --test z");
    expect(await shownEstimate()).toEqual([mh.estimate, mh.ciLower, mh.ciUpper].map(shown));
    expect(await page.getByText(/^The Mantel-Haenszel pool is not refitted/).count()).toBe(1);
    const cli = JSON.parse(await cliOut("pool", file, "--measure", "OR", "--method", "MH", "--format", "json"));
    expect(jsonDifferences(JSON.parse((await download("Download results (JSON)")).text), cli)).toEqual([]);
    const script = await download("Download R script (metafor)");
    expect(script.text).toBe(await cliOut("pool", file, "--measure", "OR", "--method", "MH", "--test", "z", "--level", "95", "--emit-r"));

    await page.getByLabel("Model").selectOption("PETO");
    const peto = metaforFit("S13", "--measure OR --method PETO --test z");
    await expect.poll(shownEstimate).toEqual([peto.estimate, peto.ciLower, peto.ciUpper].map(shown));
    await leaveOneOutShown();
    // Egger by the equal-effects model, as `metakit bias --egger --method EE` computes it
    const bias = JSON.parse(await cliOut("bias", file, "--measure", "OR", "--egger", "--method", "EE", "--format", "json")) as { statistic: number; pval: number };
    const cells = await biasCells();
    expect(cells.egger.slice(0, 2)).toEqual([`z = ${shown(bias.statistic)}`, shownP(bias.pval)]);
  }, TIMEOUT);

  it("lists every bad row of a CSV as the CLI does (FILE:ROW:COLUMN: message) in an alert", async () => {
    const { page } = browser;
    const dir = mkdtempSync(join(tmpdir(), "metakit-web-bad-"));
    try {
      const file = join(dir, "bad.csv");
      writeFileSync(file, "study,ai,bi,ci,di\nA,1,2,x,4\nB,y,2,3,4\nC,1,2,3,4\n");
      const result = await cli("pool", file, "--measure", "RR");
      expect(result.code).not.toBe(0);
      const expected = result.stderr.trimEnd().split("\n").map((line) => line.replace(file, basename(file)));
      expect(expected.length).toBe(2);
      await page.goto(`${appUrl}#/analyse`, { waitUntil: "load" });
      await page.getByLabel("Study data (CSV)").setInputFiles(file);
      await page.getByRole("button", { name: "Pool" }).click();
      const alert = page.getByRole("alert");
      await expect.poll(() => alert.locator("li").allInnerTexts()).toEqual(expected);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, TIMEOUT);
});

describe("Analyse a CSV with the keyboard alone, from disk", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await openBrowser();
    await browser.page.goto(pathToFileURL(join(await builtApp(), "index.html")).href, { waitUntil: "load" });
  }, TIMEOUT);
  afterAll(async () => {
    await browser?.close();
  });

  /** Presses Tab until the focused element is the one `name` labels (at most 40 presses). */
  async function tabTo(name: string): Promise<void> {
    const { page } = browser;
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      const label = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return "";
        const labelled = (el as HTMLInputElement).labels?.[0]?.textContent ?? "";
        return `${labelled}|${el.textContent ?? ""}`;
      });
      if (label.split("|").some((part) => part.trim().startsWith(name))) return;
    }
    throw new Error(`Tab never reached "${name}"`);
  }

  it("from the home page to the pooled estimate (dat.bcg, OR, EE: metafor's), the funnel plot, leave-one-out and the downloads", async () => {
    const { page } = browser;
    const file = join(FIXTURES, "S01_bcg_rr.csv");
    await tabTo("Analyse a CSV");
    await page.keyboard.press("Enter");
    await tabTo("Or paste the CSV");
    await page.keyboard.insertText(readFileSync(file, "utf8"));
    await tabTo("Effect measure");
    await page.keyboard.press("Home"); // the first measure code ...
    for (let i = 0; i < 60 && (await page.getByLabel("Effect measure").inputValue()) !== "OR"; i++) await page.keyboard.press("ArrowDown"); // ... down to OR
    expect(await page.getByLabel("Effect measure").inputValue()).toBe("OR");
    await tabTo("Model");
    await page.keyboard.press("Home"); // EE, the first model
    expect(await page.getByLabel("Model").inputValue()).toBe("EE");
    await tabTo("Pool");
    await page.keyboard.press("Enter");
    const ee = metaforFit("S02", "--measure OR --method EE --test z"); // S02 is dat.bcg too, pooled as odds ratios
    const row = page.getByRole("table", { name: /confidence intervals/ }).locator("tbody tr").first();
    await expect.poll(async () => (await row.locator("td").nth(1).innerText()).split(" ")[0], { timeout: 30_000 }).toBe(ee.estimate.toFixed(4));
    await page.getByRole("table", { name: /^The model refitted without each study/ }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole("img", { name: /^Funnel plot of 13 studies/ }).count()).toBe(1);
    await tabTo("Download results (JSON)");
    const [saved] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
    const json = JSON.parse(readFileSync(await saved.path(), "utf8"));
    const cli = JSON.parse(await cliOut("pool", file, "--measure", "OR", "--method", "EE", "--format", "json"));
    expect(jsonDifferences(json, cli)).toEqual([]);
    await tabTo("Download forest plot (PNG)");
    const [png] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
    expect(readFileSync(await png.path()).subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(await seriousViolations(page)).toEqual([]);
    expect(browser.problems).toEqual([]);
  }, TIMEOUT);
});
