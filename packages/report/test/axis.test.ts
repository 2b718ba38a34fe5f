/** Axis limits and ticks: RevMan's ladder on log axes, symmetric nice limits on linear ones. */
import { describe, expect, it } from "vitest";
import { forestAxis, type ForestPlotData } from "../src/index.js";
import { bcgForest } from "./bcg.js";

const study = (estimate: number, ciLower: number, ciUpper: number) => ({ label: `s${estimate}`, estimate, ciLower, ciUpper });
const plot = (scale: "log" | "identity", rows: ForestPlotData["rows"]): ForestPlotData => ({
  title: "t",
  measure: "m",
  scale,
  kind: "comparative",
  columns: { intervention: "a", comparator: "b" },
  rows,
});

describe("forestAxis(data)", () => {
  it("dat.bcg (CIs 0.07 to 6.53) gets 0.05 to 20, null at 1", () => {
    const axis = forestAxis(bcgForest());
    expect(axis).toEqual({ scale: "log", domain: [0.05, 20], ticks: [0.05, 0.2, 1, 5, 20], nullValue: 1 });
  });

  it("narrow ratios get 0.5 to 2", () => {
    expect(forestAxis(plot("log", [study(0.8, 0.6, 1.1), study(1.2, 0.9, 1.6)])).domain).toEqual([0.5, 2]);
  });

  it("a log axis holds every estimate but cuts CIs beyond 100-fold (arrows)", () => {
    const axis = forestAxis(plot("log", [study(0.5, 0.0001, 2500), study(1.5, 1.1, 2)]));
    expect(axis.domain).toEqual([0.01, 100]);
  });

  it("differences get a symmetric axis with limits 1, 2, 4 or 5 x 10^k and quarter ticks", () => {
    const axis = forestAxis(plot("identity", [study(-3.1, -5.2, -1), study(1, -0.5, 2.5)]));
    expect(axis).toEqual({ scale: "identity", domain: [-10, 10], ticks: [-10, -5, 0, 5, 10], nullValue: 0 });
    expect(forestAxis(plot("identity", [study(0.2, -0.1, 0.35)])).domain).toEqual([-0.4, 0.4]);
  });

  it("given limits are kept, with 1-2-5 ticks on a log axis", () => {
    const axis = forestAxis({ ...bcgForest(), axisLimits: [0.1, 10] });
    expect(axis.domain).toEqual([0.1, 10]);
    expect(axis.ticks).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10]);
  });
});
