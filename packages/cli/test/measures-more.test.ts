/**
 * The command line with the measures added after the first 19: `metakit escalc` on CSVs
 * whose columns are metafor's argument names (x1i t1i x2i t2i, ti, mi, r2i, ...) against
 * metafor 3.8-1 (fixtures/metafor-extra/escalc-more.json, --metafor-compat 3.8) and 5.0-1
 * (escalc-current.json, the default); `metakit pool` on them against rma() (3.8-1);
 * `metakit measures`; and GENQ's --weights against metafor 3.8-1
 * (fixtures/metafor-extra/random-effects-extra.json, scripts/random-effects-extra.R).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { closeTo, oracleCases, oracleData, tol as shared } from "@metakit/fixtures";
import { MEASURES, requiredArgs } from "@metakit/effect-size";
import { metakit, repoRoot, tempFile } from "./run-cli.js";

/** yi and vi (and conversions) as escalc's own tests; pooled results as the oracle pool tests. */
const tol = { effect: shared.yi, pooled: shared.metafor };
const close = closeTo;

interface Case {
  id: string;
  measure: string;
  data: Record<string, number[]>;
  options: Record<string, string | number | boolean>;
  yi: (number | null)[];
  vi: (number | null)[];
}
interface Fit {
  id: string;
  measure: string;
  method: string;
  data: Record<string, number[]>;
  expected: Record<string, number>;
}

const fixture = (file: string) =>
  JSON.parse(readFileSync(`${repoRoot}packages/fixtures/metafor-extra/${file}`, "utf8")) as { cases: Case[]; fits?: Fit[] };

function csvOf(data: Record<string, number[]>): string {
  const columns = Object.keys(data);
  const k = data[columns[0]!]!.length;
  const rows = Array.from({ length: k }, (_, i) => [`Study ${i + 1}`, ...columns.map((c) => String(data[c]![i]))].join(","));
  return [["study", ...columns].join(","), ...rows].join("\n") + "\n";
}

function flagsOf(options: Case["options"]): string[] {
  return Object.entries(options).flatMap(([name, value]) => {
    if (name === "drop00") return value === true ? ["--drop00"] : [];
    return [`--${name}`, String(value)];
  });
}

async function expectEscalc(c: Case, compat: string[]): Promise<void> {
  const file = tempFile(`${c.id}.csv`, csvOf(c.data));
  const { code, stdout, stderr } = await metakit("escalc", file, "--measure", c.measure, ...flagsOf(c.options), ...compat, "--format", "json");
  expect(stderr).toBe("");
  expect(code).toBe(0);
  const studies = (JSON.parse(stdout) as { studies: { estimable: boolean; yi?: number; vi?: number }[] }).studies;
  studies.forEach((row, i) => {
    const yi = c.yi[i];
    const vi = c.vi[i];
    if (yi === null || yi === undefined || vi === null || vi === undefined || vi === 0) {
      expect(row.estimable, `study ${i + 1}`).toBe(false);
      return;
    }
    expect(close(row.yi!, yi, tol.effect), `yi of study ${i + 1}: ${row.yi} vs ${yi}`).toBe(true);
    expect(close(row.vi!, vi, tol.effect), `vi of study ${i + 1}: ${row.vi} vs ${vi}`).toBe(true);
  });
}

describe("metakit escalc with the added measures' columns", () => {
  it.each(fixture("escalc-more.json").cases.map((c) => [c.id, c] as const))("%s (metafor 3.8-1, --metafor-compat 3.8)", async (_, c) => {
    await expectEscalc(c, ["--metafor-compat", "3.8"]);
  });
  it.each(fixture("escalc-current.json").cases.map((c) => [c.id, c] as const))("%s (metafor 5.0-1, default)", async (_, c) => {
    await expectEscalc(c, []);
  });
  it("rejects an unknown --metafor-compat as a usage error", async () => {
    const file = tempFile("x.csv", "ri,ni\n0.3,20\n");
    const { code, stderr } = await metakit("escalc", file, "--measure", "COR", "--metafor-compat", "4.0");
    expect(code).toBe(2);
    expect(stderr).toContain("must be current or 3.8");
  });
  it("names the row and column of an invalid value (a person-time of 0)", async () => {
    const file = tempFile("ir.csv", "study,xi,ti\nA,3,10\nB,2,0\n");
    const { code, stderr } = await metakit("escalc", file, "--measure", "IRLN");
    expect(code).toBe(1);
    expect(stderr).toMatch(/ti must be > 0, got 0/);
  });
});

