/**
 * The report's funnel, leave-one-out, GOSH and bubble plots come from the analysis's
 * robustness phase, back-transformed exactly as the forest plot (exp for ratios, inverse
 * logit for PLO), and appear in the report exactly when the analysis ran. Naltrexone data:
 * the NSSI single-arm synthesis (k = 4) has leave-one-out; the comparative syntheses have
 * k < 10, and the report says that no funnel plot or test is possible. Synthetic trials
 * (synthetic-trials.ts) with k = 12 show every figure.
 */
import { TEST_FONTS } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { backTransform } from "@metakit/effect-size";
import { leaveOneOut } from "@metakit/core";
import { renderReport } from "@metakit/report";
import { type EstimableEffect, indexData, reportInputOf, robustnessReportOf, type SynthesisResult } from "../src/index.js";
import { loadNaltrexone } from "./naltrexone.js";
import { analyzeSynthetic } from "./synthetic-trials.js";

const tol = { display: 1e-12 };

const pooledInput = (s: SynthesisResult) => {
  const rows = s.pooled!.results.map((id) => s.effects.find((e): e is EstimableEffect => e.estimable && e.result === id)!);
  return { yi: rows.map((r) => r.yi), vi: rows.map((r) => r.vi) };
};

describe("robustnessReportOf on the naltrexone analyses", () => {
  const { index, analysed, analysedPooledNssi } = loadNaltrexone();

  it("NSSI single-arm (k = 4): a leave-one-out plot, each row the inverse logit of leaveOneOut()'s refit", () => {
    // the pooled variant (analyses/nssi.yaml itself describes these counts without pooling)
    const synthesis = analysedPooledNssi().result.syntheses[0]!;
    const report = robustnessReportOf(synthesis, index, { intervention: "naltrexone" })!;
    const loo = report.leaveOneOut!;
    expect(loo.kind).toBe("single-arm proportion");
    expect(loo.rows.map((r) => r.omitted)).toEqual(["Roth 1996", "Bodfish 1997", "Kars 1990", "Retrospective population study 1996"]);
    const fit = leaveOneOut(pooledInput(synthesis), { method: "REML", test: "knha" });
    loo.rows.forEach((row, i) => {
      expect(Math.abs(row.estimate! - backTransform("PLO", fit.estimate[i]!))).toBeLessThan(tol.display);
      expect(Math.abs(row.ciUpper! - backTransform("PLO", fit.ciUpper[i]!))).toBeLessThan(tol.display);
    });
    expect(loo.all.estimate).toBe(synthesis.pooled!.backTransformed!.estimate);
    expect(report.funnel).toBeUndefined();
    expect(report.smallStudyLines).toEqual([]);
  });

  it("comparative syntheses with k < 10: no funnel plot, and a sentence that says why", () => {
    for (const id of ["pain", "depression"]) {
      for (const synthesis of analysed(id).result.syntheses.filter((s) => s.pooled !== null && s.evidence === "comparative")) {
        const report = robustnessReportOf(synthesis, index, { intervention: "naltrexone" })!;
        expect(report.funnel).toBeUndefined();
        expect(report.smallStudyLines.join(" ")).toMatch(/^No funnel plot and no test for small-study effects .*k = \d < 10 studies.*13\.3\.5\.4\)\.$/);
      }
    }
  });
});

describe("robustness figures in the report (synthetic, k = 12)", () => {
  const run = analyzeSynthetic(12, { measure: "OR", form: "dichotomous", extra: ", sensitivity: {gosh: true}, metaRegression: [{moderator: dailyDose}, {moderator: design}]" });
  const index = indexData([run.data]);
  const synthesis = run.result.syntheses[0]!;
  const report = robustnessReportOf(synthesis, index, { intervention: "intervention" })!;
  const r = synthesis.robustness!;

  it("the funnel's points, filled studies and lines are the analysis's, exp() for odds ratios", () => {
    const funnel = report.funnel!;
    expect(funnel.scale).toBe("log");
    funnel.studies.forEach((s, i) => {
      expect(Math.abs(s.estimate - Math.exp(r.smallStudyEffects!.funnel.studies[i]!.yi))).toBeLessThan(tol.display);
      expect(s.se).toBe(r.smallStudyEffects!.funnel.studies[i]!.sei);
    });
    expect(funnel.filled!.length).toBe(r.smallStudyEffects!.trimAndFill.k0);
    expect(r.smallStudyEffects!.trimAndFill.k0).toBeGreaterThan(0);
    expect(funnel.adjusted!.estimate).toBeCloseTo(Math.exp(r.smallStudyEffects!.trimAndFill.estimate), 12);
    expect(funnel.pooled.estimate).toBeCloseTo(Math.exp(synthesis.pooled!.model.estimate), 12);
    expect(funnel.contours!.map((c) => c.alpha)).toEqual([0.1, 0.05, 0.01]);
    expect(report.smallStudyLines.join(" ")).toMatch(/Harbord's test .*Peters' test.*rank correlation.*Trim and fill \(L0\)/);
  });

  it("GOSH and the bubble plot (daily dose) carry the analysis's numbers; a categorical moderator has none", () => {
    expect(report.gosh!.estimates).toHaveLength(4095);
    Array.from(report.gosh!.estimates).forEach((e, i) => expect(Math.abs(e - Math.exp(r.gosh!.estimates[i]!))).toBeLessThan(tol.display));
    const [dose, design] = report.metaRegressions;
    expect(dose!.id).toBe("daily-dose");
    expect(dose!.bubble!.points.map((p) => p.x)).toEqual(r.metaRegressions[0]!.bubble!.points.map((p) => p.x));
    expect(dose!.bubble!.line[0]!.estimate).toBeCloseTo(Math.exp(r.metaRegressions[0]!.bubble!.line[0]!.estimate), 12);
    expect(design!.bubble).toBeUndefined();
    expect(design!.lines.join(" ")).toMatch(/design=parallel-rct/);
  });

  it("renderReport writes and shows each figure, numbered after the forest plot", async () => {
    const input = reportInputOf([{ spec: run.spec, result: run.result }], index, [], { title: "t", generator: "test", sources: [] });
    const files = await renderReport(input, { fonts: TEST_FONTS });
    const paths = files.map((f) => f.path);
    for (const base of ["funnel-s", "leave-one-out-s", "gosh-s", "bubble-s-daily-dose"]) {
      expect(paths).toContain(`synthetic/${base}.svg`);
      expect(paths).toContain(`synthetic/${base}.png`);
    }
    const html = String(files.find((f) => f.path === "index.html")!.content);
    expect(html).toMatch(/Figure 2\. Funnel plot: Outcome/);
    expect(html).toMatch(/Figure 3\. Leave-one-out: Outcome/);
    expect(html).toMatch(/Figure 4\. GOSH plot: Outcome, 4095 subsets of 12 studies/);
    expect(html).toMatch(/Figure 5\. Meta-regression: Outcome by daily dose/);
  }, 60_000);
});
