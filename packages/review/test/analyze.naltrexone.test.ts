/**
 * analyzeSpec() on the four real specs (analyses/*.yaml) with the real data (data/*.yaml).
 * Numbers: metafor 3.8-1 and R, fixtures/metafor-extra/naltrexone-analyses.json
 * (scripts/naltrexone-analyses.R), computed independently of the TypeScript.
 * Tolerances: effect sizes and pooled estimates, SEs and CIs 1e-8 absolute; tau2 and I2 1e-6
 * (REML iterates to metafor's threshold); weights 1e-6 percent.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ParsedAnalysis } from "@metakit/schema";
import { type AnalysisResult, analyzeSpec, type EffectRow, type EstimableEffect, type SynthesisResult } from "../src/index.js";
import { loadNaltrexone, readAndParse, repoRoot } from "./naltrexone.js";

const tol = { estimate: 1e-8, tau2: 1e-6, I2: 1e-6, weight: 1e-6 };

interface Fit {
  k: number; estimate: number; se: number; ciLower: number; ciUpper: number; tau2: number; I2: number;
  QE: number; QEp: number; piLower: number; piUpper: number; weights: number[];
  back?: { estimate: number; ciLower: number; ciUpper: number; piLower: number; piUpper: number };
}
interface Effect { yi: number; vi: number }
const oracle = JSON.parse(readFileSync(`${repoRoot}packages/fixtures/metafor-extra/naltrexone-analyses.json`, "utf8")) as {
  depression: { mischoulon: Effect; moloney: Effect; equalSplit: Fit; equalSplitZ: Fit };
  pain: { bruun: Effect } & Record<"r0.3" | "r0.5" | "r0.7", { younger2013: Effect; nct03008590: Effect; pooled: Fit }>;
  nssi: { yi: number[]; vi: number[]; main: Fit; controlledOnly: Fit; withoutComputed: Fit; commonEffect: Fit };
  trichotillomania: { yi: number; vi: number; ciLower: number; ciUpper: number; back: { estimate: number; ciLower: number; ciUpper: number } };
};

const data = loadNaltrexone().extractions;

function analyse(name: string): AnalysisResult {
  const parsed = readAndParse(`${repoRoot}analyses/${name}.yaml`).parsed as ParsedAnalysis;
  return analyzeSpec(parsed.spec, data);
}

const synthesis = (r: AnalysisResult, id: string): SynthesisResult => r.syntheses.find((s) => s.id === id)!;
const scenarioSynthesis = (r: AnalysisResult, scenario: string, id: string): SynthesisResult =>
  r.scenarios.find((s) => s.id === scenario)!.syntheses.find((s) => s.synthesis.id === id)!.synthesis;
const row = (s: SynthesisResult, result: string): EffectRow => s.effects.find((e) => e.result === result)!;
const estimable = (s: SynthesisResult, result: string): EstimableEffect => {
  const r = row(s, result);
  if (!r.estimable) throw new Error(`${result} is not estimable: ${r.reason}`);
  return r;
};

function expectEffect(actual: EstimableEffect, expected: Effect): void {
  expect(actual.yi).toBeCloseTo(expected.yi, 8);
  expect(Math.abs(actual.vi - expected.vi)).toBeLessThan(tol.estimate);
}

function expectFit(s: SynthesisResult, expected: Fit): void {
  const m = s.pooled!.model;
  expect(m.k).toBe(expected.k);
  for (const field of ["estimate", "se", "ciLower", "ciUpper"] as const) expect(Math.abs(m[field] - expected[field])).toBeLessThan(tol.estimate);
  expect(Math.abs(m.tau2 - expected.tau2)).toBeLessThan(tol.tau2);
  expect(Math.abs(m.I2 - expected.I2)).toBeLessThan(tol.I2);
  m.weights.forEach((w, i) => expect(Math.abs(w - expected.weights[i]!)).toBeLessThan(tol.weight));
}

describe("analyzeSpec(depression)", () => {
  const r = analyse("depression");

  it("mischoulon2017 is estimable from arm means (Hedges' g -0.82 as the dossier's 'about 0.82'); moloney2026 is not: n per arm missing", () => {
    const s = synthesis(r, "depressive-symptoms");
    const m = estimable(s, "mischoulon2017-hamd17");
    expect(m.route).toBe("arm-means");
    expectEffect(m, oracle.depression.mischoulon);
    const moloney = row(s, "moloney2026-madrs");
    expect(moloney.estimable).toBe(false);
    expect(!moloney.estimable && moloney.reason).toMatch(/n \(ldn\) not retrieved \(split of the 37 randomised by arm not in the abstract; reported in full text \(PMC13002618\)/);
    expect(moloney.assumptions).toEqual([]);
    expect(r.notEstimable.map((e) => e.result)).toEqual(["moloney2026-madrs"]);
  });

  it("k = 1 in the main analysis: the study itself, with a note, and no prediction interval", () => {
    const s = synthesis(r, "depressive-symptoms");
    expect(s.pooled!.kind).toBe("single-study");
    expect(s.pooled!.model.estimate).toBeCloseTo(oracle.depression.mischoulon.yi, 8);
    expect(s.pooled!.model.piLower).toBeNull();
    expect(s.notes.join(" ")).toMatch(/k = 1/);
  });

  it("the equal-split assumption appears only in the scenarios that name it, and moloney2026 then enters (rma REML knha and z)", () => {
    expect(synthesis(r, "depressive-symptoms").assumptionsInForce).toEqual([]);
    const split = scenarioSynthesis(r, "equal-split", "depressive-symptoms");
    const moloney = estimable(split, "moloney2026-madrs");
    expect(moloney.assumptions.map((a) => [a.assumption, a.arm, a.value])).toEqual([
      ["moloney2026-equal-split", "ldn", 18.5],
      ["moloney2026-equal-split", "placebo", 18.5],
    ]);
    expect(moloney.directionFlipped).toBe(true);
    expectEffect(moloney, oracle.depression.moloney);
    expectFit(split, oracle.depression.equalSplit);
    expectFit(scenarioSynthesis(r, "z-test", "depressive-symptoms"), oracle.depression.equalSplitZ);
    const noRob = scenarioSynthesis(r, "exclude-high-risk-of-bias", "depressive-symptoms");
    expect(noRob.assumptionsInForce).toEqual([]);
    expect(row(noRob, "moloney2026-madrs").estimable).toBe(false);
    // Both trials are judged some concerns by RoB 2 (data/depression.yaml, issue 15): nothing is dropped.
    expect(r.scenarios.find((s) => s.id === "exclude-high-risk-of-bias")!.notes.join(" ")).not.toMatch(/no risk-of-bias judgement recorded/);
    expect(estimable(noRob, "mischoulon2017-hamd17").route).toBe("arm-means");
  });
});

describe("analyzeSpec(pain)", () => {
  const r = analyse("pain");

  it("bruun2024's MD with its CI becomes an SMD through seFromCi and smdFromT (as escalc(SMD, ti, n1i, n2i))", () => {
    const b = estimable(synthesis(r, "pain-vs-placebo"), "bruun2024-pain-md");
    expect(b.route).toBe("contrast");
    expect(b.conversions.map((c) => c.method)).toEqual(["se-from-ci", "smd-from-t"]);
    expectEffect(b, oracle.pain.bruun);
  });

  it("without assumptions the crossover trials are not estimable, each with every missing piece named", () => {
    const s = synthesis(r, "pain-vs-placebo");
    const younger = row(s, "younger2013-pain");
    expect(!younger.estimable && younger.reason).toMatch(/number of participants with both periods not retrieved/);
    const nct = row(s, "nct03008590-bpi-severity");
    expect(!nct.estimable && nct.reason).toMatch(/rests on nct03008590-arm-order/);
    const bested = row(s, "bested2023-spir");
    expect(!bested.estimable && bested.reason).toMatch(/median of the within-person differences/);
    expect(s.effects.filter((e) => e.estimable).map((e) => e.study)).toEqual(["bruun2024"]);
  });

  it("under the scenarios' assumptions the crossover trials are analysed as paired data with the stated correlation (r = 0.5, 0.3, 0.7)", () => {
    for (const [scenario, key, r0] of [["assumptions-in", "r0.5", 0.5], ["correlation-0.3", "r0.3", 0.3], ["correlation-0.7", "r0.7", 0.7]] as const) {
      const s = scenarioSynthesis(r, scenario, "pain-vs-placebo");
      const younger = estimable(s, "younger2013-pain");
      expect(younger.route).toBe("paired");
      expect(younger.conversions.map((c) => c.method)).toEqual(["paired-smd-from-p"]);
      expect(younger.conversions[0]!.inputs).toMatchObject({ n: 28, r: r0, p: 0.016 });
      expect(younger.assumptions.map((a) => a.assumption)).toEqual(
        // The correlation is an assumption of the scenarios only (crossover-correlation-0.5), not a setting of the synthesis (issue 15).
        expect.arrayContaining(["younger2013-paired-t-n28", `crossover-correlation-${r0}`]),
      );
      expectEffect(younger, oracle.pain[key].younger2013);
      const nct = estimable(s, "nct03008590-bpi-severity");
      expect(nct.assumptions.map((a) => a.assumption)).toEqual(expect.arrayContaining(["nct03008590-arm-order", "nct03008590-paired-t-n23"]));
      expectEffect(nct, oracle.pain[key].nct03008590);
      expectFit(s, oracle.pain[key].pooled);
      expect(s.crossoverCorrelation!.value).toBe(r0);
    }
  });

  it("the active-comparator crossover is not estimable (sign not stated) and a trial's two analysis sets never both enter", () => {
    const s = synthesis(r, "pain-vs-active");
    expect(s.pooled).toBeNull();
    for (const e of s.effects) expect(!e.estimable && e.reason).toMatch(/sign of the difference\) is not stated/);
    const responders = synthesis(r, "pain-response");
    expect(!responders.effects[0]!.estimable && responders.effects[0]!.reason).toMatch(/discordant pairs/);
  });

  it("parallel-only excludes the crossover trials by study and keeps bruun2024 alone", () => {
    const sc = r.scenarios.find((s) => s.id === "parallel-only")!.syntheses[0]!;
    // nct03008590's BPI severity is listed under both arm orders (issue 15), so it is excluded twice.
    expect(sc.excluded.map((x) => x.study)).toEqual(["younger2013", "bested2023", "nct03008590", "nct03008590"]);
    expect(sc.synthesis.pooled!.kind).toBe("single-study");
    expect(sc.estimateChange).toBe(0);
  });
});

describe("analyzeSpec(trichotillomania)", () => {
  const r = analyse("trichotillomania");

  it("grant2014 is not estimable: SDs and n missing, arm order assumed only in its scenario, where it is still not estimable", () => {
    const main = row(synthesis(r, "pulling-severity"), "grant2014-nimh-tss");
    expect(!main.estimable && main.reason).toMatch(/rests on grant2014-arm-order/);
    expect(!main.estimable && main.reason).toMatch(/SD \(naltrexone\) not retrieved/);
    const scenario = row(scenarioSynthesis(r, "registry-arm-order", "pulling-severity"), "grant2014-nimh-tss");
    expect(!scenario.estimable && scenario.reason).not.toMatch(/arm-order/);
    expect(!scenario.estimable && scenario.reason).toMatch(/SD \(placebo\) not retrieved/);
    expect(scenario.assumptions.map((a) => a.assumption)).toEqual(["grant2014-arm-order"]);
  });

  it("the single-arm proportion stays apart: its own synthesis, after the comparative one, logit back-transformed (escalc PLO)", () => {
    expect(r.syntheses.map((s) => [s.id, s.evidence])).toEqual([["pulling-severity", "comparative"], ["response-single-arm", "single-arm"]]);
    const s = synthesis(r, "response-single-arm");
    const d = estimable(s, "desousa2008-response");
    expect(d.route).toBe("proportion");
    expect(d.yi).toBeCloseTo(oracle.trichotillomania.yi, 10);
    const back = s.pooled!.backTransformed!;
    expect(back.estimate).toBeCloseTo(oracle.trichotillomania.back.estimate, 10);
    expect(back.ciLower).toBeCloseTo(oracle.trichotillomania.back.ciLower, 8);
    expect(back.ciUpper).toBeCloseTo(oracle.trichotillomania.back.ciUpper, 8);
  });
});

describe("analyzeSpec(nssi): the six response proportions described, not pooled (pool: false)", () => {
  const r = analyse("nssi");
  const s = synthesis(r, "sib-response-single-arm");

  it("every count is estimated on its own (logit, as escalc) and nothing is pooled: no pooled model, subgroups or robustness", () => {
    expect(s.notPooled).toMatch(/counts a different thing as a response/);
    expect(s.pooled).toBeNull();
    expect(s.subgroups).toEqual([]);
    expect(s.robustness?.leaveOneOut ?? null).toBeNull();
    expect(s.effects.map((e) => e.result)).toEqual(["roth1996-sib-ceased", "bodfish1997-suppression", "biolpsych1990-decrease", "txstate1996-responders", "annneurol1987-sib", "amjmr1990-sib"]);
    // the first four as metafor's escalc(PLO) gives them (the oracle's yi)
    expect(s.effects.slice(0, 4).map((e) => e.estimable && e.yi)).toEqual(oracle.nssi.yi.map((y) => expect.closeTo(y, 10)));
    expect(s.effects.every((e) => e.estimable && e.weight === undefined)).toBe(true);
    expect(s.notes.join(" ")).toMatch(/described study by study, not pooled/);
    expect(s.notes.join(" ")).not.toMatch(/nothing pooled/);
  });

  it("GRADE rates it without a pooled estimate: the reviewer's written inconsistency and imprecision judgements, a proportion and never an effect", () => {
    const trace = r.grade.trace[0]!;
    expect(trace.evidence.pooled).toBeUndefined();
    expect(trace.evidence.notPooled).toBe(s.notPooled);
    const rating = r.grade.ratings[0]!;
    expect(rating.estimable).toBe(true);
    for (const domain of ["inconsistency", "imprecision"] as const) {
      const d = rating.domains.find((x) => x.domain === domain)!;
      expect(d.proposal.rule).toBe(`${domain}.not-pooled`);
      expect(d.final.by).toBe("reviewer");
    }
    const row = r.grade.summaryOfFindings!.rows[0]!;
    expect(row.statement).toMatch(/proportion of participants in each study \(described, not pooled\), without a comparison group, so no effect of .* can be estimated/);
    expect(row.comments.join(" ")).toMatch(/Described study by study, not pooled/);
    expect(row.comments.join(" ")).not.toMatch(/Not estimable/);
  });
});

describe("analyzeSpec(nssi pooled, as the metafor oracle): the library's pooled single-arm path", () => {
  const r = loadNaltrexone().analysedPooledNssi().result;

  it("four single-arm proportions pooled on the logit scale as rma(REML, knha), back-transformed; scenarios as metafor", () => {
    const s = synthesis(r, "sib-response-single-arm");
    expect(s.evidence).toBe("single-arm");
    expect(s.effects.map((e) => e.estimable && e.yi)).toEqual(oracle.nssi.yi.map((y) => expect.closeTo(y, 10)));
    expectFit(s, oracle.nssi.main);
    expect(s.pooled!.backTransformed!.estimate).toBeCloseTo(oracle.nssi.main.back!.estimate, 8);
    expect(s.pooled!.backTransformed!.piUpper!).toBeCloseTo(oracle.nssi.main.back!.piUpper, 8);
    expectFit(scenarioSynthesis(r, "controlled-designs-only", "sib-response-single-arm"), oracle.nssi.controlledOnly);
    expectFit(scenarioSynthesis(r, "without-computed-count", "sib-response-single-arm"), oracle.nssi.withoutComputed);
    const ee = scenarioSynthesis(r, "common-effect", "sib-response-single-arm");
    expect(ee.model).toMatchObject({ method: "EE", test: "z" });
    expectFit(ee, oracle.nssi.commonEffect);
  });

  it("the computed count is flagged; narrative-only included studies are listed as not estimable with their reasons", () => {
    const tx = estimable(synthesis(r, "sib-response-single-arm"), "txstate1996-responders");
    expect(tx.notes.join(" ")).toMatch(/25% x 56 = 14/);
    const unselected = analyse("nssi").notEstimable.filter((e) => e.synthesis === null);
    // campbell1993 (issue 15) has no count; annneurol1987 and amjmr1990 are now in the described synthesis.
    expect(unselected.map((e) => e.study)).toEqual(["willemsen1995", "thompson1994", "campbell1993"]);
    expect(unselected[0]!.reason).toMatch(/failed|without effect estimates/);
    expect(unselected[0]!.participants?.n).toBe(32);
  });

  it("subgroups by design: one estimate per design and the test for subgroup differences", () => {
    const byDesign = synthesis(r, "sib-response-single-arm").subgroups.find((g) => g.variable === "design")!;
    expect(byDesign.groups!.map((g) => [g.group, g.results.length])).toEqual([["single-arm-trial", 1], ["n-of-1", 1], ["crossover", 1], ["cohort", 1]]);
    expect(byDesign.differences!.df).toBe(3);
    for (const g of byDesign.groups!) expect(g.pooled.kind).toBe("single-study");
  });
});

describe("GRADE on the four specs", () => {
  const all = ["depression", "pain", "trichotillomania", "nssi"].map((name) => [name, analyse(name)] as const);

  it("every outcome of every spec has a rating and a Summary of Findings row; nothing failed", () => {
    for (const [, r] of all) {
      expect(r.problems).toEqual([]);
      for (const outcome of r.question.outcomes) {
        const traces = r.grade.trace.filter((t) => t.synthesis !== undefined && r.syntheses.find((s) => s.id === t.synthesis)!.outcome.id === outcome.id);
        expect(traces.length).toBeGreaterThan(0);
        for (const t of traces) {
          expect(r.grade.ratings.some((g) => g.outcome === t.outcome)).toBe(true);
          expect(r.grade.summaryOfFindings!.rows.some((row) => row.outcome === t.outcome)).toBe(true);
        }
      }
      expect(r.grade.ratings.length).toBe(r.syntheses.length);
    }
  });

  it("every change of level is traced: a rule id with its signal, or a reviewer judgement with its written reason; one footnote each", () => {
    for (const [, r] of all) {
      for (const rating of r.grade.ratings) {
        for (const d of rating.domains) {
          if (d.final.by === "rule") expect(d.proposal.rule).toMatch(/^[a-z-]+\./);
          expect(d.final.reason.length).toBeGreaterThan(10);
        }
        const footnotes = r.grade.summaryOfFindings!.footnotes.filter((f) => f.outcome === rating.outcome);
        expect(footnotes.length).toBe(rating.changes.length);
      }
    }
  });

  it("the evidence is thin and the ratings say so: every outcome is very low", () => {
    for (const [, r] of all) for (const rating of r.grade.ratings) expect(rating.certainty).toBe("very low");
  });

  it("risk of bias is rated from the recorded ROBINS-I judgements, and the single-arm evidence starts low as non-randomised", () => {
    const [, nssi] = all.find(([name]) => name === "nssi")!;
    const trace = nssi.grade.trace[0]!;
    expect(trace.notes.join(" ")).not.toMatch(/No RoB 2 or ROBINS-I judgement recorded for roth1996/);
    expect(trace.evidence.design).toBe("non-randomised");
    expect(trace.evidence.studies.map((s) => [s.id, s.estimable])).toContainEqual(["willemsen1995", false]);
    const rating = nssi.grade.ratings[0]!;
    expect(rating.start).toBe("low");
    const riskOfBias = rating.domains.find((d) => d.domain === "riskOfBias")!;
    expect([riskOfBias.final.by, riskOfBias.final.concern]).toEqual(["rule", "very serious"]);
    const [, depression] = all.find(([name]) => name === "depression")!;
    const imprecision = depression.grade.ratings[0]!.domains.find((d) => d.domain === "imprecision")!;
    expect(imprecision.proposal.threshold["optimalInformationSize"]).toBeGreaterThan(12);
    expect(depression.grade.trace[0]!.evidence.pooled!.estimate).toBeCloseTo(oracle.depression.mischoulon.yi, 8);
  });

  it("the starting level follows the studies the estimate rests on: pain vs placebo starts high (bruun2024, an RCT)", () => {
    const [, pain] = all.find(([name]) => name === "pain")!;
    const placebo = pain.grade.ratings.find((g) => g.outcome === "Pain intensity (vs placebo)")!;
    // nct03008590 (a crossover whose randomisation is not reported) is selected but not
    // estimable in the main analysis, so it does not lower the start of bruun2024's estimate
    expect(pain.grade.trace[0]!.evidence.design).toBe("randomised");
    expect(placebo.start).toBe("high");
  });

  it("pain: the two comparisons of one outcome are rated apart, each with its own threshold", () => {
    const [, pain] = all.find(([name]) => name === "pain")!;
    expect(pain.grade.ratings.map((g) => g.outcome)).toEqual(["Pain intensity (vs placebo)", "Pain intensity (vs amitriptyline)", "Pain responders"]);
    expect(pain.grade.spec.outcomes["Pain intensity (vs placebo)"]!.importantDifference).toBe(0.5);
    expect(pain.grade.spec.outcomes["Pain intensity (vs amitriptyline)"]!.importantDifference).toBeUndefined();
    expect(pain.grade.spec.outcomes["Pain responders"]!.comparatorRisks).toEqual([{ label: "assumed comparator risk", risk: 0.11 }]);
  });
});
