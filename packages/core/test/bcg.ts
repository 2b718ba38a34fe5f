/** dat.bcg (Colditz et al. 1994) as 2x2 tables, from packages/fixtures/published/dat.bcg.csv. */
import { column, publishedData } from "@metakit/fixtures";
import type { Tables } from "./two-by-two.js";

export function bcgTables(file = "dat.bcg.csv"): Tables {
  const rows = publishedData(file);
  return { ai: column(rows, "tpos"), bi: column(rows, "tneg"), ci: column(rows, "cpos"), di: column(rows, "cneg") };
}
