/**
 * The PRISMA 2020 flow counted from the naltrexone review's screening record and specs,
 * the Methods' risk-of-bias and small-study sentences, the key results with every study and
 * method cited in one reference list, and the secondary sources shown by title, site and
 * date instead of file names.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { AnalysisSpec, Screening } from "@metakit/schema";
import { eligibilityOf, methodsOf, prismaFlowOf, reportsOf, secondarySourceText, studyReference } from "../src/index.js";
import { loadNaltrexone, repoRoot } from "./naltrexone.js";

const { extractions, specs, index, analysed } = loadNaltrexone();
// loadNaltrexone also reads data/sample/ (the BCG sample review); the naltrexone review is analyses/.
const NAMES = ["depression", "nssi", "pain", "trichotillomania"];
const allSpecs = specs.map((s) => s.spec).filter((s) => NAMES.includes(s.id));
const [screening] = extractions.flatMap((e) => e.records.screening.map((r) => r.record));
const titles = new Map(allSpecs.map((s) => [s.id, s.title]));

/** The study ids under `include:` or `exclude:` of a spec file, read from its text (not through the schema). */
function listedStudies(name: string, list: "include" | "exclude"): string[] {
  const text = readFileSync(`${repoRoot}analyses/${name}.yaml`, "utf8");
  const block = new RegExp(`^${list}:\\n((?:  .*\\n|\\n)*)`, "m").exec(text)?.[1] ?? "";
  return [...block.matchAll(/^ {2}- study: ([a-z0-9-]+)/gm)].map((m) => m[1]!);
}


describe("reportsOf(study)", () => {
  it("counts the publication and each registry record; a study with neither is one report", () => {
    expect(reportsOf({ citation: { journal: "J", year: 2017 }, registrations: ["NCT01874951"] })).toBe(2);
    expect(reportsOf({ citation: { pmid: "123" } })).toBe(1);
    expect(reportsOf({ citation: { title: "A registered trial" }, registrations: ["NCT06622239"] })).toBe(1);
    expect(reportsOf({ citation: { year: 2020 } })).toBe(1);
    expect(reportsOf({ citation: { doi: "10.1/x" }, registrations: ["NCT1", "ACTRN2"] })).toBe(3);
  });
});

describe("eligibilityOf(specs)", () => {
  it("counts each study once across specs; one that a spec includes and another excludes is included", () => {
    const spec = (id: string, include: string[], exclude: string[]) => ({ id, include: include.map((study) => ({ study, why: "w" })), exclude: exclude.map((study) => ({ study, reason: "r" })) }) as unknown as AnalysisSpec;
    expect(eligibilityOf([spec("a", ["s1", "s2"], ["s3", "s4"]), spec("b", ["s2", "s4"], ["s3", "s5"])])).toEqual({ included: ["s1", "s2", "s4"], excluded: ["s3", "s5"] });
  });
});

describe("prismaFlowOf(screening, specs, index) on the naltrexone review", () => {
  expect(screening).toBeDefined();
  const flow = prismaFlowOf(screening as Screening, allSpecs, index, titles);

  it("counts included and excluded studies from the specs' include and exclude lists", () => {
    const included = new Set(NAMES.flatMap((n) => listedStudies(n, "include")));
    const excluded = new Set(NAMES.flatMap((n) => listedStudies(n, "exclude")).filter((id) => !included.has(id)));
    expect(included.size).toBeGreaterThan(0);
    expect(flow.included.studies).toBe(included.size);
    expect(flow.assessed.studies).toBe(included.size + excluded.size);
    expect(flow.excluded.reduce((sum, g) => sum + g.studies.length, 0)).toBe(excluded.size);
    expect(flow.byIndication.map((i) => [i.id, i.studies])).toEqual(allSpecs.map((s) => [s.id, new Set(listedStudies(s.id, "include")).size]));
  });

  it("counts reports as publications plus registry records of the studies", () => {
    const included = [...new Set(NAMES.flatMap((n) => listedStudies(n, "include")))];
    const registrations = included.reduce((sum, id) => sum + (index.studies.get(id)?.registrations?.length ?? 0), 0);
    expect(registrations).toBeGreaterThan(0);
    expect(flow.included.reports).toBe(included.reduce((sum, id) => sum + reportsOf(index.studies.get(id)), 0));
    expect(flow.included.reports).toBeGreaterThan(flow.included.studies);
    expect(flow.included.reports).toBeLessThanOrEqual(flow.included.studies + registrations);
  });

  it("groups every excluded study under a reason the screening record names (none left over)", () => {
    expect(flow.excluded.map((g) => g.reason)).not.toContain("Other reasons (given under each indication)");
    for (const group of flow.excluded) expect(group.studies.length).toBeGreaterThan(0);
  });

  it("keeps every count the dossier does not give as missing, with the reason, never a number", () => {
    const counts = [...flow.sources.map((s) => s.identified), flow.duplicatesRemoved, flow.screened, flow.excludedAtScreening, flow.soughtForRetrieval, flow.notRetrieved];
    for (const count of counts) {
      expect(count.n).toBeNull();
      expect(count.missing).toMatch(/^not reported in the dossier/);
    }
  });

  it("names the sources the dossier names", () => {
    expect(flow.sources.map((s) => s.column)).toEqual(["other", "databases-registers", "other"]);
    expect(flow.sources.map((s) => s.name).join(" ")).toMatch(/web pages.*registry.*code repositories/i);
  });
});

