/**
 * Trim and fill on passive smoking and lung cancer (Hackshaw et al. 1997; dat.hackshaw1998,
 * log odds ratios), published/CASES.md C24 (local 6-decimal values from metafor 3.8-1's
 * trimfill(), estimator L0; Duval & Tweedie 2000).
 */
import { column, expectClose, publishedData, tol } from "@metakit/fixtures";
import { describe, expect, it } from "vitest";
import { trimAndFill } from "../src/index.js";

const rows = publishedData("dat.hackshaw1998.csv");
const data = { yi: column(rows, "yi"), vi: column(rows, "vi") };

describe("trimAndFill(hackshaw1998) reproduces C24", () => {
  it("REML: 7 studies filled on the left; est 0.174471, se 0.048432, CI [0.079547, 0.269396], tau2 0.024456", () => {
    const r = trimAndFill(data);
    expect(r.k0).toBe(7);
    expect(r.side).toBe("left");
    expect(r.filled).toHaveLength(7);
    expectClose(r.estimate, 0.174471, tol.printed6, "estimate");
    expectClose(r.se, 0.048432, tol.printed6, "se");
    expectClose(r.ciLower, 0.079547, tol.printed6, "ci lower");
    expectClose(r.ciUpper, 0.269396, tol.printed6, "ci upper");
    expectClose(r.tau2, 0.024456, tol.printed6, "tau2");
  });
  it("EE: 7 filled; est 0.155600, se 0.036435", () => {
    const r = trimAndFill(data, { method: "EE" });
    expect(r.k0).toBe(7);
    expectClose(r.estimate, 0.1556, tol.printed6, "estimate");
    expectClose(r.se, 0.036435, tol.printed6, "se");
  });
});
