/**
 * analyzeSpec() reads a spec's model.level as every metakit function reads it (readLevel
 * in @metakit/base): 95 and 0.95 give identical syntheses, and the level reported is 95.
 * Data: the synthetic trials of ./synthetic-trials.ts (8 trials, MD, REML).
 */
import { describe, expect, it } from "vitest";
import { analyzeSpec } from "../src/index.js";
import { analyzeSynthetic } from "./synthetic-trials.js";

describe("analyzeSpec(spec, data): model.level 95 and 0.95", () => {
  const { spec, data } = analyzeSynthetic(8);
  const withLevel = (level: number) => ({
    ...spec,
    syntheses: spec.syntheses.map((s) => ({ ...s, model: { ...s.model, level } })),
  });

  it("give identical syntheses, at 95%", () => {
    const percent = analyzeSpec(withLevel(95), [data]);
    const proportion = analyzeSpec(withLevel(0.95), [data]);
    expect(proportion.syntheses).toEqual(percent.syntheses);
    expect(percent.syntheses[0]!.model.level).toBe(95);
    expect(percent.syntheses[0]!.pooled?.model.ciLower).toEqual(expect.any(Number));
    expect(analyzeSpec(withLevel(0.9), [data]).syntheses[0]!.pooled).not.toEqual(percent.syntheses[0]!.pooled);
  });
});
