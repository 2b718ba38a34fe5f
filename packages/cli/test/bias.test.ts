import { describe, expect, it } from "vitest";
import { oracleCases } from "@metakit/fixtures";
import { metakit, repoRoot } from "./run-cli.js";

// The egger, eggerClassic, begg and trimfill extras of the metafor oracle
// (fixtures/metafor/cases.json, metafor 3.8-1 regtest(), ranktest(), trimfill()), end to end.
const close = (actual: number, expected: number) => Math.abs(actual - expected) <= Math.max(1e-9, 1e-6 * Math.abs(expected));
const BIAS_EXTRAS = ["egger", "eggerClassic", "begg", "trimfill"];
const extras = oracleCases().flatMap((c) =>
  Object.entries(c.extras ?? {})
    .filter(([name]) => BIAS_EXTRAS.includes(name))
    .map(([name, fit]) => ({ id: `${c.id} ${name}`, data: c.data, fit })),
);

describe("metakit bias reproduces every egger, eggerClassic, begg and trimfill oracle extra", () => {
  it.each(extras.map((e) => [e.id, e] as const))("%s", async (_, { data, fit }) => {
    const { code, stdout, stderr } = await metakit("bias", `${repoRoot}packages/fixtures/metafor/${data}`, ...fit.args, "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as Record<string, number | string>;
    for (const [field, expected] of Object.entries(fit.expected)) {
      if (typeof expected === "string" || field === "k0" || field === "df") expect(result[field], field).toBe(expected);
      else expect(close(result[field] as number, expected as number), `${field}: ${result[field]} vs ${expected}`).toBe(true);
    }
  });
});

const magnesium = `${repoRoot}packages/fixtures/metafor/S13_magnesium_egger_or.csv`;
const bcg = `${repoRoot}packages/fixtures/metafor/S01_bcg_rr.csv`;

describe("metakit bias", () => {
  it("--harbord and --peters on 2x2 tables given as ai/n1i/ci/n2i (R values: fixtures/metafor-extra/small-study.json)", async () => {
    const h = JSON.parse((await metakit("bias", magnesium, "--measure", "OR", "--harbord", "--format", "json")).stdout) as Record<string, number>;
    expect(close(h["statistic"]!, -5.69487269185929)).toBe(true);
    const p = JSON.parse((await metakit("bias", magnesium, "--measure", "OR", "--peters", "--format", "json")).stdout) as Record<string, number>;
    expect(close(p["statistic"]!, -3.97070295820724)).toBe(true);
  });

  it("--harbord needs odds ratios", async () => {
    const { code, stderr } = await metakit("bias", bcg, "--measure", "RR", "--harbord");
    expect(code).toBe(2);
    expect(stderr).toContain("--measure OR");
  });

  it("--egger --predictor ninv takes the sample sizes from the 2x2 tables", async () => {
    const { code, stdout } = await metakit("bias", magnesium, "--measure", "OR", "--egger", "--predictor", "ninv", "--format", "json");
    expect(code).toBe(0);
    // metafor 3.8-1: regtest(rma(yi, vi), predictor = "ninv", ni = n1i + n2i); small-study.json
    expect(close((JSON.parse(stdout) as Record<string, number>)["statistic"]!, -2.11245829532373)).toBe(true);
  });

  it("--fsn --type Orwin, --pet-peese and text output with the k < 10 note", async () => {
    const fsn = await metakit("bias", bcg, "--measure", "RR", "--fsn", "--type", "Orwin");
    expect(fsn.code).toBe(0);
    expect(fsn.stdout).toMatch(/Fail-safe N \(Orwin\): \d+/);
    const pp = await metakit("bias", bcg, "--measure", "RR", "--pet-peese");
    expect(pp.stdout).toContain("conditional estimate");
    const small = await metakit("bias", `${repoRoot}packages/fixtures/metafor/S04_normand_md.csv`, "--measure", "MD", "--begg");
    expect(small.stdout).toContain("fewer than 10 studies");
  });
});
