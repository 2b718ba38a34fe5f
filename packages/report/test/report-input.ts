/**
 * A complete ReportInput built the way the CLI's adapter builds one: forest plots from the
 * dat.bcg and dat.pritz1997 fixtures (metafor 3.8-1 numbers, see bcg.ts), a Summary of
 * Findings from @metakit/grade's own gradeAnalysis, study characteristics, narrative
 * entries and claims as plain text. `hostile` puts script-like text in every text field.
 */
import { gradeAnalysis, type OutcomeEvidence } from "@metakit/grade";
import type { ForestPlotData, IndicationReport, ReportInput } from "../src/index.js";
import { bcgForest, bcgSubgroupForest, pritzProportionForest } from "./bcg.js";

export const SCRIPT = "<script>alert(1)</script>";
export const IMG = '"><img src=x onerror=alert(1)>';

const evidence: OutcomeEvidence = {
  outcome: "tuberculosis",
  measure: "RR",
  design: "randomised",
  studies: [
    { id: "Aronson 1948", n: 262, estimable: true, weightPercent: 60, riskOfBias: "low" },
    { id: "Ferguson & Simes 1949", n: 609, estimable: true, weightPercent: 40, riskOfBias: "some concerns" },
  ],
  // dat.bcg REML (oracle case S01): exp(-0.7145) = 0.489 [0.344, 0.696].
  pooled: { estimate: -0.7145, ciLower: -1.0669, ciUpper: -0.3622, piLower: -1.8, piUpper: 0.37, I2: 92.22, tau2: 0.3132, QEp: 1e-20, k: 13, scale: "log" },
};

function summaryOfFindings(label: string) {
  const graded = gradeAnalysis({ population: "adults", intervention: "BCG vaccine", comparison: "no vaccine" }, [evidence], {
    outcomes: { tuberculosis: { comparatorRisks: [{ label: "study population", risk: 0.02 }], followUp: "up to 20 years" } },
  });
  return { table: graded.summaryOfFindings, outcomeLabels: { tuberculosis: label } };
}

function indication(id: string, text: (plain: string) => string, forest: ForestPlotData, single: ForestPlotData): IndicationReport {
  return {
    id,
    title: text(`BCG vaccine (${id})`),
    question: { population: text("Adults"), intervention: "BCG vaccine", comparator: "No vaccine", outcomes: [text("Tuberculosis")] },
    analyses: [
      {
        id: "tb-vs-none",
        title: text("Tuberculosis"),
        evidence: "comparative",
        forest,
        assumptions: [text("Random effects (REML), Wald z test, 95% CI."), "Risk ratios from 2x2 tables; no continuity correction was needed."],
        subgroups: [{ variable: "allocation", lines: [text("Test for subgroup differences: Chi² = 1.86, df = 2 (P = 0.39), I² = 0%")] }],
        ...(id === "alpha" && { subgroupForests: [{ id: "by-allocation", forest: bcgSubgroupForest() }] }),
        scenarios: [
          { label: text("Common-effect model"), description: "Equal effects in place of REML.", k: 13, effect: { estimate: 0.65, ciLower: 0.6, ciUpper: 0.7 }, changes: [] },
          { label: "Nothing left", description: text("Drops every study."), k: 0, effect: null, changes: [text("Left out: all.")] },
        ],
        notes: [text("Heterogeneity is large.")],
      },
      { id: "proportion", title: "Response", evidence: "single-arm", forest: single, assumptions: [], subgroups: [], scenarios: [], notes: [] },
      { id: "missing", title: "Adverse events", evidence: "comparative", forest: null, noForestReason: text("no study reported numbers"), assumptions: [], subgroups: [], scenarios: [], notes: [] },
    ],
    characteristics: [
      {
        study: text("Aronson 1948"),
        design: "parallel-rct",
        population: text("Native American children"),
        arms: [{ label: text("vaccine"), n: 123, dose: "one dose", doseClass: "standard" }, { label: "no vaccine", n: null }],
        duration: "9 years",
        outcome: text("tuberculosis"),
        result: text("4/123 vs 11/139"),
        riskOfBias: "not assessed",
        provenance: "3 verified",
      },
    ],
    narrative: [{ study: text("Case 2001"), design: "case-report", participants: 1, outcome: "tuberculosis", finding: text("=HYPERLINK(\"http://x\")"), reason: text("one patient") }],
    summaryOfFindings: summaryOfFindings(text("Tuberculosis")),
    excluded: [{ study: text("Review 2004"), reason: text("overlaps the primary studies") }],
    problems: id === "alpha" ? [] : [text("pooling: something could not be computed")],
  };
}

/** Two indications; with `hostile`, each text field ends in a script tag or an attribute breaker. */
export function reportInput(hostile = false): ReportInput {
  const text = (plain: string) => (hostile ? `${plain} ${SCRIPT} ${IMG}` : plain);
  const forest = bcgForest();
  const hostileForest: ForestPlotData = hostile
    ? { ...forest, title: text(forest.title), rows: forest.rows.map((r, i) => (i === 0 ? { ...r, label: SCRIPT } : i === 1 ? { ...r, label: IMG } : r)) }
    : forest;
  return {
    title: text("BCG vaccine for tuberculosis: a test review"),
    introduction: [text("Built from the dat.bcg fixtures.")],
    generator: "metakit test",
    sources: ["analyses/bcg.yaml", text("data/bcg.yaml")],
    indications: [indication("alpha", text, hostileForest, pritzProportionForest()), indication("beta", text, forest, pritzProportionForest())],
    claims: [
      {
        id: "c1",
        source: "secondary/001.txt",
        quote: text("BCG prevents tuberculosis"),
        claim: "=1+1",
        status: "verified",
        supporting: ["aronson1948"],
        contradicting: [],
        note: text("Matches the trial."),
      },
    ],
  };
}
