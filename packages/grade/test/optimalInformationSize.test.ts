import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { expectClose, tol } from "@metakit/fixtures";
import {
  binaryOptimalInformationSize,
  continuousOptimalInformationSize,
  MetakitError,
} from "./imports.js";

// Oracle: R's power.prop.test and power.t.test, written by
// packages/fixtures/scripts/grade-ois.R into packages/fixtures/grade/ois.json.
interface BinaryCase { controlRisk: number; rrr: number; alpha: number; power: number; nPerGroup: number }
interface ContinuousCase { delta: number; sd: number; alpha: number; power: number; nPerGroupT: number; nPerGroupGuenther: number }
const oracle = JSON.parse(
  readFileSync(new URL("../../fixtures/grade/ois.json", import.meta.url), "utf8"),
) as { binary: BinaryCase[]; continuous: ContinuousCase[] };

describe("binaryOptimalInformationSize", () => {
  it.each(oracle.binary)("matches power.prop.test for p0 $controlRisk, RRR $rrr, power $power", (c) => {
    const ois = binaryOptimalInformationSize({ controlRisk: c.controlRisk, relativeRiskReduction: c.rrr, alpha: c.alpha, power: c.power });
    expectClose(ois.perGroup, c.nPerGroup, tol.sizePerGroup, "per group");
    expect(ois.total).toBe(2 * Math.ceil(c.nPerGroup));
  });
  it("p0 0.2, RRR 25%, alpha 0.05, power 0.8 needs 906 per group (R: power.prop.test(p1 = 0.2, p2 = 0.15, power = 0.8): n = 905.37)", () => {
    expect(binaryOptimalInformationSize({ controlRisk: 0.2, relativeRiskReduction: 0.25, alpha: 0.05, power: 0.8 }).total).toBe(1812);
  });
  it("refuses a comparator risk of 0 and a relative risk reduction of 1 with typed errors", () => {
    expect(() => binaryOptimalInformationSize({ controlRisk: 0, relativeRiskReduction: 0.25, alpha: 0.05, power: 0.8 })).toThrow(MetakitError);
    expect(() => binaryOptimalInformationSize({ controlRisk: 0.2, relativeRiskReduction: 1, alpha: 0.05, power: 0.8 })).toThrow(MetakitError);
  });
});

describe("continuousOptimalInformationSize", () => {
  it.each(oracle.continuous)("is within 0.15 per group of power.t.test for delta $delta, sd $sd, alpha $alpha, power $power", (c) => {
    const ois = continuousOptimalInformationSize({ difference: c.delta, sd: c.sd, alpha: c.alpha, power: c.power });
    expectClose(ois.perGroup, c.nPerGroupGuenther, tol.sizeGuenther, "per group (Guenther)");
    expectClose(ois.perGroup, c.nPerGroupT, tol.sizeVersusExactT, "per group (exact t)");
  });
  it("d = 0.5, alpha 0.05, power 0.8 needs 64 per group (Cohen 1988, table 2.4.1), 128 in all", () => {
    expect(continuousOptimalInformationSize({ difference: 0.5, sd: 1, alpha: 0.05, power: 0.8 }).total).toBe(128);
  });
  it("refuses a zero difference and a zero SD with typed errors", () => {
    expect(() => continuousOptimalInformationSize({ difference: 0, sd: 1, alpha: 0.05, power: 0.8 })).toThrow(MetakitError);
    expect(() => continuousOptimalInformationSize({ difference: 1, sd: 0, alpha: 0.05, power: 0.8 })).toThrow(MetakitError);
  });
});
