/**
 * A study file that cannot give the measure at all is a problem with the file, reported at
 * its header (exit 1, nothing on stdout), not k rows of "not estimable: missing ti"; a
 * --vtype the measure lacks is a usage error; a number beyond double range is named as
 * out of range, not as "not a number". (Found by a tester of issue 16 on datasets the
 * other tests do not contain.)
 */
import { describe, expect, it } from "vitest";
import { metakit, tempFile } from "./run-cli.js";

describe("the shape of a study file", () => {
  it("refuses a file that lacks every column set of the measure, naming what it needs", async () => {
    const file = tempFile("no-ti.csv", "study,xi\na,3\nb,4\n");
    for (const command of ["escalc", "pool"]) {
      const run = await metakit(command, file, "--measure", "IR");
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(`${file}:1: IR is computed from the columns xi, ti; the file has study, xi\n`);
    }
  });

  it("accepts any one of the measure's column sets (PLO from xi and ni, or xi and mi)", async () => {
    const run = await metakit("escalc", tempFile("plo-mi.csv", "study,xi,mi\na,3,7\n"), "--measure", "PLO");
    expect(run.code, run.stderr).toBe(0);
  });

  it("refuses a header with no study rows", async () => {
    const file = tempFile("header-only.csv", "study,ai,bi,ci,di\n");
    const run = await metakit("escalc", file, "--measure", "RTET");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`${file}:1: no study rows: the file has a header and nothing under it\n`);
  });

  it("--vtype the measure lacks is a usage error, before the file is read", async () => {
    const run = await metakit("escalc", "no-such-file.csv", "--measure", "YUQ", "--vtype", "ST");
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: --vtype ST is not available for YUQ (it has LS)\n");
  });

  it("names 1e400 as out of range", async () => {
    const file = tempFile("huge.csv", "study,xi,ni\na,1e400,10\n");
    const run = await metakit("escalc", file, "--measure", "PLO");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^.*huge\.csv:2:xi: "1e400" is out of range/);
  });
});
