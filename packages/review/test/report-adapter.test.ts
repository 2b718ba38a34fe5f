/**
 * The adapter from AnalysisResult to the report's input, on the naltrexone data: study
 * labels, forest rows back-transformed to the counts' own proportions (checked by hand
 * against the extracted events/total), the pooled diamond as analyze gave it, favours
 * labels from the synthesis direction, provenance counts, and what-was-assumed sentences.
 */
import { describe, expect, it } from "vitest";
import { analyzeSpec, armLabelsOf, assumptionsOf, forestDataOf, provenanceText, reportInputOf, resultAsReported, rowLabels, scenarioSummaries, subgroupForestsOf } from "../src/index.js";
import { loadNaltrexone } from "./naltrexone.js";

const tol = { proportion: 1e-12 };

const { extractions, index, analysed, analysedPooledNssi } = loadNaltrexone();
/** The pooled variant (as the metafor oracle): the report's pooled single-arm path. The review describes these counts without pooling (below). */
const nssi = analysedPooledNssi();
const nssiDescribed = analysed("nssi");
const depression = analysed("depression");
const pain = analysed("pain");

describe("forestDataOf(synthesis, index, labels)", () => {
  const forest = forestDataOf(nssi.result.syntheses[0]!, index, armLabelsOf(nssi.spec))!;

  it("nssi as Freeman-Tukey (PFT): each row back-transforms with its own study size to events/total", () => {
    // the same data and spec with measure PFT: transf.ipft(yi, ni) of each study gives x/n back
    const spec = { ...nssi.spec, syntheses: nssi.spec.syntheses.map((s) => ({ ...s, measure: "PFT" as const })) };
    const pft = forestDataOf(analyzeSpec(spec, extractions).syntheses[0]!, index, armLabelsOf(spec))!;
    const counts = [[6, 7], [2, 9], [2, 5], [14, 56]] as const;
    pft.rows.forEach((row, i) => expect(Math.abs(row.estimate! - counts[i]![0] / counts[i]![1])).toBeLessThan(1e-9));
  });

  // Issue 14, defect 6: a study without an author seen was labelled by its journal; the data's title says what it is.
  it("nssi: one row per selected result, labelled by first author and year (the title's short subtitle when no author was seen)", () => {
    expect(forest.rows.map((r) => r.label)).toEqual(["Roth 1996", "Bodfish 1997", "Kars 1990", "Retrospective population study 1996"]);
    expect(forest.kind).toBe("single-arm proportion");
    expect(forest.scale).toBe("identity");
    expect(forest.favours).toBeUndefined();
  });

  it("nssi: each study's proportion is its events/total as extracted (6/7, 2/9, 2/5, 14/56), from the logit back", () => {
    const counts = [[6, 7], [2, 9], [2, 5], [14, 56]] as const;
    forest.rows.forEach((row, i) => {
      const [events, total] = counts[i]!;
      expect(row.arms?.intervention).toEqual({ events, total });
      expect(Math.abs(row.estimate! - events / total)).toBeLessThan(tol.proportion);
      expect(row.ciLower!).toBeLessThan(row.estimate!);
    });
    const weights = forest.rows.map((r) => r.weightPercent!);
    expect(Math.abs(weights.reduce((a, b) => a + b, 0) - 100)).toBeLessThan(1e-9);
  });

  it("nssi: the diamond and prediction interval are analyze's back-transformed pooled estimate", () => {
    const pooled = nssi.result.syntheses[0]!.pooled!.backTransformed!;
    expect(forest.pooled).toEqual({ estimate: pooled.estimate, ciLower: pooled.ciLower, ciUpper: pooled.ciUpper, piLower: pooled.piLower, piUpper: pooled.piUpper });
    expect(forest.heterogeneityText).toMatch(/^Heterogeneity: Tau² = 0\.77; Chi² = \d+\.\d\d, df = 3 \(P = 0\.07\); I² = 58%$/);
    // Issue 14, defect 4: a single-arm plot printed a test that the proportion is 50%.
    expect(forest.overallEffectText).toBeUndefined();
    expect(forest.method).toBe("IV, Random (REML, Knapp-Hartung), 95% CI");
  });

  // Issue 14, defect 7: no total row when one study is estimable; RevMan prints it (the study itself).
  it("depression: favours naltrexone on the left (lower is better), against placebo; k = 1 has a total row equal to the study, without a prediction interval", () => {
    const d = forestDataOf(depression.result.syntheses[0]!, index, armLabelsOf(depression.spec))!;
    expect(d.favours).toEqual({ left: "naltrexone", right: "placebo" });
    expect(d.columns).toEqual({ intervention: "Naltrexone", comparator: "Placebo" });
    const study = d.rows.find((r) => r.notEstimable === undefined)!;
    expect(d.pooled).toEqual({ estimate: study.estimate, ciLower: study.ciLower, ciUpper: study.ciUpper });
    expect(d.heterogeneityText).toBe("Heterogeneity: not applicable (one study)");
    // Issue 14, defect 4: the method line said "IV, Random (REML, Hartung-Knapp)" where one study's own z interval ran.
    expect(d.method).toBe("IV, one study (z), 95% CI");
    expect(d.overallEffectText).toMatch(/^Test for overall effect: Z = /);
    expect(d.rows.find((r) => r.label === "Moloney 2026")?.notEstimable).toMatch(/not retrieved/);
  });

  it("pain vs amitriptyline: two results of one study are told apart by analysis set", () => {
    const active = pain.result.syntheses.find((s) => s.id === "pain-vs-active")!;
    expect(rowLabels(active, index)).toEqual(["J Diabetes 2021 (ITT)", "J Diabetes 2021 (per protocol)"]);
    expect(forestDataOf(active, index, armLabelsOf(pain.spec))!.columns.comparator).toBe("Amitriptyline");
  });

  it("names the arms as the spec does: interventionLabel and comparatorLabel in the title, headings and favours labels", () => {
    const synthesis = depression.result.syntheses[0]!;
    const named = forestDataOf(synthesis, index, { intervention: "LDN add-on", comparator: "placebo add-on" })!;
    expect(named.title).toBe("Depressive symptoms (clinician-rated scale): LDN add-on vs placebo add-on");
    expect(named.columns).toEqual({ intervention: "LDN add-on", comparator: "Placebo add-on" });
    expect(named.favours).toEqual({ left: "LDN add-on", right: "placebo add-on" });
    const { interventionLabel: _, ...question } = depression.spec.question;
    const unnamed = forestDataOf(synthesis, index, armLabelsOf({ ...depression.spec, question }))!;
    expect(unnamed.favours).toEqual({ left: "intervention", right: "placebo" });
    expect(unnamed.columns.intervention).toBe("Intervention");
  });
});

