/** Reads fixtures/metafor-extra/escalc-extra.json (written by fixtures/scripts/escalc-extra.R, metafor 3.8-1). */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export interface ExtraCase {
  readonly id: string;
  readonly measure: string;
  readonly data: Readonly<Record<string, readonly number[]>>;
  readonly options: Readonly<Record<string, string | number | boolean>>;
  readonly yi: readonly (number | null)[];
  readonly vi: readonly (number | null)[];
}

export interface ExtraFixture {
  readonly cases: readonly ExtraCase[];
  readonly transforms: Readonly<Record<string, number | readonly (number | null)[]>>;
  readonly hedges: { readonly m: readonly number[]; readonly J: readonly number[] };
  readonly conversions: {
    readonly smdFromT: { t: number[]; n1i: number[]; n2i: number[]; yi: number[]; vi: number[] };
    readonly logOrToSmd: { logOr: number[]; vLogOr: number[]; yi: number[]; vi: number[] };
    readonly smdToLogOr: { d: number[]; yi: number[] };
  };
}

const require = createRequire(import.meta.url);

export function extraFixture(): ExtraFixture {
  const path = require.resolve("@metakit/fixtures/metafor-extra/escalc-extra.json");
  return JSON.parse(readFileSync(path, "utf8")) as ExtraFixture;
}
