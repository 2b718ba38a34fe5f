import { z } from "zod";
import { Id, numberCell, Text } from "./cells.js";
import { messages } from "./messages.js";
import { ReportedNumber, type Reported } from "./provenance.js";

export const DOSE_UNITS = ["mg", "ug", "g", "mg/kg"] as const;
export type DoseUnit = (typeof DOSE_UNITS)[number];

/** How often a dose is given; `timesPerDay` of each is in SCHEDULE_TIMES_PER_DAY. */
export const DOSE_SCHEDULES = ["once-daily", "twice-daily", "three-times-daily", "nightly", "other"] as const;
export type DoseSchedule = (typeof DOSE_SCHEDULES)[number];

/** Administrations per day of each schedule; "other" has no fixed number. */
export const SCHEDULE_TIMES_PER_DAY: Readonly<Record<DoseSchedule, number | undefined>> = {
  "once-daily": 1,
  "twice-daily": 2,
  "three-times-daily": 3,
  nightly: 1,
  other: undefined,
};

/** Milligrams per unit, for the units that convert to mg without a body weight. */
const MG_PER_UNIT: Readonly<Record<DoseUnit, number | undefined>> = { mg: 1, ug: 0.001, g: 1000, "mg/kg": undefined };

export const Dose = z
  .strictObject({
    value: ReportedNumber().describe("A fixed dose (per administration or per day, see `per`).").optional(),
    min: ReportedNumber().describe("Lower end of a dose range (flexible or titrated dosing).").optional(),
    max: ReportedNumber().describe("Upper end of a dose range; alone it means 'up to'.").optional(),
    unit: z.enum(DOSE_UNITS).describe("Unit of value/min/max: mg, ug (micrograms), g, mg/kg."),
    per: z
      .enum(["administration", "day", "not-stated"])
      .describe("Whether value/min/max is the amount per administration or per day (not-stated: no daily dose is derived)."),
    schedule: z.enum(DOSE_SCHEDULES).describe("Dosing schedule; gives administrations per day.").optional(),
    scheduleText: Text.describe("The schedule as the source words it (e.g. '1 mg b.i.d.', 'titrated to 4 mg').").optional(),
    classBy: z
      .enum(["min", "max"])
      .describe("For a range: which end the dose class is taken from.")
      .optional(),
    classByReason: Text.describe("Why the range is classed by that end.").optional(),
  })
  .superRefine((dose, ctx) => {
    if (dose.value === undefined && dose.min === undefined && dose.max === undefined)
      ctx.addIssue({ code: "custom", message: messages.doseNeedsAmount() });
    if ((dose.min !== undefined || dose.max !== undefined) && dose.classBy === undefined)
      ctx.addIssue({ code: "custom", message: messages.rangeNeedsClassBy(), path: ["classBy"] });
  })
  .describe("A dose: amount (fixed or range), unit, per administration or per day, schedule.");
export type Dose = z.output<typeof Dose>;

/**
 * One dose class of a review: its name and the daily dose in mg it goes up to, either
 * `below` (exclusive) or `upTo` (inclusive); the last class may have no bound (every dose
 * above the previous class).
 */
export const DoseClassRow = z
  .strictObject({
    id: Id.describe("The class's name, as tables and subgroups show it (e.g. low)."),
    below: numberCell().describe("The class holds daily doses (mg) below this bound (exclusive).").optional(),
    upTo: numberCell().describe("The class holds daily doses (mg) up to and including this bound.").optional(),
  })
  .describe("A dose class: its name and its upper bound on the daily dose in mg.");
export type DoseClassRow = z.output<typeof DoseClassRow>;

function checkDoseClassBounds(classes: readonly DoseClassRow[], implausibleAbove: number | undefined, ctx: z.RefinementCtx): void {
  let previous = 0;
  const seen = new Set<string>();
  classes.forEach((row, i) => {
    const last = i === classes.length - 1;
    const bound = row.below ?? row.upTo;
    if (seen.has(row.id)) ctx.addIssue({ code: "custom", message: messages.doseClassDuplicate(row.id), path: ["classes", i, "id"] });
    seen.add(row.id);
    if (last && bound !== undefined) ctx.addIssue({ code: "custom", message: messages.doseClassLastBounded(row.id), path: ["classes", i] });
    if (row.below !== undefined && row.upTo !== undefined) ctx.addIssue({ code: "custom", message: messages.doseClassTwoBounds(row.id), path: ["classes", i] });
    else if (bound === undefined && !last) ctx.addIssue({ code: "custom", message: messages.doseClassWithoutBound(row.id), path: ["classes", i] });
    else if (bound !== undefined && !(bound > previous)) ctx.addIssue({ code: "custom", message: messages.doseClassBoundsOrder(row.id, bound, previous), path: ["classes", i] });
    if (bound !== undefined) previous = bound;
  });
  if (implausibleAbove !== undefined && !(implausibleAbove > previous)) {
    ctx.addIssue({ code: "custom", message: messages.implausibleBelowBound(implausibleAbove, previous), path: ["implausibleAbove"] });
  }
}

