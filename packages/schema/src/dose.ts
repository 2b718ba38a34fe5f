import { z } from "zod";
import { Text } from "./cells.js";
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

/** The naltrexone dose classes, lowest first. */
export const DOSE_CLASSES = ["ultra-low", "low", "standard", "high"] as const;
export type DoseClass = (typeof DOSE_CLASSES)[number];

/**
 * The one table of dose-class thresholds (daily dose in mg). A class holds doses up to
 * `upToMg` (inclusive when `inclusive`), above the previous class's bound:
 * ultra-low < 1 mg; low 1-6 mg; standard > 6 up to 100 mg; high > 100 mg.
 */
export const DOSE_CLASS_THRESHOLDS: readonly { readonly doseClass: DoseClass; readonly upToMg: number; readonly inclusive: boolean }[] = [
  { doseClass: "ultra-low", upToMg: 1, inclusive: false },
  { doseClass: "low", upToMg: 6, inclusive: true },
  { doseClass: "standard", upToMg: 100, inclusive: true },
  { doseClass: "high", upToMg: Number.POSITIVE_INFINITY, inclusive: true },
];

/** Daily doses outside (0, this] mg are reported as implausible by the checks. */
export const PLAUSIBLE_DAILY_DOSE_MG = 1000;

/** The dose class of a daily dose in mg, by DOSE_CLASS_THRESHOLDS. */
export function doseClassOfDailyMg(mg: number): DoseClass | undefined {
  if (!(mg > 0)) return undefined;
  const row = DOSE_CLASS_THRESHOLDS.find((t) => (t.inclusive ? mg <= t.upToMg : mg < t.upToMg));
  return row?.doseClass;
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
 * The dose class of a dose, from its classifying daily dose in mg.
 * @example doseClass({ min: { value: 50 }, max: { value: 150 }, unit: "mg", per: "day", classBy: "max" }) // "high"
 */
export function doseClass(dose: Dose): DoseClass | undefined {
  const mg = classifyingDailyDoseMg(dose);
  return mg === undefined ? undefined : doseClassOfDailyMg(mg);
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

