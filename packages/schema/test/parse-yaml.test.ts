import { describe, expect, it } from "vitest";
import { formatIssue, parseDocumentValue, parseFileText, parseJson, parseYaml } from "../src/index.js";

const STUDY = "{id: s1, indication: depression, citation: {year: 2017, pmid: \"27736689\"}, design: parallel-rct, population: adults}";

describe("parseYaml(file, text)", () => {
  it("parses an extraction document into located records", () => {
    const outcome = parseYaml("x.yaml", `studies:\n  - ${STUDY}\n`);
    expect(outcome.issues).toEqual([]);
    expect(outcome.parsed?.type).toBe("extraction");
    const located = outcome.parsed?.type === "extraction" ? outcome.parsed.records.studies[0] : undefined;
    expect(located?.record.citation).toEqual({ year: 2017, pmid: "27736689" });
    expect([located?.file, located?.index, located?.row]).toEqual(["x.yaml", 0, undefined]);
  });

  it("refuses text with terminal escapes, NUL or direction overrides, and keeps tabs and line breaks", () => {
    const study = (population: string) => `studies:\n  - {id: s1, indication: depression, citation: {year: 2017}, design: parallel-rct, population: ${JSON.stringify(population)}}\n`;
    expect(parseYaml("x.yaml", study("adults\tand\nteenagers")).issues).toEqual([]);
    for (const [bad, code] of [["\u001b[31mred", "001B"], ["a\u0000b", "0000"], ["\u202eevil", "202E"], ["x\u0085y", "0085"]] as const) {
      expect(parseYaml("x.yaml", study(bad)).issues.map(formatIssue), code).toEqual([
        `x.yaml:studies[0].population: has the control character U+${code}: text may hold tabs and line breaks, not terminal escapes, NUL or direction overrides`,
      ]);
    }
  });

  it("reports each bad record at its YAML path and keeps the good ones", () => {
    const text = `studies:\n  - ${STUDY}\n  - {id: s2, indication: depression, citation: {pmid: 27736689}, design: parallel-rct, population: adults, randomised: "1,5"}\n`;
    const outcome = parseYaml("x.yaml", text);
    expect(outcome.issues.map(formatIssue)).toEqual([
      "x.yaml:studies[1].citation.pmid: expected text, got number 27736689",
      'x.yaml:studies[1].randomised: comma in the number "1,5": metakit reads neither decimal commas nor thousands separators; write it with a point and no separators',
    ]);
    expect(outcome.parsed?.type === "extraction" ? outcome.parsed.records.studies.map((l) => l.record.id) : []).toEqual(["s1"]);
  });

  it("reports a provenance field inside a reported number at its path", () => {
    const text = "arms:\n  - {study: s1, id: e, type: placebo, intervention: placebo, randomised: {value: 6, status: seen}}\n";
    expect(parseYaml("x.yaml", text).issues.map(formatIssue)).toEqual([
      'x.yaml:arms[0].randomised.status: expected one of "verified", "unverified", "computed", "not-reported", "not-retrieved"',
    ]);
  });

  it("takes not-retrieved only for a missing number, and only with where the number is", () => {
    const arm = (randomised: string) => `arms:\n  - {study: s1, id: e, type: placebo, intervention: placebo, randomised: ${randomised}}\n`;
    expect(parseYaml("x.yaml", arm("{missing: in the registry table, status: not-retrieved, source: NCT1, location: results table}")).issues).toEqual([]);
    expect(parseYaml("x.yaml", arm("{value: 6, status: not-retrieved, source: NCT1, location: results table}")).issues.map(formatIssue)).toEqual([
      'x.yaml:arms[0].randomised.status: status "not-retrieved" is for a missing number: give "missing" (the reason) instead of "value", or a status verified, unverified or computed',
    ]);
    expect(parseYaml("x.yaml", arm("{missing: in the registry table, status: not-retrieved}")).issues.map(formatIssue)).toEqual([
      'x.yaml:arms[0].randomised.location: a "not-retrieved" number needs "source" and "location": where the unread number is (e.g. the registry results table)',
    ]);
    expect(parseYaml("x.yaml", arm("{missing: not in the abstract, status: verified}")).issues.map(formatIssue)).toEqual([
      'x.yaml:arms[0].randomised.status: a missing number takes status not-reported or not-retrieved, not "verified"',
    ]);
  });

  it("reports a syntax error at its line and column", () => {
    const outcome = parseYaml("x.yaml", "studies:\n  - id: s1\n   bad: [\n");
    expect(outcome.parsed).toBeUndefined();
    expect(outcome.issues[0]?.row).toBeGreaterThan(1);
    expect(outcome.issues[0]?.message).toMatch(/^unreadable YAML: /);
  });

  it("reports an unknown top-level key", () => {
    expect(parseYaml("x.yaml", "studys: []\n").issues.map(formatIssue)).toEqual(['x.yaml:studys: unknown field "studys"']);
  });

  it("recognises an analysis spec by kind: analysis", () => {
    const outcome = parseYaml("a.yaml", "kind: analysis\nid: a\n");
    expect(outcome.issues.map(formatIssue)).toContain("a.yaml:title: missing required field");
  });
});

describe("parseJson(file, text) and parseFileText(file, text)", () => {
  it("parses JSON like YAML", () => {
    const outcome = parseJson("x.json", JSON.stringify({ claims: [{ id: "c1", file: "f", quote: "q", status: "not-found" }] }));
    expect(outcome.issues).toEqual([]);
    expect(outcome.parsed?.type === "extraction" ? outcome.parsed.records.claims[0]?.record.contradicting : null).toEqual([]);
  });

  it("chooses the parser by extension", () => {
    expect(parseFileText("x.yml", "claims: []\n").issues).toEqual([]);
    expect(parseFileText("x.txt", "").issues.map(formatIssue)).toEqual(['x.txt: unknown file type "x.txt": expected .csv, .yaml, .yml or .json']);
  });

  it("rejects a document that is not a mapping", () => {
    expect(parseDocumentValue("x.yaml", [1, 2]).issues.map((i) => i.message)).toEqual([
      "expected a mapping of record lists (studies, arms, results, ...) or an analysis spec (kind: analysis)",
    ]);
  });
});
