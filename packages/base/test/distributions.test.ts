import { describe, expect, it } from "vitest";
import {
  chisqQuantile,
  chisqUpperTail,
  fUpperTail,
  normalCdf,
  normalQuantile,
  normalTwoSidedP,
  tQuantile,
  tTwoSidedP,
} from "../src/index.js";

// Reference values from R 4.2 (Debian r-base-core) at 15 digits (pnorm, pchisq, qt, pf ...), the same functions metafor calls.
const rel = (x: number, y: number) => Math.abs(x - y) / Math.abs(y);

describe("distributions", () => {
  it("chisqUpperTail(200, 10) is 1.6e-37, not 0 (R: pchisq(200, 10, lower.tail=FALSE))", () => {
    expect(rel(chisqUpperTail(200, 10), 1.61393053369773e-37)).toBeLessThan(1e-8);
  });
  it("chisqUpperTail of the BCG log RR Q (152.233, 12 df) matches metafor's QEp", () => {
    expect(rel(chisqUpperTail(152.233008082373, 12), 1.99676459084597e-26)).toBeLessThan(1e-9);
  });
  it("normalTwoSidedP(-10.6246525010465) matches metafor's pval 2.2886e-26", () => {
    expect(rel(normalTwoSidedP(-10.6246525010465), 2.28862930697324e-26)).toBeLessThan(1e-9);
  });
  it("normalCdf(-9) is 1.128588e-19 (R: pnorm(-9))", () => {
    expect(rel(normalCdf(-9), 1.1285884059538e-19)).toBeLessThan(1e-9);
  });
  it("normalQuantile(0.975) is 1.959963984540054", () => {
    expect(rel(normalQuantile(0.975), 1.959963984540054)).toBeLessThan(1e-14);
  });
  it("tQuantile(0.975, 12) is 2.178812829667228 (R: qt(.975, 12))", () => {
    expect(rel(tQuantile(0.975, 12), 2.178812829667228)).toBeLessThan(1e-12);
  });
  it("tTwoSidedP(2, 5) is 0.1019395 (R: 2*pt(-2, 5))", () => {
    expect(rel(tTwoSidedP(2, 5), 0.101939478829858)).toBeLessThan(1e-12);
  });
  it("tTwoSidedP(40, 3) stays accurate in the tail (R: 2*pt(-40, 3) = 3.438068e-05)", () => {
    expect(rel(tTwoSidedP(40, 3), 3.43806807891585e-05)).toBeLessThan(1e-9);
  });
  it("chisqQuantile(0.025, 12) is 4.403788506981 (R: qchisq(.025, 12))", () => {
    expect(rel(chisqQuantile(0.025, 12), 4.4037885069817)).toBeLessThan(1e-10);
  });
  it("fUpperTail(3, 2, 10) is 0.0953674 (R: pf(3, 2, 10, lower.tail=FALSE))", () => {
    expect(rel(fUpperTail(3, 2, 10), 0.095367431640625)).toBeLessThan(1e-8);
  });
});
