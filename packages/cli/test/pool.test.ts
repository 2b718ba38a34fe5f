import { describe, expect, it } from "vitest";
import { closeTo, flagValue, oracleCases, tol } from "@metakit/fixtures";
import { metakit, repoRoot, tempFile } from "./run-cli.js";

// Every fit of the metafor oracle (shared/reference/metafor/cases.json, metafor 3.8-1),
// run end to end: the case's CSV through `metakit pool ... --format json`.
const close = (actual: number, expected: number) => closeTo(actual, expected, tol.metafor);

const FIELDS = ["k", "estimate", "se", "statistic", "pval", "ciLower", "ciUpper", "tau2", "QE", "QEp", "I2", "H2", "piLower", "piUpper"];
const INTERVALS = ["tau2CI", "I2CI", "H2CI"];

function mismatches(actual: Record<string, unknown>, expected: Record<string, unknown>): string[] {
  const bad: string[] = [];
  for (const field of [...FIELDS, ...INTERVALS, "weights"]) {
    if (!(field in expected)) continue;
    const want = expected[field] as number | number[];
    const got = actual[field] as number | number[] | undefined;
    const wants = Array.isArray(want) ? want : [want];
    const gots = Array.isArray(got) ? got : [got];
    if (gots.length !== wants.length || wants.some((w, i) => !close(gots[i] as number, w))) {
      bad.push(`${field}: got ${JSON.stringify(got)}, metafor ${JSON.stringify(want)}`);
    }
  }
  return bad;
}

const fits = oracleCases().flatMap((c) => c.fits.map((fit) => ({ id: c.id, data: c.data, fit })));

