/**
 * Sensitivity analyses from first principles: GOSH on random subsets (each streamed fit is
 * metaAnalysis() of its subset; the subsets look like fair coin flips; the callback's
 * record is reused so nothing accumulates), leave-one-out and cumulative steps against
 * direct fits, influence identities (hat values sum to p), named scenarios, and edges.
 */
import { MetakitError } from "@metakit/base";
import { describe, expect, it } from "vitest";
import type { GoshFit } from "../src/index.js";
import {
  cumulative,
  DEFAULT_CONTROL,
  fitRandomEffectsModel,
  gosh,
  influenceDiagnostics,
  interceptDesign,
  leaveOneOut,
  metaAnalysis,
  sensitivityScenario,
} from "../src/index.js";
import { expectClose, tol, type Tolerance } from "@metakit/fixtures";

/** The kernel and the engine compute the same equations in another order: rounding only. */
const KERNEL: Tolerance = { rel: 1e-10, abs: 1e-12 };

const data = {
  yi: [0.12, -0.31, 0.45, 0.08, 0.61, -0.05, 0.33, 0.21, -0.12, 0.5, 0.02, 0.27],
  vi: [0.04, 0.09, 0.05, 0.12, 0.07, 0.03, 0.1, 0.06, 0.08, 0.11, 0.05, 0.02],
  labels: ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"],
};
const subset = (rows: readonly number[]) => ({ yi: rows.map((i) => data.yi[i]!), vi: rows.map((i) => data.vi[i]!) });

describe("gosh(input, onFit, { maxSubsets }) with random subsets (k = 12, 4095 subsets > 600)", () => {
  const fits: { members: number[]; fit: Omit<GoshFit, "included"> }[] = [];
  let record: GoshFit | undefined;
  let reused = true;
  const summary = gosh(
    data,
    (fit) => {
      if (record !== undefined && record !== fit) reused = false;
      record = fit;
      const members = Array.from(fit.included.entries()).flatMap(([i, x]) => (x === 1 ? [i] : []));
      fits.push({ members, fit: { k: fit.k, estimate: fit.estimate, tau2: fit.tau2, QE: fit.QE, I2: fit.I2, H2: fit.H2 } });
    },
    { maxSubsets: 600, seed: 11 },
  );

  it("samples maxSubsets non-empty subsets and says it did not enumerate them all", () => {
    expect(summary.exact).toBe(false);
    expect(summary.fits).toBe(600);
    expect(fits.every((f) => f.members.length === f.fit.k && f.fit.k >= 1)).toBe(true);
  });
  it("streams one reused record (memory stays flat)", () => {
    expect(reused).toBe(true);
  });
  it("each fit is metaAnalysis() of its subset (REML)", () => {
    for (const { members, fit } of fits) {
      const direct = metaAnalysis(subset(members));
      expectClose(fit.estimate, direct.estimate, tol.estimate, `estimate of ${members.join(",")}`);
      expectClose(fit.tau2, direct.tau2, tol.tau2, `tau2 of ${members.join(",")}`);
      expectClose(fit.QE, direct.QE, tol.Q, `QE of ${members.join(",")}`);
      expectClose(fit.I2, direct.I2, tol.I2, `I2 of ${members.join(",")}`);
    }
  });
  it("includes each study with probability 1/2 (within 4 standard errors over 600 draws)", () => {
    const se = Math.sqrt(0.25 / 600);
    for (let i = 0; i < 12; i++) {
      const share = fits.filter((f) => f.members.includes(i)).length / 600;
      expect(Math.abs(share - 0.5), `study ${i}`).toBeLessThan(4 * se);
    }
  });
  it("is reproducible by seed", () => {
    const again: number[] = [];
    gosh(data, (f) => again.push(f.estimate), { maxSubsets: 600, seed: 11 });
    expect(again).toEqual(fits.map((f) => f.fit.estimate));
  });
  it("reports progress up to the total", () => {
    const calls: [number, number][] = [];
    gosh(subset([0, 1, 2, 3, 4]), () => undefined, { onProgress: (done, total) => calls.push([done, total]), progressEvery: 10 });
    expect(calls.at(-1)).toEqual([31, 31]);
    expect(calls[0]).toEqual([10, 31]);
  });
});

describe("gosh(): the scalar kernel agrees with the engine on every subset (k = 10, 1023 subsets)", () => {
  const ten = { yi: data.yi.slice(0, 10), vi: data.vi.slice(0, 10) };
  it.each(["EE", "DL", "HE", "ML", "REML", "EB"] as const)("%s", (method) => {
    let n = 0;
    gosh(ten, (fit) => {
      const members = Array.from(fit.included.entries()).flatMap(([i, x]) => (x === 1 ? [i] : []));
      const engine = fitRandomEffectsModel(interceptDesign(members.length), Float64Array.from(subset(members).yi), Float64Array.from(subset(members).vi), {
        method,
        tau2Fixed: undefined,
        test: "z",
        level: 95,
        weights: undefined,
        control: DEFAULT_CONTROL,
      });
      expectClose(fit.estimate, engine.beta[0]!, KERNEL, `${method} estimate of ${members.join(",")}`);
      expectClose(fit.tau2, engine.tau2, KERNEL, `${method} tau2 of ${members.join(",")}`);
      expectClose(fit.QE, engine.QE, KERNEL, `${method} QE of ${members.join(",")}`);
      expectClose(fit.I2, engine.I2, KERNEL, `${method} I2 of ${members.join(",")}`);
      expectClose(fit.H2, engine.H2, KERNEL, `${method} H2 of ${members.join(",")}`);
      n++;
    }, { method });
    expect(n).toBe(1023);
  });
});

