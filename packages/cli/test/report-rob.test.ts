/**
 * Risk of bias in `metakit report`, end to end and in-process. With a SYNTHETIC extraction
 * (data/pain.yaml copied to a temporary folder, plus invented RoB 2 records for three of
 * the four results of the pain-vs-placebo synthesis; they are test data, not assessments
 * of these trials), the report writes the traffic-light and summary plots, shows them in
 * index.html and gives the forest plot its RoB columns. The real records are removed from the
 * copy first, so only the synthetic ones are in force. With the real data/ (RoB 2 and ROBINS-I
 * judged from abstracts and registries, issue 15) it draws a figure for every analysis.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_RISK_OF_BIAS } from "@metakit/review";
import { metakit, repoRoot } from "./run-cli.js";

const TIMEOUT = 120_000;

/** One SYNTHETIC RoB 2 record: D1..D5 and overall as given. */
function rob2(result: string, study: string, judgements: readonly string[]): string {
  const fields = ["randomisation", "deviations", "missingData", "measurement", "selection", "overall"];
  const support = "SYNTHETIC test judgement, not an assessment of this trial.";
  return [`  - id: synthetic-${result}`, `    study: ${study}`, `    result: ${result}`, ...fields.map((f, i) => `    ${f}: {judgement: ${judgements[i]}, support: "${support}"}`)].join("\n");
}

const SYNTHETIC_ROB2 = [
  "# SYNTHETIC risk-of-bias records for the report tests: invented, not assessments of these trials.",
  "rob2:",
  rob2("bruun2024-pain-md", "bruun2024", ["low", "low", "low", "low", "some-concerns", "some-concerns"]),
  rob2("younger2013-pain", "younger2013", ["some-concerns", "low", "high", "low", "low", "high"]),
  rob2("bested2023-spir", "bested2023", ["low", "low", "low", "low", "low", "low"]),
  "",
].join("\n");

/** The extraction text without its own `rob2:` and `robinsI:` lists (top-level keys). */
function withoutRiskOfBias(text: string): string {
  const lines = text.split("\n");
  const kept: string[] = [];
  let skipping = false;
  for (const line of lines) {
    if (/^[A-Za-z]\w*:/.test(line)) skipping = line.startsWith("rob2:") || line.startsWith("robinsI:");
    if (!skipping) kept.push(line);
  }
  return kept.join("\n");
}

function files(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: "utf8" }).sort();
}

