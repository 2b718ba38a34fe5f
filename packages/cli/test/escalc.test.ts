import { describe, expect, it } from "vitest";
import { expectClose, oracleCases, parseCsv, tol } from "@metakit/fixtures";
import { metakit, repoRoot, tempFile } from "./run-cli.js";

const bcgCsv = `${repoRoot}data/sample/bcg.csv`;
// metafor 3.8-1: escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
const bcgRR = oracleCases().find((c) => c.id === "S01")!.escalc;

describe("metakit escalc", () => {
  it("escalc data/sample/bcg.csv --measure RR writes metafor's yi and vi as CSV", async () => {
    const { code, stdout, stderr } = await metakit("escalc", bcgCsv, "--measure", "RR");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const rows = parseCsv(stdout);
    expect(rows).toHaveLength(13);
    rows.forEach((row, i) => {
      expectClose(row["yi"] as number, bcgRR.yi[i]!, tol.yi, "yi");
      expectClose(row["vi"] as number, bcgRR.vi[i]!, tol.vi, "vi");
      expect(row["ciLower"] as number).toBeLessThan(row["yi"] as number);
      expect(row["ciUpper"] as number).toBeGreaterThan(row["yi"] as number);
    });
    // other columns pass through, in their original order, before the computed ones
    expect(stdout.split("\n")[0]).toBe("study,year,ai,bi,ci,di,ablat,alloc,yi,vi,sei,ciLower,ciUpper,note");
    expect(rows[0]!["study"]).toBe("Aronson 1948");
    expect(rows[0]!["alloc"]).toBe("random");
  });

  it("escalc --format json prints one object with the studies and the options used", async () => {
    const { code, stdout } = await metakit("escalc", bcgCsv, "--measure", "rr", "--format", "json");
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { measure: string; studies: { yi: number; study: string }[] };
    expect(result.measure).toBe("RR");
    expect(result.studies).toHaveLength(13);
    expectClose(result.studies[12]!.yi, bcgRR.yi[12]!, tol.yi, "yi");
  });

  it("escalc reads semicolon-delimited files with a BOM and CRLF line ends", async () => {
    const file = tempFile("semi.csv", "\uFEFFstudy;ai;bi;ci;di\r\nA;4;119;11;128\r\nB;6;300;29;274\r\n");
    const { code, stdout } = await metakit("escalc", file, "--measure", "RR");
    expect(code).toBe(0);
    const rows = parseCsv(stdout);
    expectClose(rows[1]!["yi"] as number, bcgRR.yi[1]!, tol.yi, "yi");
  });

  it("escalc applies --add and --to to the zero cells", async () => {
    const file = tempFile("zero.csv", "study,ai,bi,ci,di\nA,0,10,3,7\nB,2,8,3,7\n");
    const only0 = parseCsv((await metakit("escalc", file, "--measure", "OR")).stdout);
    const none = await metakit("escalc", file, "--measure", "OR", "--to", "none");
    // metafor: with add = 1/2 to "only0", study A is log((0.5*7.5)/(10.5*3.5))
    expectClose(only0[0]!["yi"] as number, Math.log((0.5 * 7.5) / (10.5 * 3.5)), tol.yi, "yi");
    const noneRows = parseCsv(none.stdout);
    expect(noneRows[0]!["yi"]).toBeNull();
    expect(String(noneRows[0]!["note"])).toMatch(/not estimable/);
    expectClose(noneRows[1]!["yi"] as number, Math.log((2 * 7) / (8 * 3)), tol.yi, "yi");
  });

  it("a study with missing inputs is not estimable and the others still compute", async () => {
    const file = tempFile("missing.csv", "study,ai,bi,ci,di\nA,4,119,11,128\nB,,300,29,274\n");
    const { code, stdout } = await metakit("escalc", file, "--measure", "RR");
    expect(code).toBe(0);
    const rows = parseCsv(stdout);
    expect(rows[0]!["yi"]).toEqual(expect.any(Number));
    expect(rows[1]!["yi"]).toBeNull();
    expect(String(rows[1]!["note"])).toMatch(/not estimable.*ai/);
  });
});

describe("metakit escalc: bad input", () => {
  const failsWith = async (text: string, args: string[], message: RegExp) => {
    const file = tempFile("bad.csv", text);
    const result = await metakit("escalc", file, ...args);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.startsWith(`${file}:`)).toBe(true);
    expect(result.stderr).toMatch(message);
    return result.stderr;
  };

  it("events greater than the group size name the file, row and column", async () => {
    const stderr = await failsWith("study,ai,n1i,ci,n2i\nA,4,100,11,120\nB,30,20,5,20\n", ["--measure", "RR"], /:3:ai: /);
    expect(stderr).toMatch(/30/);
  });

  it("a negative SD names its row and column", async () => {
    await failsWith(
      "study,m1i,sd1i,n1i,m2i,sd2i,n2i\nA,10,2,20,12,3,20\nB,10,-2,20,12,3,20\n",
      ["--measure", "MD"],
      /:3:sd1i: /,
    );
  });

  it("a decimal comma is reported, not read as another number", async () => {
    await failsWith("study;yi;vi\nA;0,5;0,1\n", ["--measure", "GEN"], /:2:yi: "0,5" is not a number \(a decimal comma/);
  });

  it("text in a numeric column is reported with its row and column", async () => {
    await failsWith("study,yi,vi\nA,0.5,0.1\nB,abc,0.2\n", ["--measure", "GEN"], /:3:yi: "abc" is not a number/);
  });

  it("a file that does not exist is reported by name", async () => {
    const result = await metakit("escalc", "/nonexistent/studies.csv", "--measure", "RR");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^\/nonexistent\/studies.csv: cannot read file \(ENOENT\)/);
  });

  it("an unknown measure is a usage error (exit 2) naming the option", async () => {
    const result = await metakit("escalc", "x.csv", "--measure", "XYZ");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/--measure/);
  });
});

describe("metakit --help and --version", () => {
  it("--version prints the package version", async () => {
    const { code, stdout } = await metakit("--version");
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("--help lists the escalc command", async () => {
    const { code, stdout } = await metakit("--help");
    expect(code).toBe(0);
    expect(stdout).toMatch(/escalc/);
  });
});
