/** `metakit pool FILE.csv --measure M`: pooled estimate with heterogeneity, as metafor's rma. */
import type { Command } from "commander";
import type { Io } from "../io.js";
import { MEASURES } from "@metakit/effect-size";
import { PREDICTION_INTERVALS, TESTS, INTERVAL_TYPES } from "@metakit/core";
import { checkBayesOptions, checkConflicts, checkWeightsOption, poolTable, POOLING_METHODS, type PoolOptions } from "@metakit/review/pool/pool";
import { checkGlmmOptions, GLMM_MODEL_OPTIONS } from "@metakit/review/pool/glmm";
import { UsageError } from "../errors.js";
import { collectNumber, level, metaforCompat, muPrior, oneOf, tauPrior, TEST_HELP } from "../options.js";
import { readStudyCsv } from "../study-csv.js";
import { clusterOptions, isClustered, runClustered, type ClusterOptions } from "./clustered.js";
import { readEffects } from "../study-effects.js";
import { emitROption, type EmitROption } from "../emit-r/option.js";
import { poolScript } from "../emit-r/pool.js";
import { isMultivariate, multivariateOptions, runMultivariate, type MultivariateCliOptions } from "./multivariate.js";

// The pooling of a study table is pure and shared with the web app (@metakit/review/pool).
export { poolSummary, poolTable, POOLING_METHODS, subgroupSummary, type PoolingMethod } from "@metakit/review/pool/pool";

export interface PoolCommandOptions extends PoolOptions, ClusterOptions, MultivariateCliOptions, EmitROption {}

export function registerPool(program: Command, io: Io): void {
  const command = program
    .command("pool")
    .description("pool the studies of a CSV: equal or random effects, Mantel-Haenszel or Peto")
    .argument("<file>", "CSV with metafor's column names, as for escalc")
    .requiredOption("-m, --measure <M>", `effect measure: ${MEASURES.join(", ")}`, oneOf(MEASURES))
    .option("--method <method>", `tau² estimator or pooling method: ${POOLING_METHODS.join(", ")}`, oneOf(POOLING_METHODS), "REML")
    .option("--test <test>", TEST_HELP, oneOf(TESTS), "z")
    .option("--level <level>", "confidence level: 95 or 0.95", level, 95)
    .option("--pi <method>", "prediction interval: z, t (k-1) or higgins (t, k-2); default as metafor's predict()", oneOf(PREDICTION_INTERVALS))
    .option("--tau2-ci", "Q-profile confidence intervals for tau², I² and H²")
    .option("--by <column>", "separate models per subgroup in this column, with the test for subgroup differences")
    .option("--common-tau2", "with --by: one tau² shared by all subgroups instead of one per subgroup")
    .option("--tau-prior <prior>", "with --method BAYES: halfnormal:S, halfcauchy:S, halft:DF,S, exponential:RATE, uniform:UPPER, lognormal:M,S, turner:OUTCOME[,COMPARISON], rhodes:OUTCOME[,COMPARISON[,AREA]]", tauPrior)
    .option("--mu-prior <prior>", "with --method BAYES: normal:MEAN,SD (default: improper uniform)", muPrior)
    .option("--interval <type>", "with --method BAYES: shortest (default) or central credible intervals", oneOf(INTERVAL_TYPES))
    .option("--prob-below <x>", "with --method BAYES: report P(mu < x); repeatable", collectNumber)
    .option("--glmm-model <model>", "with --method GLMM --measure OR: UM.FS (fixed study effects, metafor's default) or UM.RS (random study effects, Laplace)", oneOf(GLMM_MODEL_OPTIONS))
    .option("--weights <column>", "with --method GENQ: the column of user weights (metafor's rma(..., weights, method = \"GENQ\"))")
    .option("--metafor-compat <version>", "effect-size formulas of metafor current (5.0-1, default) or 3.8 (3.8-1) where they differ", metaforCompat)
    .option("-f, --format <format>", "text, json, or csv (the per-study table: yi, vi, CI, weight)", oneOf(["text", "json", "csv"] as const), "text")
    .option("--style <style>", "the text layout: revman, or metafor (print.rma.uni's, to compare with R line by line)", oneOf(["revman", "metafor"] as const), "revman");
  emitROption(multivariateOptions(clusterOptions(command))).action((file: string, options: PoolCommandOptions) => {
      checkConflicts(options);
      checkBayesOptions(options);
      checkWeightsOption(options);
      checkGlmmOptions(options, isClustered(options));
      if (options.emitR) {
        return io.stdout(poolScript(readStudyCsv(file), options));
      }
      if (isMultivariate(options)) {
        if (options.by !== undefined) throw new UsageError("--by cannot be combined with --study/--outcome");
        if (options.method === "MH" || options.method === "PETO" || options.method === "BAYES" || options.method === "GLMM") throw new UsageError("--study/--outcome fit the multivariate model by REML or ML, not MH, PETO, BAYES or GLMM");
        if (options.format === "csv") throw new UsageError("--format csv (the per-study table) is not offered with --study/--outcome: use text or json");
        if (options.style === "metafor") throw new UsageError("--style metafor (print.rma.uni's layout) is not offered with --study/--outcome");
        runMultivariate(io, readEffects(file, options.measure), [], { ...options, format: options.format }, "pool");
        return;
      }
      if (isClustered(options)) {
        if (options.by !== undefined) throw new UsageError("--by cannot be combined with --cluster or --robust");
        if (options.method === "MH" || options.method === "PETO" || options.method === "BAYES") throw new UsageError("--cluster and --robust work with the inverse-variance methods, not MH, PETO or BAYES");
        if (options.format === "csv") throw new UsageError("--format csv (the per-study table) is not offered with --cluster or --robust: use text or json");
        if (options.style === "metafor") throw new UsageError("--style metafor (print.rma.uni's layout) is not offered with --cluster or --robust");
        runClustered(io, readEffects(file, options.measure), [], { ...options, format: options.format }, "pool");
        return;
      }
      io.stdout(poolTable(readStudyCsv(file), options));
    });
}

