/**
 * The subgroup a result belongs to for each variable an analysis spec can name: the dose
 * class of its naltrexone arm (from the daily dose, by @metakit/schema's one table of
 * thresholds), its comparator, its study's design and population.
 */
import { classifyingDailyDoseMg, doseClass, resultArmIds, SUBGROUP_VARIABLES, type Arm, type ArmRoles, type Result } from "@metakit/schema";
import { armOf, type DataIndex } from "./dataset.js";

export type SubgroupVariable = (typeof SUBGROUP_VARIABLES)[number];

/** The arm ids of a result: the naltrexone arm and the comparator arm (absent for a single arm). */
function armIds(index: DataIndex, result: Result): ArmRoles<string> {
  return resultArmIds(result, (arm) => armOf(index, result.study, arm)?.type);
}

function doseClassLabel(arm: Arm | undefined): string {
  if (arm?.dose === undefined) return "dose class not known";
  return doseClass(arm.dose) ?? "dose class not known";
}

function comparatorLabel(arm: Arm | undefined, singleArm: boolean): string {
  if (singleArm) return "none (single arm)";
  if (arm === undefined) return "comparator not known";
  return arm.type === "placebo" ? "placebo" : `${arm.type}: ${arm.intervention}`;
}

/** The result's label for every subgroup variable. */
export function subgroupLabels(index: DataIndex, result: Result): Readonly<Record<SubgroupVariable, string>> {
  const ids = armIds(index, result);
  const arm = (id: string | undefined) => (id === undefined ? undefined : armOf(index, result.study, id));
  const study = index.studies.get(result.study);
  return {
    doseClass: doseClassLabel(arm(ids.experimental)),
    comparator: comparatorLabel(arm(ids.control), result.form === "proportion"),
    design: study?.design ?? "design not known",
    population: study?.population ?? "population not known",
  };
}

/**
 * The daily dose in mg of the result's naltrexone arm, as the dose class uses it (the
 * stated daily amount, or the end of a range the data name); undefined when not known.
 */
export function dailyDoseOf(index: DataIndex, result: Result): number | undefined {
  const id = armIds(index, result).experimental;
  const dose = id === undefined ? undefined : armOf(index, result.study, id)?.dose;
  return dose === undefined ? undefined : classifyingDailyDoseMg(dose);
}
