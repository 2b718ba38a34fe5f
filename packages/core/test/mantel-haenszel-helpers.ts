/**
 * Shared by the Mantel–Haenszel, Peto and subgroup tests: named tolerances, 2x2 tables
 * from fixture rows, and the metafor-extra oracle files.
 */
import { readFileSync } from "node:fs";
import { column, type Row } from "@metakit/fixtures";
import { expect } from "vitest";
import type { Table2x2 } from "../src/index.js";

/** Relative tolerance and the absolute floor used near zero. */
export interface Tolerance {
  readonly rel: number;
  readonly abs: number;
}

/** Against metafor's full-precision output (fixtures/REFERENCE.md): relative 1e-6, absolute 1e-9. */
export const oracle: Tolerance = { rel: 1e-6, abs: 1e-9 };

/** |actual - expected| <= max(abs, rel |expected|); NaN fails. */
export function expectClose(actual: number, expected: number, tol: Tolerance, what: string): void {
  const ok = Math.abs(actual - expected) <= Math.max(tol.abs, tol.rel * Math.abs(expected));
  expect(ok, `${what}: ${actual} vs ${expected}`).toBe(true);
}

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
