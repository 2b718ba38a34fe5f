/**
 * `metakit analyze --format text`: the AnalysisResult in RevMan's words and number formats.
 * The pooled part of each synthesis is `metakit pool`'s text (pooling-text.ts); numbers are
 * formatted by @metakit/report/format. No statistics here.
 */
import { alternativeLines, multilevelLines } from "./analysis-models-text.js";
import { backTransform, backTransformOf, MEASURE_LABELS, type Measure } from "@metakit/effect-size";
import type { OutcomeEvidence, OutcomeRating, SummaryOfFindingsRow } from "@metakit/grade";
import { formatEffectCi, formatFixed, formatWeight, subgroupDifferencesText } from "@metakit/report/format";
import { poolingText } from "./pooling-text.js";
import { pEquals } from "./output.js";
import type { AnalysisResult, EffectRow, PooledEstimate, Robustness, ScenarioResult, SubgroupsResult, SynthesisResult } from "@metakit/review";

export function analysisText(result: AnalysisResult): string {
  const sections = [
    header(result),
    ...result.syntheses.map(synthesisText),
    scenariosText(result.scenarios, result.syntheses),
    list("Not estimable (main analyses)", result.notEstimable.map((e) => `${e.synthesis ?? "no synthesis"}: ${e.result || "no result"} (${e.study}): ${e.reason}`)),
    gradeText(result),
    list("Problems (not computed; everything else was)", result.problems.map((p) => `[${p.stage}${p.synthesis ? ` ${p.synthesis}` : ""}${p.scenario ? ` / ${p.scenario}` : ""}] ${p.message}`)),
    list("Notes", result.notes),
  ];
  return sections.filter((s) => s !== "").join("\n\n") + "\n";
}

function header(result: AnalysisResult): string {
  const q = result.question;
  return [
    `Analysis ${result.spec.id}: ${result.spec.title}${result.spec.file ? ` (${result.spec.file})` : ""}`,
    `Population: ${q.population}`,
    `Intervention: ${q.intervention}`,
    `Comparator: ${q.comparator}`,
    `Included: ${result.included.map((i) => i.study).join(", ")}`,
    ...(result.excluded.length > 0 ? [`Excluded: ${result.excluded.map((e) => `${e.study} (${e.reason})`).join("; ")}`] : []),
  ].join("\n");
}

const measureOf = (s: SynthesisResult): Measure => s.measure;

function onReportingScale(measure: Measure, x: number, n: number | null): number {
  return backTransformOf(measure) === "identity" ? x : backTransform(measure, x, n === null ? {} : { ni: n });
}

function effectLine(s: SynthesisResult, row: EffectRow): string[] {
  const where = [row.instrument, row.timepoint, row.design, row.estimable ? row.route : row.form].filter((x) => x !== undefined).join("; ");
  if (!row.estimable) return [`  ${row.result}  (${where})`, `    not estimable: ${row.reason}`];
  const n = row.participants.n;
  const [yi, lo, hi] = [row.yi, row.ciLower, row.ciUpper].map((x) => onReportingScale(measureOf(s), x, n)) as [number, number, number];
  const weight = row.weight === undefined ? "" : `  weight ${formatWeight(row.weight)}`;
  const lines = [`  ${row.result}  (${where})`, `    ${formatEffectCi(yi, lo, hi)}  n = ${n ?? "not known"} (${row.participants.source})${weight}`];
  for (const c of row.conversions) lines.push(`    conversion ${c.method}: ${c.formula}`);
  for (const a of row.assumptions) lines.push(`    assumption ${a.assumption}: ${a.field}${a.arm ? ` (${a.arm})` : ""} = ${a.value}`);
  for (const note of row.notes) lines.push(`    note: ${note}`);
  return lines;
}

function pooledText(s: SynthesisResult, pooled: PooledEstimate): string {
  const estimable = new Map(s.effects.flatMap((e) => (e.estimable ? [[e.result, e] as const] : []))); // a Map, not find in a loop: O(k)
  const studies = pooled.results.map((id) => {
    const row = estimable.get(id);
    return {
      label: id,
      ...(row?.estimable && { effect: { yi: row.yi, vi: row.vi, ciLower: row.ciLower, ciUpper: row.ciUpper } }),
      ...(row?.participants.n != null && { ni: row.participants.n }),
    };
  });
  const title = pooled.kind === "single-study" ? "One estimable study: the study itself, not pooled" : "Pooled";
  return `${title}:\n${poolingText({ measure: measureOf(s), result: pooled.model, studies, excluded: [], effectNotes: [] })}`.trimEnd();
}

