/**
 * Commands at a k beyond the JavaScript call-stack limit for spread arguments (about
 * 120,000 on Node 20): `Math.max(...labels)` and `push(...rows)` threw "Maximum call stack
 * size exceeded" there. No timing is asserted; the bench measures time.
 */
import { describe, expect, it } from "vitest";
import { metaAnalysis } from "@metakit/core";
import { formatEffectCi } from "@metakit/report/format";
import { metakit, tempFile } from "./run-cli.js";

const K = 200_000;

/** k studies with yi = sin(i), vi in [0.01, 0.11): deterministic, no two alike. */
function genericCsv(k: number): string {
  const lines = ["study,yi,vi,group"];
  for (let i = 0; i < k; i++) lines.push(`s${i + 1},${Math.sin(i).toFixed(6)},${(0.01 + (i % 100) / 1000).toFixed(3)},g${i % 2}`);
  return lines.join("\n") + "\n";
}

describe(`metakit pool at k = ${K.toLocaleString("en-US")}`, () => {
  const file = tempFile("large.csv", genericCsv(K));

  it("prints the text table of every study, and the same fit as metaAnalysis on the columns", { timeout: 300_000 }, async () => {
    const { code, stdout, stderr } = await metakit("pool", file, "--measure", "GEN", "--method", "DL");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout.split("\n").filter((line) => /^s\d+ /.test(line))).toHaveLength(K);
    const yi = Array.from({ length: K }, (_, i) => Number(Math.sin(i).toFixed(6)));
    const vi = Array.from({ length: K }, (_, i) => Number((0.01 + (i % 100) / 1000).toFixed(3)));
    const fit = metaAnalysis({ yi, vi }, { method: "DL" });
    expect(stdout).toContain(`Random-effects model (DL estimate of tau²), effect (GEN), ${K} studies`);
    expect(stdout).toContain(`Effect ${formatEffectCi(fit.estimate, fit.ciLower, fit.ciUpper)} (95% CI)`);
  });
});