describe("subgroupForestsOf(synthesis, index, labels)", () => {
  const plots = subgroupForestsOf(nssi.result.syntheses[0]!, index, armLabelsOf(nssi.spec));

  it("nssi: one plot per variable the analysis split by (design, dose class)", () => {
    expect(plots.map((p) => p.id)).toEqual(["by-design", "by-dose-class"]);
  });

  it("by design: each study under its design, a one-study subtotal equal to the study (6/7), and the test for differences", () => {
    const forest = plots[0]!.forest;
    expect(forest.subgroups!.map((g) => g.name)).toEqual(["Single-arm trial", "Single-subject (n-of-1) design", "Crossover trial (randomisation not stated)", "Cohort study"]);
    expect(forest.rows.map((r) => [r.group, r.label])).toEqual([
      ["Single-arm trial", "Roth 1996"],
      ["Single-subject (n-of-1) design", "Bodfish 1997"],
      ["Crossover trial (randomisation not stated)", "Kars 1990"],
      ["Cohort study", "Retrospective population study 1996"],
    ]);
    const roth = forest.subgroups![0]!.pooled!;
    expect(Math.abs(roth.estimate - 6 / 7)).toBeLessThan(tol.proportion);
    expect(roth.piLower).toBeUndefined();
    expect(forest.subgroupDifferencesText).toBe("Test for subgroup differences: Chi² = 7.11, df = 3 (P = 0.07), I² = 58%");
    expect(forest.pooled).toEqual(forestDataOf(nssi.result.syntheses[0]!, index, armLabelsOf(nssi.spec))!.pooled);
  });

  it("no plot when a variable leaves fewer than two groups (depression, k = 1)", () => {
    expect(subgroupForestsOf(depression.result.syntheses[0]!, index, armLabelsOf(depression.spec))).toEqual([]);
  });
});

describe("study text", () => {
  it("resultAsReported gives the counts as extracted", () => {
    expect(resultAsReported(index.results.get("roth1996-sib-ceased")!)).toBe("SIB ceased, mean follow-up 10.7 weeks: 6/7");
    expect(resultAsReported(index.results.get("txstate1996-responders")!)).toBe("unequivocal responders: 14/56 (25%)");
  });

  it("resultAsReported names arms by the label it is given, else by id", () => {
    const result = index.results.get("bruun2024-pain-md")!;
    expect(resultAsReported(result)).toContain("(ldn vs placebo)");
    expect(resultAsReported(result, (arm) => (arm === "ldn" ? "naltrexone" : arm))).toContain("(naltrexone vs placebo)");
  });

  it("provenanceText counts each number's status, else its record's (txstate1996: 56, 25%, 56 verified; 14 computed)", () => {
    const study = index.studies.get("txstate1996")!;
    expect(provenanceText([study, index.results.get("txstate1996-responders")!])).toBe("3 verified, 1 computed");
    expect(provenanceText([index.results.get("symons2004-improved")!])).toBe("2 verified, 1 missing");
  });
});

