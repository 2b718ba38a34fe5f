// The review's data/ and analyses/ against the dossier they were entered from
// (../shared/evidence/SOURCES.md): every study is there, crossover trials are paired,
// missing numbers stay missing, and the cross-record checks find no error.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  assumedCorrelation,
  checkDataset,
  dailyDoseMg,
  doseClass,
  formatIssue,
  parseFileText,
  WITHIN_PERSON_DESIGNS,
  type Dataset,
  type ParsedAnalysis,
  type ParsedExtraction,
  type Result,
} from "../src/index.js";

const root = new URL("../../../", import.meta.url);

function load(folder: string): { parsed: (ParsedExtraction | ParsedAnalysis)[]; errors: string[] } {
  const dir = new URL(`${folder}/`, root);
  const files = readdirSync(dir).filter((name) => /\.(ya?ml|csv)$/.test(name));
  const parsed: (ParsedExtraction | ParsedAnalysis)[] = [];
  const errors: string[] = [];
  for (const name of files) {
    const outcome = parseFileText(`${folder}/${name}`, readFileSync(new URL(name, dir), "utf8"));
    errors.push(...outcome.issues.map(formatIssue));
    if (outcome.parsed !== undefined) parsed.push(outcome.parsed);
  }
  return { parsed, errors };
}

const data = load("data");
const analyses = load("analyses");
const dataset: Dataset = {
  extractions: data.parsed.filter((p): p is ParsedExtraction => p.type === "extraction"),
  analyses: analyses.parsed.filter((p): p is ParsedAnalysis => p.type === "analysis"),
};
const studies = dataset.extractions.flatMap((file) => file.records.studies.map((l) => l.record));
const arms = dataset.extractions.flatMap((file) => file.records.arms.map((l) => l.record));
const results = dataset.extractions.flatMap((file) => file.records.results.map((l) => l.record));
const claims = dataset.extractions.flatMap((file) => file.records.claims.map((l) => l.record));
const result = (id: string): Result => {
  const found = results.find((r) => r.id === id);
  if (found === undefined) throw new Error(`no result ${id}`);
  return found;
};

