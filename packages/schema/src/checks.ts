import { COMPARATIVE_MEASURES, DAILY_DOSE_MODERATOR, DERIVED_SUBGROUP_VARIABLES, PROPORTION_MEASURES } from "./analysis.js";
import type { Arm } from "./arm.js";
import { assumedCorrelation, type Assumption } from "./assumption.js";
import { classifyingDailyDoseMg } from "./dose.js";
import { RECORD_KINDS, type RecordKind } from "./document.js";
import { formatIssue, formatPath, type Issue, type PathSegment } from "./issues.js";
import { messages } from "./messages.js";
import { checkModels } from "./model-checks.js";
import { issueAt, type Located, type ParsedAnalysis, type ParsedExtraction } from "./parse.js";
import { REQUIRED_PROVENANCE_FIELDS, type Provenance, type Reported } from "./provenance.js";
import type { Result } from "./result.js";
import { WITHIN_PERSON_DESIGNS, type Study } from "./study.js";

/** Everything parsed from data/ and analyses/, the input of the cross-record checks. */
export interface Dataset {
  readonly extractions: readonly ParsedExtraction[];
  readonly analyses: readonly ParsedAnalysis[];
}

/** All located records of one kind across files. */
export function recordsOf<K extends RecordKind>(dataset: Dataset, kind: K): Located<K>[] {
  return dataset.extractions.flatMap((file) => file.records[kind] as readonly Located<K>[]);
}

/** The key of a record: its id; for arms, study/id (arm ids are unique within a study). */
export function recordKey(kind: RecordKind, record: { readonly id: string; readonly study?: string }): string {
  return kind === "arms" ? `${record.study ?? ""}/${record.id}` : record.id;
}

/** A record kind as a person names one record of it. */
export const RECORD_NOUNS: Readonly<Record<RecordKind, string>> = {
  studies: "study",
  arms: "arm",
  results: "result",
  assumptions: "assumption",
  rob2: "RoB 2 assessment",
  robinsI: "ROBINS-I assessment",
  claims: "claim",
  secondarySources: "secondary source",
  screening: "screening record",
};

function showValue(value: unknown): string {
  return value === null || value === undefined ? "(absent)" : JSON.stringify(value);
}

/** Where a located record is, as a person would write it: file:row or file:path. */
function placeOf(located: Located): string {
  return formatIssue({ ...issueAt(located, [], ""), message: "" }).replace(/: $/, "");
}

/** Indexes of the records by key, for reference checks. */
interface Index {
  readonly studies: ReadonlyMap<string, Study>;
  readonly arms: ReadonlyMap<string, Arm>;
  readonly results: ReadonlyMap<string, Result>;
  readonly assumptions: ReadonlyMap<string, Assumption>;
  /** Keys of records that exist but failed to parse (already reported). */
  readonly unparsed: ReadonlySet<string>;
}

function buildIndex(dataset: Dataset): Index {
  return {
    studies: new Map(recordsOf(dataset, "studies").map((l) => [l.record.id, l.record])),
    arms: new Map(recordsOf(dataset, "arms").map((l) => [recordKey("arms", l.record), l.record])),
    results: new Map(recordsOf(dataset, "results").map((l) => [l.record.id, l.record])),
    assumptions: new Map(recordsOf(dataset, "assumptions").map((l) => [l.record.id, l.record])),
    unparsed: new Set(
      dataset.extractions.flatMap((file) => RECORD_KINDS.flatMap((kind) => file.unparsedKeys[kind].map((key) => `${kind}:${key}`))),
    ),
  };
}

/** Duplicate ids within a kind (arms: within a study), reported at the second and later copies. */
export function checkDuplicateIds(dataset: Dataset): Issue[] {
  const issues: Issue[] = [];
  for (const kind of RECORD_KINDS) {
    const seen = new Map<string, Located>();
    for (const located of recordsOf(dataset, kind)) {
      const key = recordKey(kind, located.record as { id: string; study?: string });
      const first = seen.get(key);
      if (first === undefined) seen.set(key, located);
      else issues.push(issueAt(located, ["id"], messages.duplicateId(RECORD_NOUNS[kind], key, placeOf(first))));
    }
  }
  return issues;
}

