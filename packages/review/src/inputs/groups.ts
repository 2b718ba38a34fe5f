/**
 * The subgroup a result belongs to for each variable an analysis spec can name: the dose
 * class of its experimental arm (from the daily dose, by the classes the spec declares),
 * its comparator, its study's design and population, and its study's characteristics.
 */
import { recordOf } from "@metakit/base";
import { classifyingDailyDoseMg, doseClass, resultArmIds, type Arm, type ArmRoles, type DoseClasses, type Result, type Study } from "@metakit/schema";
import { armOf, type DataIndex } from "./dataset.js";

/** The arm ids of a result: the experimental arm and the comparator arm (absent for a single arm). */
function armIds(index: DataIndex, result: Result): ArmRoles<string> {
  return resultArmIds(result, (arm) => armOf(index, result.study, arm)?.type);
}

function doseClassLabel(arm: Arm | undefined, classes: DoseClasses): string {
  if (arm?.dose === undefined) return "dose class not known";
  return doseClass(arm.dose, classes) ?? "dose class not known";
}

/** A study characteristic as a group label: the text, or the number as written. */
function characteristicLabels(study: Study | undefined): Record<string, string> {
  const labels = recordOf<string>();
  for (const [name, value] of Object.entries(study?.characteristics ?? {})) {
    const text = typeof value === "string" ? value : value.value === undefined ? undefined : String(value.value);
    if (text !== undefined) labels[name] = text;
  }
  return labels;
}

function comparatorLabel(arm: Arm | undefined, singleArm: boolean): string {
  if (singleArm) return "none (single arm)";
  if (arm === undefined) return "comparator not known";
  return arm.type === "placebo" ? "placebo" : `${arm.type}: ${arm.intervention}`;
}

/**
 * The result's label for every subgroup variable: its study's characteristics, then the
 * derived variables (doseClass only when the spec declares dose classes).
 */
export function subgroupLabels(index: DataIndex, result: Result, doseClasses: DoseClasses | undefined): Readonly<Record<string, string>> {
  const ids = armIds(index, result);
  const arm = (id: string | undefined) => (id === undefined ? undefined : armOf(index, result.study, id));
  const study = index.studies.get(result.study);
  return Object.assign(characteristicLabels(study), {
    ...(doseClasses !== undefined && { doseClass: doseClassLabel(arm(ids.experimental), doseClasses) }),
    comparator: comparatorLabel(arm(ids.control), result.form === "proportion"),
    design: study?.design ?? "design not known",
    population: study?.population ?? "population not known",
  });
}

/** A study characteristic's number, or undefined when the study gives none or a text. */
export function numericCharacteristicOf(index: DataIndex, result: Result, name: string): number | undefined {
  const value = index.studies.get(result.study)?.characteristics?.[name];
  return value === undefined || typeof value === "string" ? undefined : value.value;
}

/**
 * The daily dose in mg of the result's experimental arm, as the dose class uses it (the
 * stated daily amount, or the end of a range the data name); undefined when not known.
 */
export function dailyDoseOf(index: DataIndex, result: Result): number | undefined {
  const id = armIds(index, result).experimental;
  const dose = id === undefined ? undefined : armOf(index, result.study, id)?.dose;
  return dose === undefined ? undefined : classifyingDailyDoseMg(dose);
}
