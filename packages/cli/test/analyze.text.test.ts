/**
 * `metakit analyze --format text` (analysisText) on the robustness phase of synthetic
 * trials (packages/review/test/synthetic-trials.ts): each analysis gets its line, with the
 * numbers of the AnalysisResult it renders.
 */
import { describe, expect, it } from "vitest";
import { analysisText } from "../src/analysis-text.js";
import { analyzeSynthetic } from "../../review/test/synthetic-trials.js";

describe("robustness in `metakit analyze --format text`", () => {
  it("gives the leave-one-out range, the small-study tests and the moderator test in a line each", () => {
    const { result } = analyzeSynthetic(10, { extra: ", metaRegression: [{moderator: dailyDose}]" });
    const text = analysisText(result);
    const s = result.syntheses[0]!.robustness!;
    const estimates = s.leaveOneOut!.fit.estimate as number[];
    expect(text).toContain(`Leave-one-out (10 refits): estimate from ${Math.min(...estimates).toFixed(2)} to ${Math.max(...estimates).toFixed(2)}`);
    expect(text).toContain(`Small-study effects (k = 10): Egger's test statistic ${s.smallStudyEffects!.egger.statistic.toFixed(2)}`);
    expect(text).toMatch(/Meta-regression on dailyDose \(k = 10\): QM = /);
    expect(analysisText(analyzeSynthetic(4).result)).toMatch(/note: no funnel plot and no test for small-study effects/);
  });
});
