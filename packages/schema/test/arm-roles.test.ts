/**
 * experimentalAndControl / resultArmIds: the one rule for which arm of a result is the
 * experimental one and which the comparator.
 */
import { describe, expect, it } from "vitest";
import { experimentalAndControl, parseFileText, resultArmIds, type ArmType, type ParsedExtraction } from "../src/index.js";

const types: Readonly<Record<string, ArmType>> = { ltx: "experimental", pbo: "placebo", act: "active" };
const typeOf = (arm: string) => types[arm];

describe("experimentalAndControl(arms, typeOf)", () => {
  it("finds the experimental arm wherever it is listed, and the other arm as comparator", () => {
    expect(experimentalAndControl([{ arm: "pbo" }, { arm: "ltx" }], typeOf)).toEqual({ experimental: { arm: "ltx" }, control: { arm: "pbo" } });
    expect(experimentalAndControl([{ arm: "ltx" }, { arm: "act" }, { arm: "pbo" }], typeOf)).toEqual({ experimental: { arm: "ltx" }, control: { arm: "act" } });
  });
  it("without an experimental arm there is none, and the first arm is the comparator; an arm the study lacks is no experimental arm", () => {
    expect(experimentalAndControl([{ arm: "pbo" }, { arm: "act" }], typeOf)).toEqual({ control: { arm: "pbo" } });
    expect(experimentalAndControl([{ arm: "x" }, { arm: "ltx" }], typeOf)).toEqual({ experimental: { arm: "ltx" }, control: { arm: "x" } });
  });
});

describe("resultArmIds(result, typeOf)", () => {
  const P = "{source: s, location: l, quote: q, status: verified}";
  const parsed = parseFileText(
    "d.yaml",
    [
      "kind: extraction",
      "studies: [{id: s1, indication: pain, citation: {year: 2000}, design: crossover-rct, population: adults}]",
      "arms: [{study: s1, id: pbo, type: placebo, intervention: placebo}, {study: s1, id: ltx, type: experimental, intervention: x, doseMissing: n/a}]",
      "results:",
      `  - {id: d, study: s1, outcome: {domain: d, instrument: i, better: higher}, form: dichotomous, provenance: ${P}, arms: [{arm: pbo, events: 1, total: 10}, {arm: ltx, events: 2, total: 10}]}`,
      `  - {id: p, study: s1, outcome: {domain: d, instrument: i, better: lower}, form: paired, experimental: ltx, control: pbo, provenance: ${P}, scale: MD, estimate: -1, signConvention: experimental-minus-control, t: 2, n: 10}`,
      `  - {id: n, study: s1, outcome: {domain: d, instrument: i, better: lower}, form: narrative, text: better, reason: no numbers}`,
    ].join("\n"),
  ).parsed as ParsedExtraction;
  const result = (id: string) => parsed.records.results.find((r) => r.record.id === id)!.record;

  it("a result that lists its arms: by arm type; a paired result: as recorded; a narrative one: none", () => {
    expect(resultArmIds(result("d"), typeOf)).toEqual({ experimental: "ltx", control: "pbo" });
    expect(resultArmIds(result("p"), typeOf)).toEqual({ experimental: "ltx", control: "pbo" });
    expect(resultArmIds(result("n"), typeOf)).toEqual({});
  });
});
