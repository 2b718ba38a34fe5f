import { describe, expect, it } from "vitest";
import { oracleCases } from "@metakit/fixtures";
import { metakit, repoRoot } from "./run-cli.js";

// The leaveOneOut and cumulative extras of the metafor oracle (fixtures/metafor/cases.json,
// metafor 3.8-1 leave1out() and cumul() of rma(yi, vi)), end to end through the CLI.
const close = (actual: number, expected: number) => Math.abs(actual - expected) <= Math.max(1e-9, 1e-6 * Math.abs(expected));
const extras = oracleCases().flatMap((c) =>
  Object.entries(c.extras ?? {})
    .filter(([name]) => name === "leaveOneOut" || name === "cumulative")
    .map(([name, fit]) => ({ id: `${c.id} ${name}`, data: c.data, fit })),
);

describe("metakit sensitivity reproduces every leaveOneOut and cumulative oracle extra", () => {
  it.each(extras.map((e) => [e.id, e] as const))("%s", async (_, { data, fit }) => {
    const { code, stdout, stderr } = await metakit("sensitivity", `${repoRoot}packages/fixtures/metafor/${data}`, ...fit.args, "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as Record<string, number[]>;
    for (const [field, expected] of Object.entries(fit.expected)) {
      const bad = (expected as number[]).filter((x, i) => !close(result[field]![i]!, x));
      expect(bad, field).toEqual([]);
    }
  });
});

const bcg = `${repoRoot}packages/fixtures/metafor/S01_bcg_rr.csv`;

describe("metakit sensitivity", () => {
  it("--influence gives the issue's arrays in input order", async () => {
    const { code, stdout } = await metakit("sensitivity", bcg, "--measure", "RR", "--influence", "--format", "json");
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as Record<string, unknown[]>;
    for (const field of ["rstudent", "dffits", "cooksDistance", "covRatio", "tau2Deleted", "QEDeleted", "hat", "weight", "influential"]) {
      expect(r[field], field).toHaveLength(13);
    }
    // metafor 3.8-1 influence(rma(yi, vi)) on dat.bcg: fixtures/metafor-extra/sensitivity.json
    expect(close(r["rstudent"]![0] as number, -0.218142474344442)).toBe(true);
  });

  it("--cumulative --order COL adds studies by that column", async () => {
    const { code, stdout } = await metakit("sensitivity", bcg, "--measure", "RR", "--cumulative", "--order", "ablat", "--format", "json");
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as { labels: string[]; order: number[] };
    expect(r.labels[0]).toBe("Frimodt-Moller et al 1973");
  });

  it("--gosh streams valid JSON with every subset (2^13 - 1) and needs no terminal", async () => {
    const { code, stdout, stderr } = await metakit("sensitivity", bcg, "--measure", "RR", "--gosh", "--method", "DL", "--format", "json");
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const r = JSON.parse(stdout) as { exact: boolean; fits: number; subsets: { included: number[]; k: number }[] };
    expect(r.exact).toBe(true);
    expect(r.fits).toBe(8191);
    expect(r.subsets).toHaveLength(8191);
    expect(r.subsets[0]).toMatchObject({ included: [0], k: 1 });
  });

  it("--gosh --max-subsets samples, and the text output summarises", async () => {
    const { code, stdout } = await metakit("sensitivity", bcg, "--measure", "RR", "--gosh", "--max-subsets", "100");
    expect(code).toBe(0);
    expect(stdout).toContain("100 subsets fitted (a random sample, seed 1)");
  });

  it("exactly one analysis must be chosen", async () => {
    const { code, stderr } = await metakit("sensitivity", bcg, "--measure", "RR", "--influence", "--gosh");
    expect(code).toBe(2);
    expect(stderr).toContain("choose one of");
  });

  it("--leave-one-out as text: one row per omitted study", async () => {
    const { code, stdout } = await metakit("sensitivity", bcg, "--measure", "RR", "--leave-one-out");
    expect(code).toBe(0);
    expect(stdout).toMatch(/Aronson 1948\s+0\.49 \[0\.34, 0\.72\]\s+-0\.7071/); // RR, then the log RR
  });
});
