/**
 * The study tables of one indication, from the extracted records: characteristics of the
 * included studies, and the narrative synthesis of every result that was not pooled (not
 * estimable in a synthesis, or from a study the spec excludes).
 */
import { recordOf } from "@metakit/base";
import type { ArmCharacteristics, NarrativeEntry, StudyCharacteristics } from "@metakit/report";
import { doseClass, WITHIN_PERSON_DESIGNS, type Arm, type Dose, type DoseClasses, type Result, type Study } from "@metakit/schema";
import type { DataIndex } from "../inputs/dataset.js";
import type { AnalysisResult, ParticipantCount } from "../types.js";
import { participantsOf, participantsText } from "./participants.js";
import { designText, studyLabel } from "./labels.js";
import { provenanceText, reportedText, resultAsReported } from "./reported.js";

const armsOf = (index: DataIndex, study: string): Arm[] => [...index.arms.values()].filter((a) => a.study === study);
const resultsOf = (index: DataIndex, study: string): Result[] => [...index.results.values()].filter((r) => r.study === study);

function doseText(dose: Dose | undefined, missing: string | undefined): string | undefined {
  if (dose === undefined) return missing === undefined ? undefined : "not reported";
  if (dose.scheduleText !== undefined) return dose.scheduleText;
  const amount = dose.value !== undefined ? reportedText(dose.value) : `${dose.min === undefined ? "" : reportedText(dose.min)}-${dose.max === undefined ? "" : reportedText(dose.max)}`;
  return `${amount} ${dose.unit}${dose.per === "day" ? "/day" : ""}`;
}

/** The experimental arm's dose class by the spec's classes; none when the spec declares no classes. */
function doseClassText(arm: Arm, classes: DoseClasses | undefined): string | undefined {
  if (arm.type !== "experimental" || classes === undefined) return undefined;
  if (arm.dose === undefined) return "not classed (dose not reported)";
  return doseClass(arm.dose, classes) ?? "not classed (no daily dose in mg stated)";
}

/** Participants of the study as a whole: analysed, else completed, else randomised or entered. */
function studySize(study: Study): number | null {
  return study.analysed?.value ?? study.completed?.value ?? study.randomised?.value ?? null;
}

/** An arm's human label: its intervention, with its dose when two arms share the intervention. */
function armLabel(arm: Arm, arms: readonly Arm[]): string {
  const dose = doseText(arm.dose, arm.doseMissing);
  const shared = arms.filter((a) => a.intervention === arm.intervention).length > 1;
  return shared && dose !== undefined ? `${arm.intervention} ${dose}` : arm.intervention;
}

/** The arm's participants in the first shown result that reports them (its total or n). */
function analysedInResults(arm: Arm, results: readonly Result[]): number | undefined {
  for (const result of results) {
    if (result.form !== "dichotomous" && result.form !== "continuous" && result.form !== "median") continue;
    for (const a of result.arms) {
      if (a.arm !== arm.id) continue;
      const count = "total" in a ? a.total?.value : a.n?.value;
      if (count !== undefined) return count;
    }
  }
  return undefined;
}

/** Arm id to human label, for the arms of one study; an unknown id stays as it is. */
function armLabelLookup(arms: readonly Arm[]): (armId: string) => string {
  return (armId) => {
    const arm = arms.find((a) => a.id === armId);
    return arm === undefined ? armId : armLabel(arm, arms);
  };
}

function armCharacteristics(study: Study, arms: readonly Arm[], results: readonly Result[], classes: DoseClasses | undefined): ArmCharacteristics[] {
  const withinPerson = WITHIN_PERSON_DESIGNS.includes(study.design);
  return arms.map((arm) => {
    const dose = doseText(arm.dose, arm.doseMissing);
    const label = armLabel(arm, arms);
    const doseClass = doseClassText(arm, classes);
    const rest = { ...(dose !== undefined && { dose }), ...(doseClass !== undefined && { doseClass }) };
    // Within-person designs give every condition to everyone; a single arm is the whole study.
    if (withinPerson || arms.length === 1) return { label, n: studySize(study), ...rest };
    const own = arm.analysed?.value ?? arm.randomised?.value;
    if (own !== undefined) return { label, n: own, ...rest };
    // No count in the arm's record: the result's count for the arm, said to be the analysed one.
    const analysed = analysedInResults(arm, results);
    return analysed === undefined ? { label, n: null, ...rest } : { label, n: analysed, nSource: "analysed", ...rest };
  });
}

/** The review's own study characteristics as text ("latitude": "44"), when it records any. */
function characteristicsText(study: Study | undefined): Record<string, string> | undefined {
  if (study?.characteristics === undefined) return undefined;
  return recordOf(Object.entries(study.characteristics).map(([name, value]) => [name, typeof value === "string" ? value : reportedText(value)]));
}

