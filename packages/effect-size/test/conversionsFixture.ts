/** Reads fixtures/metafor-extra/conversions.json (written by fixtures/scripts/conversions.R). */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

type Num = number;
export interface MedianCase {
  n: Num; min: Num; q1: Num; median: Num; q3: Num; max: Num;
  S1: { luo: Num; wan: Num; sd: Num };
  S3: { luo: Num; wan: Num; sd: Num };
  S2: { luo: Num; wan: Num; shi: Num; sdwan: Num };
}
export interface ConversionsFixture {
  seFromCi: {
    ratio: { lower: Num; upper: Num; se: Num; estimate: Num };
    difference90: { lower: Num; upper: Num; level: Num; se: Num };
    t: { lower: Num; upper: Num; df: Num; se: Num };
  };
  seFromP: {
    z: { estimate: Num; p: Num; se: Num };
    ratio: { estimate: Num; p: Num; se: Num };
    t: { estimate: Num; p: Num; df: Num; se: Num };
  };
  sdFromCi: { t: { lower: Num; upper: Num; n: Num; sd: Num }; normal: { lower: Num; upper: Num; n: Num; sd: Num } };
  combineGroups: { n1: Num; mean1: Num; sd1: Num; n2: Num; mean2: Num; sd2: Num; n: Num; mean: Num; sd: Num };
  median: MedianCase[];
  smdFromP: { p: Num[]; n1: Num[]; n2: Num[]; sign: (1 | -1)[]; yi: Num[]; vi: Num[] };
  pairedFromP: { p: Num; n: Num; r: Num; dz: Num; vdz: Num; d: Num; vd: Num };
}

const require = createRequire(import.meta.url);

export function conversionsFixture(): ConversionsFixture {
  return JSON.parse(readFileSync(require.resolve("@metakit/fixtures/metafor-extra/conversions.json"), "utf8")) as ConversionsFixture;
}
