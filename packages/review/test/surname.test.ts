// A study's label takes the first author's whole surname, as Vancouver writes authors
// ("Surname Initials"): a tester found "De Sousa A" labelled "De 2008".
import { describe, expect, it } from "vitest";
import { surnameOf } from "../src/report-input/labels.js";

describe("surnameOf", () => {
  it("keeps particles and compound surnames whole", () => {
    expect(surnameOf("De Sousa A")).toBe("De Sousa");
    expect(surnameOf("van Ree JM")).toBe("van Ree");
    expect(surnameOf("Glaudemans-van Gelderen I")).toBe("Glaudemans-van Gelderen");
    expect(surnameOf("Karakuła-Juchnowicz H")).toBe("Karakuła-Juchnowicz");
  });
  it("reads a plain Vancouver name, a bare surname and nothing", () => {
    expect(surnameOf("Roth AS")).toBe("Roth");
    expect(surnameOf("Symons")).toBe("Symons");
    expect(surnameOf("  ")).toBeUndefined();
    expect(surnameOf(undefined)).toBeUndefined();
  });
});