describe("leaveOneOut() and cumulative() against direct fits", () => {
  it("leaveOneOut(input)[i] is metaAnalysis() without study i, labelled by the study left out", () => {
    const r = leaveOneOut(data, { method: "DL", test: "knha" });
    expect(r.labels).toEqual(data.labels);
    data.yi.forEach((_, i) => {
      const direct = metaAnalysis(subset(data.yi.map((__, j) => j).filter((j) => j !== i)), { method: "DL", test: "knha" });
      expectClose(r.estimate[i], direct.estimate, tol.estimate, `estimate without ${i}`);
      expectClose(r.ciUpper[i], direct.ciUpper, tol.ci, `ciUpper without ${i}`);
    });
  });
  it("the last cumulative step is the full analysis, in the order of the key", () => {
    const year = [2001, 1999, 2005, 1999, 2010, 2003, 2002, 2008, 2000, 2004, 2007, 2006];
    const r = cumulative(data, { order: year });
    expect(r.order.slice(0, 3)).toEqual([1, 3, 8]);
    expect(r.labels[0]).toBe("B");
    expectClose(r.estimate[11], metaAnalysis(data).estimate, tol.estimate, "last step");
    expectClose(r.estimate[2], metaAnalysis(subset([1, 3, 8])).estimate, tol.estimate, "third step");
  });
});

describe("influenceDiagnostics() identities", () => {
  const r = influenceDiagnostics(data);
  it("hat values sum to p = 1 and weights to 100", () => {
    expect(r.hat.reduce((s, h) => s + h, 0)).toBeCloseTo(1, 12);
    expect(r.weight.reduce((s, w) => s + w, 0)).toBeCloseTo(100, 10);
  });
  it("tau2 and QE without study i are those of leaveOneOut()", () => {
    const loo = leaveOneOut(data);
    r.tau2Deleted.forEach((t, i) => expectClose(t, loo.tau2[i]!, tol.tau2, `tau2 without ${i}`));
    r.QEDeleted.forEach((q, i) => expectClose(q, loo.QE[i]!, tol.Q, `QE without ${i}`));
  });
});

describe("sensitivityScenario(input, scenario)", () => {
  it("refits without the excluded studies and names them", () => {
    const highRisk = new Set(["B", "E"]);
    const r = sensitivityScenario(data, { name: "excluding high risk of bias", exclude: (_, label) => highRisk.has(label) });
    expect(r.excluded).toEqual([
      { index: 1, label: "B" },
      { index: 4, label: "E" },
    ]);
    expect(r.scenario.k).toBe(10);
    const direct = metaAnalysis(subset([0, 2, 3, 5, 6, 7, 8, 9, 10, 11]));
    expectClose(r.scenario.estimate, direct.estimate, tol.estimate, "scenario estimate");
    expectClose(r.estimateChange, direct.estimate - r.full.estimate, tol.estimate, "change");
  });
  it("throws INSUFFICIENT_DATA when every study is excluded", () => {
    expect(() => sensitivityScenario(data, { name: "all", exclude: () => true })).toThrow(MetakitError);
  });
});

describe("edge cases", () => {
  it("k = 1: leave-one-out has nothing left and says so", () => {
    const r = leaveOneOut({ yi: [0.3], vi: [0.1] });
    expect(r.estimate).toEqual([null]);
    expect(r.notes[0]).toMatch(/k = 1/);
  });
  it("k = 2: leave-one-out gives each study on its own", () => {
    const r = leaveOneOut({ yi: [0.3, 0.5], vi: [0.1, 0.2] });
    expectClose(r.estimate[0], 0.5, tol.estimate, "without the first");
    expectClose(r.estimate[1], 0.3, tol.estimate, "without the second");
    expect(r.tau2).toEqual([0, 0]);
  });
  it("identical effects: influence has zero residuals, and no NaN", () => {
    const r = influenceDiagnostics({ yi: [0.2, 0.2, 0.2, 0.2], vi: [0.1, 0.2, 0.3, 0.4] });
    expect(r.rstudent).toEqual([0, 0, 0, 0]);
    expect([...r.dffits, ...r.cooksDistance, ...r.covRatio].every((x) => x !== null && Number.isFinite(x))).toBe(true);
  });
  it("GOSH needs two studies", () => {
    expect(() => gosh({ yi: [1], vi: [1] }, () => undefined)).toThrow(/at least 2/);
  });
});

describe("too few studies to leave one out", () => {
  it("influenceDiagnostics and baujatData need 2 studies; trimAndFill runs with 2, as metafor", async () => {
    const { baujatData, trimAndFill } = await import("../src/index.js");
    expect(() => influenceDiagnostics({ yi: [0.2], vi: [0.1] })).toThrow(/at least 2/);
    expect(() => baujatData({ yi: [0.2], vi: [0.1] })).toThrow(/at least 2/);
    expect(trimAndFill({ yi: [0.2, 0.5], vi: [0.1, 0.3] }).k0).toBeGreaterThanOrEqual(0);
  });
});