describe("metakit pool reproduces every metafor oracle fit", () => {
  it.each(fits.map((f) => [`${f.id} ${f.fit.args.join(" ")}`, f] as const))("%s", async (_, { data, fit }) => {
    const file = `${repoRoot}packages/fixtures/metafor/${data}`;
    const { code, stdout, stderr } = await metakit("pool", file, ...fit.args, "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as Record<string, unknown>;
    expect(result["method"]).toBe(flagValue(fit.args, "--method"));
    expect(mismatches(result, fit.expected as Record<string, unknown>)).toEqual([]);
  });
});

describe("metakit pool: text output", () => {
  const bcg = `${repoRoot}data/sample/bcg.csv`;

  it("reads like RevMan: effect on the ratio scale, heterogeneity and overall-effect lines", async () => {
    const { code, stdout } = await metakit("pool", bcg, "--measure", "RR");
    expect(code).toBe(0);
    // metafor: rma(measure="RR", ...) on dat.bcg: tau2 0.3132, QE 152.23 (12 df), I2 92.22%, z -3.97
    expect(stdout).toContain("Risk ratio 0.49 [0.34, 0.70] (95% CI)");
    expect(stdout).toContain("Heterogeneity: Tau² = 0.31; Chi² = 152.23, df = 12 (P < 0.001); I² = 92%");
    expect(stdout).toContain("Test for overall effect: Z = 3.97 (P < 0.001)");
    expect(stdout).toContain("Prediction interval: [0.15, 1.55]");
    expect(stdout).toMatch(/Aronson 1948\s+0\.41 \[0\.13, 1\.26\]\s+5\.1%/);
  });

  it("says which prediction interval it used (--pi higgins: t with k - 2 df)", async () => {
    const { stdout } = await metakit("pool", bcg, "--measure", "RR", "--pi", "higgins");
    expect(stdout).toMatch(/Prediction interval: .*t with 11 df, Higgins/);
  });

  it("--format json includes back-transformed values under their own names", async () => {
    const { stdout } = await metakit("pool", bcg, "--measure", "RR", "--format", "json");
    const result = JSON.parse(stdout) as { estimate: number; backTransformed: { transform: string; estimate: number } };
    expect(result.backTransformed.transform).toBe("exp");
    expect(close(result.backTransformed.estimate, Math.exp(result.estimate))).toBe(true);
  });
});

describe("metakit pool: bad input", () => {
  it("a zero variance names the file, row and column, with nothing on stdout", async () => {
    const file = tempFile("zero-v.csv", "study,yi,vi\nA,0.1,0.02\nB,0.3,0\n");
    const { code, stdout, stderr } = await metakit("pool", file, "--measure", "GEN");
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(new RegExp(`^${file}:3:vi: `));
  });

  it("MH with a measure other than OR, RR or RD is a usage error", async () => {
    const file = tempFile("md.csv", "study,yi,vi\nA,0.1,0.02\nB,0.3,0.1\n");
    const { code, stderr } = await metakit("pool", file, "--measure", "GEN", "--method", "MH");
    expect(code).toBe(2);
    expect(stderr).toMatch(/MH needs --measure OR, RR or RD/);
  });

  it("a file where no study can be estimated says so", async () => {
    const file = tempFile("none.csv", "study,yi,vi\nA,,0.02\nB,0.3,\n");
    const { code, stderr } = await metakit("pool", file, "--measure", "GEN");
    expect(code).toBe(1);
    expect(stderr).toMatch(/no study could be estimated/);
  });
});

describe("metakit pool --by", () => {
  const bcg = `${repoRoot}data/sample/bcg.csv`;
  // metafor 3.8-1: dat.bcg log RR, rma(method="DL") per alloc level, then
  // rma(estimates, sei=ses, method="EE") for the test of subgroup differences:
  // QE = 1.536768872062753 on 2 df, p = 0.463761700109843;
  // estimates: random -1.004161353998235, alternate -0.540792961849345, systematic -0.439346579998001
  it("fits one model per subgroup, in order of first appearance, and tests the differences", async () => {
    const { code, stdout } = await metakit("pool", bcg, "--measure", "RR", "--method", "DL", "--by", "alloc", "--format", "json");
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as {
      subgroups: { group: string; estimate: number; k: number }[];
      subgroupDifferences: { QB: number; df: number; pval: number };
    };
    expect(result.subgroups.map((s) => s.group)).toEqual(["random", "alternate", "systematic"]);
    expect(result.subgroups.map((s) => s.k)).toEqual([7, 2, 4]);
    expect(close(result.subgroups[0]!.estimate, -1.004161353998235)).toBe(true);
    expect(close(result.subgroups[2]!.estimate, -0.439346579998001)).toBe(true);
    expect(close(result.subgroupDifferences.QB, 1.536768872062753)).toBe(true);
    expect(result.subgroupDifferences.df).toBe(2);
    expect(close(result.subgroupDifferences.pval, 0.463761700109843)).toBe(true);
  });

  it("prints RevMan's test for subgroup differences line", async () => {
    const { stdout } = await metakit("pool", bcg, "--measure", "RR", "--method", "DL", "--by", "alloc");
    expect(stdout).toContain("Test for subgroup differences: Chi² = 1.54, df = 2 (P = 0.46), I² = 0%");
  });

  it("a --by column that does not exist names the file and the column", async () => {
    const { code, stderr } = await metakit("pool", bcg, "--measure", "RR", "--by", "region");
    expect(code).toBe(1);
    expect(stderr).toMatch(/bcg\.csv:1: no column "region" for --by/);
  });
});

describe("metakit pool: notes", () => {
  it("says which studies got a continuity correction (metafor's add = 1/2 to 'only0')", async () => {
    const file = tempFile("zero-cells.csv", "study,ai,bi,ci,di\nA,0,10,3,7\nB,2,8,3,7\nC,1,9,0,10\n");
    const { stdout } = await metakit("pool", file, "--measure", "OR", "--format", "json");
    const notes = (JSON.parse(stdout) as { notes: string[] }).notes;
    expect(notes).toContain('continuity correction: 0.5 added to each cell of 2 studies (to = "only0")');
    const text = (await metakit("pool", file, "--measure", "OR")).stdout;
    expect(text).toMatch(/Notes:\n- continuity correction: 0\.5 added to each cell of 2 studies/);
  });
});
