import { describe, expect, it } from "vitest";
import { checkDataset, formatIssue, parseYaml, type Dataset, type ParsedAnalysis, type ParsedExtraction } from "../src/index.js";

function dataset(...files: readonly [string, string][]): Dataset {
  const extractions: ParsedExtraction[] = [];
  const analyses: ParsedAnalysis[] = [];
  for (const [file, text] of files) {
    const outcome = parseYaml(file, text);
    expect(outcome.issues.map(formatIssue)).toEqual([]);
    if (outcome.parsed?.type === "extraction") extractions.push(outcome.parsed);
    else if (outcome.parsed?.type === "analysis") analyses.push(outcome.parsed);
  }
  return { extractions, analyses };
}

const check = (...files: readonly [string, string][]) => checkDataset(dataset(...files)).map((i) => `${i.severity} ${formatIssue(i)}`);

const STUDIES = `studies:
  - {id: s1, indication: pain, citation: {year: 2020}, design: parallel-rct, population: adults}
  - {id: s2, indication: pain, citation: {year: 2021}, design: single-arm-trial, population: adults}
arms:
  - {study: s1, id: e, type: experimental, intervention: naltrexone, dose: {value: 4.5, unit: mg, per: day}, provenance: {source: S, location: L, quote: Q, status: verified}}
  - {study: s1, id: c, type: placebo, intervention: placebo}
  - {study: s2, id: e, type: experimental, intervention: naltrexone, dose: {value: 50, unit: mg, per: day}, provenance: {source: S, location: L, quote: Q, status: verified}}
results:
  - {id: r-md, study: s1, outcome: {domain: pain, instrument: NRS, better: lower}, form: contrast, experimental: e, control: c, scale: MD, estimate: -0.3, signConvention: experimental-minus-control, provenance: {source: S, location: L, quote: Q, status: verified}}
  - {id: r-prop, study: s2, outcome: {domain: response, instrument: responders, better: higher}, form: proportion, arm: e, definition: d, events: 3, total: 5, provenance: {source: S, location: L, quote: Q, status: verified}}
  - {id: r-resp, study: s1, outcome: {domain: response, instrument: responders, better: higher}, form: dichotomous, arms: [{arm: e, events: {missing: not found}, total: {missing: not found}}]}
`;

describe("checkDataset: provenance", () => {
  it("a record's provenance covers its numbers; a nested provenance covers the numbers under it", () => {
    const text = `studies:
  - id: s1
    indication: pain
    citation: {year: 2020}
    design: crossover-rct
    population: adults
    randomised: {value: 31, status: computed, formula: 16 + 15}
    sequences:
      - {id: a, label: A first, randomised: 16, provenance: {source: S, location: L, quote: Q, status: verified}}
      - {id: b, label: B first, randomised: 15}
    provenance: {source: S, location: L, quote: Q}
`;
    expect(check(["x.yaml", text])).toEqual([
      'error x.yaml:studies[0].sequences[1].randomised: number without provenance: no status (give them on the number or in the record\'s "provenance")',
    ]);
  });

  it("a missing number needs a reason, not provenance", () => {
    expect(check(["x.yaml", STUDIES]).filter((line) => line.includes("provenance"))).toEqual([]);
  });
});

describe("checkDataset: implausible doses by the review's own bound", () => {
  const arm = (mg: number) => `studies:
  - {id: s1, indication: pain, citation: {year: 2020}, design: single-arm-trial, population: adults}
arms:
  - {study: s1, id: e, type: experimental, intervention: drug, dose: {value: ${mg}, unit: mg, per: day}, provenance: {source: S, location: L, quote: Q, status: verified}}
`;
  const withBound = SPEC("  - {id: p, outcome: pain, evidence: comparative, measure: MD, results: [r-md]}", "doseClasses: {rationale: r, classes: [{id: low, upTo: 6}, {id: high}], implausibleAbove: 1000}\n");
  const doseErrors = (...files: [string, string][]) => check(...files).filter((line) => line.includes("implausible"));

  it("a daily dose above the specs' implausibleAbove is an error; without a declared bound only doses not above 0 are", () => {
    expect(doseErrors(["d.yaml", arm(2000)], ["s.yaml", STUDIES], ["a.yaml", withBound])).toEqual([
      "error d.yaml:arms[0].dose.value: implausible daily dose 2000 mg: outside (0, 1000] mg/day (the specs' doseClasses.implausibleAbove)",
    ]);
    expect(doseErrors(["d.yaml", arm(2000)])).toEqual([]);
    expect(doseErrors(["d.yaml", arm(0)])).toEqual(["error d.yaml:arms[0].dose.value: implausible daily dose 0 mg: not above 0 mg/day"]);
  });
});

