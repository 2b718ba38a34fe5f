/**
 * RoB 2 signalling questions on a study's page, in Debian's chromium through `metakit
 * serve`: the questions of each domain appear as fields generated from the schema;
 * answering them shows the domain judgement RoB 2's algorithm proposes beside the
 * reviewer's; Save writes the answers under the domain with the file's comments kept (Y and N
 * quoted, as YAML 1.1 readers such as R's yaml would read them as booleans);
 * no serious or critical axe-core violation.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startServer, type RunningServer } from "@metakit/cli/serve/server";
import { builtApp, openBrowser, seriousViolations, type Browser } from "./app.js";

const TIMEOUT = 180_000;

const TRIAL = `# A trial with a RoB 2 assessment and no signalling answers yet.
kind: extraction
id: trial

studies:
  - id: smith2020
    indication: pain
    citation: {authors: [Smith J], year: 2020, journal: Pain}
    design: parallel-rct
    population: adults with chronic pain
    randomised: 40
    provenance: {source: "doi:10.1/x", location: abstract, quote: "40 were randomised", status: verified}

arms:
  - {study: smith2020, id: drug, type: experimental, intervention: the drug, randomised: 20, provenance: {source: "doi:10.1/x", location: abstract, quote: "20 per arm", status: verified}}
  - {study: smith2020, id: placebo, type: placebo, intervention: placebo, randomised: 20, provenance: {source: "doi:10.1/x", location: abstract, quote: "20 per arm", status: verified}}

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

rob2:
  - id: smith2020-pain-rob
    study: smith2020
    result: smith2020-pain
    randomisation:
      judgement: low # the reviewer's
      support: computer-generated list, central allocation
    deviations: {judgement: low, support: double blind}
    missingData: {judgement: low, support: 2 of 40 lost}
    measurement: {judgement: low, support: self-reported by blinded participants}
    selection: {judgement: some-concerns, support: no protocol found}
    overall: {judgement: some-concerns, support: selection}
`;

describe("a study's page: RoB 2 signalling questions and the proposed domain judgement", () => {
  const base = mkdtempSync(join(tmpdir(), "metakit-rob-"));
  const file = join(base, "data", "trial.yaml");
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  const field = (path: string) => page.locator(`[data-path="${path}"]`);
  const proposal = (domain: string) => page.locator(`[data-group="rob2[0].${domain}"] > p.derived`);

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

  it("shows each domain's signalling questions, and no proposal before they are answered", async () => {
    await page.goto(`http://127.0.0.1:${server.port}/studies/smith2020`, { waitUntil: "load" });
    await expect.poll(() => page.getByRole("heading", { name: "Study smith2020", level: 1 }).count(), { timeout: 30_000 }).toBe(1);
    for (const path of ["rob2[0].randomisation.answers.concealed", "rob2[0].deviations.answers.analysisImpact", "rob2[0].missingData.answers.likelyDependsOnValue", "rob2[0].measurement.answers.assessorsAware", "rob2[0].selection.answers.prespecifiedPlan"]) {
      expect(await field(path).count(), path).toBe(1);
    }
    expect(await page.getByText("1.2 Allocation concealed until enrolment and assignment?").count()).toBe(1);
    expect(await proposal("randomisation").innerText()).toMatch(/proposes this domain's judgement once the signalling questions on its path are answered/);
  }, TIMEOUT);

  it("answering D1 shows the judgement the algorithm proposes beside the reviewer's, and a difference is named", async () => {
    await field("rob2[0].randomisation.answers.concealed").selectOption("N");
    await expect.poll(() => proposal("randomisation").innerText()).toBe("Judgement the RoB 2 algorithm proposes from the answers: high; the reviewer's: low (differs: say why in the support).");
    await field("rob2[0].randomisation.answers.concealed").selectOption("Y");
    await field("rob2[0].randomisation.answers.randomSequence").selectOption("PY");
    await field("rob2[0].randomisation.answers.baselineImbalance").selectOption("N");
    await expect.poll(() => proposal("randomisation").innerText()).toBe("Judgement the RoB 2 algorithm proposes from the answers: low; the reviewer's: low.");
    await field("rob2[0].selection.answers.selectedFromMeasurements").selectOption("PY");
    await expect.poll(() => proposal("selection").innerText()).toMatch(/proposes from the answers: high; the reviewer's: some-concerns \(differs/);
  }, TIMEOUT);

  it("has no serious or critical accessibility violation with the questions answered", async () => {
    expect(await seriousViolations(page)).toEqual([]);
  }, TIMEOUT);

  it("saves the answers under their domain, every other line kept", async () => {
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByRole("status").first().innerText(), { timeout: 30_000 }).toMatch(/^No unsaved changes/);
    const saved = readFileSync(file, "utf8");
    expect(saved).toContain(
      "    randomisation:\n      judgement: low # the reviewer's\n      support: computer-generated list, central allocation\n      answers:\n        concealed: \"Y\"\n        randomSequence: PY\n        baselineImbalance: \"N\"\n",
    );
    expect(saved).toContain("    selection: {judgement: some-concerns, support: no protocol found, answers: {selectedFromMeasurements: PY}}\n");
    expect(saved.startsWith("# A trial with a RoB 2 assessment and no signalling answers yet.\n")).toBe(true);
    expect(saved.replace(/\n      answers:\n(?: {8}.*\n)+/, "\n").replace(", answers: {selectedFromMeasurements: PY}", "")).toBe(TRIAL);
  }, TIMEOUT);
});
