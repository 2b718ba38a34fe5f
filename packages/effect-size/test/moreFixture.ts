/**
 * Reads fixtures/metafor-extra/escalc-more.json (metafor 3.8-1, scripts/escalc-more.R) and
 * escalc-current.json (metafor 5.0-1, scripts/escalc-current.R): one case per measure,
 * data set and option set, with metafor's yi and vi (null where metafor gives NA).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export interface MoreCase {
  readonly id: string;
  readonly measure: string;
  readonly metafor: "3.8-1" | "5.0-1";
  readonly data: Readonly<Record<string, readonly number[]>>;
  readonly options: Readonly<Record<string, string | number | boolean>>;
  readonly yi: readonly (number | null)[];
  readonly vi: readonly (number | null)[];
}

const require = createRequire(import.meta.url);

export function moreFixture(file: "escalc-more.json" | "escalc-current.json"): readonly MoreCase[] {
  const path = require.resolve(`@metakit/fixtures/metafor-extra/${file}`);
  return (JSON.parse(readFileSync(path, "utf8")) as { cases: MoreCase[] }).cases;
}