function subgroupText(s: SynthesisResult, sub: SubgroupsResult): string[] {
  if (sub.groups === null) return [`Subgroups by ${sub.variable}: ${sub.notes.join("; ")}`];
  const lines = [`Subgroups by ${sub.variable}:`];
  for (const g of sub.groups) {
    const m = g.pooled.model;
    const back = g.pooled.backTransformed;
    const ci = back === null ? formatEffectCi(m.estimate, m.ciLower, m.ciUpper) : formatEffectCi(back.estimate, back.ciLower, back.ciUpper);
    lines.push(`  ${g.group}: ${MEASURE_LABELS[measureOf(s)]} ${ci}, k = ${m.k} (${g.results.join(", ")})`);
  }
  if (sub.differences !== null && sub.differences.df > 0) {
    const d = sub.differences;
    lines.push(`  ${subgroupDifferencesText({ QM: d.QB, df: d.df, QMp: d.pval, I2: d.I2 })}`);
  }
  lines.push(...sub.notes.map((n) => `  note: ${n}`));
  return lines;
}

/** The robustness phase in a few lines: the range of leave-one-out, the small-study tests, each meta-regression's moderator test. */
function robustnessText(s: SynthesisResult, r: Robustness): string[] {
  const sizes = s.effects.flatMap((e) => (e.estimable && e.participants.n !== null ? [e.participants.n] : []));
  const show = (x: number) => formatFixed(backTransformOf(measureOf(s)) === "identity" ? x : backTransform(measureOf(s), x, { ni: sizes }), 2);
  const lines: string[] = [];
  if (r.leaveOneOut !== null) {
    const estimates = r.leaveOneOut.fit.estimate.filter((x): x is number => x !== null);
    const lowest = estimates.reduce((min, x) => Math.min(min, x), Infinity);
    const highest = estimates.reduce((max, x) => Math.max(max, x), -Infinity);
    lines.push(`Leave-one-out (${estimates.length} refits): estimate from ${show(lowest)} to ${show(highest)}`);
  }
  if (r.gosh !== null) lines.push(`GOSH: ${r.gosh.summary.fits} subsets fitted (${r.gosh.summary.failed} failed)`);
  const e = r.smallStudyEffects;
  if (e !== null) {
    const t = e.trimAndFill;
    lines.push(
      `Small-study effects (k = ${e.test.k}): ${e.test.name}'s test statistic ${formatFixed(e.test.statistic, 2)}, ${pEquals(e.test.pval)}; ` +
        `rank correlation tau = ${formatFixed(e.rankTest.tau, 2)}, ${pEquals(e.rankTest.pval)}; ` +
        `trim and fill (${t.estimator}) k0 = ${t.k0} (${t.side}), estimate ${show(t.estimate)} [${show(t.ciLower)}, ${show(t.ciUpper)}]`,
    );
  }
  for (const m of r.metaRegressions) {
    lines.push(`Meta-regression on ${m.moderator} (k = ${m.model.k}): QM = ${formatFixed(m.model.QM, 2)}, ${pEquals(m.model.QMp)}; ${m.model.coefficients.map((c) => `${c.name} ${formatFixed(c.estimate, 4)}`).join(", ")}`);
  }
  lines.push(...r.notes.map((n) => `note: ${n}`));
  return lines;
}

function synthesisText(s: SynthesisResult): string {
  const lines = [
    `== ${s.outcome.label} [${s.id}]: ${s.evidence}, ${MEASURE_LABELS[measureOf(s)]} (${s.measure})`,
    `Model: ${s.model.method}, ${s.model.test === "knha" ? "Knapp-Hartung" : "z"} test, ${s.model.level}% CI${s.model.predictionInterval ? ", prediction interval" : ""}`,
  ];
  if (s.direction !== null) lines.push(`Direction: ${s.direction.basis}`);
  if (s.crossoverCorrelation !== null) lines.push(`Crossover correlation r = ${s.crossoverCorrelation.value} (${s.crossoverCorrelation.from}): ${s.crossoverCorrelation.justification}`);
  if (s.assumptionsInForce.length > 0) lines.push(`Assumptions in force: ${s.assumptionsInForce.join(", ")}`);
  lines.push(`Effect sizes (${s.effects.filter((e) => e.estimable).length} of ${s.effects.length} estimable; ${backTransformOf(measureOf(s)) === "identity" ? "" : "back-transformed, "}[${s.model.level}% CI]):`);
  for (const row of s.effects) for (const line of effectLine(s, row)) lines.push(line); // no push(...): k can exceed the call-stack limit
  lines.push("", ...(s.pooled !== null ? [pooledText(s, s.pooled)] : s.multilevel !== null ? multilevelLines(s.multilevel, s.measure) : ["Nothing pooled: no estimable result."]));
  if (s.alternative !== null) lines.push(...alternativeLines(s.alternative, s.measure));
  for (const sub of s.subgroups) lines.push(...subgroupText(s, sub));
  if (s.robustness !== undefined) lines.push(...robustnessText(s, s.robustness));
  if (s.notes.length > 0) lines.push(...s.notes.map((n) => `note: ${n}`));
  return lines.join("\n");
}

