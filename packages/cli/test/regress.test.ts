import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { metakit, repoRoot, tempFile } from "./run-cli.js";

// Values: metafor 3.8-1, fixtures/metafor-extra/meta-regression.json ("bcg-ablat REML z"; scripts/meta-regression.R)
// and published/CASES.md C04; relative 1e-6.
const close = (actual: number, expected: number) => Math.abs(actual - expected) <= Math.max(1e-9, 1e-6 * Math.abs(expected));
const bcg = `${repoRoot}packages/fixtures/metafor/S01_bcg_rr.csv`;

describe("metakit regress", () => {
  it("--mods ablat reproduces rma(yi, vi, mods = ~ ablat) on dat.bcg (JSON field names of the issue)", async () => {
    const { code, stdout, stderr } = await metakit("regress", bcg, "--measure", "RR", "--mods", "ablat", "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as Record<string, unknown>;
    for (const field of ["k", "method", "test", "tau2", "I2", "H2", "R2", "QM", "QMp", "QE", "QEp", "coefficients"]) expect(r).toHaveProperty(field);
    const coefficients = r["coefficients"] as Record<string, number | string>[];
    expect(coefficients.map((c) => c["name"])).toEqual(["intrcpt", "ablat"]);
    expect(Object.keys(coefficients[0]!)).toEqual(["name", "estimate", "se", "statistic", "pval", "ciLower", "ciUpper"]);
    expect(close(coefficients[1]!["estimate"] as number, -0.0291016609280149)).toBe(true);
    expect(close(r["QM"] as number, 16.3571255721594)).toBe(true);
    expect(close(r["R2"] as number, 75.6244783614905)).toBe(true);
  });

  it("a text column is categorical, with the reference level chosen by --reference", async () => {
    const { code, stdout } = await metakit("regress", bcg, "--measure", "RR", "--mods", "ablat,alloc", "--reference", "alloc=random", "--method", "DL", "--test", "knha", "--format", "json");
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as { coefficients: { name: string }[]; QMdf: number[]; df: number };
    expect(r.coefficients.map((c) => c.name)).toEqual(["intrcpt", "ablat", "alloc=alternate", "alloc=systematic"]);
    expect(r.QMdf).toEqual([3, 9]);
    expect(r.df).toBe(9);
  });

  it("--permutations with --seed adds permutation p-values, reproducibly", async () => {
    const args = ["regress", bcg, "--measure", "RR", "--mods", "ablat", "--permutations", "200", "--seed", "3", "--format", "json"];
    const first = JSON.parse((await metakit(...args)).stdout) as { permutation: { exact: boolean; permutations: number; QMp: number; pval: number[] } };
    const again = JSON.parse((await metakit(...args)).stdout) as typeof first;
    expect(first.permutation.exact).toBe(false);
    expect(first.permutation.permutations).toBe(200);
    expect(first.permutation).toEqual(again.permutation);
    expect(first.permutation.QMp).toBeGreaterThan(0);
  });

  it("prints a coefficient table and the tests as text", async () => {
    const { code, stdout } = await metakit("regress", bcg, "--measure", "RR", "--mods", "ablat");
    expect(code).toBe(0);
    expect(stdout).toContain("Mixed-effects (REML estimate of tau²) meta-regression, RR, 13 studies");
    expect(stdout).toMatch(/ablat\s+-0\.0291\s+0\.0072/);
    expect(stdout).toContain("Test of moderators: QM(df = 1) = 16.357");
  });

  it("an unknown moderator column is a data error naming the column; a non-number in a numeric --factor-free column makes it categorical", async () => {
    const missing = await metakit("regress", bcg, "--measure", "RR", "--mods", "latitude");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no column "latitude" for --mods');
    const file = tempFile("bad.csv", "study,yi,vi,x\nA,0.1,0.01,1\nB,0.3,0.02,\nC,0.2,0.03,3\n");
    const empty = await metakit("regress", file, "--measure", "GEN", "--mods", "x");
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/bad\.csv:3:x: empty x/);
  });
});