describe("data/ and analyses/", () => {
  it("parse without issues and pass every cross-record check", () => {
    expect([...data.errors, ...analyses.errors]).toEqual([]);
    expect(checkDataset(dataset).filter((i) => i.severity === "error").map(formatIssue)).toEqual([]);
  });

  it("hold every study of SOURCES.md, by indication", () => {
    const byIndication = (indication: string) => studies.filter((s) => s.indication === indication).map((s) => s.id).sort();
    expect(byIndication("depression")).toEqual(["mischoulon2017", "moloney2026"]);
    expect(byIndication("pain")).toEqual(["bested2023", "bruun2024", "nct03008590", "parkitny2017", "pdn2021", "younger2009", "younger2013"]);
    expect(byIndication("trichotillomania")).toEqual(["cochrane-cd007662", "desousa2008", "grant2014"]);
    // Issue 15 adds the studies the dossier's research found (extraction-notes.md S4-S14).
    expect(byIndication("nssi")).toEqual([
      "amjmr1990", "annneurol1987", "biolpsych1990", "bodfish1997", "campbell1993", "griengl2001", "karakula2024", "nct06622239", "roth1996", "ryan1989",
      "schmahl2012", "symons2004", "thompson1994", "txstate1996", "walters1990", "wei2023", "willemsen1995", "willemsen1996",
    ]);
  });

  it("enter crossover trials as crossover designs with paired (or narrative) results only", () => {
    const crossover = studies.filter((s) => s.design === "crossover-rct" || s.design === "crossover").map((s) => s.id).sort();
    // younger2009 is a fixed sequence (baseline, placebo, LDN, washout), not a crossover (issue 15).
    expect(crossover).toEqual(["bested2023", "biolpsych1990", "nct03008590", "pdn2021", "schmahl2012", "willemsen1995", "willemsen1996", "younger2013"]);
    const within = new Set(studies.filter((s) => WITHIN_PERSON_DESIGNS.includes(s.design)).map((s) => s.id));
    const forms = new Set(results.filter((r) => within.has(r.study)).map((r) => r.form));
    expect([...forms].sort()).toEqual(["narrative", "paired", "proportion"]);
  });

  it("keep numbers not found as missing, with the reason, and label those reported but unread as not retrieved (SOURCES.md; issue 15)", () => {
    const moloney = arms.filter((a) => a.study === "moloney2026").map((a) => [a.randomised?.missing, a.randomised?.status]);
    expect(moloney).toEqual([
      ["split of the 37 randomised by arm not in the abstract", "not-retrieved"],
      ["split of the 37 randomised by arm not in the abstract", "not-retrieved"],
    ]);
    const grant = result("grant2014-nimh-tss");
    expect(grant.form === "continuous" ? grant.arms.map((a) => [a.sd?.missing, a.sd?.status, a.sd?.source]) : []).toEqual([
      ["SDs not in the abstract or the stored part of the registry record", "not-retrieved", "NCT00775229"],
      ["SDs not in the abstract or the stored part of the registry record", "not-retrieved", "NCT00775229"],
    ]);
    expect(grant.armOrderAssumption).toBe("grant2014-arm-order");
  });

  it("never call a number 'not retrieved' with a reason saying the source does not state or report it: that number is missing (not-reported)", () => {
    const notRetrieved: { missing: string }[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(walk);
      if (value === null || typeof value !== "object") return;
      const record = value as Record<string, unknown>;
      if (record["status"] === "not-retrieved" && typeof record["missing"] === "string") notRetrieved.push({ missing: record["missing"] });
      Object.values(record).forEach(walk);
    };
    for (const file of dataset.extractions) walk(Object.values(file.records).flatMap((located) => located.map((l) => l.record)));
    expect(notRetrieved.length).toBeGreaterThan(20);
    expect(notRetrieved.filter((n) => /\bnot (stated|reported)\b|does not (state|report)/i.test(n.missing))).toEqual([]);
  });

  it("transcribe the dossier's figures (mischoulon2017 HAM-D-17; bruun2024 MD and CI)", () => {
    const hamd = result("mischoulon2017-hamd17");
    expect(hamd.form === "continuous" ? hamd.arms.map((a) => [a.mean.value, a.sd?.value, a.n.value]) : []).toEqual([
      [11.7, 7.7, 6],
      [17.8, 5.9, 6],
    ]);
    const bruun = result("bruun2024-pain-md");
    expect(bruun.form === "contrast" ? [bruun.estimate.value, bruun.ci?.lower.value, bruun.ci?.upper.value, bruun.p?.value] : []).toEqual([-0.34, -0.95, 0.27, 0.27]);
  });

  it("mark computed numbers with their formula (younger2013: 31 = 16 + 15)", () => {
    const younger = studies.find((s) => s.id === "younger2013");
    expect(younger?.randomised).toMatchObject({ value: 31, status: "computed", formula: "16 (LDN first) + 15 (placebo first)" });
  });

  it("derive daily doses and dose classes from the dose classes the specs declare (all four the same table)", () => {
    const [table, ...others] = dataset.analyses.map((a) => a.spec.doseClasses);
    expect(table?.classes.map((c) => c.id)).toEqual(["ultra-low", "low", "standard", "high"]);
    for (const other of others) expect(other).toEqual(table);
    const classOf = (study: string, arm: string) => {
      const dose = arms.find((a) => a.study === study && a.id === arm)?.dose;
      return dose === undefined || table === undefined ? undefined : [dailyDoseMg(dose), doseClass(dose, table)];
    };
    expect(classOf("mischoulon2017", "ldn")).toEqual([{ value: 2 }, "low"]);
    expect(classOf("bruun2024", "ldn")).toEqual([{ value: 6 }, "low"]);
    expect(classOf("grant2014", "naltrexone")).toEqual([{ min: 50, max: 150 }, "standard"]);
    expect(classOf("willemsen1995", "naltrexone150")).toEqual([{ value: 150 }, "high"]);
    // The abstract says "2 mg naltrexone ... daily", titrated to 4 mg (issue 15): a daily range, classed by its upper end.
    expect(classOf("pdn2021", "naltrexone")).toEqual([{ min: 2, max: 4 }, "low"]);
  });

  it("carry the claims audit of the secondary sources, with the verdicts issue 15 corrected", () => {
    const count = (status: string) => claims.filter((c) => c.status === status).length;
    expect(claims).toHaveLength(61);
    expect([count("verified"), count("misattributed"), count("partly-true"), count("not-found"), count("contradicted")]).toEqual([7, 0, 4, 48, 2]);
    // Absence of a record contradicts nothing: the AJP claims are not found, with no contradicting study.
    expect(claims.filter((c) => c.id.startsWith("ajp20")).map((c) => [c.status, c.contradicting])).toEqual([["not-found", []], ["not-found", []], ["not-found", []]]);
    expect(claims.find((c) => c.id === "pdn2021-amitriptyline")?.status).toBe("partly-true");
    expect(claims.every((c) => c.location !== undefined)).toBe(true);
  });

  it("have one analysis spec per indication, the self-injury one single-arm only", () => {
    const specs = dataset.analyses.map((a) => a.spec);
    expect(specs.map((s) => s.indication).sort()).toEqual(["depression", "nssi", "pain", "trichotillomania"]);
    const nssi = specs.find((s) => s.indication === "nssi");
    expect(nssi?.syntheses.map((s) => [s.evidence, s.measure])).toEqual([["single-arm", "PLO"]]);
  });
});

describe("crossover correlations in the specs", () => {
  it("a scenario's crossoverAssumption names a within-person-correlation record whose correlation its statement gives, and which it uses", () => {
    const assumptions = new Map(dataset.extractions.flatMap((file) => file.records.assumptions.map((l) => [l.record.id, l.record] as const)));
    const checked: string[] = [];
    for (const { spec } of dataset.analyses) {
      for (const scenario of spec.scenarios) {
        const id = scenario.crossoverAssumption;
        if (id === undefined) continue;
        const correlation = assumedCorrelation(assumptions.get(id));
        expect(correlation, `${spec.indication} scenario ${scenario.id} names ${id}`).toBeDefined();
        expect(assumptions.get(id)!.statement).toContain(`is ${correlation}`);
        expect(scenario.useAssumptions).toContain(id);
        checked.push(`${scenario.id}: ${correlation}`);
      }
    }
    expect(checked).toContain("correlation-0.3: 0.3");
    expect(checked).toContain("correlation-0.7: 0.7");
  });
});