describe("metakit report with SYNTHETIC RoB 2 records", () => {
  const folder = mkdtempSync(join(tmpdir(), "metakit-rob-"));
  const out = join(folder, "out");
  let run: Awaited<ReturnType<typeof metakit>>;

  beforeAll(async () => {
    mkdirSync(join(folder, "data"));
    writeFileSync(join(folder, "data", "pain.yaml"), `${withoutRiskOfBias(readFileSync(join(repoRoot, "data", "pain.yaml"), "utf8"))}\n${SYNTHETIC_ROB2}`);
    run = await metakit("report", join(repoRoot, "analyses", "pain.yaml"), "--data", join(folder, "data"), "--out", out);
  }, TIMEOUT);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("writes the traffic-light and summary plots of the assessed synthesis, as SVG and PNG", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const written = files(out);
    for (const kind of ["traffic-light", "summary"]) {
      for (const ext of ["svg", "png"]) expect(written).toContain(join("pain", `risk-of-bias-pain-vs-placebo-rob2-${kind}.${ext}`));
    }
    expect(written.filter((f) => f.includes("risk-of-bias-") && f.includes("robins-i"))).toEqual([]);
  });

  it("the traffic-light plot draws the three assessed results, six lights each", () => {
    const svg = readFileSync(join(out, "pain", "risk-of-bias-pain-vs-placebo-rob2-traffic-light.svg"), "utf8");
    const lights = svg.match(/<g class="mark-symbol role-mark lights_marks"[^>]*>(.*?)<\/g>/s)![1]!;
    expect(lights.match(/<path /g)).toHaveLength(3 * 6);
    expect(svg).toContain("Bruun 2024");
    expect(svg).toContain("Younger 2013");
    expect(svg).toContain("Bested 2023");
  });

  it("index.html shows both figures under 'Risk of bias', names the result not assessed, and numbers the figures in order", () => {
    const html = readFileSync(join(out, "index.html"), "utf8");
    const section = html.slice(html.indexOf('id="pain--pain-vs-placebo"'));
    const block = section.slice(section.indexOf("<h4>Risk of bias</h4>"), section.indexOf("</section>"));
    expect(block.match(/<figure class="risk-of-bias">/g)).toHaveLength(2);
    expect(block).toContain('traffic-light plot. Also as <a href="pain/risk-of-bias-pain-vs-placebo-rob2-traffic-light.svg">');
    expect(block).toContain('summary plot. Also as <a href="pain/risk-of-bias-pain-vs-placebo-rob2-summary.svg">');
    expect(block).toMatch(/No risk-of-bias assessment recorded for: [^<]*Beaudette-Zlatanova 2023/i);
    const numbers = [...html.matchAll(/<figcaption>Figure (\d+)\./g)].map((m) => Number(m[1]));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    // The forest plot comes first, then its risk-of-bias figures.
    expect(section.indexOf('<figure class="forest">')).toBeLessThan(section.indexOf('<figure class="risk-of-bias">'));
  });

  it("the forest plot gets traffic-light columns D1..D5 and O, and the legend names the domains", () => {
    const svg = readFileSync(join(out, "pain", "forest.svg"), "utf8");
    for (const key of ["D1", "D2", "D3", "D4", "D5", "O"]) expect(svg).toContain(`>${key}</text>`);
    expect(svg).toContain("(D1) Bias arising from the randomisation process");
    expect(svg).toContain("(O) Overall risk of bias");
    const lights = svg.match(/<g class="mark-symbol role-mark risk_of_bias_marks"[^>]*>(.*?)<\/g>/s)![1]!;
    expect(lights.match(/<path /g)).toHaveLength(3 * 6);
  });

  it("leaves the syntheses without records saying so, with no figure", () => {
    const html = readFileSync(join(out, "index.html"), "utf8");
    const others = html.split('<section class="analysis"').slice(1).filter((s) => !s.startsWith(' id="pain--pain-vs-placebo"'));
    expect(others.length).toBeGreaterThan(0);
    for (const section of others) {
      expect(section).toContain(NO_RISK_OF_BIAS);
      expect(section).not.toContain('<figure class="risk-of-bias">');
    }
  });
});

/** One SYNTHETIC ROBINS-I record: D1..D7 and overall as given; per study when `result` is null. */
function robinsI(id: string, study: string, result: string | null, judgements: readonly string[]): string {
  const fields = ["confounding", "selection", "classification", "deviations", "missingData", "measurement", "reportedResult", "overall"];
  const support = "SYNTHETIC test judgement, not an assessment of this study.";
  return [`  - id: synthetic-${id}`, `    study: ${study}`, ...(result === null ? [] : [`    result: ${result}`]), ...fields.map((f, i) => `    ${f}: {judgement: ${judgements[i]}, support: "${support}"}`)].join("\n");
}

const SYNTHETIC_MIXED = [
  "# SYNTHETIC risk-of-bias records for the report tests: invented, not assessments of these studies.",
  "robinsI:",
  robinsI("roth1996", "roth1996", null, ["serious", "low", "moderate", "critical", "no-information", "low", "moderate", "critical"]),
  robinsI("bodfish1997", "bodfish1997", "bodfish1997-suppression", ["moderate", "low", "low", "low", "low", "moderate", "low", "moderate"]),
  "rob2:",
  rob2("biolpsych1990-decrease", "biolpsych1990", ["low", "some-concerns", "low", "low", "low", "some-concerns"]),
  "",
].join("\n");