/** The arm references of a result, with their paths. */
function armReferences(result: Result): { path: PathSegment[]; arm: string }[] {
  switch (result.form) {
    case "dichotomous":
    case "continuous":
    case "median":
      return result.arms.map((a, i) => ({ path: ["arms", i, "arm"], arm: a.arm }));
    case "contrast":
      return [
        { path: ["experimental"], arm: result.experimental },
        { path: ["control"], arm: result.control },
      ];
    case "paired":
      return [
        { path: ["experimental"], arm: result.experimental },
        { path: ["control"], arm: result.control },
        ...(result.conditions ?? []).map((c, i) => ({ path: ["conditions", i, "arm"] as PathSegment[], arm: c.arm })),
      ];
    case "proportion":
      return [{ path: ["arm"], arm: result.arm }];
    case "narrative":
      return (result.values ?? []).flatMap((v, i) => (v.arm === undefined ? [] : [{ path: ["values", i, "arm"] as PathSegment[], arm: v.arm }]));
  }
}

/** References to studies, arms, results and assumptions that do not exist. */
export function checkReferences(dataset: Dataset): Issue[] {
  const index = buildIndex(dataset);
  const issues: Issue[] = [];
  const study = (located: Located, path: PathSegment[], id: string | undefined) => {
    if (id !== undefined && !index.studies.has(id) && !index.unparsed.has(`studies:${id}`)) issues.push(issueAt(located, path, messages.unknownStudy(id)));
  };
  const knownArm = (study: string, arm: string) => index.arms.has(`${study}/${arm}`) || index.unparsed.has(`arms:${study}/${arm}`);
  const studyList = (located: Located, field: string, ids: readonly string[] | undefined) =>
    (ids ?? []).forEach((id, i) => study(located, [field, i], id));
  for (const l of recordsOf(dataset, "studies")) studyList(l, "overlapsWith", l.record.overlapsWith);
  for (const l of recordsOf(dataset, "arms")) study(l, ["study"], l.record.study);
  for (const l of recordsOf(dataset, "results")) {
    study(l, ["study"], l.record.study);
    if (index.studies.has(l.record.study)) {
      for (const ref of armReferences(l.record)) {
        if (!knownArm(l.record.study, ref.arm)) issues.push(issueAt(l, ref.path, messages.unknownArm(l.record.study, ref.arm)));
      }
    }
    const assumption = l.record.armOrderAssumption;
    if (assumption !== undefined && !index.assumptions.has(assumption) && !index.unparsed.has(`assumptions:${assumption}`)) issues.push(issueAt(l, ["armOrderAssumption"], messages.unknownAssumption(assumption)));
  }
  for (const l of recordsOf(dataset, "assumptions")) {
    study(l, ["study"], l.record.study);
    l.record.sets.forEach((setting, i) => {
      if (setting.result === undefined) return;
      const result = index.results.get(setting.result);
      if (result === undefined) {
        if (!index.unparsed.has(`results:${setting.result}`)) issues.push(issueAt(l, ["sets", i, "result"], messages.unknownResult(setting.result)));
      } else if (setting.arm !== undefined && !knownArm(result.study, setting.arm))
        issues.push(issueAt(l, ["sets", i, "arm"], messages.unknownArm(result.study, setting.arm)));
    });
  }
  for (const kind of ["rob2", "robinsI"] as const) {
    for (const l of recordsOf(dataset, kind)) {
      study(l, ["study"], l.record.study);
      const result = l.record.result;
      if (result !== undefined && !index.results.has(result) && !index.unparsed.has(`results:${result}`)) issues.push(issueAt(l, ["result"], messages.unknownResult(result)));
    }
  }
  for (const l of recordsOf(dataset, "claims")) {
    studyList(l, "supporting", l.record.supporting);
    studyList(l, "contradicting", l.record.contradicting);
  }
  return issues;
}

