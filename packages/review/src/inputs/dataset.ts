/**
 * Phase 1 of the analysis: the parsed extraction files indexed by id, so a synthesis can
 * look up a result's study, arms, assumptions and risk-of-bias judgements.
 */
import type { Arm, Assumption, ParsedExtraction, Result, RoB2, RobinsI, Study } from "@metakit/schema";

export interface DataIndex {
  readonly studies: ReadonlyMap<string, Study>;
  /** Keyed "study/arm". */
  readonly arms: ReadonlyMap<string, Arm>;
  readonly results: ReadonlyMap<string, Result>;
  readonly assumptions: ReadonlyMap<string, Assumption>;
  /** RoB 2 assessments by result id. */
  readonly rob2: ReadonlyMap<string, RoB2>;
  /** ROBINS-I assessments by result id, or by study id when not per result. */
  readonly robinsI: ReadonlyMap<string, RobinsI>;
}

/** The records of every extraction file, indexed; a later duplicate id is ignored (validate reports it). */
export function indexData(extractions: readonly ParsedExtraction[]): DataIndex {
  const studies = new Map<string, Study>();
  const arms = new Map<string, Arm>();
  const results = new Map<string, Result>();
  const assumptions = new Map<string, Assumption>();
  const rob2 = new Map<string, RoB2>();
  const robinsI = new Map<string, RobinsI>();
  const keep = <T>(map: Map<string, T>, key: string, value: T) => {
    if (!map.has(key)) map.set(key, value);
  };
  for (const file of extractions) {
    for (const { record } of file.records.studies) keep(studies, record.id, record);
    for (const { record } of file.records.arms) keep(arms, armKey(record.study, record.id), record);
    for (const { record } of file.records.results) keep(results, record.id, record);
    for (const { record } of file.records.assumptions) keep(assumptions, record.id, record);
    for (const { record } of file.records.rob2) keep(rob2, record.result, record);
    for (const { record } of file.records.robinsI) keep(robinsI, record.result ?? record.study, record);
  }
  return { studies, arms, results, assumptions, rob2, robinsI };
}

export function armKey(study: string, arm: string): string {
  return `${study}/${arm}`;
}

export function armOf(index: DataIndex, study: string, arm: string): Arm | undefined {
  return index.arms.get(armKey(study, arm));
}