describe("metakit escalc RTET and ZTET from CSV", () => {
  // the exact tetrachoric MLE and metafor's inverse-Hessian variance, computed tightly in R
  // (fixtures/metafor-extra/escalc-tetrachoric-current.json, scripts/escalc-tetrachoric.R;
  // metafor's own optimiser-bound numbers are compared in effect-size's tests)
  type TetrachoricCase = Case & { tight: { yi: (number | null)[]; vi: (number | null)[] } };
  const cases = (fixture("escalc-tetrachoric-current.json").cases as TetrachoricCase[]).map((c) => ({ ...c, yi: c.tight.yi, vi: c.tight.vi }));
  it.each(cases.map((c) => [c.id, c] as const))("%s", async (_, c) => {
    await expectEscalc(c, []);
  });
});

describe("metakit pool with the added measures reproduces rma() (metafor 3.8-1)", () => {
  it.each((fixture("escalc-more.json").fits ?? []).map((f) => [f.id, f] as const))("%s", async (_, f) => {
    const file = tempFile(`${f.id}.csv`, csvOf(f.data));
    const { code, stdout, stderr } = await metakit("pool", file, "--measure", f.measure, "--method", f.method, "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as Record<string, number>;
    for (const field of ["k", "estimate", "se", "tau2", "QE", "I2"]) {
      expect(close(result[field]!, f.expected[field]!, tol.pooled), `${field}: ${result[field]} vs ${f.expected[field]}`).toBe(true);
    }
  });
});

describe("metakit measures", () => {
  it("lists every measure code with its column sets (json)", async () => {
    const { code, stdout } = await metakit("measures", "--format", "json");
    expect(code).toBe(0);
    const entries = JSON.parse(stdout) as { measure: string; inputs: string[][]; reference: string }[];
    expect(entries.map((e) => e.measure)).toEqual([...MEASURES]);
    for (const e of entries) {
      expect(e.inputs).toEqual(requiredArgs(e.measure as (typeof MEASURES)[number]));
      expect(e.reference.length).toBeGreaterThan(0);
    }
  });
  it("shows the columns of the incidence rate ratio and the formula reference (text)", async () => {
    const { stdout } = await metakit("measures");
    expect(stdout).toMatch(/IRR\s+log incidence rate ratio\n\s+columns: x1i t1i x2i t2i\n\s+formula: Rothman/);
    expect(stdout).toMatch(/SMDH\s+SMD without equal variances \[metafor 4\.6-0\]/);
  });
});

describe("metakit pool --method GENQ --weights COLUMN", () => {
  // metafor 3.8-1: rma(yi, vi, weights = 1/vi, method = "GENQ") on the CLASP ORs (S08)
  const re = JSON.parse(readFileSync(`${repoRoot}packages/fixtures/metafor-extra/random-effects-extra.json`, "utf8")) as {
    fits: { data: string; options: Record<string, string>; expected: Record<string, number> }[];
  };
  const genq = re.fits.find((f) => f.data === "clasp_or" && f.options["method"] === "GENQ" && f.options["weights"] === "1/vi" && f.options["test"] === undefined)!;
  const clasp = oracleCases().find((c) => c.id === "S08")!;
  const rows = oracleData(clasp.data);
  const header = Object.keys(rows[0]!);
  const csv = [
    [...header, "w"].join(","),
    ...rows.map((row, i) => [...header.map((h) => String(row[h] ?? "")), String(1 / clasp.escalc.vi[i]!)].join(",")),
  ].join("\n");
  const file = tempFile("clasp-genq.csv", `${csv}\n`);

  it("reproduces metafor's GENQ fit with weights 1/vi", async () => {
    const { code, stdout, stderr } = await metakit("pool", file, "--measure", "OR", "--method", "GENQ", "--weights", "w", "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as Record<string, number>;
    for (const field of ["estimate", "se", "tau2", "QE", "ciLower", "ciUpper"]) {
      expect(close(result[field]!, genq.expected[field]!, tol.pooled), `${field}: ${result[field]} vs ${genq.expected[field]}`).toBe(true);
    }
  });
  it("says GENQ needs --weights, and --weights needs GENQ (usage errors)", async () => {
    const without = await metakit("pool", file, "--measure", "OR", "--method", "GENQ");
    expect(without.code).toBe(2);
    expect(without.stderr).toContain("--method GENQ needs --weights COLUMN");
    const stray = await metakit("pool", file, "--measure", "OR", "--weights", "w");
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain("--weights is used with --method GENQ only");
  });
  it("names the row of a weight that is not a number", async () => {
    const bad = tempFile("bad-w.csv", "study,yi,vi,w\nA,0.1,0.04,1\nB,0.3,0.09,x\n");
    const { code, stderr } = await metakit("pool", bad, "--measure", "GEN", "--method", "GENQ", "--weights", "w");
    expect(code).toBe(1);
    expect(stderr).toMatch(/:3:w: "x" is not a number/);
  });
});

describe("metakit bias --fsn --type Orwin follows metafor's version", () => {
  // metafor 5.0-1 fsn(yi, vi, type = "Orwin", target = 0.05) on dat.raudenbush1985 is 4
  // (weighted mean, fixtures/metafor-extra/fsn-current.json); metafor 3.8-1's default is 44.
  const teacher = JSON.parse(readFileSync(`${repoRoot}packages/fixtures/metafor-extra/fsn-current.json`, "utf8")) as {
    cases: { id: string; data: { yi: number[]; vi: number[] } }[];
  };
  const data = teacher.cases.find((c) => c.id === "teacher Orwin target .05")!.data;
  const file = tempFile("teacher.csv", csvOf({ yi: data.yi, vi: data.vi }));
  it("weighted by default (4), unweighted with --metafor-compat 3.8 (44)", async () => {
    const args = ["bias", file, "--measure", "GEN", "--fsn", "--type", "Orwin", "--target", "0.05", "--format", "json"];
    const current = JSON.parse((await metakit(...args)).stdout) as { fsn: number };
    const old = JSON.parse((await metakit(...args, "--metafor-compat", "3.8")).stdout) as { fsn: number };
    expect(current.fsn).toBe(4);
    expect(old.fsn).toBe(44);
  });
});

describe("metakit conv-wald (metafor's conv.wald)", () => {
  // metafor 5.0-1: conv.wald(out, ci.lb, ci.ub, zval, pval, transf = log) (fixtures/metafor-extra/conv-wald.json)
  const w = JSON.parse(readFileSync(`${repoRoot}packages/fixtures/metafor-extra/conv-wald.json`, "utf8")) as {
    rows: Record<string, (number | null)[]>;
    cases: { transf: string; level: number; yi: number[]; vi: number[] }[];
  };
  const columns = Object.keys(w.rows);
  const csv = [columns.join(","), ...w.rows["out"]!.map((_, i) => columns.map((c) => (w.rows[c]![i] === null ? "" : String(w.rows[c]![i]))).join(","))].join("\n");
  const file = tempFile("wald.csv", `${csv}\n`);
  it.each(w.cases.map((c) => [`transf ${c.transf}, level ${c.level}`, c] as const))("%s", async (_, c) => {
    const { code, stdout, stderr } = await metakit("conv-wald", file, "--transf", c.transf, "--level", String(c.level), "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { yi: number; vi: number }[];
    rows.forEach((row, i) => {
      expect(close(row.yi, c.yi[i]!, tol.effect)).toBe(true);
      expect(close(row.vi, c.vi[i]!, tol.effect), `vi of row ${i + 1}`).toBe(true);
    });
  });
  it("names the row and column of a limit that cannot be logged, and says what a row lacks", async () => {
    const bad = tempFile("bad-wald.csv", "study,out,ci.lb,ci.ub\nA,1.2,0.8,1.9\nB,1.1,-0.2,2\nC,0.9,,\n");
    const { code, stderr } = await metakit("conv-wald", bad, "--transf", "log");
    expect(code).toBe(1);
    expect(stderr).toMatch(/:3:ci\.lb: ciLower must be > 0/);
    const lacking = tempFile("lacking.csv", "study,out,ci.ub\nC,0.9,\n");
    expect((await metakit("conv-wald", lacking)).stdout).toContain("not converted: missing ci.ub, zval and pval");
  });
});

describe("metakit conv-fivenum (metafor's conv.fivenum)", () => {
  // metafor 5.0-1 conv.fivenum (fixtures/metafor-extra/conv-fivenum.json); "wan2014" = --mean wan --sd wan
  const f = JSON.parse(readFileSync(`${repoRoot}packages/fixtures/metafor-extra/conv-fivenum.json`, "utf8")) as {
    rows: Record<string, (number | null)[]>;
    cases: { method: string; mean: number[]; sd: number[] }[];
    skewedRows: Record<string, (number | null)[]>;
    tested: { test: boolean; mean: (number | null)[]; sd: (number | null)[]; tval: (number | null)[] }[];
  };
  const csvOf = (rows: Record<string, (number | null)[]>) => {
    const columns = Object.keys(rows);
    return [columns.join(","), ...rows["n"]!.map((_, i) => columns.map((c) => (rows[c]![i] === null ? "" : String(rows[c]![i]))).join(","))].join("\n") + "\n";
  };
  const file = tempFile("fivenum.csv", csvOf(f.rows));
  it.each(f.cases.map((c) => [c.method, c] as const))("method %s with --no-test (test = FALSE)", async (method, c) => {
    const flags = method === "wan2014" ? ["--mean", "wan", "--sd", "wan"] : [];
    const { code, stdout, stderr } = await metakit("conv-fivenum", file, ...flags, "--no-test", "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { mean: number; sd: number }[];
    rows.forEach((row, i) => {
      expect(close(row.mean, c.mean[i]!, tol.effect), `mean of row ${i + 1}`).toBe(true);
      expect(close(row.sd, c.sd[i]!, tol.effect), `sd of row ${i + 1}`).toBe(true);
    });
  });
  it("by default (test = TRUE) converts exactly the rows metafor converts; the others say why", async () => {
    const t = f.tested.find((x) => x.test)!;
    const { code, stdout, stderr } = await metakit("conv-fivenum", tempFile("skewed-fivenum.csv", csvOf(f.skewedRows)), "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { mean?: number; sd?: number; skewness?: number | null; note?: string }[];
    expect(rows).toHaveLength(t.mean.length);
    rows.forEach((row, i) => {
      const mean = t.mean[i];
      if (mean === null || mean === undefined) {
        expect(row.mean, `row ${i + 1}: metafor gives NA`).toBeUndefined();
        expect(row.note).toMatch(/^not converted: (skewed|n is)/);
        return;
      }
      expect(close(row.mean!, mean, tol.effect), `mean of row ${i + 1}`).toBe(true);
      expect(close(row.sd!, t.sd[i]!, tol.effect), `sd of row ${i + 1}`).toBe(true);
      expect(close(row.skewness!, t.tval[i]!, tol.effect), `skewness of row ${i + 1}`).toBe(true);
    });
  });
  it("names the row of quartiles out of order", async () => {
    const bad = tempFile("bad-fivenum.csv", "study,q1,median,q3,n\nA,1,2,3,20\nB,5,4,6,20\n");
    const { code, stderr } = await metakit("conv-fivenum", bad);
    expect(code).toBe(1);
    expect(stderr).toMatch(/:3:/);
  });
});

describe("metakit conv-delta (metafor's conv.delta)", () => {
  // metafor 5.0-1 conv.delta(yi, vi, transf = transf.ztor) (fixtures/metafor-extra/conv-delta.json)
  const d = JSON.parse(readFileSync(`${repoRoot}packages/fixtures/metafor-extra/conv-delta.json`, "utf8")) as {
    cases: { transf: string; yi: number[]; vi: number[]; yiT: number[]; viT: number[] }[];
  };
  it.each(d.cases.map((c) => [c.transf, c] as const))("--transf %s", async (transf, c) => {
    const file = tempFile(`delta-${transf}.csv`, csvOf({ yi: c.yi, vi: c.vi }));
    const { code, stdout, stderr } = await metakit("conv-delta", file, "--transf", transf, "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { yi: number; vi: number }[];
    rows.forEach((row, i) => {
      expect(close(row.yi, c.yiT[i]!, tol.effect)).toBe(true);
      expect(close(row.vi, c.viT[i]!, tol.effect), `vi of row ${i + 1}`).toBe(true);
    });
  });
  it("names the row of a value outside the transformation's domain", async () => {
    const bad = tempFile("bad-delta.csv", "study,yi,vi\nA,0.5,0.1\nB,-0.2,0.1\n");
    const { code, stderr } = await metakit("conv-delta", bad, "--transf", "log");
    expect(code).toBe(1);
    expect(stderr).toMatch(/:3:yi: yi \(-0\.2\) is outside the domain of log/);
  });
});

describe("metakit conv-2x2 (metafor's conv.2x2)", () => {
  // metafor 5.0-1 conv.2x2(ori, ri, x2i, ni, n1i, n2i, correct) (fixtures/metafor-extra/conv-2x2.json)
  const t = JSON.parse(readFileSync(`${repoRoot}packages/fixtures/metafor-extra/conv-2x2.json`, "utf8")) as {
    rows: Record<string, (number | null)[]>;
    correct: Record<string, number[]>;
    uncorrected: Record<string, number[]>;
  };
  const columns = Object.keys(t.rows);
  const csv = [columns.join(","), ...t.rows["ni"]!.map((_, i) => columns.map((c) => (t.rows[c]![i] === null ? "" : String(t.rows[c]![i]))).join(","))].join("\n");
  const file = tempFile("margins.csv", `${csv}\n`);
  it.each([["correct", []], ["uncorrected", ["--uncorrected"]]] as const)("cells as metafor (%s chi-square)", async (key, flags) => {
    const { code, stdout, stderr } = await metakit("conv-2x2", file, ...flags, "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Record<string, number>[];
    rows.forEach((row, i) => {
      expect(["ai", "bi", "ci", "di"].map((c) => row[c]), `table ${i + 1}`).toEqual(["ai", "bi", "ci", "di"].map((c) => t[key][c]![i]));
    });
  });
  it("names the row of margins that no table can have", async () => {
    const bad = tempFile("bad-margins.csv", "study,ni,n1i,n2i,ri\nA,100,50,50,0.2\nB,100,10,90,0.9\n");
    const { code, stderr } = await metakit("conv-2x2", bad);
    expect(code).toBe(1);
    expect(stderr).toMatch(/:3:ri: the margins and phi give a negative cell/);
  });
});