type Count = Reported | undefined;
const valueOf = (count: Count) => count?.value;

function exceeds(located: Located, path: PathSegment[], analysed: Count, randomised: Count): Issue[] {
  const a = valueOf(analysed);
  const r = valueOf(randomised);
  return a !== undefined && r !== undefined && a > r ? [issueAt(located, path, messages.analysedAboveRandomised(a, r))] : [];
}

/** Analysed or completed above randomised (study, sequence, arm, and result n against its arm). */
export function checkCounts(dataset: Dataset): Issue[] {
  const index = buildIndex(dataset);
  const issues: Issue[] = [];
  for (const l of recordsOf(dataset, "studies")) {
    const s = l.record;
    issues.push(...exceeds(l, ["analysed"], s.analysed, s.randomised), ...exceeds(l, ["completed"], s.completed, s.randomised));
    (s.sequences ?? []).forEach((q, i) => issues.push(...exceeds(l, ["sequences", i, "completed"], q.completed, q.randomised)));
  }
  for (const l of recordsOf(dataset, "arms")) {
    const a = l.record;
    issues.push(...exceeds(l, ["analysed"], a.analysed, a.randomised), ...exceeds(l, ["completed"], a.completed, a.randomised));
  }
  for (const l of recordsOf(dataset, "results")) {
    const r = l.record;
    if (r.form === "dichotomous") {
      r.arms.forEach((arm, i) => {
        const events = valueOf(arm.events);
        const total = valueOf(arm.total);
        if (events !== undefined && total !== undefined && events > total) issues.push(issueAt(l, ["arms", i, "events"], messages.eventsAboveTotal(events, total)));
      });
    }
    if (r.form === "proportion") {
      const events = valueOf(r.events);
      const total = valueOf(r.total);
      if (events !== undefined && total !== undefined && events > total) issues.push(issueAt(l, ["events"], messages.eventsAboveTotal(events, total)));
    }
    if (r.form === "continuous" || r.form === "median" || r.form === "dichotomous") {
      r.arms.forEach((arm, i) => {
        const n = "n" in arm ? arm.n : arm.total;
        issues.push(...exceeds(l, ["arms", i, "n" in arm ? "n" : "total"], n, index.arms.get(`${r.study}/${arm.arm}`)?.randomised));
      });
    }
  }
  return issues;
}

/** Negative SDs, SEs, IQRs, counts and durations. */
export function checkNegatives(dataset: Dataset): Issue[] {
  const issues: Issue[] = [];
  const nonNegative = new Set(["sd", "se", "sdDifference", "iqr", "n", "events", "total", "randomised", "analysed", "completed", "planned", "duration"]);
  for (const kind of ["studies", "arms", "results"] as const) {
    for (const l of recordsOf(dataset, kind)) {
      walkReported(l.record, [], (number, path) => {
        const field = [...path].reverse().find((s): s is string => typeof s === "string" && s !== "value");
        if (field !== undefined && nonNegative.has(field) && number.value !== undefined && number.value < 0)
          issues.push(issueAt(l, path, messages.negative(field, number.value)));
      });
    }
  }
  return issues;
}

/**
 * The highest plausible daily dose in mg: the smallest `doseClasses.implausibleAbove` the
 * specs declare (the review's own bound), or none when no spec declares one.
 */
function implausibleAboveMg(dataset: Dataset): number | undefined {
  const bounds = dataset.analyses.flatMap((a) => (a.spec.doseClasses?.implausibleAbove === undefined ? [] : [a.spec.doseClasses.implausibleAbove]));
  return bounds.length === 0 ? undefined : Math.min(...bounds);
}

