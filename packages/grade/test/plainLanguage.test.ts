// Informative statements (Santesso et al. 2020, GRADE guidelines 26).
import { describe, expect, it } from "vitest";
import { certaintyStatement, effectDirection } from "../src/index.js";

describe("effectDirection(estimate, null, trivialRange)", () => {
  const range = { lower: Math.log(0.75), upper: Math.log(1.25) };
  it("inside the trivial range is little or no difference; at its edge it is not", () => {
    expect(effectDirection(Math.log(0.92), 0, range)).toBe("little or no difference");
    expect(effectDirection(Math.log(0.75), 0, range)).toBe("reduction");
    expect(effectDirection(Math.log(1.3), 0, range)).toBe("increase");
  });
  it("with no MID only the null itself is little or no difference", () => {
    expect(effectDirection(0, 0)).toBe("little or no difference");
    expect(effectDirection(-0.01, 0)).toBe("reduction");
  });
});

describe("certaintyStatement", () => {
  const base = { intervention: "naltrexone", outcome: "pain", direction: "reduction" as const, estimable: true };
  it.each([
    ["high", "Naltrexone results in a reduction in pain."],
    ["moderate", "Naltrexone likely results in a reduction in pain."],
    ["low", "Naltrexone may result in a reduction in pain."],
    ["very low", "The evidence is very uncertain about the effect of naltrexone on pain."],
  ] as const)("%s: %s", (certainty, sentence) => {
    expect(certaintyStatement({ ...base, certainty })).toBe(sentence);
  });
  it("little or no difference reads 'little to no difference in'", () => {
    expect(certaintyStatement({ ...base, certainty: "moderate", direction: "little or no difference" })).toBe("Naltrexone likely results in little to no difference in pain.");
  });
});

describe("certaintyStatement for single-group proportions and results described without pooling", () => {
  const base = { intervention: "the drug", outcome: "response", direction: null, estimable: true, certainty: "very low" as const };
  it("a single-group proportion is a proportion with no comparison group, never an effect of the intervention", () => {
    expect(certaintyStatement({ ...base, singleGroup: true })).toBe(
      "Response: the proportion of participants, without a comparison group, so no effect of the drug can be estimated (certainty of the evidence: very low).",
    );
  });
  it("described, not pooled: says each study's proportion is described", () => {
    expect(certaintyStatement({ ...base, singleGroup: true, described: true })).toBe(
      "Response: the proportion of participants in each study (described, not pooled), without a comparison group, so no effect of the drug can be estimated (certainty of the evidence: very low).",
    );
  });
  it("comparative results described without pooling: no single estimate of the effect", () => {
    expect(certaintyStatement({ ...base, certainty: "low", described: true })).toBe(
      "Response: results described study by study, not pooled, so there is no single estimate of the effect of the drug (certainty of the evidence: low).",
    );
  });
  it("with no estimable study the not-estimable sentence stands, single group or not", () => {
    expect(certaintyStatement({ ...base, estimable: false, singleGroup: true })).toMatch(/could not be estimated: no study gave usable numbers/);
  });
});
