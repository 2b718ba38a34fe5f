/**
 * Orwin's fail-safe N against metafor 5.0-1 (fixtures/metafor-extra/fsn-current.json,
 * scripts/fsn-current.R): since metafor 4.4-0 fsn() uses the inverse-variance weighted
 * mean whenever variances are given. metakit's default follows it; metaforCompat "3.8"
 * gives metafor 3.8-1's unweighted mean (small-study.json, bias.metafor-extra.test.ts).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { expectClose, tol } from "@metakit/fixtures";
import { failSafeN } from "../src/index.js";

interface Case {
  id: string;
  data: { yi: number[]; vi: number[] };
  options: { target?: number };
  fsn: number;
  meanEffect: number;
  target: number;
}
const require = createRequire(import.meta.url);
const cases = (JSON.parse(readFileSync(require.resolve("@metakit/fixtures/metafor-extra/fsn-current.json"), "utf8")) as { cases: Case[] }).cases;

describe("failSafeN Orwin by default matches metafor 5.0-1 (weighted mean)", () => {
  it.each(cases.map((c) => [c.id, c] as const))("%s", (_, c) => {
    const r = failSafeN(c.data, { type: "Orwin", ...c.options });
    expect(r.fsn).toBe(c.fsn);
    expectClose(r.meanEffect, c.meanEffect, tol.exact, "mean effect (a weighted mean, same arithmetic)");
    expectClose(r.target, c.target, tol.exact, "target");
  });
  it("metaforCompat 3.8 gives 3.8-1's unweighted mean: 44, not 4, for the teacher data at target .05", () => {
    const teacher = cases.find((c) => c.id === "teacher Orwin target .05")!;
    expect(failSafeN(teacher.data, { type: "Orwin", target: 0.05, metaforCompat: "3.8" }).fsn).toBe(44);
    expect(failSafeN(teacher.data, { type: "Orwin", target: 0.05 }).fsn).toBe(4);
  });
});
