/**
 * `pool --emit-r`: the script of a pooling is written in @metakit/review (pure, shared
 * with the web app); the CLI adds the scripts of the dependent-effects models
 * (--study/--outcome, --cluster, --robust), GLMM, and its version.
 */
import type { StudyTable } from "../study-csv.js";
import type { PoolCommandOptions } from "../commands/pool.js";
import { poolScript as poolingScript } from "@metakit/review/pool/r-pool";
import { clusteredPoolScript } from "./clustered.js";
import { isClustered } from "../commands/clustered.js";
import { isMultivariate } from "../commands/multivariate.js";
import { UsageError } from "../errors.js";
import { clusteredScript, glmmScript, multivariateScript, NO_MODERATORS } from "./dependent.js";
import { cliVersion } from "../version.js";

/** The R script of `metakit pool FILE` with these options. */
export function poolScript(table: StudyTable, options: PoolCommandOptions): string {
  if (options.method === "BAYES") return poolingScript(table, options, cliVersion()); // refused there: metafor fits no Bayesian model
  if (isMultivariate(options)) {
    if (options.by !== undefined) throw new UsageError("--by cannot be combined with --study/--outcome");
    return multivariateScript(table, options, "pool", NO_MODERATORS);
  }
  if (options.method === "GLMM") return glmmScript(table, options);
  if (options.cluster !== undefined && options.robust !== undefined) return clusteredScript(table, options, "pool", NO_MODERATORS);
  if (isClustered(options)) return clusteredPoolScript(table, options);
  return poolingScript(table, options, cliVersion());
}
