/**
 * A main synthesis's robustness results (analysis/robustness.ts) as report data: the
 * funnel plot with the tests for small-study effects in words, the leave-one-out and GOSH
 * plots, and each meta-regression with its bubble plot; effects back-transformed to the
 * reporting scale (exp for ratios) with @metakit/effect-size's transforms, exactly as the
 * forest plot. Nothing is estimated here: every number is the analysis's.
 */
import type { AnalysisRobustness, FunnelLines, MetaRegressionReport } from "@metakit/report";
import { formatEffectCi, formatFixed, formatP } from "@metakit/report/format";
import type { FunnelContour, LeaveOneOutResult } from "@metakit/core";
import type { DataIndex } from "../inputs/dataset.js";
import type { MetaRegressionRun, Robustness, SmallStudyEffects, SynthesisResult } from "../types.js";
import { backTransform } from "@metakit/effect-size";
import { favoursOf, rowLabels, type ArmLabels } from "./forest.js";
import { isRatioMeasure, measureName, methodLine, sentence, variableName } from "./labels.js";

interface Context {
  readonly synthesis: SynthesisResult;
  readonly measure: string;
  readonly name: string;
  readonly scale: "log" | "identity";
  /** Display label of a result id. */
  readonly label: (result: string) => string;
  readonly show: (x: number) => number;
}

/**
 * Participants of the pooled studies: the Freeman-Tukey back-transform needs them
 * (harmonic mean, as the pooled estimate's); the other transforms ignore them.
 */
function pooledSizes(synthesis: SynthesisResult): number[] {
  const ids = new Set(synthesis.pooled?.results ?? []);
  return synthesis.effects.flatMap((e) => (ids.has(e.result) && e.participants.n !== null ? [e.participants.n] : []));
}

function contextOf(synthesis: SynthesisResult, index: DataIndex): Context {
  const labels = rowLabels(synthesis, index);
  const byResult = new Map(synthesis.effects.map((e, i) => [e.result, labels[i]!]));
  return {
    synthesis,
    measure: synthesis.measure,
    name: measureName(synthesis.measure),
    scale: isRatioMeasure(synthesis.measure) ? "log" : "identity",
    label: (result) => byResult.get(result) ?? result,
    show: (x) => backTransform(synthesis.measure, x, { ni: pooledSizes(synthesis) }),
  };
}

const lines = (c: FunnelContour, show: (x: number) => number): FunnelLines => ({
  lower: [{ se: c.lower[0].se, value: show(c.lower[0].y) }, { se: c.lower[1].se, value: show(c.lower[1].y) }],
  upper: [{ se: c.upper[0].se, value: show(c.upper[0].y) }, { se: c.upper[1].se, value: show(c.upper[1].y) }],
});

const statistic = (value: number, df: number | undefined) => (df === undefined ? `z = ${formatFixed(value, 2)}` : `t = ${formatFixed(value, 2)}, df = ${df}`);

/** The tests for small-study effects in words, as a reviewer reports them. */
function smallStudyLines(c: Context, e: SmallStudyEffects): string[] {
  const t = e.trimAndFill;
  const filled = t.k0 === 0 ? "no study is estimated missing" : `${t.k0} ${t.k0 === 1 ? "study" : "studies"} estimated missing on the ${t.side} and filled`;
  const out = [
    `Egger's regression test (standard error as predictor, ${e.egger.method}): ${statistic(e.egger.statistic, e.egger.df)} (${formatP(e.egger.pval)}).`,
    ...(e.harbord === null ? [] : [`Harbord's test (odds ratios from 2x2 tables; read for GRADE): ${statistic(e.harbord.statistic, e.harbord.df)} (${formatP(e.harbord.pval)}).`]),
    ...(e.peters === null ? [] : [`Peters' test: ${statistic(e.peters.statistic, e.peters.df)} (${formatP(e.peters.pval)}).`]),
    `Begg and Mazumdar's rank correlation: Kendall's tau = ${formatFixed(e.rankTest.tau, 2)} (${formatP(e.rankTest.pval)}).`,
    `Trim and fill (${t.estimator}): ${filled}; ${c.name} with the filled studies ${formatEffectCi(c.show(t.estimate), c.show(t.ciLower), c.show(t.ciUpper))}.`,
    "Asymmetry can come from publication bias, but also from heterogeneity, chance or a real difference between small and large studies; the shaded regions show where a study would be statistically significant.",
  ];
  return out;
}

