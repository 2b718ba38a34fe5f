import { describe, expect, it } from "vitest";
import { dailyDoseMg, Dose, DOSE_CLASS_THRESHOLDS, doseClass, doseClassOfDailyMg, type DoseClass } from "../src/index.js";

const dose = (input: unknown) => Dose.parse(input);

describe("doseClassOfDailyMg(mg): ultra-low < 1, low 1-6, standard > 6 to 100, high > 100", () => {
  const cases: readonly (readonly [number, DoseClass | undefined])[] = [
    [0.001, "ultra-low"],
    [0.999, "ultra-low"],
    [1, "low"],
    [4.5, "low"],
    [6, "low"],
    [6.0001, "standard"],
    [50, "standard"],
    [100, "standard"],
    [100.5, "high"],
    [800, "high"],
    [0, undefined],
    [-1, undefined],
    [Number.NaN, undefined],
  ];
  for (const [mg, expected] of cases) {
    it(`doseClassOfDailyMg(${mg}) is ${String(expected)}`, () => expect(doseClassOfDailyMg(mg)).toBe(expected));
  }

  it("DOSE_CLASS_THRESHOLDS lists the classes lowest first, with increasing bounds", () => {
    expect(DOSE_CLASS_THRESHOLDS.map((t) => t.doseClass)).toEqual(["ultra-low", "low", "standard", "high"]);
    const bounds = DOSE_CLASS_THRESHOLDS.map((t) => t.upToMg);
    expect([...bounds].sort((a, b) => a - b)).toEqual(bounds);
  });
});

describe("dailyDoseMg(dose)", () => {
  it("multiplies a per-administration amount by the administrations per day (1 mg b.i.d. = 2 mg)", () => {
    expect(dailyDoseMg(dose({ value: 1, unit: "mg", per: "administration", schedule: "twice-daily" }))).toEqual({ value: 2 });
  });

  it("converts micrograms and grams to mg", () => {
    expect(dailyDoseMg(dose({ value: 500, unit: "ug", per: "day" }))).toEqual({ value: 0.5 });
    expect(dailyDoseMg(dose({ value: 0.05, unit: "g", per: "day" }))).toEqual({ value: 50 });
  });

  it("derives nothing when the basis is not stated, the schedule is not fixed, or the unit needs a body weight", () => {
    expect(dailyDoseMg(dose({ value: 4.5, unit: "mg", per: "not-stated" }))).toEqual({});
    expect(dailyDoseMg(dose({ value: 4.5, unit: "mg", per: "administration", schedule: "other" }))).toEqual({});
    expect(dailyDoseMg(dose({ value: 1, unit: "mg/kg", per: "day" }))).toEqual({});
  });
});

describe("doseClass(dose)", () => {
  it("classes a range by the end named in classBy", () => {
    const range = { min: 50, max: 150, unit: "mg", per: "day" };
    expect(doseClass(dose({ ...range, classBy: "min" }))).toBe("standard");
    expect(doseClass(dose({ ...range, classBy: "max" }))).toBe("high");
  });

  it("classes 'up to 4.5 mg/day' (max only) as low", () => {
    expect(doseClass(dose({ max: 4.5, unit: "mg", per: "day", classBy: "max" }))).toBe("low");
  });

  it("is undefined when the classBy end is missing", () => {
    expect(doseClass(dose({ max: 4.5, unit: "mg", per: "day", classBy: "min" }))).toBeUndefined();
  });

  it("Dose rejects a range without classBy and a dose without an amount", () => {
    expect(Dose.safeParse({ min: 1, max: 2, unit: "mg", per: "day" }).success).toBe(false);
    expect(Dose.safeParse({ unit: "mg", per: "day" }).success).toBe(false);
  });
});