describe("methodsOf(specs, software, index, results): what ran, key results and references", () => {
  const runs = NAMES.map(analysed);
  const methods = methodsOf(runs.map((r) => r.spec), "metakit 9.9.9", index, runs.map((r) => r.result));
  const paragraphs = methods.paragraphs.join(" ");
  const results = (methods.results ?? []).map((r) => r.text).join(" ");
  const cited = [...`${paragraphs} ${results}`.matchAll(/\[([0-9, ]+)\]/g)].flatMap((m) => m[1]!.split(", ").map(Number));

  it("names RoB 2 and ROBINS-I with their sources, as judgements are recorded for both", () => {
    expect(paragraphs).toMatch(/Risk of bias was assessed per result with RoB 2 for randomised results \[\d+\] and ROBINS-I for non-randomised results \[\d+\]/);
    expect(methods.references).toContain("Sterne JAC, Savović J, Page MJ, et al. RoB 2: a revised tool for assessing risk of bias in randomised trials. BMJ 2019;366:l4898.");
  });

  it("says no small-study test ran, and why: no comparison had 10 studies", () => {
    const largest = Math.max(...runs.flatMap((r) => r.result.syntheses.filter((s) => s.evidence === "comparative").map((s) => new Set(s.effects.filter((e) => e.estimable).map((e) => e.study)).size)));
    expect(largest).toBeLessThan(10);
    expect(paragraphs).toContain(`No test for small-study effects ran: no comparison had 10 or more studies with usable numbers (the largest had ${largest})`);
  });

  it("gives a key result per synthesis and a studies paragraph per indication, with estimate, interval, certainty", () => {
    const syntheses = runs.reduce((sum, r) => sum + r.result.syntheses.length, 0);
    expect(methods.results?.length).toBe(syntheses + runs.length);
    const pain = methods.results!.find((r) => r.title.endsWith("pain intensity (vs placebo)"))!;
    expect(pain.text).toMatch(/Std\. Mean Difference -?\d\.\d\d \[-?\d\.\d\d, -?\d\.\d\d\] \(95% confidence interval\), from the one study with usable numbers\./);
    expect(pain.text).toContain("Heterogeneity cannot be assessed with one study.");
    expect(pain.text).toMatch(/Certainty of the evidence: very low \(⊕◯◯◯\)\./);
  });

  it("cites only references in the list, and cites every reference", () => {
    expect(cited.length).toBeGreaterThan(0);
    for (const n of cited) expect(n >= 1 && n <= methods.references.length, `[${n}]`).toBe(true);
    expect(new Set(cited).size).toBe(methods.references.length);
  });

  it("lists every included and excluded study of every spec in the references", () => {
    const ids = [...new Set(allSpecs.flatMap((s) => [...s.include.map((i) => i.study), ...s.exclude.map((e) => e.study)]))];
    for (const id of ids) expect(methods.references, id).toContain(studyReference(index.studies.get(id), id));
  });
});

describe("secondarySourceText(source)", () => {
  const sources = extractions.flatMap((e) => e.records.secondarySources.map((r) => r.record));
  const claimFiles = new Set(extractions.flatMap((e) => e.records.claims.map((c) => c.record.file)));

  it("describes every file the claims name by title, site, date and web address, or says what is not known", () => {
    expect(new Set(sources.map((s) => s.file))).toEqual(claimFiles);
    const texts = sources.map(secondarySourceText);
    for (const text of texts) expect(text).not.toContain("evidence/");
    expect(texts).toContain("“What is the role of Naltrexone (opioid receptor antagonist) in pain management?”, Dr.Oracle, last updated 2 June 2025, web address not recorded");
    expect(texts.filter((t) => t.startsWith("untitled web article")).length).toBe(1);
  });
});

describe("keyResultsOf on a pooled analysis: the BCG sample (data/sample/bcg)", () => {
  const bcg = specs.find((s) => s.spec.id === "bcg")!.spec;
  const run = analysed("bcg");
  const methods = methodsOf([bcg], "metakit 9.9.9", index, [run.result]);
  const tb = methods.results!.find((r) => r.title.endsWith(": tuberculosis"))!;

  it("gives the pooled estimate, its interval and heterogeneity as RevMan prints them (dat.bcg, metafor 3.8-1 rma(REML): exp(-0.7145) = 0.49 [0.34, 0.70], tau² 0.3132, QE 152.23 on 12 df)", () => {
    expect(tb.text).toContain("Risk Ratio 0.49 [0.34, 0.70] (95% confidence interval), pooled from 13 studies.");
    expect(tb.text).toContain("Heterogeneity: Tau² = 0.31; Chi² = 152.23, df = 12 (P < 0.001); I² = 92%.");
    expect(tb.text).toMatch(/^13 studies \[(\d+, ){12}\d+\]: /);
  });

  it("names the small-study test that ran (13 studies: Egger's regression test) with its source", () => {
    expect(methods.paragraphs.join(" ")).toMatch(/Tests for small-study effects \[\d+\] ran for tuberculosis \(Egger, 13 studies\); the results are under each analysis\./);
    expect(methods.references).toContain("Egger M, Davey Smith G, Schneider M, Minder C. Bias in meta-analysis detected by a simple, graphical test. BMJ 1997;315(7109):629-34.");
  });
});
