/**
 * A study's page (`/studies/STUDY_ID`) as a reviewer uses it, in Debian's chromium through
 * `metakit serve` on a small review with comments in a temporary folder: a value edited
 * and saved changes the file by exactly that value; a negative SD is flagged as it is
 * typed (aria-invalid, role alert) and refused on Save with the file untouched; a file
 * changed on disk while the form is open is not overwritten (409 shown); an arm added and
 * filled in is saved; undo and discard; the keyboard alone; no serious or critical
 * axe-core violation, here and on a study of the repository's own data.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startServer, type RunningServer } from "@metakit/cli/serve/server";
import { builtApp, openBrowser, REPO_ROOT, seriousViolations, type Browser } from "./app.js";

const TIMEOUT = 180_000;

/** A review of one trial, with comments, flow mappings and folded text the form must keep. */
const TRIAL = `# A small review for the study form's tests.
kind: extraction
id: trial

studies:
  # the only study
  - id: smith2020
    indication: pain
    citation: {authors: [Smith J, Jones K], year: 2020, journal: Pain}
    design: parallel-rct
    population: >-
      Adults with chronic pain
      in primary care.
    randomised: 40
    provenance: {source: "doi:10.1/x", location: abstract, quote: "40 were randomised", status: verified}

arms:
  - study: smith2020
    id: drug
    type: experimental
    intervention: the drug
    dose: {value: 2, unit: mg, per: administration, schedule: twice-daily}
    randomised: 20 # per the abstract
    provenance: {source: "doi:10.1/x", location: abstract, quote: "20 per arm, 2 mg b.i.d.", status: verified}
  - study: smith2020
    id: placebo
    type: placebo
    intervention: placebo
    randomised: 20
    provenance: {source: "doi:10.1/x", location: abstract, quote: "20 per arm", status: verified}

results:
  - id: smith2020-pain
    study: smith2020
    outcome: {domain: pain intensity, instrument: NRS, better: lower}
    form: continuous
    measure: final
    provenance: {source: "doi:10.1/x", location: table 2, quote: "mean (SD)", status: verified}
    arms:
      - {arm: drug, mean: 4.1, sd: 1.9, n: 20}
      - {arm: placebo, mean: 5.0, sd: 2.1, n: 20}
`;

/** Lines that differ between two texts with the same number of lines, as "old -> new". */
function changedLines(before: string, after: string): string[] {
  const [a, b] = [before.split("\n"), after.split("\n")];
  expect(b.length).toBe(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [`${line} -> ${b[i]}`]));
}

