/**
 * "Analyse a CSV" as a person uses it, in Debian's chromium through `metakit serve`: the
 * keyboard alone from the home page to the pooled estimate of data/sample/bcg.csv (RR,
 * REML) with metafor's numbers, the forest plot, the JSON download equal to what
 * `metakit pool --format json` prints, recomputed when an option changes; no console error
 * (a CSP violation would be one), no serious or critical axe-core violation. Then the
 * static build opened from disk, with no server at all.
 */
import { readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTo, oracleCases, tol } from "@metakit/fixtures";
import { startServer, type RunningServer } from "@metakit/cli/serve/server";
import { run } from "@metakit/cli";
import { builtApp, jsonDifferences, openBrowser, REPO_ROOT, seriousViolations, type Browser } from "./app.js";

const TIMEOUT = 180_000;
const BCG = join(REPO_ROOT, "data/sample/bcg.csv");

/** metafor 3.8-1, rma(measure = "RR", method = "REML") on dat.bcg: the oracle fit of case S01. */
function metaforBcgReml() {
  const fit = oracleCases()
    .find((c) => c.id === "S01")
    ?.fits.find((f) => f.args.join(" ") === "--measure RR --method REML --test z --tau2-ci");
  if (!fit) throw new Error("oracle case S01 (bcg, RR, REML) not found");
  return fit.expected as { estimate: number; ciLower: number; ciUpper: number };
}

async function cliJson(...args: string[]): Promise<string> {
  let stdout = "";
  const code = await run(["pool", BCG, ...args, "--format", "json"], { stdout: (t) => void (stdout += t), stderr: () => undefined });
  expect(code).toBe(0);
  return stdout;
}

/** The pooled row's cells: estimate, CI lower, CI upper, as shown. */
async function shownEstimate(browser: Browser): Promise<string[]> {
  const row = browser.page.locator("section table tbody tr").first();
  return (await row.locator("td").allInnerTexts()).slice(1, 4).map((cell) => cell.split(" ")[0] ?? "");
}

async function downloaded(browser: Browser): Promise<string> {
  const [download] = await Promise.all([browser.page.waitForEvent("download"), browser.page.getByRole("link", { name: "Download results (JSON)" }).click()]);
  return readFileSync(await download.path(), "utf8");
}

