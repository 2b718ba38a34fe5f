/**
 * analyzeSpec(): an analysis spec and the extracted data to an AnalysisResult, in numbered
 * phases (pure: no files, no process, no console; the command does the I/O):
 *   1. index the data;
 *   2. the main syntheses, with no assumption in force (comparative before single-arm),
 *      each with its robustness phase (leave-one-out, GOSH, small-study effects,
 *      meta-regressions: robustness.ts) when its conditions hold;
 *   3. each sensitivity scenario, refitting the syntheses it names;
 *   4. the list of results that could not be estimated, with why;
 *   5. GRADE: every synthesis rated, and the Summary of Findings.
 * It never stops at the first problem: what cannot be computed is listed in `problems`
 * (and, per result, as not estimable with the reason) and the rest is computed.
 */
import type { AnalysisSpec, ParsedExtraction } from "@metakit/schema";
import { NO_ASSUMPTIONS } from "./inputs/assumed.js";
import { indexData, type DataIndex } from "./inputs/dataset.js";
import { fallbackParticipants } from "./inputs/effect-inputs.js";
import { gradeSyntheses } from "./grade/grade.js";
import { modelChoice, runScenario, synthesisCorrelation } from "./scenarios/scenarios.js";
import { robustnessOf } from "./robustness/robustness.js";
import { runSynthesis } from "./synthesis/synthesis.js";
import type { AnalysisResult, NotEstimableEntry, Problem, SynthesisResult } from "./types.js";

export interface AnalyzeOptions {
  /** The spec's file, shown in the result. */
  readonly file?: string;
  /** Problems met while reading the data (files that did not parse), listed first. */
  readonly dataProblems?: readonly Problem[];
}

export function analyzeSpec(spec: AnalysisSpec, extractions: readonly ParsedExtraction[], options: AnalyzeOptions = {}): AnalysisResult {
  const index = indexData(extractions);
  const problems: Problem[] = [...(options.dataProblems ?? [])];
  const ordered = [...spec.syntheses].sort((a, b) => Number(a.evidence === "single-arm") - Number(b.evidence === "single-arm"));
  const syntheses: SynthesisResult[] = ordered.map((synthesis) => {
    const run = runSynthesis(spec, synthesis, index, {
      assumed: NO_ASSUMPTIONS,
      correlation: synthesisCorrelation(synthesis, index),
      model: modelChoice(synthesis.model),
      ...(synthesis.primaryModel !== undefined && { alternative: { model: synthesis.primaryModel, role: "primary" as const } }),
    });
    problems.push(...run.problems);
    const robustness = robustnessOf(synthesis, run.synthesis, index, (p) => problems.push({ ...p, synthesis: synthesis.id }));
    return { ...run.synthesis, robustness };
  });
  const scenarios = spec.scenarios.map((scenario) => {
    const run = runScenario(spec, scenario, index, syntheses);
    problems.push(...run.problems);
    return run.result;
  });
  const unselected = unselectedStudies(spec, index, syntheses);
  const graded = gradeSyntheses(spec, index, syntheses, unselected);
  problems.push(...graded.problems);
  return {
    spec: { id: spec.id, title: spec.title, indication: spec.indication, ...(options.file !== undefined && { file: options.file }) },
    question: spec.question,
    included: spec.include,
    excluded: spec.exclude,
    syntheses,
    scenarios,
    notEstimable: [...notEstimableOf(syntheses), ...unselected],
    grade: graded.grade,
    problems,
    notes: analysisNotes(syntheses),
  };
}

function notEstimableOf(syntheses: readonly SynthesisResult[]): NotEstimableEntry[] {
  return syntheses.flatMap((s) =>
    s.effects.flatMap((e) => (e.estimable ? [] : [{ synthesis: s.id, result: e.result, study: e.study, reason: e.reason, participants: e.participants }])),
  );
}

/** Included studies that no synthesis selects a result of: shown, with why, so their findings stay visible. */
export function unselectedStudies(spec: AnalysisSpec, index: DataIndex, syntheses: readonly SynthesisResult[]): NotEstimableEntry[] {
  const selected = new Set(syntheses.flatMap((s) => s.effects.map((e) => e.study)));
  return spec.include.flatMap(({ study }) => {
    if (selected.has(study)) return [];
    const results = [...index.results.values()].filter((r) => r.study === study);
    const reasons = results.map((r) => (r.form === "narrative" ? `${r.id}: narrative only (${r.reason ?? r.text})` : `${r.id}: not selected by any synthesis`));
    const reason = `included, but no synthesis selects its results${reasons.length > 0 ? `: ${reasons.join("; ")}` : " (it has none in the data)"}`;
    return [{ synthesis: null, result: results.map((r) => r.id).join(", "), study, reason, participants: fallbackParticipants(index, study) }];
  });
}

function analysisNotes(syntheses: readonly SynthesisResult[]): string[] {
  const notes = ["main analyses: no assumption in force; assumptions apply only in the scenarios that name them"];
  if (syntheses.some((s) => s.evidence === "single-arm") && syntheses.some((s) => s.evidence === "comparative")) {
    notes.push("single-arm proportions are analysed apart from the comparative evidence and never pooled with it");
  }
  return notes;
}
