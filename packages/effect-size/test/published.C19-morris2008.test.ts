/**
 * Published values, case C19 of fixtures/published/CASES.md: standardized mean change
 * (Morris 2008, Organ Res Methods 11:364-386, Table 5; metafor's
 * test_analysis_example_morris2008.r). m1i = post-test mean, m2i = pre-test mean;
 * SMCR standardises by the pre-test SD, SMCC by the SD of the change scores.
 */
import { describe, it } from "vitest";
import { expectClose, tol } from "@metakit/fixtures";
import { escalc, type Measure, type StudyInput } from "../src/index.js";

/** Values printed to 4 decimals agree to half a unit in the last place. */

const ri = [0.47, 0.64, 0.77, 0.89, 0.44];
const treatment = {
  pre: [30.6, 23.5, 0.5, 53.4, 35.6], post: [38.5, 26.8, 0.7, 75.9, 36.0],
  sdPre: [15.0, 3.1, 0.1, 14.5, 4.7], sdPost: [11.6, 4.1, 0.1, 4.4, 4.6], ni: [20, 50, 9, 10, 14],
};
const control = {
  pre: [23.1, 24.9, 0.6, 55.7, 34.8], post: [19.7, 25.3, 0.6, 60.7, 33.4],
  sdPre: [13.8, 4.1, 0.2, 17.3, 3.1], sdPost: [14.8, 3.3, 0.2, 17.9, 6.9], ni: [20, 42, 9, 11, 14],
};
type Arm = typeof treatment;

function smcr(arm: Arm): StudyInput[] {
  return arm.ni.map((ni, i) => ({ m1i: arm.post[i]!, m2i: arm.pre[i]!, sd1i: arm.sdPre[i]!, ri: ri[i]!, ni }));
}
function smcc(arm: Arm): StudyInput[] {
  return arm.ni.map((ni, i) => ({ m1i: arm.post[i]!, m2i: arm.pre[i]!, sd1i: arm.sdPost[i]!, sd2i: arm.sdPre[i]!, ri: ri[i]!, ni }));
}

function estimates(measure: Measure, input: readonly StudyInput[]): { yi: number[]; vi: number[] } {
  const rows = escalc(measure, input).studies.map((r) => {
    if (!r.estimable) throw new Error(r.reason);
    return r;
  });
  return { yi: rows.map((r) => r.yi), vi: rows.map((r) => r.vi) };
}

function expectAll(actual: readonly number[], expected: readonly number[]): void {
  actual.forEach((a, i) => expectClose(a, expected[i]!, tol.printed4, `study ${i + 1}`));
}

describe("C19: Morris (2008) standardized mean change", () => {
  it("SMCR treatment group yi and vi", () => {
    const t = estimates("SMCR", smcr(treatment));
    expectAll(t.yi, [0.5056, 1.0481, 1.8054, 1.4181, 0.0801]);
    expectAll(t.vi, [0.0594, 0.0254, 0.2322, 0.1225, 0.0802]);
  });
  it("SMCR control group yi and vi", () => {
    const c = estimates("SMCR", smcr(control));
    expectAll(c.yi, [-0.2365, 0.0958, 0, 0.2667, -0.425]);
    expectAll(c.vi, [0.0544, 0.0173, 0.0511, 0.0232, 0.0864]);
  });
  it("SMCR treatment minus control reproduces Morris (2008) Table 5", () => {
    const t = estimates("SMCR", smcr(treatment)).yi;
    const c = estimates("SMCR", smcr(control)).yi;
    expectAll(t.map((x, i) => x - c[i]!), [0.7421, 0.9524, 1.8054, 1.1514, 0.505]);
  });
  it("SMCC yi in both groups", () => {
    expectAll(estimates("SMCC", smcc(treatment)).yi, [0.5417, 1.0198, 2.6619, 1.9088, 0.0765]);
    expectAll(estimates("SMCC", smcc(control)).yi, [-0.2213, 0.1219, 0, 0.5575, -0.2126]);
  });
});
