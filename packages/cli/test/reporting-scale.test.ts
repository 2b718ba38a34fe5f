/**
 * Ratio measures on their reporting scale wherever a command prints a result: the
 * leave-one-out and cumulative steps, trim and fill's adjusted, Egger's limit and the
 * PET-PEESE estimates, and regress's predictions, with the log-scale numbers kept in JSON
 * under their usual names. The back-transform is exp, as metafor's transf = exp
 * (e.g. predict(rma(yi, vi, mods = ~ ablat), newmods = 20, transf = exp) on dat.bcg, RR:
 * pred 0.7185, pi.lb 0.3936, pi.ub 1.3117 in metafor 3.8-1).
 */
import { describe, expect, it } from "vitest";
import { expectClose, tol } from "@metakit/fixtures";
import { metakit, repoRoot } from "./run-cli.js";

const BCG = `${repoRoot}data/sample/bcg.csv`;
const json = async (...args: string[]) => {
  const run = await metakit(...args, "--format", "json");
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout);
};

describe("sensitivity on the reporting scale", () => {
  it("leave-one-out: backTransformed beside the log-scale columns, and an RR column in the text", async () => {
    const r = await json("sensitivity", BCG, "--measure", "RR", "--leave-one-out");
    expect(r.backTransformed.estimate).toHaveLength(13);
    r.estimate.forEach((e: number, i: number) => expectClose(r.backTransformed.estimate[i], Math.exp(e), tol.transform, `exp(estimate) without study ${i + 1}`));
    r.ciUpper.forEach((u: number, i: number) => expectClose(r.backTransformed.ciUpper[i], Math.exp(u), tol.transform, `exp(ciUpper) without study ${i + 1}`));
    const text = (await metakit("sensitivity", BCG, "--measure", "RR", "--leave-one-out")).stdout;
    const [first] = text.split("\n").filter((l) => l.startsWith("Aronson 1948"));
    const [est, lo, hi] = [r.estimate[0], r.ciLower[0], r.ciUpper[0]].map((x: number) => Math.exp(x).toFixed(2));
    expect(first).toContain(`${est} [${lo}, ${hi}]`);
    expect(text).toContain("RR [95% CI]");
  });

  it("an identity measure has no back-transform (null in JSON, no extra column)", async () => {
    const r = await json("sensitivity", `${repoRoot}data/sample/bcg.csv`, "--measure", "RD", "--cumulative");
    expect(r.backTransformed).toBeNull();
    expect((await metakit("sensitivity", BCG, "--measure", "RD", "--cumulative")).stdout).not.toContain("RD [95% CI]");
  });
});

describe("bias on the reporting scale", () => {
  it("trim and fill's adjusted estimate, Egger's limit estimate and PET-PEESE", async () => {
    const tf = await json("bias", BCG, "--measure", "RR", "--trimfill");
    expectClose(tf.backTransformed.estimate, Math.exp(tf.estimate), tol.transform, "exp(adjusted estimate)");
    expectClose(tf.backTransformed.ciLower, Math.exp(tf.ciLower), tol.transform, "exp(adjusted ciLower)");
    const egger = await json("bias", BCG, "--measure", "RR", "--egger");
    expectClose(egger.backTransformed.limit.estimate, Math.exp(egger.limitEstimate), tol.transform, "exp(limit estimate)");
    const pp = await json("bias", BCG, "--measure", "RR", "--pet-peese");
    expectClose(pp.backTransformed.peese.ciUpper, Math.exp(pp.peese.ciUpper), tol.transform, "exp(PEESE ciUpper)");
    const text = (await metakit("bias", BCG, "--measure", "RR", "--trimfill")).stdout;
    expect(text).toContain(`; RR ${Math.exp(tf.estimate).toFixed(2)} [${Math.exp(tf.ciLower).toFixed(2)}, ${Math.exp(tf.ciUpper).toFixed(2)}]`);
  });

  it("Begg's test estimates no effect: no backTransformed", async () => {
    expect("backTransformed" in (await json("bias", BCG, "--measure", "RR", "--begg"))).toBe(false);
  });
});

describe("regress predictions on the reporting scale", () => {
  it("matches metafor's predict(..., transf = exp) at ablat = 20", async () => {
    const r = await json("regress", BCG, "--measure", "RR", "--mods", "ablat", "--predict", "ablat=20");
    const [p] = r.predictions;
    expectClose(p.backTransformed.estimate, Math.exp(p.estimate), tol.transform, "exp(pred)");
    expect(p.backTransformed.estimate).toBeCloseTo(0.7185, 4);
    expect(p.backTransformed.piLower).toBeCloseTo(0.3936, 4);
    expect(p.backTransformed.piUpper).toBeCloseTo(1.3117, 4);
    const text = (await metakit("regress", BCG, "--measure", "RR", "--mods", "ablat", "--predict", "ablat=20")).stdout;
    expect(text).toContain("ablat = 20: RR 0.72 [0.55, 0.93], prediction interval [0.39, 1.31]; on the analysis scale -0.3306");
  });
});

describe("p-values in text", () => {
  it("print '< 0.0001' below 0.0001, with the relation (never 'p = <.0001')", async () => {
    const text = (await metakit("regress", BCG, "--measure", "RR", "--mods", "ablat")).stdout;
    expect(text).toContain("QM(df = 1) = 16.357, p < 0.0001");
    expect(text).toMatch(/ablat +-0\.0291 +0\.0072 +-4\.044 +< 0\.0001/);
    expect(text).not.toContain("<.0001");
  });
});
