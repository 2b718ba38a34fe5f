import { describe, expect, it } from "vitest";
import { rateOutcome } from "../src/index.js";
import { baseline, baselineSpec } from "./build.js";

describe("rateOutcome(baseline)", () => {
  it("rates three large low-risk trials with a precise consistent effect as high", () => {
    const rating = rateOutcome(baseline(), baselineSpec);
    expect(rating.start).toBe("high");
    expect(rating.domains.map((d) => d.final.concern)).toEqual(["no", "no", "no", "no", "not assessable"]);
    expect(rating.certainty).toBe("high");
    expect(rating.symbols).toBe("⊕⊕⊕⊕");
    expect(rating.phrase).toBe("results in");
    expect(rating.direction).toBe("reduction");
    expect(rating.changes).toEqual([]);
  });
  it("every proposal carries a rule id, a signal, a threshold and a source", () => {
    const rating = rateOutcome(baseline(), baselineSpec);
    for (const d of rating.domains) {
      expect(d.proposal.rule).toMatch(/^[a-z-]+\.[a-z0-9-]+$/);
      expect(Object.keys(d.proposal.signal).length).toBeGreaterThan(0);
      expect(Object.keys(d.proposal.threshold).length).toBeGreaterThan(0);
      expect(d.proposal.source.length).toBeGreaterThan(0);
    }
  });
});
