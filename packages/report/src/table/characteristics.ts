/**
 * The table of study characteristics (Cochrane's "Characteristics of included studies" in
 * one row per study): design, population, n per arm, dose and dose class, duration,
 * outcome, the result as reported, risk of bias and the provenance of the numbers.
 */
import type { ArmCharacteristics, StudyCharacteristics } from "../report/types.js";
import type { Table, TableColumn } from "./types.js";

/** The review's own study characteristics ("latitude", "allocation"), in order of first appearance. */
function characteristicNames(studies: readonly StudyCharacteristics[]): string[] {
  return [...new Set(studies.flatMap((s) => Object.keys(s.characteristics ?? {})))];
}

/** "vaccine: 25; placebo: 26"; an arm without a count says so. */
export function armsText(arms: readonly ArmCharacteristics[], field: (arm: ArmCharacteristics) => string | undefined): string {
  return arms
    .flatMap((arm) => {
      const value = field(arm);
      return value === undefined || value === "" ? [] : [`${arm.label}: ${value}`];
    })
    .join("; ");
}

/** "123", or "123 (analysed)" when the count comes from a result rather than the arm's record. */
const armSize = (arm: ArmCharacteristics) => (arm.n === null ? "not reported" : arm.nSource === undefined ? String(arm.n) : `${arm.n} (${arm.nSource})`);

/**
 * One row per study. The review's own characteristics get a column each after the
 * population; the dose class column appears only when some arm of the table has one.
 */
export function characteristicsTable(studies: readonly StudyCharacteristics[]): Table {
  const named = characteristicNames(studies);
  const withDoseClass = studies.some((s) => s.arms.some((arm) => arm.doseClass !== undefined));
  const columns: TableColumn[] = [
    { header: "Study" },
    { header: "Design" },
    { header: "Population" },
    ...named.map((name) => ({ header: name })),
    { header: "n per arm" },
    { header: "Dose" },
    ...(withDoseClass ? [{ header: "Dose class" }] : []),
    { header: "Duration" },
    { header: "Outcome" },
    { header: "Result as reported" },
    { header: "Risk of bias" },
    { header: "Provenance" },
  ];
  return {
    columns,
    rows: studies.map((s) => [
      s.study,
      s.design,
      s.population,
      ...named.map((name) => s.characteristics?.[name] ?? ""),
      armsText(s.arms, armSize),
      armsText(s.arms, (arm) => arm.dose),
      ...(withDoseClass ? [armsText(s.arms, (arm) => arm.doseClass)] : []),
      s.duration,
      s.outcome,
      s.result,
      s.riskOfBias,
      s.provenance,
    ]),
  };
}