function funnelOf(c: Context, e: SmallStudyEffects): NonNullable<AnalysisRobustness["funnel"]> {
  const f = e.funnel;
  return {
    title: `Funnel plot: ${c.synthesis.outcome.label}`,
    measure: c.name,
    scale: c.scale,
    studies: f.studies.map((s, i) => ({ label: c.label(e.results[i]!), estimate: c.show(s.yi), se: s.sei })),
    filled: e.trimAndFill.filled.map((s) => ({ label: `filled, mirrors ${s.mirrorOf}`, estimate: c.show(s.yi), se: Math.sqrt(s.vi) })),
    pooled: { estimate: c.show(f.estimate), ...lines(e.pseudoConfidence, c.show) },
    contours: f.contours.map((contour) => ({ alpha: contour.alpha, ...lines(contour, c.show) })),
    ...(e.trimAndFill.k0 > 0 && { adjusted: { estimate: c.show(e.trimAndFill.estimate), label: "Estimate with the filled studies" } }),
    notes: [`${e.test.name}'s test: ${formatP(e.test.pval)}; trim and fill: k0 = ${e.trimAndFill.k0}.`],
  };
}

function leaveOneOutOf(c: Context, run: { readonly results: readonly string[]; readonly fit: LeaveOneOutResult }, index: DataIndex, labels: ArmLabels) {
  const pooled = c.synthesis.pooled!;
  const back = pooled.backTransformed;
  const m = pooled.model;
  const all = back === null ? { estimate: m.estimate, ciLower: m.ciLower, ciUpper: m.ciUpper } : { estimate: back.estimate, ciLower: back.ciLower, ciUpper: back.ciUpper };
  const fit = run.fit;
  const rows = run.results.map((result, i) => {
    const [estimate, lower, upper] = [fit.estimate[i], fit.ciLower[i], fit.ciUpper[i]];
    if (estimate === null || lower === null || upper === null || estimate === undefined || lower === undefined || upper === undefined) {
      return { omitted: c.label(result), reason: "the model could not be fitted without this study" };
    }
    return { omitted: c.label(result), estimate: c.show(estimate), ciLower: c.show(lower), ciUpper: c.show(upper) };
  });
  const favours = favoursOf(c.synthesis, index, labels);
  const data = {
    title: `Leave-one-out: ${c.synthesis.outcome.label}`,
    measure: c.name,
    method: methodLine(c.synthesis.model),
    level: c.synthesis.model.level,
    scale: c.scale,
    kind: c.synthesis.evidence === "single-arm" ? ("single-arm proportion" as const) : ("comparative" as const),
    rows,
    all,
    ...(favours !== undefined && { favours }),
  };
  return { data, lines: [...rangeSentence(c, rows, all.estimate), ...fit.notes.map(sentence)] };
}

/** A note as a sentence that starts with a capital letter. */
const noteSentence = (note: string): string => sentence(note.charAt(0).toUpperCase() + note.slice(1));

/** "Leaving out one study at a time, the odds ratio ranges from ... (without ...) to ..."; nothing when no refit succeeded. */
function rangeSentence(c: Context, rows: readonly { readonly omitted: string; readonly estimate?: number }[], all: number): string[] {
  const fitted = rows.flatMap((r) => (r.estimate === undefined ? [] : [{ omitted: r.omitted, estimate: r.estimate }]));
  if (fitted.length === 0) return [];
  const low = fitted.reduce((a, b) => (b.estimate < a.estimate ? b : a));
  const high = fitted.reduce((a, b) => (b.estimate > a.estimate ? b : a));
  return [
    `Leaving out one study at a time, the ${c.name.toLowerCase()} ranges from ${formatFixed(low.estimate, 2)} (without ${low.omitted}) to ${formatFixed(high.estimate, 2)} (without ${high.omitted}); with all ${rows.length} studies it is ${formatFixed(all, 2)}.`,
  ];
}

const MODERATOR_NAMES: Readonly<Record<string, string>> = { dailyDose: "daily dose (mg/day)" };
const moderatorName = (moderator: string) => MODERATOR_NAMES[moderator] ?? variableName(moderator);
const slug = (text: string) => text.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

