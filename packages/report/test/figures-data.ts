/**
 * Data for the funnel, leave-one-out, GOSH and bubble plots of dat.bcg (log risk ratio),
 * built the way a caller builds them: every number from @metakit/core (funnelData,
 * trimAndFill, eggerTest, leaveOneOut, gosh, metaRegression, bubblePlotData, metaAnalysis),
 * on escalc's yi and vi of oracle case S01 (packages/fixtures/metafor/cases.json, metafor
 * 3.8-1), back-transformed with exp for the ratio axis.
 */
import { bubblePlotData, eggerTest, funnelData, gosh, leaveOneOut, metaAnalysis, metaRegression, trimAndFill } from "@metakit/core";
import { column, oracleCases, oracleData } from "@metakit/fixtures";
import type { BubblePlotFigureData, FunnelLines, FunnelPlotData, GoshPlotData, LeaveOneOutPlotData } from "../src/index.js";

export function bcgStudies() {
  const s01 = oracleCases().find((c) => c.id === "S01")!;
  const rows = oracleData(s01.data);
  return { yi: [...s01.escalc.yi], vi: [...s01.escalc.vi], labels: rows.map((r) => String(r["study"])), ablat: column(rows, "ablat")! };
}

const exp = Math.exp;

type CoreLines = { readonly lower: readonly { se: number; y: number }[]; readonly upper: readonly { se: number; y: number }[] };
const linesOf = (c: CoreLines, f: (v: number) => number): FunnelLines => ({
  lower: [{ se: c.lower[0]!.se, value: f(c.lower[0]!.y) }, { se: c.lower[1]!.se, value: f(c.lower[1]!.y) }],
  upper: [{ se: c.upper[0]!.se, value: f(c.upper[0]!.y) }, { se: c.upper[1]!.se, value: f(c.upper[1]!.y) }],
});

/** Contour-enhanced funnel of dat.bcg with the trim-and-fill study (REML, L0). */
export function bcgFunnel(title = "Funnel plot: BCG vaccine (dat.bcg), risk ratio"): FunnelPlotData {
  const input = bcgStudies();
  const funnel = funnelData(input);
  const region = funnelData(input, { reference: funnel.estimate, alphas: [0.05] }).contours[0]!;
  const filled = trimAndFill(input);
  const egger = eggerTest(input);
  return {
    title,
    measure: "Risk Ratio",
    scale: "log",
    studies: funnel.studies.map((s) => ({ label: s.label, estimate: exp(s.yi), se: s.sei })),
    filled: filled.filled.map((s) => ({ label: s.label, estimate: exp(s.yi), se: Math.sqrt(s.vi) })),
    pooled: { estimate: exp(funnel.estimate), ...linesOf(region, exp) },
    contours: funnel.contours.map((c) => ({ alpha: c.alpha, ...linesOf(c, exp) })),
    adjusted: { estimate: exp(filled.estimate), label: "With the filled study" },
    notes: [
      `Egger's regression test: z = ${egger.statistic.toFixed(2)}, P = ${egger.pval.toFixed(2)}.`,
      `Trim and fill (L0): ${filled.k0} study filled on the ${filled.side}; adjusted RR ${exp(filled.estimate).toFixed(2)} [${exp(filled.ciLower).toFixed(2)}, ${exp(filled.ciUpper).toFixed(2)}].`,
    ],
  };
}

/** The same funnel on the log scale, without contours or filled studies (a linear axis). */
export function bcgFunnelLinear(): FunnelPlotData {
  const input = bcgStudies();
  const funnel = funnelData(input);
  const region = funnelData(input, { reference: funnel.estimate, alphas: [0.05] }).contours[0]!;
  return {
    title: "Funnel plot: dat.bcg, log risk ratio",
    measure: "Log Risk Ratio",
    scale: "identity",
    studies: funnel.studies.map((s) => ({ label: s.label, estimate: s.yi, se: s.sei })),
    pooled: { estimate: funnel.estimate, ...linesOf(region, (v) => v) },
  };
}

export function bcgBubble(): BubblePlotFigureData {
  const input = bcgStudies();
  const moderators = [{ kind: "numeric" as const, name: "ablat", values: input.ablat }];
  const model = metaRegression(input, moderators);
  const bubble = bubblePlotData(model, input, moderators, "ablat");
  const slope = model.coefficients[1]!;
  return {
    title: "Meta-regression: BCG vaccine risk ratio by absolute latitude (dat.bcg)",
    moderator: "Absolute latitude (degrees)",
    measure: "Risk Ratio",
    scale: "log",
    points: bubble.points.map((p) => ({ label: p.label, x: p.x, y: exp(p.yi), weight: p.weight })),
    line: bubble.line.map((p) => ({ x: p.x, estimate: exp(p.estimate), ciLower: exp(p.ciLower), ciUpper: exp(p.ciUpper) })),
    nullValue: 1,
    notes: [`Slope ${slope.estimate.toFixed(4)} per degree (log RR), P = ${slope.pval.toFixed(4)}; R² = ${model.R2?.toFixed(0)}%.`],
  };
}

export function bcgLeaveOneOut(): LeaveOneOutPlotData {
  const input = bcgStudies();
  const loo = leaveOneOut(input);
  const all = metaAnalysis(input);
  return {
    title: "Leave-one-out: BCG vaccine (dat.bcg), risk ratio, REML",
    measure: "Risk Ratio",
    method: "IV, Random, 95% CI",
    scale: "log",
    kind: "comparative",
    rows: loo.labels.map((omitted, i) => ({ omitted, estimate: exp(loo.estimate[i]!), ciLower: exp(loo.ciLower[i]!), ciUpper: exp(loo.ciUpper[i]!) })),
    all: { estimate: exp(all.estimate), ciLower: exp(all.ciLower), ciUpper: exp(all.ciUpper) },
    favours: { left: "vaccine", right: "control" },
  };
}

/** GOSH of the first `k` bcg studies (2^k - 1 subsets, DL). */
export function bcgGosh(k: number): GoshPlotData {
  const input = bcgStudies();
  const subset = { yi: input.yi.slice(0, k), vi: input.vi.slice(0, k), labels: input.labels.slice(0, k) };
  const estimates: number[] = [];
  const I2: number[] = [];
  const summary = gosh(subset, (fit) => {
    estimates.push(exp(fit.estimate));
    I2.push(fit.I2);
  }, { method: "DL" });
  const all = metaAnalysis(subset, { method: "DL" });
  return {
    title: `GOSH plot: ${summary.fits} subsets of ${k} BCG trials (DL)`,
    measure: "Risk Ratio",
    scale: "log",
    estimates,
    I2,
    all: { estimate: exp(all.estimate), I2: all.I2 },
  };
}