describe("metakit regress --predict and --bubble", () => {
  it("predicts with CI and PI as predict(res, newmods = c(10, 33.46, 55)) (meta-regression.json predictions[0])", async () => {
    const args = ["regress", bcg, "--measure", "RR", "--mods", "ablat", "--predict", "ablat=10", "--predict", "ablat=33.46", "--predict", "ablat=55"];
    const r = JSON.parse((await metakit(...args, "--format", "json")).stdout) as { predictions: Record<string, number>[] };
    // metafor 3.8-1, fixtures/metafor-extra/meta-regression.json, predictions[0]
    const expected = { estimate: [-0.039552314905864, -0.722277280277094, -1.34912705666653] };
    r.predictions.forEach((p, i) => expect(close(p["estimate"]!, expected.estimate[i]!)).toBe(true));
    const text = await metakit(...args);
    expect(text.stdout).toContain(`ablat = 33.46: RR ${Math.exp(expected.estimate[1]!).toFixed(2)} [`);
    expect(text.stdout).toContain("on the analysis scale -0.7223 [");
  });

  it("--bubble gives one point per study and the fitted line", async () => {
    const r = JSON.parse((await metakit("regress", bcg, "--measure", "RR", "--mods", "ablat", "--bubble", "ablat", "--format", "json")).stdout) as {
      bubble: { points: unknown[]; line: unknown[] };
    };
    expect(r.bubble.points).toHaveLength(13);
    expect(r.bubble.line).toHaveLength(100);
  });

  it("--predict with a column that is not a moderator is a usage error", async () => {
    const { code, stderr } = await metakit("regress", bcg, "--measure", "RR", "--mods", "ablat", "--predict", "year=1950");
    expect(code).toBe(2);
    expect(stderr).toContain("--predict takes MODERATOR=VALUE");
  });
});

describe("metakit regress --method GENQ --weights COLUMN", () => {
  // metafor 3.8-1: rma(yi, vi, mods = ~ ablat, weights = n, method = "GENQ") on dat.bcg
  // (fixtures/metafor-extra/meta-regression-genq.json, "bcg-ablat GENQ weights=n z"; scripts/meta-regression-genq.R)
  const oracle = JSON.parse(readFileSync(`${repoRoot}packages/fixtures/metafor-extra/meta-regression-genq.json`, "utf8")) as {
    cases: { id: string; data: Record<string, (number | string)[]>; tau2: number; QM: number; R2: number; estimate: number[]; se: number[] }[];
  };
  const c = oracle.cases.find((x) => x.id === "bcg-ablat GENQ weights=n z")!;
  const columns = ["tpos", "tneg", "cpos", "cneg", "ablat", "weights"] as const;
  const rows = c.data["tpos"]!.map((_, i) => columns.map((col) => c.data[col]![i]).join(","));
  const file = tempFile("bcg-genq.csv", ["ai,bi,ci,di,ablat,n", ...rows].join("\n") + "\n");

  it("reproduces metafor's GENQ meta-regression with weights n", async () => {
    const { code, stdout, stderr } = await metakit("regress", file, "--measure", "RR", "--mods", "ablat", "--method", "GENQ", "--weights", "n", "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as { method: string; tau2: number; QM: number; R2: number; coefficients: { estimate: number; se: number }[] };
    expect(r.method).toBe("GENQ");
    expect(close(r.tau2, c.tau2)).toBe(true);
    expect(close(r.QM, c.QM)).toBe(true);
    expect(close(r.R2, c.R2)).toBe(true);
    r.coefficients.forEach((coef, j) => {
      expect(close(coef.estimate, c.estimate[j]!)).toBe(true);
      expect(close(coef.se, c.se[j]!)).toBe(true);
    });
  });

  it("says GENQ needs --weights, --weights needs GENQ, and GENQ is not permuted (usage errors)", async () => {
    const without = await metakit("regress", file, "--measure", "RR", "--mods", "ablat", "--method", "GENQ");
    expect(without.code).toBe(2);
    expect(without.stderr).toContain("--method GENQ needs --weights COLUMN");
    const stray = await metakit("regress", file, "--measure", "RR", "--mods", "ablat", "--weights", "n");
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain("--weights is used with --method GENQ only");
    const permuted = await metakit("regress", file, "--measure", "RR", "--mods", "ablat", "--method", "GENQ", "--weights", "n", "--permutations", "100");
    expect(permuted.code).toBe(2);
    expect(permuted.stderr).toContain("not offered with --permutations");
  });

  it("a weight that is not a number names its row and column", async () => {
    const bad = tempFile("bcg-genq-bad.csv", ["ai,bi,ci,di,ablat,n", ...rows.map((r, i) => (i === 1 ? r.replace(/,[^,]*$/, ",many") : r))].join("\n") + "\n");
    const result = await metakit("regress", bad, "--measure", "RR", "--mods", "ablat", "--method", "GENQ", "--weights", "n");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bcg-genq-bad\.csv:3:n: n is not a number/);
  });
});
