/**
 * The review pages as a reviewer uses them, in Debian's chromium through `metakit serve`
 * on a temporary copy of the repository's review (data/, analyses/, reports/README.md;
 * the repository's own files are never written):
 * - Reconcile: two reviewers' extractions compared, the disagreements decided (one value
 *   of the adjudicator's own, refused until it has a reason) with the keyboard, and "Save
 *   merged" writing a new file and its adjudication log, the inputs unchanged byte for byte;
 * - an analysis spec run in the page, a GRADE domain overridden with a reason (refused
 *   without one): the spec on disk gains exactly the override, comments intact, and the
 *   Summary of Findings' certainty changes;
 * - the report previewed (the four indications' titles) and written to reports/.
 * axe-core finds no serious or critical violation on any of the pages.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFileText } from "@metakit/schema";
import { startServer, type RunningServer } from "@metakit/cli/serve/server";
import { builtApp, openBrowser, REPO_ROOT, seriousViolations, type Browser } from "./app.js";

const TIMEOUT = 600_000;
const SPECS = ["depression", "nssi", "pain", "trichotillomania"];

describe("the review pages through metakit serve", () => {
  const review = mkdtempSync(join(tmpdir(), "metakit-review-pages-"));
  let server: RunningServer;
  let browser: Browser;
  const file = (path: string) => join(review, path);

  beforeAll(async () => {
    cpSync(join(REPO_ROOT, "data"), file("data"), { recursive: true });
    cpSync(join(REPO_ROOT, "analyses"), file("analyses"), { recursive: true });
    mkdirSync(file("reports"));
    cpSync(join(REPO_ROOT, "reports/README.md"), file("reports/README.md"));
    mkdirSync(file("reviewers"));
    const trials = readFileSync(join(REPO_ROOT, "data/sample/bcg/trials.yaml"), "utf8");
    writeFileSync(file("reviewers/a.yaml"), trials);
    // Reviewer B read another design for the first trial and 5 TB cases in its vaccinated arm.
    writeFileSync(file("reviewers/b.yaml"), trials.replace("design: parallel-rct", "design: crossover-rct").replace("        events: 4\n", "        events: 5\n"));
    server = await startServer({ root: review, appDir: await builtApp(), port: 0, cliEntry: join(REPO_ROOT, "packages/cli/dist/main.js") });
    browser = await openBrowser();
    await browser.page.goto(server.url, { waitUntil: "load" });
  }, TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(review, { recursive: true, force: true });
  });

  it("the home page links to the reconcile and report pages and to each analysis spec", async () => {
    const { page } = browser;
    await expect.poll(() => page.getByRole("link", { name: "Reconcile two extractions" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "Read the report" }).count()).toBe(1);
    await expect.poll(() => page.getByRole("link", { name: "analyses/pain.yaml" }).getAttribute("href"), { timeout: 60_000 }).toBe("/analyses/pain");
  }, TIMEOUT);

  it("reconciles two extractions into a merged file and a log, with the keyboard, the inputs unchanged byte for byte", async () => {
    const { page } = browser;
    const inputs = [readFileSync(file("reviewers/a.yaml")), readFileSync(file("reviewers/b.yaml"))];
    await page.getByRole("link", { name: "Reconcile two extractions" }).focus();
    await page.keyboard.press("Enter");
    await page.getByLabel("Extraction A").selectOption("reviewers/a.yaml");
    await page.getByLabel("Extraction B").selectOption("reviewers/b.yaml");
    await page.getByRole("button", { name: "Compare" }).focus();
    await page.keyboard.press("Enter");
    const groups = page.locator("fieldset.disagreement");
    await expect.poll(() => groups.count(), { timeout: 60_000 }).toBe(2);
    expect(await groups.locator("legend").allInnerTexts()).toEqual(["studies aronson1948: design", "results aronson1948-tb: arms[0].events.value"]);
    // Each side with where the reviewer wrote it and the provenance of the value (the record's, for a bare number).
    const events = groups.nth(1);
    expect(await events.getByRole("region", { name: "Reviewer A" }).innerText()).toMatch(/reviewers\/a\.yaml:351[\s\S]*4[\s\S]*dat\.bcg row 1/);
    expect(await events.getByRole("region", { name: "Reviewer B" }).innerText()).toMatch(/reviewers\/b\.yaml:351[\s\S]*5/);
    expect(await page.getByRole("table", { name: /Cohen's kappa/ }).innerText()).toMatch(/studies: design/);
    expect(await seriousViolations(page)).toEqual([]);

    await groups.nth(0).getByRole("radio", { name: "Take A" }).focus();
    await page.keyboard.press("Space");
    await events.getByRole("radio", { name: "Enter a value" }).focus();
    await page.keyboard.press("Space");
    await events.getByLabel("Value", { exact: true }).focus();
    await page.keyboard.type("6");
    await page.getByLabel("Merged file name").fill("reviewers/merged.yaml");
    await page.getByRole("button", { name: "Save merged" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("alert").allInnerTexts()).toContainEqual(expect.stringMatching(/still to decide[\s\S]*needs a reason/));
    expect(existsSync(file("reviewers/merged.yaml"))).toBe(false);

    await events.getByLabel("Reason (required)").focus();
    await page.keyboard.type("Aronson 1948 reports 6 cases in the vaccinated group (adjudicator's reading)");
    await page.getByRole("button", { name: "Save merged" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("status").innerText(), { timeout: 60_000 }).toMatch(/^Saved reviewers\/merged\.yaml and the adjudication log reviewers\/merged\.adjudication\.csv \(2 decisions\)/);

    expect([readFileSync(file("reviewers/a.yaml")), readFileSync(file("reviewers/b.yaml"))]).toEqual(inputs);
    const merged = parseFileText("reviewers/merged.yaml", readFileSync(file("reviewers/merged.yaml"), "utf8"));
    expect(merged.issues.filter((i) => i.severity === "error")).toEqual([]);
    const records = merged.parsed?.type === "extraction" ? merged.parsed.records : undefined;
    expect(records?.studies[0]?.record.design).toBe("parallel-rct");
    const first = records?.results[0]?.record as { arms?: { events?: { value?: number } }[] } | undefined;
    expect(first?.arms?.[0]?.events?.value).toBe(6);
    expect(records?.studies).toHaveLength(13);
    const log = readFileSync(file("reviewers/merged.adjudication.csv"), "utf8").trim().split("\n");
    expect(log.slice(1)).toEqual([
      "studies aronson1948,design,parallel-rct,crossover-rct,A,parallel-rct,,reviewers/a.yaml,reviewers/b.yaml",
      "results aronson1948-tb,arms[0].events.value,4,5,adjudicator,6,Aronson 1948 reports 6 cases in the vaccinated group (adjudicator's reading),reviewers/a.yaml,reviewers/b.yaml",
    ]);
  }, TIMEOUT);

  it("runs an analysis spec and overrides a GRADE domain with a reason: the spec gains exactly the override, and the Summary of Findings follows", async () => {
    const { page } = browser;
    const spec = file("analyses/pain.yaml");
    const original = readFileSync(spec, "utf8");
    await page.goto(`${server.url.split("?")[0]}analyses/pain`, { waitUntil: "load" });
    const synthesis = page.getByRole("region", { name: /\(pain-vs-placebo\)/ });
    await expect.poll(() => synthesis.getByRole("img", { name: /^Forest plot/ }).locator("svg").count(), { timeout: 120_000 }).toBe(1);
    expect(await synthesis.innerText()).toMatch(/Heterogeneity and overall effect[\s\S]*Sensitivity scenarios[\s\S]*Small-study effects/);
    const imprecision = synthesis.locator('tr[data-domain="imprecision"]');
    expect(await imprecision.innerText()).toMatch(/very serious[\s\S]*imprecision\.[\s\S]*Signal: /);
    const sof = page.locator('tr[data-outcome="Pain intensity (vs placebo)"] td.certainty');
    expect(await sof.innerText()).toMatch(/very low$/);
    expect(await seriousViolations(page)).toEqual([]);

    // Without a reason: refused, the file untouched.
    await imprecision.getByLabel("Concern for imprecision").selectOption("no");
    await imprecision.getByRole("button", { name: "Override imprecision" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => imprecision.getByRole("alert").innerText()).toMatch(/A reason is required/);
    expect(readFileSync(spec, "utf8")).toBe(original);

    const reason = "The interval excludes the MID in a sensitivity reading (test of the override in a copy of the review)";
    await imprecision.getByLabel("Reason for imprecision").focus();
    await page.keyboard.type(reason);
    await imprecision.getByRole("button", { name: "Override imprecision" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("status").first().innerText(), { timeout: 60_000 }).toBe("Imprecision: your judgement (no) saved to the spec.");
    const after = readFileSync(spec, "utf8");
    const added = ["    judgements:", "      imprecision:", '        concern: "no"', `        reason: ${reason}`];
    const at = after.indexOf(`${added.join("\n")}\n`);
    expect(at).toBeGreaterThan(0);
    expect(after.slice(0, at) + after.slice(at + added.join("\n").length + 1)).toBe(original);
    await expect.poll(() => sof.innerText(), { timeout: 60_000 }).toMatch(/moderate$/);
    expect(await imprecision.innerText()).toMatch(/by the reviewers/);

    // A model option: recomputed at once, saved on request, only its value changes in the file (a flow mapping here).
    await synthesis.getByLabel("Model (τ² estimator)").selectOption("DL");
    await expect.poll(() => page.getByText(/1 unsaved change to the model options/).count()).toBe(1);
    await page.getByRole("button", { name: "Save model options" }).click();
    await expect.poll(() => page.getByRole("status").first().innerText(), { timeout: 60_000 }).toBe("Model options saved to the spec.");
    const line = "model: {method: REML, test: knha, predictionInterval: true, level: 0.95}";
    expect(after.split(line)).toHaveLength(2);
    expect(readFileSync(spec, "utf8")).toBe(after.replace(line, line.replace("REML", "DL")));
    expect(await synthesis.getByLabel("Model (τ² estimator)").inputValue()).toBe("DL");
  }, TIMEOUT);

  it("previews the report with the four indications' titles and writes it to reports/, keeping its README", async () => {
    const { page } = browser;
    await page.goto(`${server.url.split("?")[0]}report`, { waitUntil: "load" });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Preview report" }).click();
    await expect.poll(() => page.getByRole("status").innerText(), { timeout: 480_000, interval: 2_000 }).toBe("Preview ready.");
    const frame = page.frameLocator('iframe[title="Report preview"]');
    const titles = SPECS.map((name) => /^title: (.*)$/m.exec(readFileSync(file(`analyses/${name}.yaml`), "utf8"))?.[1] ?? name);
    await expect.poll(() => frame.locator("h2").allInnerTexts(), { timeout: 30_000 }).toEqual(expect.arrayContaining(titles));
    expect(await seriousViolations(page)).toEqual([]);
    expect(existsSync(file("reports/index.html"))).toBe(false);
    await page.getByRole("button", { name: "Write report" }).click();
    await expect.poll(() => page.getByRole("status").innerText(), { timeout: 480_000, interval: 2_000 }).toMatch(/^Report written: report: wrote \d+ files to reports\//);
    expect(readFileSync(file("reports/index.html"), "utf8")).toContain(titles[0]);
    expect(readFileSync(file("reports/README.md"), "utf8")).toBe(readFileSync(join(REPO_ROOT, "reports/README.md"), "utf8"));
    expect(browser.problems).toEqual([]);
  }, TIMEOUT);
});