describe("checkDataset: warnings", () => {
  it("warns about an experimental arm without dose or reason and an unclassable dose", () => {
    const text = `studies:
  - {id: s1, indication: insomnia, citation: {year: 2020}, design: single-arm-trial, population: adults}
arms:
  - {study: s1, id: e, type: experimental, intervention: naltrexone}
  - {study: s1, id: f, type: experimental, intervention: naltrexone, dose: {value: 4.5, unit: mg, per: not-stated}, provenance: {source: S, location: L, quote: Q, status: verified}}
`;
    expect(check(["x.yaml", text])).toEqual([
      'warning x.yaml:arms[0].dose: experimental arm "e" has no dose and no "doseMissing" reason',
      'warning x.yaml:arms[1].dose: dose of arm "f" of study "s1" cannot be classed: no daily amount in mg',
    ]);
  });
});

const SPEC = (syntheses: string, extra = "") => `kind: analysis
id: a
title: t
indication: pain
question:
  population: adults
  intervention: naltrexone
  comparator: placebo
  outcomes:
    - {id: pain, label: pain, type: continuous, importance: critical}
    - {id: resp, label: responders, type: dichotomous, importance: important}
include:
  - {study: s1, why: RCT}
syntheses:
${syntheses}
grade:
  - {outcome: pain, threshold: {value: 0.5, scale: SMD, kind: MID, justification: j}}
  - {outcome: resp, threshold: {value: 1, scale: RR, kind: "null", justification: j}}
${extra}`;