/** Daily doses not above 0 mg or above the review's bound; experimental arms without a dose or a reason. */
export function checkDoses(dataset: Dataset): Issue[] {
  const issues: Issue[] = [];
  const limit = implausibleAboveMg(dataset);
  for (const l of recordsOf(dataset, "arms")) {
    const arm = l.record;
    if (arm.dose === undefined) {
      if (arm.type === "experimental" && arm.doseMissing === undefined) issues.push(issueAt(l, ["dose"], messages.doseWithoutReason(arm.id), "warning"));
      continue;
    }
    for (const end of ["value", "min", "max"] as const) {
      const amount = arm.dose[end];
      if (amount?.value === undefined) continue;
      const mg = classifyingDailyDoseMg({ ...arm.dose, value: amount, classBy: undefined });
      if (mg !== undefined && !(mg > 0 && (limit === undefined || mg <= limit))) issues.push(issueAt(l, ["dose", end], messages.implausibleDose(mg, limit)));
    }
    if (arm.type === "experimental" && classifyingDailyDoseMg(arm.dose) === undefined && arm.dose.unit !== "mg/kg") issues.push(issueAt(l, ["dose"], messages.doseClassUnknown(arm.id, arm.study), "warning"));
  }
  return issues;
}

function isReported(value: unknown): value is Reported {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const object = value as Record<string, unknown>;
  return typeof object["value"] === "number" || typeof object["missing"] === "string";
}

/**
 * Calls `visit` on every reported number (or missing number) inside a record, with the
 * provenance defaults in force there: a `provenance` mapping on any enclosing object.
 */
export function walkReported(
  value: unknown,
  path: PathSegment[],
  visit: (number: Reported, path: PathSegment[], defaults: Provenance) => void,
  defaults: Provenance = {},
): void {
  if (isReported(value)) {
    visit(value, path, defaults);
    return;
  }
  if (Array.isArray(value)) value.forEach((item, i) => walkReported(item, [...path, i], visit, defaults));
  else if (value !== null && typeof value === "object") {
    const own = (value as { provenance?: Provenance }).provenance;
    const inner = own === undefined ? defaults : { ...defaults, ...own };
    for (const [key, item] of Object.entries(value)) if (key !== "provenance") walkReported(item, [...path, key], visit, inner);
  }
}

/** Every number has source, location, quote and status (its own or the record's); computed ones a formula. */
export function checkProvenance(dataset: Dataset): Issue[] {
  const issues: Issue[] = [];
  for (const kind of ["studies", "arms", "results"] as const) {
    for (const l of recordsOf(dataset, kind)) {
      walkReported(l.record, [], (number, path, defaults) => {
        if (number.value === undefined) return;
        const merged = { ...defaults, ...number };
        const absent = REQUIRED_PROVENANCE_FIELDS.filter((field) => merged[field] === undefined);
        if (absent.length > 0) issues.push(issueAt(l, path, messages.numberWithoutProvenance(absent)));
        else if (merged.status === "computed" && merged.formula === undefined) issues.push(issueAt(l, path, messages.computedWithoutFormula()));
      });
    }
  }
  return issues;
}

/**
 * Studies whose indication no analysis spec names (a likely misspelling): the review's
 * indications are those of its specs, so nothing is checked when no spec is read.
 */
function checkIndications(dataset: Dataset): Issue[] {
  const known = [...new Set(dataset.analyses.map((a) => a.spec.indication))].sort();
  if (known.length === 0) return [];
  return recordsOf(dataset, "studies")
    .filter((l) => !known.includes(l.record.indication))
    .map((l) => issueAt(l, ["indication"], messages.unknownIndication(l.record.indication, known), "warning"));
}

/** Narrative-only results need a reason; crossover studies' comparisons must be paired. */
export function checkResultForms(dataset: Dataset): Issue[] {
  const index = buildIndex(dataset);
  const issues: Issue[] = [];
  for (const l of recordsOf(dataset, "results")) {
    const r = l.record;
    if (r.form === "narrative" && r.reason === undefined) issues.push(issueAt(l, ["reason"], messages.narrativeWithoutReason()));
    const design = index.studies.get(r.study)?.design;
    const parallelForms = ["dichotomous", "continuous", "median", "contrast"];
    if (design !== undefined && WITHIN_PERSON_DESIGNS.includes(design) && parallelForms.includes(r.form))
      issues.push(issueAt(l, ["form"], messages.crossoverAsParallel(r.study, r.form)));
  }
  issues.push(...checkIndications(dataset));
  for (const file of dataset.extractions) {
    file.conflicts.forEach((conflict, i) =>
      issues.push({
        file: file.file,
        path: formatPath(["conflicts", i]),
        message: messages.unresolvedConflict(`${RECORD_NOUNS[conflict.kind]} ${conflict.key}`, conflict.path, showValue(conflict.a), showValue(conflict.b)),
        severity: "error",
      }),
    );
  }
  return issues;
}

