/**
 * Shared by the Mantel–Haenszel, Peto and subgroup tests: 2x2 tables from fixture rows
 * and the metafor-extra oracle files. Tolerances are tol.* of @metakit/fixtures.
 */
import { readFileSync } from "node:fs";
import { column, type Row } from "@metakit/fixtures";
import type { ZeroCellRule } from "@metakit/effect-size";
import type { MantelHaenszelMeasure, StagePair, Table2x2 } from "../src/index.js";

/** 2x2 tables from rows with columns ai, bi, ci, di or ai, n1i, ci, n2i. */
export function tablesFromRows(rows: readonly Row[]): Table2x2[] {
  const ai = column(rows, "ai");
  const ci = column(rows, "ci");
  const bi = "bi" in rows[0]! ? column(rows, "bi") : column(rows, "n1i").map((n, i) => n - ai[i]!);
  const di = "di" in rows[0]! ? column(rows, "di") : column(rows, "n2i").map((n, i) => n - ci[i]!);
  return ai.map((a, i) => ({ ai: a, bi: bi[i]!, ci: ci[i]!, di: di[i]! }));
}

export function labelsFromRows(rows: readonly Row[]): string[] {
  return rows.map((row) => String(row["study"]));
}

/** A JSON file under packages/fixtures/metafor-extra/. */
export function readExtra<T>(name: string): T {
  const url = new URL(`../../fixtures/metafor-extra/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as T;
}

/** One case of metafor-extra/mantel-haenszel.json (written by scripts/mantel-haenszel.R). */
export interface ExtraCase {
  readonly id: string;
  readonly source: string;
  readonly options: {
    readonly method: "MH" | "PETO";
    readonly measure: MantelHaenszelMeasure;
    readonly level: number;
    readonly add: readonly [number, number];
    readonly to: readonly [ZeroCellRule, ZeroCellRule];
    readonly drop00: readonly [boolean, boolean];
    readonly correct: boolean;
  };
  readonly data: { readonly labels: string[]; readonly ai: number[]; readonly bi: number[]; readonly ci: number[]; readonly di: number[] };
  readonly expected?: Readonly<Record<string, number | string | null | readonly (number | string)[]>>;
  readonly error?: string;
}

export const extraCases = readExtra<{ cases: readonly ExtraCase[] }>("mantel-haenszel.json").cases;

export function extraTables(data: ExtraCase["data"]) {
  return data.ai.map((ai, i) => ({ ai, bi: data.bi[i]!, ci: data.ci[i]!, di: data.di[i]! }));
}

export function extraOptions(o: ExtraCase["options"], labels: readonly string[]) {
  return {
    level: o.level,
    add: o.add as StagePair<number>,
    to: o.to as StagePair<ZeroCellRule>,
    drop00: o.drop00 as StagePair<boolean>,
    labels,
  };
}

/** metafor's weights() omits tables dropped by drop00; metakit gives them 0 in input order. */
export function expectedWeights(c: ExtraCase): number[] {
  const weights = [c.expected!["weights"]].flat() as number[];
  const index = [c.expected!["weightIndex"]].flat() as number[];
  const out = new Array<number>(c.data.labels.length).fill(0);
  index.forEach((i, j) => {
    out[i] = weights[j]!;
  });
  return out;
}