describe("checkDataset: analysis specs", () => {
  it("passes a spec whose syntheses select existing results of the right kind", () => {
    const spec = SPEC("  - {id: p, outcome: pain, evidence: comparative, measure: MD, results: [r-md]}");
    expect(check(["d.yaml", STUDIES], ["a.yaml", spec])).toEqual([
      'warning a.yaml:include: study "s2" of this indication is neither included nor excluded with a reason',
      'warning a.yaml:grade[1]: dichotomous outcome "resp" has no assumed comparator risk and no reason why not',
    ]);
  });

  it("keeps single-arm proportions out of comparative syntheses and comparative results out of single-arm ones", () => {
    const spec = SPEC(`  - {id: p, outcome: pain, evidence: comparative, measure: MD, results: [r-md, r-prop]}
  - {id: s, outcome: resp, evidence: single-arm, measure: PLO, results: [r-md]}
  - {id: m, outcome: resp, evidence: single-arm, measure: RR, results: [r-prop]}`);
    expect(check(["d.yaml", STUDIES], ["a.yaml", spec]).filter((line) => line.startsWith("error"))).toEqual([
      'error a.yaml:syntheses[0].results[1]: result "r-prop" is a single-arm proportion and cannot enter the comparative synthesis "p"',
      'error a.yaml:syntheses[1].results[0]: result "r-md" is not a single-arm proportion and cannot enter the single-arm synthesis "s"',
      "error a.yaml:syntheses[2].measure: measure RR does not fit single-arm evidence",
    ]);
  });

  it("pool: false needs its reason, and asks for no subgroups or meta-regressions; a reason without pool: false is refused", () => {
    const spec = SPEC(`  - {id: a, outcome: pain, evidence: comparative, measure: MD, results: [r-md], pool: false}
  - {id: b, outcome: pain, evidence: comparative, measure: MD, results: [r-md], notPooledReason: definitions differ}
  - {id: c, outcome: pain, evidence: comparative, measure: MD, results: [r-md], pool: false, notPooledReason: definitions differ, subgroups: [design], metaRegression: [{moderator: dailyDose}]}
  - {id: d, outcome: pain, evidence: comparative, measure: MD, results: [r-md], pool: false, notPooledReason: definitions differ}`);
    expect(check(["d.yaml", STUDIES], ["a.yaml", spec]).filter((line) => line.startsWith("error"))).toEqual([
      'error a.yaml:syntheses[0].pool: synthesis "a" has pool: false: give notPooledReason (why the results are described and not pooled)',
      'error a.yaml:syntheses[1].notPooledReason: synthesis "b" gives notPooledReason but pools its results: remove it, or set pool: false',
      'error a.yaml:syntheses[2].subgroups: synthesis "c" is not pooled (pool: false): subgroup analyses need a pooled model; remove them',
      'error a.yaml:syntheses[2].metaRegression: synthesis "c" is not pooled (pool: false): meta-regressions need a pooled model; remove them',
    ]);
  });

  it("reports a measure the result's form cannot give", () => {
    const spec = SPEC("  - {id: r, outcome: resp, evidence: comparative, measure: SMD, results: [r-resp]}");
    expect(check(["d.yaml", STUDIES], ["a.yaml", spec]).filter((line) => line.startsWith("error"))).toEqual([
      'error a.yaml:syntheses[0].results[0]: measure SMD cannot be computed from result "r-resp" (form dichotomous)',
    ]);
  });

  it("warns about a study whose indication no spec names (the review's indications are its specs')", () => {
    const other = STUDIES.replace("{id: s2, indication: pain", "{id: s2, indication: pian");
    const spec = SPEC("  - {id: p, outcome: pain, evidence: comparative, measure: MD, results: [r-md]}");
    expect(check(["d.yaml", other], ["a.yaml", spec]).filter((line) => line.includes("indication"))).toEqual([
      'warning d.yaml:studies[1].indication: indication "pian" is named by no analysis spec (they name pain); check the spelling',
    ]);
    expect(check(["d.yaml", other]).filter((line) => line.includes("indication"))).toEqual([]);
  });

  it("reports subgroup variables and moderators that are neither derived nor a study characteristic, and doseClass without doseClasses", () => {
    const withLatitude = STUDIES.replace("population: adults}", "population: adults, characteristics: {latitude: 44}, provenance: {source: S, location: L, quote: Q, status: verified}}");
    const spec = SPEC("  - {id: p, outcome: pain, evidence: comparative, measure: MD, results: [r-md], subgroups: [design, latitude, doseClass, alloc], metaRegression: [{moderator: dailyDose}, {moderator: latitude}, {moderator: ablat}]}");
    expect(check(["d.yaml", withLatitude], ["a.yaml", spec]).filter((line) => line.startsWith("error"))).toEqual([
      'error a.yaml:syntheses[0].subgroups[2]: subgroup "doseClass" needs the spec\'s "doseClasses" (the classes and their thresholds)',
      'error a.yaml:syntheses[0].subgroups[3]: "alloc" is neither doseClass, comparator, design, population (dailyDose for a meta-regression) nor a characteristic of a study in synthesis "p"',
      'error a.yaml:syntheses[0].metaRegression[2].moderator: "ablat" is neither doseClass, comparator, design, population (dailyDose for a meta-regression) nor a characteristic of a study in synthesis "p"',
    ]);
  });

  it("reports unknown outcomes, results, assumptions, studies and syntheses named by a spec", () => {
    const spec = SPEC(
      "  - {id: p, outcome: nope, evidence: comparative, measure: RR, results: [r-md, r-x]}",
      "scenarios:\n  - {id: sc, label: l, description: d, useAssumptions: [a-x], excludeStudies: [s-x], syntheses: [q]}\n",
    );
    expect(check(["d.yaml", STUDIES], ["a.yaml", spec]).filter((line) => line.startsWith("error"))).toEqual([
      'error a.yaml:syntheses[0].outcome: unknown outcome "nope" (not in question.outcomes)',
      'error a.yaml:syntheses[0].results[1]: unknown result "r-x"',
      'error a.yaml:scenarios[0].useAssumptions[0]: unknown assumption "a-x"',
      'error a.yaml:scenarios[0].excludeStudies[0]: unknown study "s-x"',
      'error a.yaml:scenarios[0].syntheses[0]: unknown synthesis "q"',
    ]);
  });

  it("refuses a crossoverAssumption that is unknown or is not a within-person-correlation record with one correlation in [-1, 1]", () => {
    const assumptions = `assumptions:
  - {id: r-ok, kind: within-person-correlation, statement: r is 0.5, rationale: t, sets: [{field: correlation, value: 0.5}]}
  - {id: r-none, kind: within-person-correlation, statement: r unknown, rationale: t}
  - {id: r-big, kind: within-person-correlation, statement: r is 2, rationale: t, sets: [{field: correlation, value: 2}]}
  - {id: n-28, kind: sample-size, statement: n is 28, rationale: t, sets: [{field: correlation, value: 0.5}]}
`;
    const spec = SPEC(
      "  - {id: p, outcome: pain, evidence: comparative, measure: MD, results: [r-md], crossoverAssumption: n-28}",
      "scenarios:\n" +
        ["r-ok", "r-none", "r-big", "r-x"].map((id, i) => `  - {id: sc${i}, label: l, description: d, crossoverAssumption: ${id}}\n`).join(""),
    );
    const sentence = (id: string) =>
      `assumption "${id}" states no within-person correlation: a crossover assumption needs kind within-person-correlation and one setting {field: correlation, value: a number from -1 to 1}`;
    expect(check(["d.yaml", STUDIES + assumptions], ["a.yaml", spec]).filter((line) => line.startsWith("error"))).toEqual([
      `error a.yaml:scenarios[1].crossoverAssumption: ${sentence("r-none")}`,
      `error a.yaml:scenarios[2].crossoverAssumption: ${sentence("r-big")}`,
      'error a.yaml:scenarios[3].crossoverAssumption: unknown assumption "r-x"',
      `error a.yaml:syntheses[0].crossoverAssumption: ${sentence("n-28")}`,
    ]);
  });
});