const SINGLE_ARM_MEASURES: readonly string[] = PROPORTION_MEASURES;
const COMPARATIVE: readonly string[] = COMPARATIVE_MEASURES;

function analysisIssue(file: string, path: PathSegment[], message: string, severity: Issue["severity"] = "error"): Issue {
  return { file, path: formatPath(path), message, severity };
}

/** Measures each result form can give. */
function measureFitsForm(measure: string, form: Result["form"]): boolean {
  switch (form) {
    case "dichotomous":
      return ["RR", "OR", "RD"].includes(measure);
    case "continuous":
    case "median":
      return ["MD", "SMD", "SMDH", "ROM"].includes(measure);
    case "contrast":
    case "paired":
      return COMPARATIVE.includes(measure);
    case "proportion":
      return SINGLE_ARM_MEASURES.includes(measure);
    case "narrative":
      return false;
  }
}

/** Studies named in include/exclude exist; every study of the indication is one or the other. */
function checkSpecStudies(dataset: Dataset, index: Index, { file, spec }: ParsedAnalysis): Issue[] {
  const issues: Issue[] = [];
  const mentioned = new Set<string>();
  for (const list of ["include", "exclude"] as const) {
    spec[list].forEach((entry, i) => {
      mentioned.add(entry.study);
      if (!index.studies.has(entry.study)) issues.push(analysisIssue(file, [list, i, "study"], messages.unknownStudy(entry.study)));
    });
  }
  for (const l of recordsOf(dataset, "studies")) {
    if (l.record.indication === spec.indication && !mentioned.has(l.record.id))
      issues.push(analysisIssue(file, ["include"], messages.studyNeitherIncludedNorExcluded(l.record.id), "warning"));
  }
  return issues;
}

/** Each synthesis: a known outcome, a measure that fits its evidence, results that exist and fit it; never empty. */
function checkSyntheses(index: Index, { file, spec }: ParsedAnalysis): Issue[] {
  const issues: Issue[] = [];
  const outcomes = new Set(spec.question.outcomes.map((o) => o.id));
  spec.syntheses.forEach((synthesis, s) => {
    if (!outcomes.has(synthesis.outcome)) issues.push(analysisIssue(file, ["syntheses", s, "outcome"], messages.unknownOutcome(synthesis.outcome)));
    const singleArm = synthesis.evidence === "single-arm";
    const fitsEvidence = (singleArm ? SINGLE_ARM_MEASURES : COMPARATIVE).includes(synthesis.measure);
    if (!fitsEvidence) issues.push(analysisIssue(file, ["syntheses", s, "measure"], messages.measureForEvidence(synthesis.measure, synthesis.evidence)));
    let selected = 0;
    synthesis.results.forEach((id, i) => {
      const result = index.results.get(id);
      const path = ["syntheses", s, "results", i];
      if (result === undefined) return void issues.push(analysisIssue(file, path, messages.unknownResult(id)));
      selected++;
      if (!singleArm && result.form === "proportion") issues.push(analysisIssue(file, path, messages.singleArmInComparative(id, synthesis.id)));
      else if (singleArm && result.form !== "proportion") issues.push(analysisIssue(file, path, messages.comparativeInSingleArm(id, synthesis.id)));
      else if (fitsEvidence && !measureFitsForm(synthesis.measure, result.form)) issues.push(analysisIssue(file, path, messages.measureForForm(synthesis.measure, id, result.form)));
    });
    if (selected === 0) issues.push(analysisIssue(file, ["syntheses", s, "results"], messages.selectsNothing(synthesis.id)));
    issues.push(...poolingIssues(file, synthesis, s));
  });
  return issues;
}

