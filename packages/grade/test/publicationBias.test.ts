// Publication bias (Guyatt et al. 2011, GRADE guidelines 5; Sterne et al. 2011 BMJ 343:d4002):
// a small-study test only with k >= 10, judged at p < 0.10.
import { describe, expect, it } from "vitest";
import { rateOutcome, type OutcomeEvidence } from "../src/index.js";
import { baselineSpec, domain, withPooledRatios } from "./build.js";

const withTest = (k: number, pval?: number, method = "Egger", measure: OutcomeEvidence["measure"] = "RR") => {
  const evidence = withPooledRatios({ k });
  return rateOutcome(
    { ...evidence, measure, ...(pval === undefined ? {} : { smallStudyTest: { method, k, pval } }) },
    baselineSpec,
  );
};
const proposal = (...args: Parameters<typeof withTest>) => domain(withTest(...args), "publicationBias").proposal;

describe("publication bias", () => {
  it("9 studies: not assessable, even with a test p of 0.001", () => {
    const p = proposal(9, 0.001);
    expect(p.concern).toBe("not assessable");
    expect(p.rule).toBe("publication-bias.fewer-than-10-studies");
    expect(p.levels).toBe(0);
  });
  it("10 studies with p = 0.10: no (not below 0.10)", () => expect(proposal(10, 0.1).concern).toBe("no"));
  it("10 studies with p = 0.0999: serious", () => {
    const p = proposal(10, 0.0999);
    expect(p.concern).toBe("serious");
    expect(p.signal).toMatchObject({ k: 10, method: "Egger", pval: 0.0999 });
  });
  it("10 studies and no test given: not assessable, and says there was no test", () => {
    expect(proposal(10).rule).toBe("publication-bias.no-test");
  });
  it("Egger's test on odds ratios is flagged; Harbord's is not", () => {
    expect(withTest(12, 0.5, "Egger", "OR").notes.join(" ")).toMatch(/Harbord's or Peters' test is preferred/);
    expect(withTest(12, 0.5, "Harbord", "OR").notes.join(" ")).not.toMatch(/Harbord's or Peters'/);
  });
  it("a p-value above 1 is a typed error", () => {
    expect(() => withTest(12, 1.2)).toThrow(/smallStudyTest.pval must be between 0 and 1/);
  });
});
