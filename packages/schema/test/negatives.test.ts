// checkNegatives: a negative SD, count or treatment duration is refused at its path (a tester
// found a duration of -3 weeks accepted by validate and by the study page).
import { describe, expect, it } from "vitest";
import { checkNegatives, formatIssue, parseYaml, type ParsedExtraction } from "../src/index.js";

const extraction = (duration: number, sd: number) => `studies:
  - {id: s1, indication: depression, citation: {year: 2020}, design: parallel-rct, population: adults}
arms:
  - {study: s1, id: e, type: experimental, intervention: naltrexone, doseMissing: not stated, duration: {value: ${duration}, unit: weeks}}
  - {study: s1, id: c, type: placebo, intervention: placebo}
results:
  - id: r1
    study: s1
    outcome: {domain: d, instrument: i, better: lower}
    form: continuous
    measure: final
    arms:
      - {arm: e, mean: 10, sd: ${sd}, n: 10}
      - {arm: c, mean: 12, sd: 5, n: 10}
    provenance: {source: PMID:1, location: table 2, quote: q, status: verified}
`;

function negatives(text: string): string[] {
  const outcome = parseYaml("d.yaml", text);
  expect(outcome.issues.map(formatIssue)).toEqual([]);
  return checkNegatives({ extractions: [outcome.parsed as ParsedExtraction], analyses: [] }).map(formatIssue);
}

describe("checkNegatives", () => {
  it("accepts non-negative durations and SDs", () => {
    expect(negatives(extraction(12, 2.5))).toEqual([]);
  });
  it("refuses a negative treatment duration at its path", () => {
    expect(negatives(extraction(-3, 2.5))).toEqual([expect.stringMatching(/arms\[0\]\.duration(\.value)?: duration is negative \(-3\)$/)]);
  });
  it("refuses a negative SD at its path", () => {
    expect(negatives(extraction(12, -2.5))).toEqual([expect.stringMatching(/results\[0\]\.arms\[0\]\.sd: sd is negative \(-2\.5\)$/)]);
  });
});
