/** The overall judgements RoB 2 and ROBINS-I propose from their domains (Sterne 2019, Table 2; Sterne 2016, Table 2). */
import { describe, expect, it } from "vitest";
import { proposedRob2Overall, proposedRobinsIOverall } from "../src/index.js";

describe("proposedRob2Overall(domains)", () => {
  it("is low only when every domain is low, high when any is high, some concerns otherwise", () => {
    expect(proposedRob2Overall(["low", "low", "low", "low", "low"])).toBe("low");
    expect(proposedRob2Overall(["low", "some-concerns", "low", "low", "low"])).toBe("some-concerns");
    expect(proposedRob2Overall(["some-concerns", "some-concerns", "some-concerns", "low", "low"])).toBe("some-concerns");
    expect(proposedRob2Overall(["low", "some-concerns", "high", "low", "low"])).toBe("high");
  });
});

describe("proposedRobinsIOverall(domains)", () => {
  it("is the most severe domain, no information only when nothing is serious or critical", () => {
    expect(proposedRobinsIOverall(["low", "low", "low", "low", "low", "low", "low"])).toBe("low");
    expect(proposedRobinsIOverall(["low", "moderate", "low", "low", "low", "low", "low"])).toBe("moderate");
    expect(proposedRobinsIOverall(["moderate", "no-information", "low", "low", "low", "low", "low"])).toBe("no-information");
    expect(proposedRobinsIOverall(["serious", "no-information", "low", "low", "low", "low", "low"])).toBe("serious");
    expect(proposedRobinsIOverall(["critical", "serious", "moderate", "low", "low", "low", "low"])).toBe("critical");
  });
});
