import { describe, expect, it } from "vitest";
import { dailyDoseMg, Dose, DoseClasses, doseClass, doseClassOfDailyMg } from "../src/index.js";

const dose = (input: unknown) => Dose.parse(input);

/** A four-class table with an exclusive, two inclusive and an open bound (a review declares its own in its spec). */
const classes = DoseClasses.parse({
  rationale: "test table",
  classes: [{ id: "ultra-low", below: 1 }, { id: "low", upTo: 6 }, { id: "standard", upTo: 100 }, { id: "high" }],
});

describe("doseClassOfDailyMg(mg, classes): below is exclusive, upTo inclusive, the last class open", () => {
  const cases: readonly (readonly [number, string | undefined])[] = [
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
    it(`doseClassOfDailyMg(${mg}, classes) is ${String(expected)}`, () => expect(doseClassOfDailyMg(mg, classes)).toBe(expected));
  }

  it("a table whose last class has a bound (refused by DoseClasses) leaves doses above it unclassed", () => {
    const bounded: DoseClasses = { rationale: "r", classes: [{ id: "a", upTo: 1 }, { id: "b", upTo: 2 }] };
    expect(DoseClasses.safeParse(bounded).success).toBe(false);
    expect(doseClassOfDailyMg(2, bounded)).toBe("b");
    expect(doseClassOfDailyMg(2.5, bounded)).toBeUndefined();
  });
});

describe("DoseClasses", () => {
  const messages = (input: unknown) => DoseClasses.safeParse(input).error?.issues.map((i) => i.message) ?? [];

  it("rejects bounds that do not increase, a class with both bounds and an open class before the last", () => {
    expect(messages({ rationale: "r", classes: [{ id: "a", upTo: 6 }, { id: "b", upTo: 6 }, { id: "c" }] })).toEqual([
      'dose class "b" ends at 6 mg, not above the previous bound 6 mg: list classes lowest first',
    ]);
    expect(messages({ rationale: "r", classes: [{ id: "a", below: 1, upTo: 1 }, { id: "b" }] })).toEqual(['dose class "a" has both "below" and "upTo": give one']);
    expect(messages({ rationale: "r", classes: [{ id: "a" }, { id: "b", upTo: 6 }, { id: "c" }] })).toEqual(['dose class "a" has no bound: only the last class may have none']);
  });

  it("rejects a class declared twice, a last class with a bound (doses above it would have no class) and an implausible bound inside a class", () => {
    expect(messages({ rationale: "r", classes: [{ id: "low", upTo: 6 }, { id: "low" }] })).toEqual(['dose class "low" is declared twice']);
    expect(messages({ rationale: "r", classes: [{ id: "low", upTo: 6 }, { id: "standard", upTo: 100 }] })).toEqual([
      'dose class "standard" is the last class: give it no bound, so that it holds every dose above the previous bound',
    ]);
    expect(messages({ rationale: "r", classes: [{ id: "low", upTo: 6 }, { id: "standard", upTo: 100 }, { id: "high" }], implausibleAbove: 50 })).toEqual([
      "implausibleAbove (50 mg) must be above every class bound (100 mg): a dose in a class cannot be implausible",
    ]);
    expect(messages({ rationale: "r", classes: [{ id: "low", upTo: 6 }, { id: "high" }], implausibleAbove: 1000 })).toEqual([]);
  });

  it("needs a rationale and at least two classes", () => {
    expect(DoseClasses.safeParse({ classes: [{ id: "a", upTo: 1 }, { id: "b" }] }).success).toBe(false);
    expect(DoseClasses.safeParse({ rationale: "r", classes: [{ id: "a" }] }).success).toBe(false);
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
    expect(doseClass(dose({ ...range, classBy: "min" }), classes)).toBe("standard");
    expect(doseClass(dose({ ...range, classBy: "max" }), classes)).toBe("high");
  });

  it("classes 'up to 4.5 mg/day' (max only) as low", () => {
    expect(doseClass(dose({ max: 4.5, unit: "mg", per: "day", classBy: "max" }), classes)).toBe("low");
  });

  it("is undefined when the classBy end is missing", () => {
    expect(doseClass(dose({ max: 4.5, unit: "mg", per: "day", classBy: "min" }), classes)).toBeUndefined();
  });

  it("Dose rejects a range without classBy and a dose without an amount", () => {
    expect(Dose.safeParse({ min: 1, max: 2, unit: "mg", per: "day" }).success).toBe(false);
    expect(Dose.safeParse({ unit: "mg", per: "day" }).success).toBe(false);
  });
});