describe("what was assumed", () => {
  it("states the model, the logit scale and a prediction interval for nssi", () => {
    const sentences = assumptionsOf(nssi.result.syntheses[0]!, nssi.spec, index);
    expect(sentences[0]).toMatch(/^Random-effects model: .* tau² estimated by REML\. Test and confidence interval by Knapp-Hartung/);
    expect(sentences[0]).toContain("A 95% prediction interval is shown.");
    expect(sentences).toContain("Proportions are pooled as logits and shown back-transformed (inverse logit); each study's interval is a Wald interval on the logit scale.");
    expect(sentences.some((s) => s.startsWith("Retrospective population study 1996: events computed"))).toBe(true);
  });

  it("says no prediction interval is shown when one study is estimable, and assumes no crossover correlation in the main analysis", () => {
    // Issue 14, defect 4: "What was assumed" said a random-effects model ran where one study's own estimate is shown.
    expect(assumptionsOf(depression.result.syntheses[0]!, depression.spec, index)[0]).toBe(
      "One estimable study: its own estimate with a z-based 95% confidence interval is shown; the planned random-effects model (REML, Knapp-Hartung) needs two or more studies.",
    );
    // The correlation is an assumption applied only in the scenarios (issue 15), so the main analysis names none.
    const painSentences = assumptionsOf(pain.result.syntheses[0]!, pain.spec, index);
    expect(painSentences.some((s) => s.startsWith("Crossover trials analysed as paired data with a within-person correlation"))).toBe(false);
  });

  it("a scenario row carries no note about another synthesis", () => {
    const rows = scenarioSummaries(pain.result, "pain-vs-placebo", index);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.flatMap((r) => r.changes).filter((c) => c.startsWith("pain-vs-active:"))).toEqual([]);
  });
});

describe("reportInputOf(...)", () => {
  it("one indication per spec, with the claims audit and every synthesis as an analysis", () => {
    const claims = extractions.flatMap((e) => e.records.claims.map((c) => c.record));
    const input = reportInputOf([depression, nssiDescribed, pain], index, claims, { title: "T", generator: "metakit test", sources: [] });
    expect(input.indications.map((i) => i.id)).toEqual(["depression", "nssi", "pain"]);
    expect(input.indications.map((i) => i.analyses.length)).toEqual([1, 1, 3]);
    expect(input.claims!.length).toBe(claims.length);
    expect(input.indications[1]!.excluded.map((e) => e.study)).toEqual([
      "Schmahl 2012", "Willemsen-Swinkels 1996", "Ryan 1989", "Walters 1990", "Griengl 2001", "Wei 2023", "Symons 2004", "Karakuła-Juchnowicz 2024", "NCT06622239",
    ]);
    const text = input.indications[1]!.summaryOfFindings!.effectTexts!["Response of self-injurious behaviour (as each study defines it)"]!;
    // each study with its own definition and count, the proportion and CI as escalc(PLO) back-transformed; no pooled number
    expect(text).toMatch(/^Proportion per study without a comparison group, not pooled: Roth 1996 \(SIB ceased\): 6\/7, 0\.86 \[0\.42, 0\.98\]; Bodfish 1997 /);
    expect(text).toMatch(/Ann Neurol 1987 \(significant reduction of total SIB frequency \(per subject\)\): 3\/3, 0\.88 \[0\.27, 0\.99\] \(1\/2 added to each cell before the logit, as metafor's escalc does\)/);
    expect(text).not.toMatch(/^Proportion 0\.38/);
  });

  it("a synthesis described without pooling: a forest with a row per study, no diamond, and a footer saying it is not pooled", () => {
    const forest = forestDataOf(nssiDescribed.result.syntheses[0]!, index, armLabelsOf(nssiDescribed.spec))!;
    expect(forest.rows.map((r) => r.label)).toEqual(["Roth 1996", "Bodfish 1997", "Kars 1990", "Retrospective population study 1996", "Ann Neurol 1987", "Am J Ment Retard 1990"]);
    expect(forest.pooled).toBeUndefined();
    expect(forest.method).toBe("Study by study, not pooled");
    expect(forest.heterogeneityText).toMatch(/^Not pooled/);
    expect(forest.overallEffectText).toBeUndefined();
  });
});