describe("a study's page: extract, check, save", () => {
  const base = mkdtempSync(join(tmpdir(), "metakit-study-"));
  const file = join(base, "data", "trial.yaml");
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  const open = async (id = "smith2020") => {
    await page.goto(`http://127.0.0.1:${server.port}/studies/${id}`, { waitUntil: "load" });
    await expect.poll(() => page.getByRole("heading", { name: `Study ${id}`, level: 1 }).count(), { timeout: 30_000 }).toBe(1);
  };
  const field = (path: string) => page.locator(`[data-path="${path}"]`);
  const save = async () => {
    await page.getByRole("button", { name: "Save", exact: true }).click();
  };

  beforeAll(async () => {
    mkdirSync(join(base, "data"), { recursive: true });
    writeFileSync(file, TRIAL);
    server = await startServer({ root: base, appDir: await builtApp(), port: 0 });
    browser = await openBrowser();
    page = browser.page;
    await page.goto(server.url, { waitUntil: "load" });
  }, TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it("the home page links each study of a data file to its page, which has the form and a Save button", async () => {
    await expect.poll(() => page.getByRole("link", { name: "smith2020" }).count(), { timeout: 30_000 }).toBe(1);
    await page.getByRole("link", { name: "smith2020" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Study smith2020", level: 1 }).count(), { timeout: 30_000 }).toBe(1);
    expect(new URL(page.url()).pathname).toBe("/studies/smith2020");
    expect(await page.getByRole("button", { name: "Save", exact: true }).count()).toBe(1);
    // Every field of the schema is there, at the path validate prints, with a label.
    for (const path of ["studies[0].population", "studies[0].citation.year", "studies[0].design", "arms[0].dose.value", "results[0].arms[1].sd", "results[0].arms[1].sd.source", "results[0].form"]) {
      expect(await field(path).count(), path).toBe(1);
      expect(await field(path).evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? ""), path).not.toBe("");
    }
    // The derived daily dose (2 mg twice daily) is shown read-only.
    expect(await page.getByRole("status").count()).toBeGreaterThan(0);
    expect(await page.locator("output[aria-label='Daily dose']").innerText()).toBe("Daily dose: 4 mg/day");
  }, TIMEOUT);

  it("has no serious or critical accessibility violation", async () => {
    expect(await seriousViolations(page)).toEqual([]);
  }, TIMEOUT);

  it("saves an edited value: the file differs by exactly that value, comments intact", async () => {
    await field("results[0].arms[1].sd").fill("2.2");
    await expect.poll(() => page.getByRole("status").first().innerText()).toMatch(/^1 unsaved change to data\/trial\.yaml\./);
    await save();
    await expect.poll(() => page.getByRole("status").first().innerText(), { timeout: 30_000 }).toMatch(/^No unsaved changes/);
    const saved = readFileSync(file, "utf8");
    expect(changedLines(TRIAL, saved)).toEqual(["      - {arm: placebo, mean: 5.0, sd: 2.1, n: 20} ->       - {arm: placebo, mean: 5.0, sd: 2.2, n: 20}"]);
  }, TIMEOUT);

  it("flags a negative SD as it is typed, and Save refuses it with the file untouched", async () => {
    const before = readFileSync(file, "utf8");
    await field("results[0].arms[0].sd").fill("-1.9");
    await expect.poll(() => field("results[0].arms[0].sd").getAttribute("aria-invalid")).toBe("true");
    const alert = page.locator("[data-group='results[0].arms[0].sd'] [role=alert]");
    expect(await alert.innerText()).toBe("sd is negative (-1.9)");
    await save();
    await expect.poll(() => page.locator(".save-message[role=alert]").innerText(), { timeout: 30_000 }).toContain("not saved: data/trial.yaml would have 1 error");
    expect(await page.locator(".save-message[role=alert]").innerText()).toContain("results[0].arms[0].sd: sd is negative (-1.9)");
    expect(readFileSync(file, "utf8")).toBe(before);
  }, TIMEOUT);

  it("undoes the last edit, and discards every unsaved change", async () => {
    await page.getByRole("button", { name: "Undo" }).click();
    expect(await field("results[0].arms[0].sd").inputValue()).toBe("1.9");
    expect(await field("results[0].arms[0].sd").getAttribute("aria-invalid")).toBeNull();
    await field("studies[0].citation.year").fill("2021");
    await field("results[0].arms[0].mean").fill("4.2");
    await expect.poll(() => page.getByRole("status").first().innerText()).toMatch(/^2 unsaved changes/);
    await page.getByRole("button", { name: "Discard changes" }).click();
    expect(await field("studies[0].citation.year").inputValue()).toBe("2020");
    expect(await page.getByRole("status").first().innerText()).toMatch(/^No unsaved changes/);
  }, TIMEOUT);

  it("never overwrites a file changed on disk since the page read it (409, shown)", async () => {
    await field("studies[0].citation.year").fill("2019");
    const changed = readFileSync(file, "utf8").replace("# the only study", "# the only study (edited by hand)");
    writeFileSync(file, changed);
    await save();
    await expect.poll(() => page.locator(".save-message[role=alert]").innerText(), { timeout: 30_000 }).toContain("data/trial.yaml changed on disk since this page read it");
    expect(readFileSync(file, "utf8")).toBe(changed);
    await page.getByRole("button", { name: "Discard changes" }).click();
  }, TIMEOUT);

  it("adds an arm with its required fields to fill, and saves it once filled", async () => {
    await open();
    const before = readFileSync(file, "utf8");
    await page.getByRole("button", { name: "Add arm", exact: true }).click();
    await expect.poll(() => field("arms[2].id").count()).toBe(1);
    expect(await field("arms[2].study").inputValue()).toBe("smith2020");
    expect(await field("arms[2].type").getAttribute("aria-invalid")).toBe("true");
    expect(await field("arms[2].intervention").getAttribute("aria-invalid")).toBe("true");
    await field("arms[2].id").fill("high-dose");
    await field("arms[2].type").selectOption("experimental");
    await field("arms[2].intervention").fill("the drug, high dose");
    await field("arms[2].doseMissing").fill("not in the abstract");
    await expect.poll(() => field("arms[2].type").getAttribute("aria-invalid")).toBeNull();
    await save();
    await expect.poll(() => page.getByRole("status").first().innerText(), { timeout: 30_000 }).toMatch(/^No unsaved changes/);
    const anchor = '    provenance: {source: "doi:10.1/x", location: abstract, quote: "20 per arm", status: verified}\n';
    const added = "  - study: smith2020\n    id: high-dose\n    type: experimental\n    intervention: the drug, high dose\n    doseMissing: not in the abstract\n";
    expect(readFileSync(file, "utf8")).toBe(before.replace(anchor, anchor + added));
  }, TIMEOUT);

  it("answers a number 'missing, because …' with a required reason, saved in place of the value", async () => {
    await open();
    const before = readFileSync(file, "utf8");
    const answer = page.locator("[data-group='results[0].arms[0].sd'] select").first();
    expect(await answer.evaluate((el) => (el as HTMLSelectElement).labels?.[0]?.textContent)).toBe("Answer");
    await answer.selectOption("missing");
    await expect.poll(() => field("results[0].arms[0].sd.missing").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("[data-group='results[0].arms[0].sd'] [role=alert]").allInnerTexts()).toEqual(["must not be empty"]);
    expect(await field("results[0].arms[0].sd").count()).toBe(0); // no value field: the answer is the reason
    await field("results[0].arms[0].sd.missing").fill("only the SE is given");
    await expect.poll(() => field("results[0].arms[0].sd.missing").getAttribute("aria-invalid")).toBeNull();
    await save();
    await expect.poll(() => page.getByRole("status").first().innerText(), { timeout: 30_000 }).toMatch(/^No unsaved changes/);
    expect(changedLines(before, readFileSync(file, "utf8"))).toEqual([
      "      - {arm: drug, mean: 4.1, sd: 1.9, n: 20} ->       - {arm: drug, mean: 4.1, sd: {missing: only the SE is given}, n: 20}",
    ]);
  }, TIMEOUT);

  it("is operated with the keyboard alone: Tab to a field, type, Tab back to Save, Enter", async () => {
    await open();
    const before = readFileSync(file, "utf8");
    await page.locator("body").focus();
    let path: string | null = null;
    for (let i = 0; i < 200 && path !== "studies[0].citation.year"; i++) {
      await page.keyboard.press("Tab");
      path = await page.evaluate(() => document.activeElement?.getAttribute("data-path") ?? null);
    }
    expect(path).toBe("studies[0].citation.year");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("2018");
    let name = "";
    for (let i = 0; i < 200 && name !== "Save"; i++) {
      await page.keyboard.press("Shift+Tab");
      name = await page.evaluate(() => (document.activeElement instanceof HTMLButtonElement ? document.activeElement.textContent ?? "" : ""));
    }
    expect(name).toBe("Save");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("status").first().innerText(), { timeout: 30_000 }).toMatch(/^No unsaved changes/);
    expect(changedLines(before, readFileSync(file, "utf8"))).toEqual(["    citation: {authors: [Smith J, Jones K], year: 2020, journal: Pain} ->     citation: {authors: [Smith J, Jones K], year: 2018, journal: Pain}"]);
    // The refusals above (422, 409) are the only console messages: no CSP violation, no page error.
    expect(browser.problems.filter((p) => !/status of (409|422) /.test(p))).toEqual([]);
  }, TIMEOUT);
});

describe("a study's page on the repository's own data", () => {
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

  it("shows a crossover trial's records, RoB 2 with the proposed overall judgement, with no serious accessibility violation", async () => {
    const { page } = browser;
    await page.goto(`http://127.0.0.1:${server.port}/studies/younger2013`, { waitUntil: "load" });
    await expect.poll(() => page.getByRole("heading", { name: "Study younger2013", level: 1 }).count(), { timeout: 60_000 }).toBe(1);
    expect(await page.locator("[data-path='studies[1].sequences[0].randomised']").inputValue()).toBe("16");
    await expect.poll(() => page.getByText(/Overall judgement the RoB 2 algorithm proposes from the domains/).count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(browser.problems).toEqual([]);
  }, TIMEOUT);
});