function scenarioLine(main: SynthesisResult | undefined, run: ScenarioResult["syntheses"][number]): string[] {
  const s = run.synthesis;
  const estimable = s.effects.filter((e) => e.estimable).length;
  const pooled = s.pooled;
  let effect = "nothing pooled";
  if (pooled !== null) {
    const back = pooled.backTransformed;
    const m = pooled.model;
    const ci = back === null ? formatEffectCi(m.estimate, m.ciLower, m.ciUpper) : formatEffectCi(back.estimate, back.ciLower, back.ciUpper);
    effect = `${s.measure} ${ci}, k = ${m.k}${pooled.kind === "single-study" ? " (the study itself)" : ""}`;
  }
  const change = run.estimateChange === null ? "" : `; change from the main analysis ${formatFixed(run.estimateChange, 2)} (analysis scale)`;
  const lines = [`  ${s.id}: ${effect}${change}; ${estimable} of ${s.effects.length} estimable${main === undefined ? "" : ` (main: ${main.effects.filter((e) => e.estimable).length})`}`];
  if (s.alternative !== null) lines.push(...alternativeLines(s.alternative, s.measure, "    "));
  for (const x of run.excluded) lines.push(`    excluded ${x.result}: ${x.why}`);
  for (const row of s.effects) if (!row.estimable) lines.push(`    not estimable ${row.result}: ${row.reason}`);
  return lines;
}

function scenariosText(scenarios: readonly ScenarioResult[], main: readonly SynthesisResult[]): string {
  if (scenarios.length === 0) return "";
  const lines = ["== Sensitivity scenarios"];
  for (const sc of scenarios) {
    lines.push(`Scenario ${sc.id}: ${sc.label}`, `  ${sc.description}`);
    for (const a of sc.assumptions) lines.push(`  assumption ${a.id}: ${a.statement}`);
    for (const run of sc.syntheses) lines.push(...scenarioLine(main.find((m) => m.id === run.synthesis.id), run));
    lines.push(...sc.notes.map((n) => `  note: ${n}`));
  }
  return lines.join("\n");
}

function sofLine(row: SummaryOfFindingsRow, evidence: OutcomeEvidence | undefined): string {
  const pooled = evidence?.pooled;
  const proportion = row.measure === "PR" && pooled !== undefined
    ? `proportion ${formatEffectCi(pooled.estimate, pooled.ciLower, pooled.ciUpper)} (no comparator)`
    : undefined;
  const effect = row.relativeEffect?.text ?? row.continuousEffect?.text ?? proportion ?? "no effect estimate";
  const absolute = row.absoluteEffects.map((a) => `; ${a.comparatorLabel} risk ${formatFixed(a.comparatorPer1000, 0)} per 1,000: ${a.text}`).join("");
  const letters = row.footnotes.length > 0 ? ` (${row.footnotes.join(", ")})` : "";
  return `  ${row.outcome}: ${effect}${absolute}; ${row.participants} participants (${row.studies} ${row.studies === 1 ? "study" : "studies"}, ${row.estimableStudies} estimable); ${row.symbols} ${row.certainty}${letters}`;
}

function ratingLines(rating: OutcomeRating): string[] {
  const lines = [`  ${rating.outcome}: starts ${rating.start} (${rating.startReason})`];
  for (const d of rating.domains) {
    const by = d.final.by === "reviewer" ? ` by the reviewer (rule proposed ${d.proposal.concern})` : ` [${d.proposal.rule}]`;
    lines.push(`    ${d.domain}: ${d.final.concern}${by}: ${d.final.reason}`);
  }
  lines.push(`    certainty: ${rating.symbols} ${rating.certainty}`);
  return lines;
}

function gradeText(result: AnalysisResult): string {
  const sof = result.grade.summaryOfFindings;
  const lines = ["== GRADE: Summary of Findings"];
  if (sof === null) lines.push("  no outcome could be rated (see problems)");
  else {
    const evidenceOf = (outcome: string) => result.grade.trace.find((t) => t.outcome === outcome)?.evidence;
    lines.push(...sof.rows.map((row) => sofLine(row, evidenceOf(row.outcome))));
    lines.push(...sof.rows.map((r) => `  ${r.outcome}: ${r.statement}`));
    lines.push(...sof.footnotes.map((f) => `  ${f.letter}. ${f.text}`));
  }
  lines.push("Ratings, domain by domain:");
  for (const rating of result.grade.ratings) lines.push(...ratingLines(rating));
  for (const trace of result.grade.trace) lines.push(...trace.notes.map((n) => `  ${trace.outcome}: ${n}`));
  return lines.join("\n");
}

function list(title: string, items: readonly string[]): string {
  return items.length === 0 ? "" : [`== ${title}`, ...items.map((i) => `- ${i}`)].join("\n");
}
