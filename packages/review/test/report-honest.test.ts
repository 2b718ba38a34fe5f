/**
 * Issue 14 ("Wrong or misleading today") and the user's findings, the review package's
 * part, on the real naltrexone data and the BCG sample: each test fails on the report input
 * main gave before these fixes.
 */
import { describe, expect, it } from "vitest";
import { absoluteEffect } from "@metakit/grade";
import { anticipatedEffectText } from "@metakit/report";
import { analyzeSpec, assumptionsOf, reportInputOf, scenarioSummaries } from "../src/index.js";
import { participantsOf } from "../src/report-input/participants.js";
import { loadNaltrexone } from "./naltrexone.js";

const { extractions, index, analysed } = loadNaltrexone();
const pain = analysed("pain");
const tri = analysed("trichotillomania");
const bcg = analysed("bcg");
const input = reportInputOf([pain, tri, bcg], index, [], { title: "T", generator: "metakit test", sources: [] });
const [painReport, triReport, bcgReport] = input.indications;

describe("defect 1: a scenario differs from the main analysis only by what it names", () => {
  const ROB = "Excluding results at high risk of bias";

  it("pain vs placebo: excluding high risk of bias pools what the main analysis pools (k = 1), with no assumption switched on", () => {
    const row = scenarioSummaries(pain.result, "pain-vs-placebo", index).find((s) => s.label === ROB)!;
    const main = pain.result.syntheses.find((s) => s.id === "pain-vs-placebo")!;
    expect(row.k).toBe(main.pooled!.model.k);
    expect(row.changes.filter((c) => c.startsWith("Assumes"))).toEqual([]);
    expect(row.changes).toContain("Leaves out Beaudette-Zlatanova 2023 (2 results): RoB 2 overall judgement high.");
  });

  it("it is not shown under the syntheses it changes nothing in (pain vs amitriptyline, pain responders)", () => {
    for (const id of ["pain-vs-active", "pain-response"]) expect(scenarioSummaries(pain.result, id, index).map((s) => s.label)).not.toContain(ROB);
  });

  it("with no risk-of-bias judgement recorded it is not shown as a result, even where the scenario names the synthesis", () => {
    const scenario = { id: "no-high-rob", label: ROB, description: "Drops results at high risk of bias.", useAssumptions: [], excludeStudies: [], excludeRiskOfBias: ["high" as const], syntheses: ["tuberculosis"] };
    const spec = { ...bcg.spec, scenarios: [...bcg.spec.scenarios, scenario] };
    const result = analyzeSpec(spec, extractions);
    expect(result.scenarios.find((s) => s.id === "no-high-rob")!.syntheses[0]!.unjudged.length).toBe(13);
    expect(scenarioSummaries(result, "tuberculosis", index).map((s) => s.label)).not.toContain(ROB);
  });

  it("a scenario row lists only the assumptions its synthesis's results used, in words, without their ids", () => {
    const rows = scenarioSummaries(pain.result, "pain-vs-placebo", index);
    const changes = rows.flatMap((r) => r.changes).join(" ");
    expect(changes).not.toMatch(/younger2013-paired-t-n28|nct03008590-arm-order|crossover-correlation/);
    const both = rows.find((r) => r.label === "Crossover trials under their stated assumptions")!;
    // The two crossover trials' paired-t assumptions, the arm order, and the correlation record the scenario names
    // (crossoverAssumption): its statement says the value once, with no second sentence repeating it.
    expect(both.changes.filter((c) => c.startsWith("Assumes: "))).toHaveLength(4);
    expect(both.changes.filter((c) => c.includes("within-person correlation"))).toEqual([
      expect.stringMatching(/^Assumes: The within-person correlation of the crossover trials' outcomes .* is 0\.5;/),
    ]);
  });
});

describe("defect 5: one participant count per study and outcome, with what it counts", () => {
  it("Grant 2014 has one count in the narrative table, GRADE and the Summary of Findings (44 completed)", () => {
    const count = participantsOf(index, "grant2014", tri.result.syntheses[0]!.effects.map((e) => e.participants));
    expect(count).toEqual({ n: 44, basis: "completed" });
    const narrative = triReport!.narrative.filter((n) => n.study === "Grant 2014").map((n) => n.participants);
    expect(new Set(narrative)).toEqual(new Set(["44 completed"]));
    expect(tri.result.grade.trace[0]!.evidence.studies.find((s) => s.id === "grant2014")!.n).toBe(44);
    expect(triReport!.summaryOfFindings!.participantsTexts!["Hair-pulling severity"]).toBe("44 completed (1 study, none estimable)");
  });

  it("pain vs placebo: the 99 analysed are those of the one estimable study; the others are counted apart", () => {
    const text = painReport!.summaryOfFindings!.participantsTexts!["Pain intensity (vs placebo)"]!;
    expect(text.startsWith("99 analysed (1 study); not estimable: 3 studies, ")).toBe(true);
  });
});

describe("defect 6 and the user's findings: human labels and words, not ids or raw notation", () => {
  const sentences = assumptionsOf(pain.result.syntheses[0]!, pain.spec, index);

  it("a conversion is named in words with its reference, never as 'z_{1-α/2} = 1.9599639845400538'", () => {
    const bruun = sentences.find((s) => s.startsWith("Bruun 2024: effect size"))!;
    expect(bruun).toContain("the standard error from the confidence interval (Cochrane Handbook v6.4, §6.3.1-6.3.2)");
    expect(sentences.join(" ")).not.toMatch(/_\{|\d\.\d{5,}/);
  });

  it("a difference of per-condition values is written out, not cut off as '28.8 - 18.'", () => {
    const younger = pain.result.scenarios[0]!.syntheses[0]!.synthesis.effects.find((e) => e.study === "younger2013")!;
    expect(younger.notes).toContain("difference of the per-condition values (mean % reduction of baseline pain): 28.8 minus 18 = 10.8");
  });

  it("Summary of Findings names tell two comparisons of one outcome apart by comparator, not by synthesis id", () => {
    expect(pain.result.grade.summaryOfFindings!.rows.map((r) => r.outcome)).toEqual(["Pain intensity (vs placebo)", "Pain intensity (vs amitriptyline)", "Pain responders"]);
  });

  it("the plain-language statement reads names mid-sentence in lower case ('the effect of low-dose naltrexone')", () => {
    expect(painReport!.summaryOfFindings!.table.rows[0]!.statement).toMatch(/^The evidence is very uncertain about the effect of low-dose naltrexone .* on pain intensity \(vs placebo\)\.$/);
  });

  it("prose from the spec and data carries study labels: the SoF comment names 'Bruun 2024', not 'bruun2024'", () => {
    const comment = painReport!.summaryOfFindings!.table.rows[0]!.comments.join(" ");
    expect(comment).toContain("Only Bruun 2024 (99 participants)");
    expect(comment).not.toMatch(/bruun2024|nct03008590|younger2013/);
  });
});

describe("BCG: the anticipated effect is GRADEpro's absolute effect from the control group risk of the included studies", () => {
  it("risk with comparator and with intervention per 1,000 from the grade package's absoluteEffect, the baseline risk stated", () => {
    let events = 0;
    let total = 0;
    for (const effect of bcg.result.syntheses[0]!.effects) {
      const result = index.results.get(effect.result)!;
      if (result.form !== "dichotomous") continue;
      const control = result.arms.find((a) => index.arms.get(`${result.study}/${a.arm}`)?.type !== "experimental")!;
      events += control.events.value!;
      total += control.total.value!;
    }
    const row = bcg.result.grade.summaryOfFindings!.rows[0]!;
    expect(row.absoluteEffects).toHaveLength(1);
    const effect = row.absoluteEffects[0]!;
    expect(effect.comparatorRisk).toBe(events / total);
    expect(effect.comparatorLabel).toBe(`control group risk of the included studies, ${events}/${total}`);
    const rr = row.relativeEffect!;
    expect(effect).toEqual(absoluteEffect("RR", { label: effect.comparatorLabel, risk: events / total }, { estimate: rr.estimate, lower: rr.ciLower, upper: rr.ciUpper }));
    const text = anticipatedEffectText(row, bcgReport!.summaryOfFindings!.effectTexts?.[row.outcome]);
    expect(text).toMatch(/^Risk with comparator: \d+ per 1,000 \(control group risk of the included studies, \d+\/\d+\)\. Risk with intervention: \d+ per 1,000 \(\d+ to \d+\)\. Difference: \d+ fewer per 1,000 \(from \d+ fewer to \d+ fewer\)\.$/);
    expect(text).not.toContain(rr.text);
  });
});
