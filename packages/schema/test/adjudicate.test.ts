import { describe, expect, it } from "vitest";
import { adjudicate, agreementOf, cohensKappa, compareForAdjudication, decisionProblems, isCategoricalField, parseDocumentValue, provenanceOf } from "../src/index.js";

const study = { id: "s1", indication: "pain", citation: { year: 2020 }, design: "parallel-rct", population: "adults" };
const arm = (randomised: number, quote: string) => ({
  study: "s1",
  id: "ldn",
  type: "experimental",
  intervention: "naltrexone",
  randomised: { value: randomised, source: "PMID 1", location: "table 1", quote, status: "verified" },
});

/** `n` copies of a pair of ratings. */
const times = (n: number, pair: [string, string]) => Array.from({ length: n }, () => pair);

describe("cohensKappa(pairs)", () => {
  it("cohensKappa(20 yes-yes, 5 yes-no, 10 no-yes, 15 no-no) is 0.4 with po 0.7 and pe 0.5", () => {
    // The worked example of Cohen's kappa in Wikipedia ("Cohen's kappa", Simple example): po = 0.7, pe = 0.5, kappa = 0.4.
    const result = cohensKappa([...times(20, ["yes", "yes"]), ...times(5, ["yes", "no"]), ...times(10, ["no", "yes"]), ...times(15, ["no", "no"])]);
    expect(result.observed).toBeCloseTo(0.7, 12);
    expect(result.expected).toBeCloseTo(0.5, 12);
    expect(result.kappa).toBeCloseTo(0.4, 12);
  });

  it("cohensKappa is 1 for perfect agreement over two categories, and null with a reason when one category is all there is", () => {
    expect(cohensKappa([...times(3, ["a", "a"]), ...times(2, ["b", "b"])]).kappa).toBeCloseTo(1, 12);
    const single = cohensKappa(times(4, ["low", "low"]));
    expect(single.kappa).toBeNull();
    expect(single.reason).toMatch(/one and the same category/);
    expect(cohensKappa([]).kappa).toBeNull();
  });
});

describe("isCategoricalField(kind, path)", () => {
  it("enumerated and yes/no fields are categorical; numbers and free text are not", () => {
    expect(isCategoricalField("studies", ["design"])).toBe(true);
    expect(isCategoricalField("arms", ["randomised", "status"])).toBe(true);
    expect(isCategoricalField("arms", ["randomised", "value"])).toBe(false);
    expect(isCategoricalField("studies", ["population"])).toBe(false);
  });
});