function metaRegressionOf(c: Context, run: MetaRegressionRun): MetaRegressionReport {
  const m = run.model;
  const name = moderatorName(run.moderator);
  const coefficient = (x: (typeof m.coefficients)[number]) =>
    `${x.name === "intrcpt" ? "Intercept" : x.name}: ${formatFixed(x.estimate, 4)} (SE ${formatFixed(x.se, 4)}, ${c.synthesis.model.level}% CI ${formatFixed(x.ciLower, 4)} to ${formatFixed(x.ciUpper, 4)}; ${formatP(x.pval)})`;
  const scale = c.scale === "log" ? `log ${c.name.toLowerCase()}` : c.name.toLowerCase();
  const lines = [
    `Mixed-effects meta-regression of the ${scale} on ${name}, ${m.method}, k = ${m.k}: ${m.coefficients.map(coefficient).join("; ")}.`,
    `Test of the moderator: QM = ${formatFixed(m.QM, 2)}, df = ${m.QMdf[0] ?? m.p - 1} (${formatP(m.QMp)}); residual heterogeneity tau² = ${formatFixed(m.tau2, 4)}, I² = ${Math.round(m.I2)}%${m.R2 === null ? "" : `; ${formatFixed(m.R2, 0)}% of the heterogeneity accounted for (pseudo-R²)`}.`,
    "A meta-regression across studies is observational: an association with the moderator may reflect other differences between the studies.",
    ...run.notes.map(sentence),
  ];
  const bubble = run.bubble === null ? undefined : {
    title: `Meta-regression: ${c.synthesis.outcome.label} by ${name}`,
    moderator: name.charAt(0).toUpperCase() + name.slice(1),
    measure: c.name,
    scale: c.scale,
    points: run.bubble.points.map((p, i) => ({ label: c.label(run.results[i]!), x: p.x, y: c.show(p.yi), weight: p.weight })),
    line: run.bubble.line.map((p) => ({ x: p.x, estimate: c.show(p.estimate), ciLower: c.show(p.ciLower), ciUpper: c.show(p.ciUpper) })),
    nullValue: c.scale === "log" ? 1 : 0,
    level: c.synthesis.model.level,
  };
  return { id: slug(run.moderator), title: `Meta-regression on ${name}`, lines, ...(bubble !== undefined && { bubble }) };
}

/** The report's view of a synthesis's robustness phase; undefined when it has none (scenarios, nothing pooled). */
export function robustnessReportOf(synthesis: SynthesisResult, index: DataIndex, labels: ArmLabels): AnalysisRobustness | undefined {
  const r: Robustness | undefined = synthesis.robustness;
  if (r === undefined || synthesis.pooled === null) return undefined;
  const c = contextOf(synthesis, index);
  const smallStudyNote = r.notes.filter((n) => n.startsWith("no funnel plot"));
  const loo = r.leaveOneOut === null ? undefined : leaveOneOutOf(c, r.leaveOneOut, index, labels);
  const gosh = r.gosh;
  return {
    ...(r.smallStudyEffects !== null && { funnel: funnelOf(c, r.smallStudyEffects) }),
    smallStudyLines: r.smallStudyEffects !== null ? smallStudyLines(c, r.smallStudyEffects) : smallStudyNote.map(noteSentence),
    ...(loo !== undefined && { leaveOneOut: loo.data, leaveOneOutLines: loo.lines }),
    ...(gosh !== null && {
      gosh: {
        title: `GOSH plot: ${c.synthesis.outcome.label}, ${gosh.summary.fits} subsets of ${gosh.results.length} studies (${gosh.summary.method})`,
        measure: c.name,
        scale: c.scale,
        estimates: gosh.estimates.map(c.show),
        I2: gosh.I2,
        all: { estimate: c.show(synthesis.pooled.model.estimate), I2: synthesis.pooled.model.I2 },
        ...(gosh.summary.failed > 0 && { notes: [`${gosh.summary.failed} subset fits did not converge and are not drawn.`] }),
      },
    }),
    metaRegressions: r.metaRegressions.map((run) => metaRegressionOf(c, run)),
    notRun: r.notes.filter((n) => !n.startsWith("no funnel plot")).map(noteSentence),
  };
}
