/**
 * `metakit pool --method GLMM`: metafor's rma.glmm models end to end, on CSVs written from
 * the GLMM fixtures (fixtures/glmm, scripts/glmm.R): dat.nielweise2007 (OR, UM.FS, with a
 * double-zero study) and dat.pritz1997 (PLO, two studies at 100%), dat.nielweise2008
 * (IRLN). The numbers are checked against the maximum of the same likelihood in core's
 * glmm.oracle.test.ts; here the CLI must read the counts, hand the options through and
 * print the same result as the library, and refuse what GLMM does not offer.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { glmm } from "@metakit/core";
import { expectClose, tol } from "@metakit/fixtures";
import { metakit, repoRoot, tempFile } from "./run-cli.js";

vi.setConfig({ testTimeout: 120_000 });

const fixture = (id: string) => JSON.parse(readFileSync(`${repoRoot}packages/fixtures/glmm/${id}.json`, "utf8"));

function csv(columns: Record<string, (number | string)[]>): string {
  const names = Object.keys(columns);
  const k = columns[names[0]!]!.length;
  return [names.join(","), ...Array.from({ length: k }, (_, i) => names.map((n) => columns[n]![i]).join(","))].join("\n") + "\n";
}

const niel = fixture("nielweise2007-umfs");
const nielCsv = tempFile("niel.csv", csv({ study: niel.data.ai.map((_: number, i: number) => `S${i + 1}`), ai: niel.data.ai, n1i: niel.data.n1i, ci: niel.data.ci, n2i: niel.data.n2i }));
const pritz = fixture("pritz1997-plo");
const pritzCsv = tempFile("pritz.csv", csv({ xi: pritz.data.xi, ni: pritz.data.ni }));

describe("metakit pool --method GLMM", () => {
  it("fits OR with UM.FS and writes estimate, se, statistic, pval, ciLower, ciUpper, tau2 as JSON", async () => {
    const { code, stdout, stderr } = await metakit("pool", nielCsv, "--measure", "OR", "--method", "GLMM", "--glmm-model", "UM.FS", "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    const bi = niel.data.n1i.map((n: number, i: number) => n - niel.data.ai[i]);
    const di = niel.data.n2i.map((n: number, i: number) => n - niel.data.ci[i]);
    const lib = glmm({ measure: "OR", ai: niel.data.ai, bi, ci: niel.data.ci, di });
    expect(out).toMatchObject({ measure: "OR", method: "GLMM", model: "UM.FS", k: 17, level: 95, test: "z" });
    for (const key of ["estimate", "se", "pval", "ciLower", "ciUpper", "tau2"] as const) expect(out[key]).toBe(lib[key]);
    expect(out.statistic).toBe(lib.zval);
    expectClose(out.estimate, niel.maximum.estimate, tol.glmmMaximum, "estimate");
    expectClose(out.heterogeneity.wald.statistic, niel.metafor.QEWald, tol.Q, "QE.Wld");
    expectClose(out.transformed.estimate, Math.exp(lib.estimate), tol.identity, "OR");
    expect(out.excluded).toEqual([{ study: "S15", row: 16, reason: "no events in either arm" }]);
  });

  it("fits PLO from xi and ni, and IRLN from xi and ti", async () => {
    const plo = JSON.parse((await metakit("pool", pritzCsv, "--measure", "PLO", "--method", "GLMM", "--format", "json")).stdout);
    expectClose(plo.estimate, pritz.maximum.estimate, tol.glmmMaximum, "PLO estimate");
    expectClose(plo.tau2, pritz.maximum.tau2, tol.glmmMaximum, "PLO tau2");
    expect(plo.model).toBe("random-intercept");
    const irln = fixture("nielweise2008-irln");
    const file = tempFile("rates.csv", csv({ xi: irln.data.xi, ti: irln.data.ti }));
    const out = JSON.parse((await metakit("pool", file, "--measure", "IRLN", "--method", "GLMM", "--format", "json")).stdout);
    expectClose(out.se, irln.maximum.se, tol.glmmMaximum, "IRLN se");
  });

  it("fits UM.RS (Laplace) with --glmm-model UM.RS, as the library", async () => {
    const out = JSON.parse((await metakit("pool", nielCsv, "--measure", "OR", "--method", "GLMM", "--glmm-model", "UM.RS", "--format", "json")).stdout);
    const bi = niel.data.n1i.map((n: number, i: number) => n - niel.data.ai[i]);
    const di = niel.data.n2i.map((n: number, i: number) => n - niel.data.ci[i]);
    const lib = glmm({ measure: "OR", ai: niel.data.ai, bi, ci: niel.data.ci, di }, { model: "UM.RS" });
    expect(out).toMatchObject({ model: "UM.RS", quadrature: { method: "Laplace", nodes: 1 }, estimate: lib.estimate, se: lib.se, tau2: lib.tau2, sigma2: lib.sigma2 });
    expect(out.heterogeneity).toBeNull();
  });

  it("leaves out rows with a missing count and says which", async () => {
    const file = tempFile("gap.csv", "study,xi,ni\nA,3,10\nB,,12\nC,7,9\nD,2,8\n");
    const out = JSON.parse((await metakit("pool", file, "--measure", "PLO", "--method", "GLMM", "--format", "json")).stdout);
    expect(out.k).toBe(3);
    expect(out.excluded).toEqual([{ study: "B", row: 3, reason: "missing xi" }]);
  });

  it("honours --level and --test t (t on k - 1 df, as rma.glmm(test = \"t\"))", async () => {
    const out = JSON.parse((await metakit("pool", pritzCsv, "--measure", "PLO", "--method", "GLMM", "--level", "90", "--test", "t", "--format", "json")).stdout);
    const lib = glmm({ measure: "PLO", xi: pritz.data.xi, ni: pritz.data.ni }, { level: 90, test: "t" });
    expect(out.ciLower).toBe(lib.ciLower);
    expect(out.pval).toBe(lib.pval);
    expect(out.level).toBe(90);
  });

  it("prints a readable text summary", async () => {
    const { code, stdout } = await metakit("pool", nielCsv, "--measure", "OR", "--method", "GLMM");
    expect(code).toBe(0);
    expect(stdout).toContain("adaptive Gauss-Hermite quadrature with 7 nodes");
    expect(stdout).toMatch(/Wald-type QE\(df = 16\) = 11\.938\d/);
    expect(stdout).toMatch(/Odds ratio: 0\.\d{4} \[/);
    expect(stdout).toContain("Excluded: S15 (no events in either arm)");
  });

  it("names the file row of an invalid count", async () => {
    const file = tempFile("bad.csv", "xi,ni\n3,10\n12,9\n");
    const { code, stderr } = await metakit("pool", file, "--measure", "PLO", "--method", "GLMM");
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/bad\.csv:3:ni: GLMM: ni must be/);
  });

  const usage: [string, string[], RegExp][] = [
    ["a measure GLMM does not fit", ["--measure", "RR", "--method", "GLMM"], /fits --measure OR .* got RR/],
    ["a model for PLO", ["--measure", "PLO", "--method", "GLMM", "--glmm-model", "UM.FS"], /--glmm-model is for --measure OR/],
    ["--glmm-model without GLMM", ["--measure", "OR", "--glmm-model", "UM.FS"], /needs --method GLMM/],
    ["--test knha", ["--measure", "OR", "--method", "GLMM", "--test", "knha"], /takes --test z or t/],
    ["--by", ["--measure", "OR", "--method", "GLMM", "--by", "study"], /--by is not offered with --method GLMM/],
    ["--pi", ["--measure", "OR", "--method", "GLMM", "--pi", "z"], /--pi is not offered/],
    ["an unknown model", ["--measure", "OR", "--method", "GLMM", "--glmm-model", "CM.EL"], /must be one of UM\.FS, UM\.RS/],
  ];
  for (const [what, args, message] of usage) {
    it(`rejects ${what}`, async () => {
      const { code, stderr } = await metakit("pool", nielCsv, ...args);
      expect(code).not.toBe(0);
      expect(stderr).toMatch(message);
    });
  }
});
