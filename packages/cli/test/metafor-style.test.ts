/**
 * `metakit pool --style metafor` prints what metafor 3.8-1's print(rma(...)) prints, line
 * for line: packages/fixtures/metafor-print/bcg-print.json (scripts/metafor-print.R),
 * dat.bcg's log risk ratios with several estimators and tests, including tau² = 0.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { metakit, repoRoot, tempFile } from "./run-cli.js";

interface PrintCase {
  readonly args: string[];
  readonly rows: number;
  readonly text: string;
}

const fixture = JSON.parse(readFileSync(`${repoRoot}packages/fixtures/metafor-print/bcg-print.json`, "utf8")) as { cases: PrintCase[] };
const bcgLines = readFileSync(`${repoRoot}data/sample/bcg.csv`, "utf8").trimEnd().split("\n");
const firstTrials = (rows: number) => (rows === bcgLines.length - 1 ? `${repoRoot}data/sample/bcg.csv` : tempFile(`bcg-${rows}.csv`, bcgLines.slice(0, rows + 1).join("\n") + "\n"));

describe("metakit pool --style metafor", () => {
  it.each(fixture.cases.map((c) => [`${c.args.join(" ")} (first ${c.rows} trials)`, c] as const))("%s: metafor's printout", async (_, c) => {
    const { stdout, stderr, code } = await metakit("pool", firstTrials(c.rows), "--measure", "RR", ...c.args, "--style", "metafor");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toBe(c.text);
  });

  it("is a text layout of one inverse-variance model: refused with JSON, MH and --by", async () => {
    const bcg = `${repoRoot}data/sample/bcg.csv`;
    for (const extra of [["--format", "json"], ["--method", "MH"], ["--by", "alloc"]]) {
      const { code, stderr } = await metakit("pool", bcg, "--measure", "RR", "--style", "metafor", ...extra);
      expect(code).toBe(2);
      expect(stderr).toContain("--style metafor");
    }
  });
});