describe("Analyse a CSV through metakit serve", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ root: REPO_ROOT, appDir: await builtApp(), port: 0 });
    browser = await openBrowser();
    await browser.page.goto(server.url, { waitUntil: "load" });
  }, TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("the home page links to Analyse a CSV, with no serious accessibility violation", async () => {
    const { page } = browser;
    expect(new URL(page.url()).search).toBe(""); // the token left the address bar
    await expect.poll(() => page.getByRole("link", { name: "Analyse a CSV" }).count()).toBe(1);
    await expect.poll(() => page.getByRole("table", { name: "Data files and analysis specs" }).count(), { timeout: 30_000 }).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
  }, TIMEOUT);

  it("the home page lists the project's files with the status metakit validate gives them", async () => {
    const { page } = browser;
    expect(realpathSync(process.cwd())).toBe(realpathSync(REPO_ROOT)); // so `metakit validate` below runs in DIR
    let printed = "";
    await run(["validate"], { stdout: (t) => void (printed += t), stderr: () => undefined });
    const lines = printed.trimEnd().split("\n");
    expect(await page.getByText(/^validate: /).innerText()).toBe(lines.at(-1));
    const shown = await page.getByRole("table", { name: "Data files and analysis specs" }).locator("tbody th").allInnerTexts();
    expect(shown).toContain("data/pain.yaml");
    expect(shown).toContain("analyses/pain.yaml");
    expect(lines.at(-1)).toContain(`validate: ${shown.length} files`);
  }, TIMEOUT);

  it("pools bcg.csv (RR, REML) to metafor's estimate and CI, operated with the keyboard", async () => {
    const { page } = browser;
    await page.getByRole("link", { name: "Analyse a CSV" }).focus();
    await page.keyboard.press("Enter");
    await page.getByLabel("Study data (CSV)").setInputFiles(BCG);
    await page.getByLabel("Effect measure").focus();
    await page.keyboard.press("Home"); // the first measure code ...
    expect(await page.getByLabel("Effect measure").inputValue()).not.toBe("RR");
    await page.getByLabel("Effect measure").selectOption("RR"); // ... then back to RR
    expect(await page.getByLabel("Model").inputValue()).toBe("REML");
    expect(await page.getByLabel("Test").inputValue()).toBe("z");
    await page.getByRole("button", { name: "Pool" }).focus();
    await page.keyboard.press("Enter");
    const metafor = metaforBcgReml();
    await expect.poll(() => shownEstimate(browser), { timeout: 30_000 }).toEqual([metafor.estimate, metafor.ciLower, metafor.ciUpper].map((x) => x.toFixed(4)));
    const forest = page.getByRole("img", { name: /^Forest plot/ });
    await expect.poll(() => forest.locator("svg").count(), { timeout: 30_000 }).toBe(1);
    expect(await forest.locator("svg text").allTextContents()).toContain("Aronson 1948");
  }, TIMEOUT);

  it("offers a JSON download equal to metakit pool --format json for the same data and options", async () => {
    const json = await downloaded(browser);
    expect(jsonDifferences(JSON.parse(json), JSON.parse(await cliJson("--measure", "RR", "--method", "REML", "--test", "z", "--level", "95")))).toEqual([]);
    expect(closeTo((JSON.parse(json) as { estimate: number }).estimate, metaforBcgReml().estimate, tol.metafor)).toBe(true);
  }, TIMEOUT);

  it("pools again at once when an option changes (Test: knha), and the download follows", async () => {
    const { page } = browser;
    await page.getByLabel("Test").selectOption("knha");
    const cli = JSON.parse(await cliJson("--measure", "RR", "--method", "REML", "--test", "knha")) as { ciLower: number };
    await expect.poll(async () => (await shownEstimate(browser))[1]).toBe(cli.ciLower.toFixed(4));
    expect(jsonDifferences(JSON.parse(await downloaded(browser)), cli)).toEqual([]);
  }, TIMEOUT);

  it("pools per subgroup of a chosen column, with the subgroups' forest plot and the CLI's JSON", async () => {
    const { page } = browser;
    await page.getByLabel("Subgroup column").selectOption("alloc");
    const forest = page.getByRole("img", { name: /^Forest plot of 13 studies in 3 subgroups/ });
    await expect.poll(() => forest.locator("svg").count(), { timeout: 30_000 }).toBe(1);
    expect(await forest.locator("svg text").allTextContents()).toEqual(expect.arrayContaining(["random", "alternate", "systematic"]));
    const cli = JSON.parse(await cliJson("--measure", "RR", "--method", "REML", "--test", "knha", "--by", "alloc"));
    expect(jsonDifferences(JSON.parse(await downloaded(browser)), cli)).toEqual([]);
    await page.getByLabel("Subgroup column").selectOption("");
  }, TIMEOUT);

  it("shows the CLI's message for bad input in an alert", async () => {
    const { page } = browser;
    await page.getByLabel("Or paste the CSV").fill("study,ai,bi,ci,di\nA,1,2,x,4\n");
    await expect.poll(() => page.getByRole("alert").innerText()).toMatch(/^pasted\.csv:2:ci: /);
    await page.getByLabel("Study data (CSV)").setInputFiles(BCG);
  }, TIMEOUT);

  it("has no serious accessibility violation and no console error (the CSP held: no eval, no inline script)", async () => {
    const { page } = browser;
    await page.getByLabel("Test").selectOption("z");
    await expect.poll(() => page.getByRole("img", { name: /^Forest plot/ }).locator("svg").count(), { timeout: 30_000 }).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    expect(browser.problems).toEqual([]);
  }, TIMEOUT);
});

describe("Analyse a CSV from the static build, opened from disk", () => {
  let browser: Browser;
  beforeAll(async () => {
    const app = await builtApp();
    browser = await openBrowser();
    await browser.page.goto(`${pathToFileURL(join(app, "index.html")).href}#/analyse`, { waitUntil: "load" });
  }, TIMEOUT);
  afterAll(async () => {
    await browser?.close();
  });

  it("pools pasted CSV text with no server", async () => {
    const { page } = browser;
    await page.getByLabel("Or paste the CSV").fill(readFileSync(BCG, "utf8"));
    await page.getByRole("button", { name: "Pool" }).click();
    const metafor = metaforBcgReml();
    await expect.poll(() => shownEstimate(browser), { timeout: 30_000 }).toEqual([metafor.estimate, metafor.ciLower, metafor.ciUpper].map((x) => x.toFixed(4)));
    await expect.poll(() => page.getByRole("img", { name: /^Forest plot/ }).locator("svg").count(), { timeout: 30_000 }).toBe(1);
    expect(browser.problems).toEqual([]);
  }, TIMEOUT);
});