describe("compareForAdjudication(a, b) and adjudicate(...)", () => {
  const a = { studies: [study], arms: [arm(20, "n = 20")] };
  const b = { studies: [{ ...study, design: "crossover-rct", population: "women" }], arms: [arm(21, "n = 21")], results: [] };

  it("lists each disagreement with the provenance each reviewer gave the value", () => {
    const { disagreements } = compareForAdjudication(a, b);
    expect(disagreements.map((d) => d.id)).toEqual(["studies s1 design", "studies s1 population", "arms s1/ldn randomised.value", "arms s1/ldn randomised.quote"]);
    const randomised = disagreements.find((d) => d.path === "randomised.value")!;
    expect([randomised.a, randomised.b]).toEqual([20, 21]);
    expect(randomised.provenanceA).toEqual({ source: "PMID 1", location: "table 1", quote: "n = 20", status: "verified", from: "randomised" });
    expect(randomised.provenanceB?.quote).toBe("n = 21");
  });

  it("falls back on the record's provenance for a bare value", () => {
    expect(provenanceOf({ id: "x", provenance: { source: "doi", status: "unverified" }, n: 3 }, ["n"])).toEqual({ source: "doi", status: "unverified", from: "provenance" });
  });

  it("agreementOf gives percent agreement over all fields and kappa per categorical field", () => {
    const { compared } = compareForAdjudication(a, b);
    const agreement = agreementOf(compared);
    expect([agreement.fieldsCompared, agreement.fieldsAgreed]).toEqual([5 + 9, 3 + 7]);
    expect(agreement.percentAgreement).toBeCloseTo((100 * 10) / 14, 12);
    const design = agreement.categorical.find((f) => f.field === "studies: design")!;
    expect([design.n, design.observed, design.kappa]).toEqual([1, 0, 0]);
  });

  it("merges agreed fields and decided ones, and logs who each value came from and why", () => {
    const { compared, disagreements } = compareForAdjudication(a, b);
    const decisions = [
      { id: "studies s1 design", choice: "A" as const },
      { id: "studies s1 population", choice: "B" as const, reason: "the methods say women only" },
      { id: "arms s1/ldn randomised.value", choice: "value" as const, value: 19, reason: "table 1 says 19; both misread it" },
      { id: "arms s1/ldn randomised.quote", choice: "value" as const, value: "n = 19", reason: "as table 1 prints it" },
    ];
    expect(decisionProblems(disagreements, decisions)).toEqual([]);
    const { merged, log } = adjudicate(compared, disagreements, decisions);
    expect(merged.studies).toEqual([{ ...study, population: "women" }]);
    expect(merged.arms).toEqual([{ ...arm(19, "n = 19") }]);
    expect(log.map((entry) => [entry.field, entry.from, entry.chosen, entry.reason])).toEqual([
      ["design", "A", "parallel-rct", null],
      ["population", "B", "women", "the methods say women only"],
      ["randomised.value", "adjudicator", 19, "table 1 says 19; both misread it"],
      ["randomised.quote", "adjudicator", "n = 19", "as table 1 prints it"],
    ]);
    expect(parseDocumentValue("merged.yaml", { kind: "extraction", ...merged }).issues.filter((i) => i.severity === "error")).toEqual([]);
  });

  it("refuses a value of one's own without a reason, and undecided disagreements", () => {
    const { compared, disagreements } = compareForAdjudication(a, b);
    const problems = decisionProblems(disagreements, [{ id: "studies s1 design", choice: "value", value: "crossover-rct", reason: "  " }]);
    expect(problems[0]).toEqual({ id: "studies s1 design", message: "a value of your own needs a reason" });
    expect(problems.slice(1).map((p) => p.message)).toEqual(Array(3).fill("not decided: take A, take B, or enter a value with a reason"));
    expect(() => adjudicate(compared, disagreements, [])).toThrow(/decision problems/);
  });

  it("a record only one reviewer extracted is kept or dropped whole", () => {
    const { compared, disagreements } = compareForAdjudication({ studies: [study] }, { studies: [study, { ...study, id: "s2" }] });
    expect(disagreements.map((d) => [d.id, d.a, d.b !== null])).toEqual([["studies s2 (record)", null, true]]);
    expect(adjudicate(compared, disagreements, [{ id: "studies s2 (record)", choice: "A" }]).merged.studies).toEqual([study]);
    expect(adjudicate(compared, disagreements, [{ id: "studies s2 (record)", choice: "B" }]).merged.studies).toHaveLength(2);
  });
});

describe("fieldLink(issue, text)", () => {
  const text = "kind: extraction\nstudies:\n  - id: s1\n    design: rct\narms:\n  - study: s1\n    id: a\n  - {study: s2, id: b, n: -3}\n";
  it("links a field of a record to its study's page with the path as the fragment", async () => {
    const { fieldLink } = await import("../src/index.js");
    expect(fieldLink({ file: "data/x.yaml", path: "studies[0].design", message: "m", severity: "error" }, text)).toBe("/studies/s1#studies[0].design");
    expect(fieldLink({ file: "data/x.yaml", path: "arms[1].n", message: "m", severity: "error" }, text)).toBe("/studies/s2#arms[1].n");
    expect(fieldLink({ file: "analyses/pain.yaml", path: "grade[0].threshold", message: "m", severity: "error" }, "kind: analysis\n")).toBe("/analyses/pain#grade[0].threshold");
    expect(fieldLink({ file: "data/x.yaml", message: "m", severity: "error" }, text)).toBeUndefined();
    expect(fieldLink({ file: "data/x.csv", row: 2, path: "n", message: "m", severity: "error" }, text)).toBeUndefined();
  });
});
