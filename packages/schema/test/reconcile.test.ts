import { describe, expect, it } from "vitest";
import { parseYaml, reconcileExtractions, stringifyReconciliation } from "../src/index.js";

const study = { id: "s1", indication: "pain", citation: { year: 2020 }, design: "parallel-rct", population: "adults" };

describe("reconcileExtractions(a, b)", () => {
  it("finds no conflict between identical extractions and merges every field", () => {
    const result = reconcileExtractions({ studies: [study] }, { studies: [structuredClone(study)] });
    expect(result.conflicts).toEqual([]);
    expect(result.merged.studies).toEqual([study]);
    expect([result.fieldsCompared, result.fieldsAgreed]).toEqual([5, 5]);
  });

  it("lists a differing field with both values and leaves it out of the merged record", () => {
    const result = reconcileExtractions({ studies: [study] }, { studies: [{ ...study, population: "women" }] });
    expect(result.conflicts).toEqual([{ kind: "studies", key: "s1", path: "population", a: "adults", b: "women" }]);
    expect(result.merged.studies).toEqual([{ id: "s1", indication: "pain", citation: { year: 2020 }, design: "parallel-rct" }]);
  });

  it("lists a field present in only one extraction with null for the other", () => {
    const result = reconcileExtractions({ studies: [{ ...study, setting: "Seoul" }] }, { studies: [study] });
    expect(result.conflicts).toEqual([{ kind: "studies", key: "s1", path: "setting", a: "Seoul", b: null }]);
  });

  it("matches arms by study and id, not by position", () => {
    const arm = (studyId: string, value: number) => ({ study: studyId, id: "ldn", type: "experimental", intervention: "naltrexone", randomised: { value } });
    const result = reconcileExtractions({ arms: [arm("s1", 6), arm("s2", 10)] }, { arms: [arm("s2", 10), arm("s1", 7)] });
    expect(result.conflicts).toEqual([{ kind: "arms", key: "s1/ldn", path: "randomised.value", a: 6, b: 7 }]);
  });

  it("stringifyReconciliation writes an extraction document that parses back", () => {
    const result = reconcileExtractions({ studies: [study] }, { studies: [{ ...study, population: "women" }] });
    const outcome = parseYaml("merged.yaml", stringifyReconciliation(result, "test"));
    expect(outcome.issues.map((i) => i.message)).toEqual(["missing required field"]);
    expect(outcome.parsed?.type === "extraction" ? outcome.parsed.conflicts : []).toEqual(result.conflicts);
  });
});
