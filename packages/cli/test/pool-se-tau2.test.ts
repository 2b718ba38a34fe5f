import { describe, expect, it } from "vitest";
import { metakit, repoRoot } from "./run-cli.js";

// metafor 3.8-1, rma(yi, vi) on dat.bcg log RR: se.tau2 = 0.166425783098725 (REML),
// NA for method = "EE" (packages/fixtures/metafor-extra/se-tau2.json, "bcg intercept ...").
const close = (actual: number, expected: number) => Math.abs(actual - expected) <= 1e-6 * Math.abs(expected);

describe("metakit pool --format json: seTau2", () => {
  const bcg = `${repoRoot}data/sample/bcg.csv`;

  it("is metafor's se.tau2 for a random-effects fit", async () => {
    const { code, stdout } = await metakit("pool", bcg, "--measure", "RR", "--format", "json");
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { seTau2?: number };
    expect(close(result.seTau2 ?? Number.NaN, 0.166425783098725)).toBe(true);
  });

  it("is absent for the equal-effects model, where metafor gives NA", async () => {
    const { code, stdout } = await metakit("pool", bcg, "--measure", "RR", "--method", "EE", "--format", "json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).not.toHaveProperty("seTau2");
  });

  it("the text output stays RevMan's, without an SE for tau2", async () => {
    const { stdout } = await metakit("pool", bcg, "--measure", "RR");
    expect(stdout).toContain("Heterogeneity: Tau² = 0.31; Chi²");
    expect(stdout).not.toMatch(/Tau² = [^;]*SE/);
  });
});