/**
 * The dose classes a review declares, lowest first, with why these thresholds: every
 * daily dose in mg falls in the first class whose bound holds it.
 * @example { rationale: "...", classes: [{ id: low, upTo: 6 }, { id: standard }] }
 */
export const DoseClasses = z
  .strictObject({
    rationale: Text.describe("Why these classes and thresholds (with the source that defines them)."),
    classes: z.array(DoseClassRow).min(2).describe("The classes, lowest first, with increasing bounds."),
    implausibleAbove: numberCell()
      .describe("Daily doses (mg) above this are reported as errors by validate: a likely unit or entry slip for this intervention.")
      .optional(),
  })
  .superRefine((table, ctx) => checkDoseClassBounds(table.classes, table.implausibleAbove, ctx))
  .describe("Dose classes of the review by daily dose in mg, lowest first, with their rationale.");
export type DoseClasses = z.output<typeof DoseClasses>;

/**
 * The dose class of a daily dose in mg: the first class whose bound holds it.
 * @example doseClassOfDailyMg(4.5, { rationale: "", classes: [{ id: "low", upTo: 6 }, { id: "standard" }] }) // "low"
 */
export function doseClassOfDailyMg(mg: number, table: DoseClasses): string | undefined {
  if (!(mg > 0)) return undefined;
  const holds = (row: DoseClassRow) => (row.below !== undefined ? mg < row.below : row.upTo !== undefined ? mg <= row.upTo : true);
  return table.classes.find(holds)?.id;
}

/** A daily dose in mg: a single value, or the ends of a range (either may be unknown). */
export interface DailyDoseMg {
  readonly value?: number;
  readonly min?: number;
  readonly max?: number;
}

function toDailyMg(amount: Reported | undefined, dose: Dose): number | undefined {
  const value = amount?.value;
  const mgPerUnit = MG_PER_UNIT[dose.unit];
  if (value === undefined || mgPerUnit === undefined) return undefined;
  if (dose.per === "day") return value * mgPerUnit;
  if (dose.per === "not-stated") return undefined;
  const times = dose.schedule === undefined ? undefined : SCHEDULE_TIMES_PER_DAY[dose.schedule];
  return times === undefined ? undefined : value * mgPerUnit * times;
}

/**
 * The daily dose in mg derived from a dose: amount x mg per unit x administrations per
 * day. Undefined parts when the unit needs a body weight (mg/kg) or the schedule gives no
 * fixed number of administrations.
 * @example dailyDoseMg({ value: { value: 1 }, unit: "mg", per: "administration", schedule: "twice-daily" }) // { value: 2 }
 */
export function dailyDoseMg(dose: Dose): DailyDoseMg {
  const parts: { value?: number; min?: number; max?: number } = {};
  const value = toDailyMg(dose.value, dose);
  const min = toDailyMg(dose.min, dose);
  const max = toDailyMg(dose.max, dose);
  if (value !== undefined) parts.value = value;
  if (min !== undefined) parts.min = min;
  if (max !== undefined) parts.max = max;
  return parts;
}

/** The daily dose in mg that decides the class: the fixed value, or the end named by classBy. */
export function classifyingDailyDoseMg(dose: Dose): number | undefined {
  const daily = dailyDoseMg(dose);
  if (daily.value !== undefined) return daily.value;
  return dose.classBy === "min" ? daily.min : dose.classBy === "max" ? daily.max : undefined;
}

/**
 * The dose class of a dose, from its classifying daily dose in mg, by the review's classes.
 * @example doseClass({ min: { value: 50 }, max: { value: 150 }, unit: "mg", per: "day", classBy: "max" }, classes) // the class holding 150 mg
 */
export function doseClass(dose: Dose, table: DoseClasses): string | undefined {
  const mg = classifyingDailyDoseMg(dose);
  return mg === undefined ? undefined : doseClassOfDailyMg(mg, table);
}

/** Duration of treatment (per period, for a crossover). */
export const Duration = z
  .strictObject({
    value: ReportedNumber(),
    unit: z.enum(["days", "weeks", "months"]),
    approximate: z.boolean().optional().describe("The source says 'about'."),
    note: Text.optional(),
  })
  .describe("Treatment duration (per period for a crossover).");
export type Duration = z.output<typeof Duration>;

