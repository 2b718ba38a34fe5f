/**
 * Fail-safe N as metafor's test_misc_fsn.r (published/CASES.md, C22): Rosenthal (1979),
 * Orwin (1983) and Rosenberg (2005) on the teacher expectancy data (dat.raudenbush1985),
 * passive smoking and lung cancer (dat.hackshaw1998) and employment interviews
 * (dat.mcdaniel1994, Fisher's z of r). Integers: exact.
 */
import { column, publishedData } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { failSafeN } from "../src/index.js";

const raudenbush = (() => {
  const rows = publishedData("dat.raudenbush1985.csv");
  return { yi: column(rows, "yi"), vi: column(rows, "vi") };
})();
const hackshaw = (() => {
  const rows = publishedData("dat.hackshaw1998.csv");
  return { yi: column(rows, "yi"), vi: column(rows, "vi") };
})();
const mcdaniel = (() => {
  const rows = publishedData("dat.mcdaniel1994.csv");
  const ni = column(rows, "ni");
  return { yi: column(rows, "ri").map(Math.atanh), vi: ni.map((n) => 1 / (n - 3)) };
})();

describe("failSafeN(raudenbush1985) (Raudenbush 2009; C22)", () => {
  it("Rosenthal 26 (Stouffer), 40 (Fisher)", () => {
    expect(failSafeN(raudenbush).fsn).toBe(26);
    expect(failSafeN(raudenbush, { pool: "Fisher" }).fsn).toBe(40);
  });
  it("Orwin with target .05: 44 unweighted, 4 weighted; Rosenberg 0", () => {
    expect(failSafeN(raudenbush, { type: "Orwin", target: 0.05, weighted: false }).fsn).toBe(44);
    expect(failSafeN(raudenbush, { type: "Orwin", target: 0.05, weighted: true }).fsn).toBe(4);
    expect(failSafeN(raudenbush, { type: "Rosenberg" }).fsn).toBe(0);
  });
});

describe("failSafeN(hackshaw1998) (Hackshaw et al. 1997; C22)", () => {
  it("Rosenthal 393; Orwin (.049) 186 unweighted, 104 weighted; Rosenberg 202", () => {
    expect(failSafeN(hackshaw).fsn).toBe(393);
    expect(failSafeN(hackshaw, { type: "Orwin", target: 0.049, weighted: false }).fsn).toBe(186);
    expect(failSafeN(hackshaw, { type: "Orwin", target: 0.049, weighted: true }).fsn).toBe(104);
    expect(failSafeN(hackshaw, { type: "Rosenberg" }).fsn).toBe(202);
  });
});

describe("failSafeN(mcdaniel1994) (McDaniel et al. 1994; C22)", () => {
  it("Rosenthal 50364; Orwin (.15) 129 unweighted, 65 weighted; Rosenberg 45528", () => {
    expect(failSafeN(mcdaniel).fsn).toBe(50364);
    expect(failSafeN(mcdaniel, { type: "Orwin", target: 0.15, weighted: false }).fsn).toBe(129);
    expect(failSafeN(mcdaniel, { type: "Orwin", target: 0.15, weighted: true }).fsn).toBe(65);
    expect(failSafeN(mcdaniel, { type: "Rosenberg" }).fsn).toBe(45528);
  });
});
