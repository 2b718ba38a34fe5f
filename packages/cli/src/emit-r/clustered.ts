/**
 * `pool --cluster/--robust --emit-r`: the three-level model as metafor's rma.mv(random =
 * ~ 1 | cluster/inner), or the two-level model with cluster-robust tests: CR1 as
 * metafor's robust(adjust = TRUE), CR2 with Satterthwaite df as clubSandwich's
 * coef_test() and conf_int(). The fields are those of pool --format json for these models.
 */
import type { StudyTable } from "../study-csv.js";
import type { PoolCommandOptions } from "../commands/pool.js";
import { UsageError } from "../errors.js";
import { escalcCall, modelArgs } from "./metafor-args.js";
import { rNumber, rString } from "./r-code.js";
import { commandLine, csvDataFrame, fileName, rScript } from "./script.js";

function threeLevel(options: PoolCommandOptions, cluster: string): string[] {
  const model = modelArgs(options);
  const inner = options.inner === undefined ? "seq_len(nrow(dat))" : `dat[[${rString(options.inner)}]]`;
  return [
    `dat$.cluster <- dat[[${rString(cluster)}]]; dat$.inner <- ${inner}`,
    `res <- rma.mv(yi, vi, random = ~ 1 | .cluster/.inner, data = dat, ${model.code})`,
    "pred <- predict(res); fs <- fitstats(res)",
    "out <- list(k = res$k, clusters = res$s.nlevels[1], innerGroups = res$s.nlevels[2], method = res$method, test = res$test, level = 100 * (1 - res$level),",
    "  estimate = num(res$beta), se = num(res$se), statistic = num(res$zval), pval = num(res$pval), ciLower = num(res$ci.lb), ciUpper = num(res$ci.ub),",
    "  predictionInterval = list(lower = num(pred$pi.lb), upper = num(pred$pi.ub)), sigma2 = num(res$sigma2), QE = num(res$QE), QEdf = res$k - res$p, QEp = num(res$QEp),",
    "  logLik = fs[\"logLik:\", 1], AIC = fs[\"AIC:\", 1], BIC = fs[\"BIC:\", 1])",
  ];
}

function robustOnly(options: PoolCommandOptions, cluster: string): string[] {
  const model = modelArgs(options);
  const level = rNumber(options.level / 100);
  const cr2 = options.smallSample === undefined || options.smallSample === "CR2";
  const tests = cr2
    ? [
        "if (!requireNamespace(\"clubSandwich\", quietly = TRUE)) stop(\"CR2 needs the R package clubSandwich\")",
        `ct <- clubSandwich::coef_test(res, vcov = "CR2", cluster = cl, test = "Satterthwaite"); ci <- clubSandwich::conf_int(res, vcov = "CR2", cluster = cl, level = ${level})`,
        "robust <- list(method = \"CR2\", clusters = length(unique(cl)), se = ct$SE[1], statistic = ct$tstat[1], df = ct$df_Satt[1], pval = ct$p_Satt[1], ciLower = ci$CI_L[1], ciUpper = ci$CI_U[1])",
      ]
    : [
        "rb <- robust(res, cluster = cl, adjust = TRUE)",
        "robust <- list(method = \"CR1\", clusters = length(unique(cl)), se = num(rb$se), statistic = num(rb$zval), df = num(rb$dfs), pval = num(rb$pval), ciLower = num(rb$ci.lb), ciUpper = num(rb$ci.ub))",
      ];
  return [
    `res <- rma(yi, vi, data = dat, ${model.code})`,
    `cl <- dat[[${rString(cluster)}]]`,
    ...tests,
    "out <- list(k = res$k, method = res$method, estimate = num(res$beta), robust = robust)",
  ];
}

/** The R script of `metakit pool FILE --cluster C [--inner I]` or `--robust C`. */
export function clusteredPoolScript(table: StudyTable, options: PoolCommandOptions): string {
  // The checks of runClustered (commands/clustered.ts), so the script is written only for a command that runs.
  if (options.inner !== undefined && options.cluster === undefined) throw new UsageError("--inner needs --cluster");
  if (options.smallSample !== undefined && options.robust === undefined) throw new UsageError("--small-sample needs --robust");
  if (options.cluster !== undefined && options.method !== "REML" && options.method !== "ML") throw new UsageError(`--cluster fits the three-level model by REML or ML; got --method ${options.method}`);
  if (options.cluster !== undefined && options.test !== "z" && options.test !== "t") throw new UsageError(`--cluster takes --test z or t; got ${options.test}`);
  if (options.cluster === undefined && options.test !== "z") throw new UsageError("--robust replaces the model's tests: leave --test at z");
  const escalc = escalcCall(options.measure, table.columns, options.metaforCompat);
  const cluster = options.cluster ?? options.robust!;
  const extra = [options.cluster, options.inner, options.robust].flatMap((c) => (c === undefined ? [] : [{ column: c }]));
  const body = options.cluster !== undefined ? threeLevel(options, cluster) : robustOnly(options, cluster);
  return rScript({
    command: commandLine("pool", fileName(table.file), { measure: options.measure, method: options.method, test: options.test, level: options.level, cluster: options.cluster, inner: options.inner, robust: options.robust, smallSample: options.smallSample }),
    notes: escalc.notes,
    data: csvDataFrame(table, extra),
    body: [escalc.code, "dat <- dat[!is.na(dat$yi) & !is.na(dat$vi), ]", ...body, "printJson(out)"],
  });
}
