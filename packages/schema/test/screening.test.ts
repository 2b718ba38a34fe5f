// The screening record (PRISMA 2020) and the secondary sources: the schema refuses bad
// records, every count has provenance or a reason, the flow adds up, and grouped exclusions
// point at studies the specs exclude.
import { describe, expect, it } from "vitest";
import { checkDataset, formatIssue, parseYaml, statedMissing, statedValue, type Dataset, type ParsedAnalysis, type ParsedExtraction } from "../src/index.js";

const parseIssues = (text: string) => parseYaml("s.yaml", text).issues.map(formatIssue);

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
// The spec selects no results (an error of its own, not of the screening record): only d.yaml is looked at.
const check = (...files: readonly [string, string][]) => checkDataset(dataset(...files)).map((i) => `${i.severity} ${formatIssue(i)}`).filter((line) => !line.includes("a.yaml"));

const P = "{source: S, location: L, quote: Q, status: verified}";
const screening = (fields: string) => `screening:
  - id: r
    title: A review
    identification:
      - {id: db, name: A database, kind: database, identified: {value: 120, source: S, location: L, quote: Q, status: verified}}
      - {id: web, name: Websites, kind: website, identified: {missing: not reported in the search record}}
${fields}`;
const COUNTS = `    duplicatesRemoved: {value: 20, source: S, location: L, quote: Q, status: verified}
    screened: {value: 100, source: S, location: L, quote: Q, status: verified}
    excludedAtScreening: {value: 80, source: S, location: L, quote: Q, status: verified}
    soughtForRetrieval: {missing: not reported}
    notRetrieved: {missing: not reported}
`;

const STUDIES = `studies:
  - {id: s1, indication: pain, citation: {year: 2020}, design: parallel-rct, population: adults}
  - {id: s2, indication: pain, citation: {year: 2021}, design: review, population: adults}
  - {id: s3, indication: pain, citation: {year: 2022}, design: case-report, population: one adult}
`;
const SPEC = `kind: analysis
id: a
title: t
indication: pain
question:
  population: adults
  intervention: naltrexone
  comparator: placebo
  outcomes:
    - {id: pain, label: pain, type: continuous, importance: critical}
include:
  - {study: s1, why: RCT}
exclude:
  - {study: s2, reason: a review}
  - {study: s3, reason: a single case}
syntheses:
  - {id: p, outcome: pain, evidence: comparative, measure: MD, results: []}
grade:
  - {outcome: pain, threshold: {value: 0.5, scale: SMD, kind: MID, justification: j}}
`;

describe("Screening (schema)", () => {
  it("parses a record whose counts are values with provenance or missing with a reason", () => {
    expect(parseIssues(screening(COUNTS))).toEqual([]);
  });

  it("refuses a count that is neither a value nor missing, a fractional count, and a source of unknown kind", () => {
    const bad = screening(COUNTS.replace("{value: 20, source: S, location: L, quote: Q, status: verified}", "{source: S}").replace("value: 100", "value: -1").replace("value: 80", "value: 2.5")).replace("kind: database", "kind: library");
    const issues = parseIssues(bad);
    expect(issues.some((i) => i.includes("screening[0].duplicatesRemoved") && i.includes('give "value" or "missing"'))).toBe(true);
    expect(issues.some((i) => i.includes("screening[0].excludedAtScreening") && i.includes("whole number"))).toBe(true);
    expect(issues.some((i) => i.includes("screening[0].identification[0].kind"))).toBe(true);
  });

  it("refuses a record without sources, or without one of the flow's counts", () => {
    expect(parseIssues(`screening:\n  - {id: r, title: t, identification: []}\n`).some((i) => i.includes("identification"))).toBe(true);
    const issues = parseIssues(screening(COUNTS.replace(/ {4}screened:.*\n/, "")));
    expect(issues.some((i) => i.includes("screening[0].screened"))).toBe(true);
  });

  it("refuses counts entered for what the specs decide (studies included, excluded): they are derived, never entered", () => {
    expect(parseIssues(screening(`${COUNTS}    studiesIncluded: 3\n`))).toEqual(['s.yaml:screening[0].studiesIncluded: unknown field "studiesIncluded"']);
  });
});

