/**
 * The methods paragraphs written from the specs: each method the specs ask for is named with
 * its source, sources are numbered in order of first citation and listed once, and a spec
 * that asks for something else reads differently (the words follow the specs).
 */
import { describe, expect, it } from "vitest";
import type { AnalysisSpec } from "@metakit/schema";
import { methodsOf } from "../src/index.js";
import { loadNaltrexone, readAndParse, repoRoot } from "./naltrexone.js";

function spec(name: string): AnalysisSpec {
  const parsed = readAndParse(`${repoRoot}analyses/${name}.yaml`).parsed;
  if (parsed?.type !== "analysis") throw new Error(`${name} is not an analysis spec`);
  return parsed.spec;
}

const citedNumbers = (text: string) => [...text.matchAll(/\[([0-9, ]+)\]/g)].flatMap((m) => m[1]!.split(", ").map(Number));

const { index } = loadNaltrexone();

describe("methodsOf(specs, software, index)", () => {
  const specs = ["depression", "nssi", "pain", "trichotillomania"].map(spec);
  const methods = methodsOf(specs, "metakit 9.9.9", index);
  const text = methods.paragraphs.join(" ");

  it("names the measures, the tau² estimator, the test, the level, prediction intervals, continuity correction, crossover handling, GRADE and the software", () => {
    expect(text).toContain("standardised mean differences (Hedges' g) [1]");
    expect(text).toContain("estimated by restricted maximum likelihood [2]");
    expect(text).toContain("the Hartung-Knapp method (t distribution)");
    expect(text).toContain("Confidence intervals are 95%.");
    expect(text).toContain("Prediction intervals for the effect in a new study");
    expect(text).toContain("1/2 was added to each of its cells");
    // pain.yaml sets the crossover correlation only in its scenarios (0.5, 0.3, 0.7 in data order).
    expect(text).toMatch(/Crossover trials entered as paired results, never as parallel groups \[\d+\]\. Sensitivity scenarios used a within-person correlation of [0-9., and]+\./);
    expect(text).toContain("rated with GRADE [");
    expect(text).toContain("a minimal important difference of 0.5 (SMD)");
    // Each threshold with its source (a numbered reference) and, from the spec's reviewersChoice, whose choice it is.
    const pain = text.match(/pain intensity, a minimal important difference of 0\.5 \(SMD\) \[(\d+)\], the reviewers' own choice/);
    expect(pain).not.toBeNull();
    expect(methods.references[Number(pain![1]) - 1]).toMatch(/Norman GR.*Dworkin RH.*Pain 2009;146\(3\):238-244/);
    const depression = text.match(/depressive symptoms \(clinician-rated scale\), a minimal important difference of 0\.5 \(SMD\) \[(\d+)\], the reviewers' own choice/);
    expect(depression).not.toBeNull();
    expect(methods.references[Number(depression![1]) - 1]).toMatch(/NICE clinical guideline 23 \(Depression, 2004/);
    // pain.yaml's responders are judged against the null (kind: null), said in words.
    expect(text).toContain("pain responders, the line of no effect");
    expect(text).not.toMatch(/\bnull\b/);
    expect(text).toContain("Analyses were run with metakit 9.9.9");
    expect(text).not.toMatch(/,[.;]|undefined|NaN/);
  });

  it("numbers every source in order of first citation and lists each once", () => {
    const numbers = citedNumbers(text);
    const firsts = numbers.filter((n, i) => numbers.indexOf(n) === i);
    expect(firsts).toEqual(firsts.map((_, i) => i + 1));
    expect(Math.max(...numbers)).toBe(methods.references.length);
    expect(new Set(methods.references).size).toBe(methods.references.length);
    expect(methods.references[0]).toMatch(/^Hedges LV\. Distribution theory/);
  });

  it("follows the spec: DerSimonian-Laird with z tests at 90% names those and cites DerSimonian and Laird", () => {
    const depression = spec("depression");
    const changed: AnalysisSpec = { ...depression, scenarios: [], syntheses: depression.syntheses.map((y) => ({ ...y, model: { ...y.model, method: "DL", test: "z", level: 90 } })) };
    const other = methodsOf([changed], "metakit 9.9.9", index);
    const words = other.paragraphs.join(" ");
    expect(words).toContain("estimated by the DerSimonian-Laird method [");
    expect(words).toContain("Wald-type z tests");
    expect(words).not.toContain("Hartung-Knapp");
    expect(words).toContain("Confidence intervals are 90%.");
    expect(other.references.some((r) => r.startsWith("DerSimonian R, Laird N."))).toBe(true);
    const sourced = { ...depression, grade: depression.grade.map((g) => ({ ...g, threshold: { ...g.threshold, reviewersChoice: false } })) };
    expect(methodsOf([sourced], "metakit 9.9.9", index).paragraphs.join(" ")).toMatch(/a minimal important difference of 0\.5 \(SMD\) \[\d+\], as its source sets it/);
    expect(words).not.toContain("Crossover");
  });
});