/** pool: false needs its reason and asks for nothing that needs a pooled model (subgroups, meta-regressions). */
function poolingIssues(file: string, synthesis: ParsedAnalysis["spec"]["syntheses"][number], s: number): Issue[] {
  const issues: Issue[] = [];
  if (!synthesis.pool && synthesis.notPooledReason === undefined) issues.push(analysisIssue(file, ["syntheses", s, "pool"], messages.notPooledWithoutReason(synthesis.id)));
  if (synthesis.pool && synthesis.notPooledReason !== undefined) issues.push(analysisIssue(file, ["syntheses", s, "notPooledReason"], messages.reasonWithoutNotPooled(synthesis.id)));
  if (!synthesis.pool && synthesis.subgroups.length > 0) issues.push(analysisIssue(file, ["syntheses", s, "subgroups"], messages.poolingRequestWhenNotPooled(synthesis.id, "subgroup analyses")));
  if (!synthesis.pool && synthesis.metaRegression.length > 0) issues.push(analysisIssue(file, ["syntheses", s, "metaRegression"], messages.poolingRequestWhenNotPooled(synthesis.id, "meta-regressions")));
  return issues;
}

/** Subgroup variables and moderators a synthesis names: derived ones, or characteristics of its studies. */
function checkVariables(index: Index, { file, spec }: ParsedAnalysis): Issue[] {
  const issues: Issue[] = [];
  const derived: readonly string[] = DERIVED_SUBGROUP_VARIABLES;
  spec.syntheses.forEach((synthesis, s) => {
    const studies = synthesis.results.flatMap((id) => {
      const study = index.results.get(id)?.study;
      return study === undefined ? [] : [index.studies.get(study)];
    });
    const characteristic = (name: string) => studies.some((study) => study?.characteristics?.[name] !== undefined);
    const check = (name: string, path: (string | number)[], moderator: boolean) => {
      if (name === "doseClass" && spec.doseClasses === undefined) issues.push(analysisIssue(file, path, messages.doseClassesNotDeclared()));
      else if (!derived.includes(name) && !(moderator && name === DAILY_DOSE_MODERATOR) && !characteristic(name))
        issues.push(analysisIssue(file, path, messages.unknownVariable(name, synthesis.id)));
    };
    synthesis.subgroups.forEach((name, i) => check(name, ["syntheses", s, "subgroups", i], false));
    synthesis.metaRegression.forEach((request, i) => check(request.moderator, ["syntheses", s, "metaRegression", i, "moderator"], true));
  });
  return issues;
}

/** Scenarios name assumptions, studies and syntheses that exist. */
function checkScenarios(index: Index, { file, spec }: ParsedAnalysis): Issue[] {
  const issues: Issue[] = [];
  const synthesisIds = new Set(spec.syntheses.map((s) => s.id));
  spec.scenarios.forEach((scenario, s) => {
    const unknown = (field: string, ids: readonly string[], known: (id: string) => boolean, message: (id: string) => string) =>
      ids.forEach((id, i) => {
        if (!known(id)) issues.push(analysisIssue(file, ["scenarios", s, field, i], message(id)));
      });
    unknown("useAssumptions", scenario.useAssumptions, (id) => index.assumptions.has(id), messages.unknownAssumption);
    unknown("excludeStudies", scenario.excludeStudies, (id) => index.studies.has(id), messages.unknownStudy);
    unknown("syntheses", scenario.syntheses, (id) => synthesisIds.has(id), messages.unknownSynthesis);
    issues.push(...crossoverAssumptionIssues(index, file, ["scenarios", s, "crossoverAssumption"], scenario.crossoverAssumption));
  });
  spec.syntheses.forEach((synthesis, s) =>
    issues.push(...crossoverAssumptionIssues(index, file, ["syntheses", s, "crossoverAssumption"], synthesis.crossoverAssumption)),
  );
  return issues;
}

