/**
 * `pool --emit-r`: escalc() and rma() (rma.mh() for MH, rma.peto() for PETO) with the
 * command's options, predict() for the prediction interval and the back-transformed
 * estimate, confint() for --tau2-ci; with --by, one rma() per subgroup and the test for
 * subgroup differences as metakit computes it (Q of the subgroup estimates, fixed effect).
 */
import type { StudyTable } from "./study-csv.js";
import type { PoolOptions } from "./pool.js";
import { backTransformArgs, escalcCall, modelArgs, NotExpressibleInR, piType } from "./metafor-args.js";
import { rName, rNumber, rString } from "./r-code.js";
import { commandLine, csvDataFrame, fileName, rScript } from "./r-script.js";

/** predict() arguments: pi.type when --pi asks for one metafor does not use by default. */
const predictCall = (options: PoolOptions, fit: string, transf?: string) => {
  const type = piType(options.pi, options.test);
  return `predict(${[fit, ...(type === undefined ? [] : [`pi.type = ${type}`]), ...(transf === undefined ? [] : [transf])].join(", ")})`;
};

/** The lines that fit one inverse-variance model to `data` (tau² fixed at `tau2` when given) and leave its JSON in `target`. */
function ivModel(options: PoolOptions, data: string, target: string, tau2?: string): { lines: string[]; notes: readonly string[] } {
  const model = modelArgs(options);
  const weights = `${options.weights === undefined ? "" : `, weights = ${rName(options.weights)}`}${tau2 === undefined ? "" : `, tau2 = ${tau2}`}`;
  const back = backTransformArgs(options.measure);
  const lines = [
    `res <- rma(yi, vi${weights}, data = ${data}, ${model.code})`,
    `${target} <- c(list(measure = ${rString(options.measure)}), pooling(res, ${predictCall(options, "res")}, ${back === undefined ? "NULL" : predictCall(options, "res", back)}))`,
  ];
  if (options.tau2Ci) {
    lines.push(
      "ci <- confint(res)$random",
      `${target}$tau2CI <- unname(ci["tau^2", c("ci.lb", "ci.ub")]); ${target}$I2CI <- unname(ci["I^2(%)", c("ci.lb", "ci.ub")]); ${target}$H2CI <- unname(ci["H^2", c("ci.lb", "ci.ub")])`,
    );
  }
  return { lines, notes: model.notes };
}

function tableModel(options: PoolOptions, table: StudyTable): string[] {
  const cells = ["ai", "bi", "ci", "di", "n1i", "n2i"].filter((c) => table.columns.includes(c)).map((c) => `${c} = ${c}`);
  const slab = table.columns.includes("study") ? ", slab = study" : "";
  const call =
    options.method === "PETO"
      ? `rma.peto(${cells.join(", ")}, data = dat, level = ${rNumber(options.level)}${slab})`
      : `rma.mh(measure = ${rString(options.measure)}, ${cells.join(", ")}, data = dat, level = ${rNumber(options.level)}${slab})`;
  const back = backTransformArgs(options.method === "PETO" ? "OR" : options.measure);
  return [`res <- ${call}`, `out <- c(list(measure = ${rString(options.measure)}), pooling(res, predict(res), ${back === undefined ? "NULL" : `predict(res, ${back})`}))`];
}

/**
 * The models per subgroup of --by and the test for subgroup differences: each subgroup
 * with its own tau², or (--common-tau2) the tau² of the model with the subgroup as a
 * categorical moderator (no intercept), fixed in each subgroup's model, as metakit.
 */
function subgroupModels(options: PoolOptions, column: string): { lines: string[]; notes: readonly string[] } {
  const common = options.commonTau2 === true;
  const one = ivModel(common ? { ...options, tau2Ci: false } : options, "dat[dat$.group == g & !is.na(dat$.group), ]", "fit", common ? "mm$tau2" : undefined);
  const model = modelArgs(options);
  return {
    notes: one.notes,
    lines: [
      `dat$.group <- ifelse(is.na(dat$yi), NA, trimws(as.character(dat[[${rString(column)}]])))`,
      "groups <- unique(dat$.group[!is.na(dat$.group)])",
      ...(common ? ["# tau² common to all subgroups: the moderator model with one indicator per subgroup.", `mm <- rma(yi, vi, mods = ~ 0 + factor(.group, levels = groups), data = dat, ${model.code})`] : []),
      "subgroups <- lapply(groups, function(g) {",
      ...one.lines.map((l) => `  ${l}`),
      "  c(list(group = g), fit)",
      "})",
      "# The test for subgroup differences: Q of the subgroup estimates with their standard errors (fixed effect).",
      "qb <- rma(sapply(subgroups, function(s) s$estimate), sei = sapply(subgroups, function(s) s$se), method = \"EE\")",
      "QB <- qb$QE; dfB <- length(groups) - 1",
      `out <- list(k = sum(!is.na(dat$.group)), measure = ${rString(options.measure)}, method = ${rString(options.method)}, test = ${rString(options.test)}, level = ${rNumber(options.level)}, tau2Across = ${rString(common ? "common" : "separate")},`,
      ...(common ? ["  tau2 = mm$tau2,"] : []),
      "  subgroups = subgroups, subgroupDifferences = list(QB = QB, df = dfB, pval = qb$QEp, I2 = if (QB > 0) max(0, 100 * (QB - dfB) / QB) else 0))",
    ],
  };
}

/**
 * The R script of `metakit pool FILE` with these options (not --cluster, --robust or --method
 * GLMM, whose scripts the CLI writes), headed as written by metakit `version`.
 */
export function poolScript(table: StudyTable, options: PoolOptions, version: string): string {
  if (options.method === "BAYES") throw new NotExpressibleInR("--method BAYES", "metafor fits no Bayesian model (bayesmeta does, with its own priors)");
  if (options.method === "GLMM") throw new NotExpressibleInR("--method GLMM", "this writer has no rma.glmm script; the CLI's --emit-r writes it (emit-r/dependent.ts)");
  const escalc = escalcCall(options.measure, table.columns, options.metaforCompat);
  const extra = [
    ...(options.by === undefined ? [] : [{ column: options.by }]),
    ...(options.weights === undefined ? [] : [{ column: options.weights, numeric: true }]),
  ];
  const tables = options.method === "MH" || options.method === "PETO";
  if (tables && options.by !== undefined) throw new NotExpressibleInR("--by with MH or PETO", "metakit offers no such analysis");
  const model = tables ? { lines: tableModel(options, table), notes: [] } : options.by === undefined ? ivModel(options, "dat", "out") : subgroupModels(options, options.by);
  return rScript({
    version,
    command: commandLine("pool", fileName(table.file), { measure: options.measure, method: options.method, test: options.test, level: options.level, pi: options.pi, tau2Ci: options.tau2Ci, by: options.by, weights: options.weights, metaforCompat: options.metaforCompat }),
    notes: [...escalc.notes, ...model.notes],
    data: csvDataFrame(table, extra),
    body: [escalc.code, ...model.lines, "printJson(out)"],
  });
}