function durationText(arms: readonly Arm[]): string {
  const texts = arms.flatMap((a) => (a.duration === undefined ? [] : [`${reportedText(a.duration.value)} ${a.duration.unit}${a.duration.note === undefined ? "" : ` (${a.duration.note})`}`]));
  return texts.length === 0 ? "not reported" : [...new Set(texts)].join("; ");
}

/** A tool's judgement code in words: "some-concerns" -> "some concerns". */
const judgementWords = (code: string) => code.replace(/-/g, " ");

function riskOfBiasText(index: DataIndex, study: string, results: readonly Result[]): string {
  const judgements = results.flatMap((r) => {
    const rob2 = index.rob2.get(r.id);
    const robins = index.robinsI.get(r.id) ?? index.robinsI.get(study);
    const what = results.length > 1 ? `${r.outcome.instrument}: ` : "";
    if (rob2 !== undefined) return [`${what}${judgementWords(rob2.overall.judgement)} (RoB 2)`];
    if (robins !== undefined) return [`${what}${judgementWords(robins.overall.judgement)} (ROBINS-I)`];
    return [];
  });
  return judgements.length === 0 ? "not assessed" : [...new Set(judgements)].join("; ");
}

function studyCharacteristics(index: DataIndex, studyId: string, resultIds: ReadonlySet<string>, classes: DoseClasses | undefined): StudyCharacteristics {
  const study = index.studies.get(studyId);
  const arms = armsOf(index, studyId);
  const results = resultsOf(index, studyId).filter((r) => resultIds.has(r.id));
  const shown = results.length > 0 ? results : resultsOf(index, studyId);
  const characteristics = characteristicsText(study);
  const labelOf = armLabelLookup(arms);
  return {
    study: studyLabel(study, studyId),
    design: study === undefined ? "study record not found" : designText(study.design, study.blinding),
    population: study?.population ?? "",
    ...(characteristics !== undefined && { characteristics }),
    arms: study === undefined ? [] : armCharacteristics(study, arms, shown, classes),
    duration: durationText(arms),
    outcome: [...new Set(shown.map((r) => `${r.outcome.domain} (${r.outcome.instrument})`))].join("; "),
    result: shown.map((r) => resultAsReported(r, labelOf)).join(" | "),
    riskOfBias: riskOfBiasText(index, studyId, shown),
    provenance: provenanceText([...(study === undefined ? [] : [study]), ...arms, ...shown]),
  };
}

/**
 * One row per included study, in the spec's order; the outcome and result columns show the
 * results the syntheses use; experimental arms get their dose class when the spec declares classes.
 */
export function characteristicsOf(analysis: AnalysisResult, index: DataIndex, classes: DoseClasses | undefined): StudyCharacteristics[] {
  const used = new Set(analysis.syntheses.flatMap((s) => s.effects.map((e) => e.result)));
  return analysis.included.map((i) => studyCharacteristics(index, i.study, used, classes));
}

/** Results not estimable in the main analyses, then the results of excluded studies, each once. */
export function narrativeOf(analysis: AnalysisResult, index: DataIndex): NarrativeEntry[] {
  const seen = new Set<string>();
  const entries: NarrativeEntry[] = [];
  const add = (resultId: string, studyId: string, reason: string, finding?: string, count?: ParticipantCount) => {
    if (seen.has(resultId)) return;
    seen.add(resultId);
    const study = index.studies.get(studyId);
    const result = index.results.get(resultId);
    entries.push({
      study: studyLabel(study, studyId),
      design: study === undefined ? "" : designText(study.design),
      participants: participantsText(participantsOf(index, studyId, count === undefined ? [] : [count])),
      outcome: result === undefined ? "" : `${result.outcome.domain} (${result.outcome.instrument})`,
      finding: finding ?? (result === undefined ? "result record not found" : resultAsReported(result, armLabelLookup(armsOf(index, studyId)))),
      reason,
    });
  };
  for (const entry of analysis.notEstimable) add(entry.result, entry.study, `Not estimable: ${entry.reason}`, undefined, entry.participants);
  // Results of included studies that no synthesis selects (other outcomes, other sources' versions): shown, so none is dropped silently.
  const selected = new Set(analysis.syntheses.flatMap((s) => s.effects.map((e) => e.result)));
  for (const { study } of analysis.included) {
    for (const result of resultsOf(index, study)) {
      const why = result.form === "narrative" && result.reason !== undefined ? result.reason : result.notes;
      if (!selected.has(result.id)) add(result.id, study, `In no synthesis of this analysis${why === undefined ? "" : `: ${why}`}`);
    }
  }
  for (const excluded of analysis.excluded) {
    const results = resultsOf(index, excluded.study);
    if (results.length === 0) add(`${excluded.study}#none`, excluded.study, `Excluded: ${excluded.reason}`, index.studies.get(excluded.study)?.notes ?? "No result recorded.");
    for (const result of results) add(result.id, excluded.study, `Excluded: ${excluded.reason}`);
  }
  return entries;
}
