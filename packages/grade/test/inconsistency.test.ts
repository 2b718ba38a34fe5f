// Inconsistency rules (Guyatt et al. 2011, GRADE guidelines 7; I2 bands of Cochrane Handbook
// 10.10.2; thresholds in src/thresholds.ts). Decision thresholds: RR 0.75, 1, 1.25 (GRADE guidelines 6 default).
import { describe, expect, it } from "vitest";
import { rateOutcome } from "../src/index.js";
import { baselineSpec, domain, withPooledRatios } from "./build.js";

const heterogeneous = { I2: 60, tau2: 0.05, QEp: 0.01 };
const proposal = (changes: Parameters<typeof withPooledRatios>[0]) =>
  domain(rateOutcome(withPooledRatios(changes), baselineSpec), "inconsistency").proposal;

describe("inconsistency: is there heterogeneity worth judging?", () => {
  const wide = { piLower: 0.3, piUpper: 1.5 };
  it("tau2 = 0: no, whatever the prediction interval", () => {
    expect(proposal({ ...wide, I2: 0, tau2: 0, QEp: 0.5 }).rule).toBe("inconsistency.little-heterogeneity");
  });
  it("I2 exactly 50% opens the gate (at the Handbook's 'substantial' band)", () => {
    expect(proposal({ ...wide, I2: 50, tau2: 0.05, QEp: 0.5 }).concern).toBe("very serious");
  });
  it("I2 49.9% with Q p = 0.10 (not below 0.10): no", () => {
    expect(proposal({ ...wide, I2: 49.9, tau2: 0.05, QEp: 0.1 }).concern).toBe("no");
  });
  it("I2 49.9% with Q p = 0.0999: the gate opens", () => {
    expect(proposal({ ...wide, I2: 49.9, tau2: 0.05, QEp: 0.0999 }).concern).toBe("very serious");
  });
});

describe("inconsistency: the prediction interval against the thresholds", () => {
  it("PI 0.4 to 0.74 crosses nothing: no", () => {
    const p = proposal({ ...heterogeneous, piLower: 0.4, piUpper: 0.74 });
    expect(p.concern).toBe("no");
    expect(p.rule).toBe("inconsistency.pi-within-one-region");
  });
  it("PI ending exactly at 0.75 touches but does not cross: no", () => {
    expect(proposal({ ...heterogeneous, piLower: 0.4, piUpper: 0.75 }).concern).toBe("no");
  });
  it("PI 0.4 to 0.76 crosses 0.75: serious", () => {
    const p = proposal({ ...heterogeneous, piLower: 0.4, piUpper: 0.76 });
    expect(p.concern).toBe("serious");
    expect(p.signal.thresholdsCrossedByPI).toBe("0.75");
  });
  it("PI 0.4 to 1 crosses 0.75 and touches 1: serious", () => {
    expect(proposal({ ...heterogeneous, piLower: 0.4, piUpper: 1 }).concern).toBe("serious");
  });
  it("PI 0.4 to 1.01 spans benefit and harm (crosses 0.75 and 1): very serious", () => {
    const p = proposal({ ...heterogeneous, piLower: 0.4, piUpper: 1.01 });
    expect(p.concern).toBe("very serious");
    expect(p.explanation).toMatch(/prediction interval 0\.4 to 1\.01 crosses 0\.75, 1/);
  });
});

describe("inconsistency without a prediction interval", () => {
  const noPi = (I2: number) => {
    const evidence = withPooledRatios({ tau2: 0.05, QEp: 0.01, I2 });
    const { piLower: _l, piUpper: _u, ...pooled } = evidence.pooled!;
    return domain(rateOutcome({ ...evidence, pooled }, baselineSpec), "inconsistency").proposal;
  };
  it("I2 74.9%: no", () => expect(noPi(74.9).concern).toBe("no"));
  it("I2 75% ('considerable'): serious", () => expect(noPi(75).concern).toBe("serious"));
});

describe("inconsistency when it cannot be judged", () => {
  it("a single study: not assessable, no levels", () => {
    const p = proposal({ k: 1 });
    expect(p.concern).toBe("not assessable");
    expect(p.levels).toBe(0);
  });
});
