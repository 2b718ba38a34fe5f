/**
 * The table of study characteristics (Cochrane's "Characteristics of included studies" in
 * one row per study): design, population, n per arm, dose and dose class, duration,
 * outcome, the result as reported, risk of bias and the provenance of the numbers.
 */
import type { ArmCharacteristics, StudyCharacteristics } from "../report/types.js";
import type { Table, TableColumn } from "./types.js";

const COLUMNS: readonly TableColumn[] = [
  { header: "Study" },
  { header: "Design" },
  { header: "Population" },
  { header: "n per arm" },
  { header: "Dose" },
  { header: "Dose class" },
  { header: "Duration" },
  { header: "Outcome" },
  { header: "Result as reported" },
  { header: "Risk of bias" },
  { header: "Provenance" },
];

/** "vaccine: 25; placebo: 26"; an arm without a count says so. */
export function armsText(arms: readonly ArmCharacteristics[], field: (arm: ArmCharacteristics) => string | undefined): string {
  return arms
    .flatMap((arm) => {
      const value = field(arm);
      return value === undefined || value === "" ? [] : [`${arm.label}: ${value}`];
    })
    .join("; ");
}

const armSize = (arm: ArmCharacteristics) => (arm.n === null ? "not reported" : String(arm.n));

export function characteristicsTable(studies: readonly StudyCharacteristics[]): Table {
  return {
    columns: COLUMNS,
    rows: studies.map((s) => [
      s.study,
      s.design,
      s.population,
      armsText(s.arms, armSize),
      armsText(s.arms, (arm) => arm.dose),
      armsText(s.arms, (arm) => arm.doseClass),
      s.duration,
      s.outcome,
      s.result,
      s.riskOfBias,
      s.provenance,
    ]),
  };
}