/** A crossover assumption names an assumption record that states a within-person correlation. */
function crossoverAssumptionIssues(index: Index, file: string, path: (string | number)[], id: string | undefined): Issue[] {
  if (id === undefined) return [];
  const assumption = index.assumptions.get(id);
  if (assumption === undefined) return [analysisIssue(file, path, messages.unknownAssumption(id))];
  if (assumedCorrelation(assumption) === undefined) return [analysisIssue(file, path, messages.crossoverAssumptionWithoutCorrelation(id))];
  return [];
}

/** GRADE inputs: for known outcomes, one per outcome, a comparator risk (or why not) for dichotomous ones. */
function checkGradeInputs({ file, spec }: ParsedAnalysis): Issue[] {
  const issues: Issue[] = [];
  const outcomes = new Map(spec.question.outcomes.map((o) => [o.id, o]));
  const graded = new Set<string>();
  spec.grade.forEach((entry, g) => {
    graded.add(entry.outcome);
    const outcome = outcomes.get(entry.outcome);
    if (outcome === undefined) return void issues.push(analysisIssue(file, ["grade", g, "outcome"], messages.unknownOutcome(entry.outcome)));
    if (outcome.type === "dichotomous" && entry.assumedComparatorRisk === undefined && entry.comparatorRiskNotApplicable === undefined)
      issues.push(analysisIssue(file, ["grade", g], messages.dichotomousWithoutComparatorRisk(entry.outcome), "warning"));
  });
  spec.question.outcomes.forEach((outcome, o) => {
    if (!graded.has(outcome.id)) issues.push(analysisIssue(file, ["question", "outcomes", o], messages.gradeMissingOutcome(outcome.id), "warning"));
  });
  return issues;
}

/** One analysis spec against the data: references, selection, evidence kinds, GRADE inputs. */
export function checkAnalysis(dataset: Dataset, analysis: ParsedAnalysis): Issue[] {
  const index = buildIndex(dataset);
  return [
    ...checkSpecStudies(dataset, index, analysis),
    ...checkSyntheses(index, analysis),
    ...checkVariables(index, analysis),
    ...checkScenarios(index, analysis),
    ...checkGradeInputs(analysis),
    ...checkModels(analysis.file, analysis.spec),
  ];
}

/**
 * What a spec asks of the data that no data can give: subgroup variables and moderators
 * that are neither derived nor a characteristic of a study, doseClass without doseClasses.
 * analyze and report refuse a spec with these; missing results only make it not estimable.
 */
export function checkSpecVariables(dataset: Dataset, analysis: ParsedAnalysis): Issue[] {
  return checkVariables(buildIndex(dataset), analysis);
}

/** All cross-record checks, in a fixed order. */
export function checkDataset(dataset: Dataset): Issue[] {
  return [
    ...checkDuplicateIds(dataset),
    ...checkReferences(dataset),
    ...checkCounts(dataset),
    ...checkNegatives(dataset),
    ...checkDoses(dataset),
    ...checkProvenance(dataset),
    ...checkResultForms(dataset),
    ...checkScreening(dataset),
    ...checkSecondarySources(dataset),
    ...dataset.analyses.flatMap((analysis) => checkAnalysis(dataset, analysis)),
  ];
}

/** The count a screening field holds, when it has a value. */
const countValue = (count: Reported | undefined) => count?.value;

/**
 * The screening records: every count has provenance (as every number of a study), the
 * specs named exist, and the flow adds up where its counts are known (screened at most
 * identified less duplicates; excluded at most screened; not retrieved at most sought).
 */
