/**
 * Sensitivity analyses against metafor 3.8-1 beyond cases.json's extras:
 * fixtures/metafor-extra/sensitivity.json (scripts/sensitivity.R). influence() under
 * REML, DL + knha, EE, and with a moderator; baujat(); leave1out() with knha, PM, EE;
 * cumul() in a chosen (and decreasing) order; gosh() on 7 studies (all 127 subsets).
 * Relative 1e-6 (absolute 1e-9 near zero).
 */
import { describe, expect, it } from "vitest";
import type { GoshFit, Moderator, RegressionMethod, TestType } from "../src/index.js";
import { baujatData, cumulative, gosh, influenceDiagnostics, leaveOneOut } from "../src/index.js";
import { readExtra } from "./mantel-haenszel-helpers.js";
import { expectClose, tol } from "@metakit/fixtures";

type Column = readonly (number | null)[];
interface Base {
  readonly id: string;
  readonly method: RegressionMethod;
  readonly test: TestType;
  readonly data: { readonly yi: number[]; readonly vi: number[] };
}
interface InfluenceCase extends Base {
  readonly moderator?: Moderator;
  readonly influential: boolean[];
  readonly dfbetas: Column[];
  readonly [field: string]: unknown;
}
interface StepCase extends Base {
  readonly key?: number[];
  readonly decreasing?: boolean;
  readonly [field: string]: unknown;
}
interface GoshCase extends Base {
  readonly incl: number[][];
  readonly k: number[];
  readonly [field: string]: unknown;
}
const oracle = readExtra<{
  influence: InfluenceCase[];
  baujat: (Base & { x: number[]; y: number[] })[];
  leaveOneOut: StepCase[];
  cumulative: StepCase[];
  gosh: GoshCase[];
}>("sensitivity.json");

function expectColumn(actual: Column, expected: Column, what: string): void {
  expect(actual, what).toHaveLength(expected.length);
  expected.forEach((x, i) => {
    if (x === null) expect(actual[i], `${what}[${i}]`).toBeNull();
    else expectClose(actual[i], x, tol.metafor, `${what}[${i}]`);
  });
}

const INFLUENCE_FIELDS = ["rstudent", "dffits", "cooksDistance", "covRatio", "tau2Deleted", "QEDeleted", "hat", "weight"] as const;

describe("influenceDiagnostics(input, options, moderators) vs influence(rma(...))", () => {
  it.each(oracle.influence.map((c) => [c.id, c] as const))("%s", (_, c) => {
    const moderators = c.moderator !== undefined && "kind" in c.moderator ? [c.moderator] : [];
    const r = influenceDiagnostics(c.data, { method: c.method, test: c.test }, moderators);
    for (const f of INFLUENCE_FIELDS) expectColumn(r[f], c[f] as Column, `${c.id} ${f}`);
    c.dfbetas.forEach((column, j) => expectColumn(r.dfbetas[j]!, column, `${c.id} dfbetas[${j}]`));
    expect(r.influential).toEqual(c.influential);
  });
});

describe("baujatData(input, options) vs baujat(rma(...))", () => {
  it.each(oracle.baujat.map((c) => [c.id, c] as const))("%s", (_, c) => {
    const r = baujatData(c.data, { method: c.method });
    expectColumn(r.map((p) => p.x), c.x, `${c.id} x`);
    expectColumn(r.map((p) => p.y), c.y, `${c.id} y`);
  });
});

const STEP_FIELDS = ["estimate", "se", "pval", "ciLower", "ciUpper", "QE", "QEp", "tau2", "I2", "H2"] as const;

describe("leaveOneOut(input, options) vs leave1out(rma(...))", () => {
  it.each(oracle.leaveOneOut.map((c) => [c.id, c] as const))("%s", (_, c) => {
    const r = leaveOneOut(c.data, { method: c.method as "REML", test: c.test });
    // metafor drops tau2 under EE (written as {}): compare the columns it reports
    for (const f of STEP_FIELDS) if (Array.isArray(c[f])) expectColumn(r[f], c[f] as Column, `${c.id} ${f}`);
  });
});

describe("cumulative(input, { order, decreasing }) vs cumul(rma(...), order)", () => {
  it.each(oracle.cumulative.map((c) => [c.id, c] as const))("%s", (_, c) => {
    const r = cumulative(c.data, { method: c.method as "REML", test: c.test, order: c.key!, decreasing: c.decreasing! });
    for (const f of STEP_FIELDS) expectColumn(r[f], c[f] as Column, `${c.id} ${f}`);
  });

  it("the first step (one study) under knha uses z, as metafor's rma() with k = 1", () => {
    const c = oracle.cumulative[0]!;
    const first = cumulative(c.data, { test: "knha", order: c.key! });
    const z = cumulative(c.data, { test: "z", order: c.key! });
    expect(first.se[0]).toBe(z.se[0]);
    expect(first.pval[1]).not.toBe(z.pval[1]);
  });
});

describe("gosh(input, onFit) vs gosh(rma(...)) (every subset)", () => {
  it.each(oracle.gosh.map((c) => [c.id, c] as const))("%s", (_, c) => {
    const byKey = new Map<string, number>(c.incl.map((members, row) => [members.join(","), row]));
    let seen = 0;
    const summary = gosh(c.data, (fit: GoshFit) => {
      const members = Array.from(fit.included.entries()).flatMap(([i, x]) => (x === 1 ? [i] : []));
      const row = byKey.get(members.join(","))!;
      expect(row, `subset ${members.join(",")}`).toBeDefined();
      expect(fit.k).toBe(c.k[row]);
      for (const f of ["estimate", "tau2", "QE", "I2", "H2"] as const) {
        const e = (c[f] as Column)[row]!;
        expectClose(fit[f], e, tol.metafor, `${c.id} subset ${members.join(",")} ${f}`);
      }
      seen++;
    }, { method: c.method as "REML" });
    expect(summary.exact).toBe(true);
    expect(seen).toBe(c.incl.length);
  });
});