describe("metakit report with SYNTHETIC ROBINS-I and RoB 2 records in one synthesis", () => {
  const folder = mkdtempSync(join(tmpdir(), "metakit-rob-mixed-"));
  const out = join(folder, "out");
  let run: Awaited<ReturnType<typeof metakit>>;

  beforeAll(async () => {
    mkdirSync(join(folder, "data"));
    writeFileSync(join(folder, "data", "nssi.yaml"), `${withoutRiskOfBias(readFileSync(join(repoRoot, "data", "nssi.yaml"), "utf8"))}\n${SYNTHETIC_MIXED}`);
    run = await metakit("report", join(repoRoot, "analyses", "nssi.yaml"), "--data", join(folder, "data"), "--out", out);
  }, TIMEOUT);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("draws one traffic-light and one summary plot per tool, ROBINS-I with a study-level record applied to the study's result", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const base = join(out, "nssi", "risk-of-bias-sib-response-single-arm");
    const robins = readFileSync(`${base}-robins-i-traffic-light.svg`, "utf8");
    const lights = robins.match(/<g class="mark-symbol role-mark lights_marks"[^>]*>(.*?)<\/g>/s)![1]!;
    expect(lights.match(/<path /g)).toHaveLength(2 * 8);
    expect(robins).toContain("D7: Bias in selection of the reported result");
    const rob2Lights = readFileSync(`${base}-rob2-traffic-light.svg`, "utf8").match(/<g class="mark-symbol role-mark lights_marks"[^>]*>(.*?)<\/g>/s)![1]!;
    expect(rob2Lights.match(/<path /g)).toHaveLength(6);
    for (const file of [`${base}-robins-i-summary.svg`, `${base}-rob2-summary.svg`, `${base}-robins-i-summary.png`]) expect(files(out)).toContain(file.slice(out.length + 1));
  });

  it("the forest plot shows only the overall judgement when tools are mixed", () => {
    const svg = readFileSync(join(out, "nssi", "forest.svg"), "utf8");
    expect(svg).toContain(">O</text>");
    expect(svg).not.toContain(">D1</text>");
    const lights = svg.match(/<g class="mark-symbol role-mark risk_of_bias_marks"[^>]*>(.*?)<\/g>/s)![1]!;
    expect(lights.match(/<path /g)).toHaveLength(3);
    expect(svg).toContain("Risk of bias legend: − some concerns, − moderate, ! critical");
  });
});

describe("metakit report on the real data/ (RoB 2 and ROBINS-I from abstracts and registries)", () => {
  const out = mkdtempSync(join(tmpdir(), "metakit-rob-real-"));
  let html = "";

  beforeAll(async () => {
    const run = await metakit("report", join(repoRoot, "analyses"), "--data", join(repoRoot, "data"), "--out", out);
    expect(run.code).toBe(0);
    html = readFileSync(join(out, "index.html"), "utf8");
  }, TIMEOUT);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("draws the traffic-light and summary plots for every analysis, each tool apart, and the forest plots' risk-of-bias lights", () => {
    const analyses = html.split('<section class="analysis"').length - 1;
    expect(analyses).toBeGreaterThan(0);
    expect(html.split(`<p class="note">${NO_RISK_OF_BIAS}</p>`).length - 1).toBe(0);
    const written = files(out).filter((f) => f.includes("risk-of-bias") && f.endsWith("traffic-light.svg"));
    expect(written).toContain(join("pain", "risk-of-bias-pain-vs-placebo-rob2-traffic-light.svg"));
    expect(written).toContain(join("nssi", "risk-of-bias-sib-response-single-arm-robins-i-traffic-light.svg"));
    expect(written).toContain(join("trichotillomania", "risk-of-bias-response-single-arm-robins-i-traffic-light.svg"));
    expect(readFileSync(join(out, "pain", "risk-of-bias-pain-vs-placebo-rob2-traffic-light.svg"), "utf8")).toContain("Bruun 2024");
    const lights = readFileSync(join(out, "pain", "forest.svg"), "utf8").match(/<g class="mark-symbol role-mark risk_of_bias_marks"[^>]*>(.*?)<\/g>/s);
    expect(lights?.[1] ?? "").toContain("<path");
  });
});