export function checkScreening(dataset: Dataset): Issue[] {
  const issues: Issue[] = [];
  const specIds = [...new Set(dataset.analyses.map((a) => a.spec.id))].sort();
  for (const l of recordsOf(dataset, "screening")) {
    const record = l.record;
    walkReported(record, [], (number, path, defaults) => {
      if (number.value === undefined) return;
      if (number.value < 0) issues.push(issueAt(l, path, messages.negative(String(path.filter((s) => typeof s === "string").pop() ?? "count"), number.value)));
      const merged = { ...defaults, ...number };
      const absent = REQUIRED_PROVENANCE_FIELDS.filter((field) => merged[field] === undefined);
      if (absent.length > 0) issues.push(issueAt(l, path, messages.numberWithoutProvenance(absent)));
      else if (merged.status === "computed" && merged.formula === undefined) issues.push(issueAt(l, path, messages.computedWithoutFormula()));
    });
    if (dataset.analyses.length > 0) {
      (record.specs ?? []).forEach((id, i) => {
        if (!specIds.includes(id)) issues.push(issueAt(l, ["specs", i], messages.unknownSpec(id, specIds)));
      });
    }
    if (dataset.analyses.length > 0) issues.push(...exclusionReasonIssues(l, dataset));
    const identified = record.identification.map((s) => countValue(s.identified));
    const duplicates = countValue(record.duplicatesRemoved);
    const screened = countValue(record.screened);
    if (identified.every((n) => n !== undefined) && duplicates !== undefined && screened !== undefined) {
      const total = identified.reduce((sum, n) => sum + (n ?? 0), 0);
      if (screened > total - duplicates) issues.push(issueAt(l, ["screened"], messages.screenedExceedsRemaining(screened, total, duplicates)));
    }
    const excluded = countValue(record.excludedAtScreening);
    if (excluded !== undefined && screened !== undefined && excluded > screened) issues.push(issueAt(l, ["excludedAtScreening"], messages.screeningExcludedExceeds("records excluded", excluded, "records screened", screened)));
    const sought = countValue(record.soughtForRetrieval);
    const notRetrieved = countValue(record.notRetrieved);
    if (notRetrieved !== undefined && sought !== undefined && notRetrieved > sought) issues.push(issueAt(l, ["notRetrieved"], messages.screeningExcludedExceeds("reports not retrieved", notRetrieved, "reports sought", sought)));
  }
  return issues;
}

/** Each grouped study is excluded by a spec of the record, and in one group only. */
function exclusionReasonIssues(l: Located<"screening">, dataset: Dataset): Issue[] {
  const inScope = dataset.analyses.filter((a) => l.record.specs === undefined || l.record.specs.includes(a.spec.id));
  const excluded = new Set(inScope.flatMap((a) => a.spec.exclude.map((e) => e.study)));
  const issues: Issue[] = [];
  const seen = new Map<string, string>();
  (l.record.exclusionReasons ?? []).forEach((group, g) =>
    group.studies.forEach((study, i) => {
      if (!excluded.has(study)) issues.push(issueAt(l, ["exclusionReasons", g, "studies", i], messages.notExcludedBySpecs(study)));
      const first = seen.get(study);
      if (first !== undefined) issues.push(issueAt(l, ["exclusionReasons", g, "studies", i], messages.excludedTwice(study, first)));
      else seen.set(study, group.label);
    }),
  );
  return issues;
}

/** Each file described once; a claim's file without a description is a warning (the report then shows the file name). */
export function checkSecondarySources(dataset: Dataset): Issue[] {
  const issues: Issue[] = [];
  const byFile = new Map<string, string>();
  for (const l of recordsOf(dataset, "secondarySources")) {
    const first = byFile.get(l.record.file);
    if (first !== undefined) issues.push(issueAt(l, ["file"], messages.duplicateSourceFile(l.record.file, first)));
    else byFile.set(l.record.file, l.record.id);
  }
  if (byFile.size === 0) return issues;
  const warned = new Set<string>();
  for (const l of recordsOf(dataset, "claims")) {
    if (byFile.has(l.record.file) || warned.has(l.record.file)) continue;
    warned.add(l.record.file);
    issues.push(issueAt(l, ["file"], messages.claimFileWithoutSource(l.record.file), "warning"));
  }
  return issues;
}