describe("Screening (cross-record checks)", () => {
  it("passes a consistent record", () => {
    expect(check(["d.yaml", STUDIES + screening(COUNTS)], ["a.yaml", SPEC])).toEqual([]);
  });

  it("reports a count without provenance, as for a study's numbers", () => {
    const text = STUDIES + screening(COUNTS.replace("{value: 20, source: S, location: L, quote: Q, status: verified}", "20"));
    expect(check(["d.yaml", text], ["a.yaml", SPEC])).toEqual([
      'error d.yaml:screening[0].duplicatesRemoved: number without provenance: no source, location, quote, status (give them on the number or in the record\'s "provenance")',
    ]);
  });

  it("a record's provenance covers a bare count", () => {
    const text = STUDIES + screening(COUNTS.replace("{value: 20, source: S, location: L, quote: Q, status: verified}", "20") + `    provenance: ${P}\n`);
    expect(check(["d.yaml", text], ["a.yaml", SPEC])).toEqual([]);
  });

  it("reports a negative count", () => {
    expect(check(["d.yaml", STUDIES + screening(COUNTS.replace("value: 100", "value: -1"))], ["a.yaml", SPEC])).toContain("error d.yaml:screening[0].screened: screened is negative (-1)");
  });

  it("reports a flow that does not add up", () => {
    const text = STUDIES + screening(COUNTS.replace("value: 80", "value: 101").replace("soughtForRetrieval: {missing: not reported}", `soughtForRetrieval: {value: 3, source: S, location: L, quote: Q, status: verified}`).replace("notRetrieved: {missing: not reported}", "notRetrieved: {value: 4, source: S, location: L, quote: Q, status: verified}"));
    expect(check(["d.yaml", text], ["a.yaml", SPEC])).toEqual([
      "error d.yaml:screening[0].excludedAtScreening: records excluded (101) exceeds records screened (100)",
      "error d.yaml:screening[0].notRetrieved: reports not retrieved (4) exceeds reports sought (3)",
    ]);
  });

  it("reports more records screened than identified less duplicates, once every source has a count", () => {
    const text = STUDIES + screening(COUNTS.replace("value: 100", "value: 101")).replace("{missing: not reported in the search record}", "{value: 0, source: S, location: L, quote: Q, status: verified}");
    expect(check(["d.yaml", text], ["a.yaml", SPEC])).toEqual(["error d.yaml:screening[0].screened: records screened (101) exceed the records identified (120) less duplicates removed (20)"]);
  });

  it("reports an unknown spec, a grouped study no spec excludes, and a study grouped twice", () => {
    const groups = `    specs: [a, b]
    exclusionReasons:
      - {label: Review, studies: [s2, s1]}
      - {label: Single case, studies: [s3, s2]}
`;
    expect(check(["d.yaml", STUDIES + screening(COUNTS + groups)], ["a.yaml", SPEC])).toEqual([
      'error d.yaml:screening[0].specs[1]: unknown analysis spec "b"; the specs read are a',
      'error d.yaml:screening[0].exclusionReasons[0].studies[1]: study "s1" is grouped under a reason for exclusion, but no spec of this screening record excludes it',
      'error d.yaml:screening[0].exclusionReasons[1].studies[1]: study "s2" is already grouped under the reason "Review"',
    ]);
  });
});

describe("SecondarySource", () => {
  const source = (fields: string) => `secondarySources:
  - id: w1
    file: evidence/secondary/a.txt
${fields}`;
  const FIELDS = `    title: {value: A page, location: "stored copy, first line"}
    site: Example Health
    date: {value: 1 June 2025, location: header, quote: "Last updated: June 1, 2025"}
    url: {missing: not recorded}
`;

  it("parses title, site, date and url as text, text with where it was read, or missing with the reason", () => {
    const outcome = parseYaml("s.yaml", source(FIELDS));
    expect(outcome.issues).toEqual([]);
    const record = outcome.parsed?.type === "extraction" ? outcome.parsed.records.secondarySources[0]?.record : undefined;
    expect([statedValue(record?.title), statedValue(record?.site), statedValue(record?.url), statedMissing(record?.url)]).toEqual(["A page", "Example Health", undefined, "not recorded"]);
  });

  it("refuses a source without a url field (give the reason it is missing instead) and an empty or mixed field", () => {
    expect(parseIssues(source(FIELDS.replace(/ {4}url:.*\n/, ""))).some((i) => i.includes("secondarySources[0].url"))).toBe(true);
    expect(parseIssues(source(FIELDS.replace("site: Example Health", 'site: ""'))).some((i) => i.includes("secondarySources[0].site"))).toBe(true);
    expect(parseIssues(source(FIELDS.replace("url: {missing: not recorded}", "url: {missing: not recorded, value: x}"))).some((i) => i.includes("secondarySources[0].url"))).toBe(true);
  });

  it("warns once per file that claims name but no source record describes, and refuses a file described twice", () => {
    const claims = `claims:
  - {id: c1, file: evidence/secondary/b.txt, quote: q, status: not-found}
  - {id: c2, file: evidence/secondary/b.txt, quote: q, status: not-found}
  - {id: c3, file: evidence/secondary/a.txt, quote: q, status: not-found}
`;
    const twice = source(FIELDS) + `  - id: w2\n    file: evidence/secondary/a.txt\n${FIELDS}`;
    expect(check(["d.yaml", twice + claims])).toEqual([
      'error d.yaml:secondarySources[1].file: secondary source file "evidence/secondary/a.txt" is already described by "w1"',
      'warning d.yaml:claims[0].file: claims name the file "evidence/secondary/b.txt", which no secondary source record (secondarySources) describes: the report can show only its file name; add its title, site, date and URL',
    ]);
  });
});
