/**
 * `--emit-r` for dependent effect sizes and GLMMs, on `pool` and `regress`:
 *   --study/--outcome: V by vcalc() (type/rho, time1/phi) or from the --V file, then
 *     rma.mv(yi, V, mods = ~ outcome - 1 [+ moderators], random = ~ outcome | study, struct);
 *   --cluster [--inner]: rma.mv(yi, vi, random = ~ 1 | cluster/inner) (regress; pool's
 *     own script is clustered.ts), with I² per level computed as metakit does (Cheung 2014);
 *   --robust on either, and on the two-level regress: robust(adjust = TRUE) for CR1,
 *     robust(clubSandwich = TRUE) for CR2 (clubSandwich's Satterthwaite df and HTZ test);
 *   --method GLMM: rma.glmm().
 * The rma.mv fits use tightly-set optimisers (TIGHT), because metafor's default stops up to
 * about 4e-6 (relative) from the optimum metakit converges to. The JSON fields are those of metakit's --format json.
 */
import type { Measure, MetaforCompat } from "@metakit/effect-size";
import type { TestType } from "@metakit/core";
import type { StudyTable } from "../study-csv.js";
import { UsageError } from "../errors.js";
import type { MultivariateCliOptions } from "../commands/multivariate.js";
import type { ClusterOptions } from "../commands/clustered.js";
import { readText } from "../text-file.js";
import { decimalNumber } from "../study-csv.js";
import { columnCells, readEffects } from "../study-effects.js";
import { readWithinCovariance } from "../within-covariance.js";
import { escalcCall, modelArgs, NotExpressibleInR } from "./metafor-args.js";
import { dataFrame, rName, rNumber, rString, type DataColumn } from "./r-code.js";
import { commandLine, csvDataFrame, fileName, rScript } from "./script.js";
import Papa from "papaparse";

export interface DependentEmitOptions extends MultivariateCliOptions, ClusterOptions {
  readonly measure: Measure;
  readonly method: string;
  readonly test: TestType;
  readonly level: number;
  readonly metaforCompat?: MetaforCompat;
  readonly glmmModel?: string;
}

/** Moderator lines and terms from regress's script (moderatorLines), passed in so this module does not re-code them. */
export interface ModeratorTerms {
  readonly lines: readonly string[];
  readonly extra: readonly { readonly column: string; readonly numeric?: boolean }[];
  /** The terms after `~`, e.g. "ablat + alloc"; empty for pool. */
  readonly formula: string;
  /** The moderator columns (the formula's terms). */
  readonly terms: readonly string[];
}

const TIGHT_NOTE = "rma.mv is fitted with three tightly-set optimisers, keeping the largest log-likelihood: metafor's default stops up to about 4e-6 (relative) from the optimum metakit converges to.";

export const NO_MODERATORS: ModeratorTerms = { lines: [], extra: [], formula: "", terms: [] };

/**
 * The tight rma.mv fit: `fit(control)` with three tightly-set optimisers (nlminb, minqa's
 * bobyqa, optim's BFGS), keeping the fit with the largest log-likelihood: no
 * one of them reaches the optimum to 1e-6 on every model (nlminb stops up to 1e-4 away on
 * dat.berkey1998's UN model by ML, or fails to converge when tightened).
 */
const TIGHT = [
  "controls <- list(list(rel.tol = 1e-12, iter.max = 10000, eval.max = 10000), list(optimizer = \"bobyqa\", rhoend = 1e-14), list(optimizer = \"optim\", optmethod = \"BFGS\", reltol = 1e-15, maxit = 10000))",
  "tightest <- function(fit) { fits <- Filter(Negate(is.null), lapply(controls, function(control) tryCatch(fit(control), error = function(e) NULL))); if (length(fits) == 0) stop(\"rma.mv did not converge with any optimiser\"); fits[[which.max(sapply(fits, function(f) as.numeric(logLik(f))))]] }",
];

/** The robust tests of `res` clustered by `cl`, as metakit's JSON: flat for pool, per coefficient for regress (or the multivariate arrays). */
function robustLines(options: DependentEmitOptions, shape: "flat" | "coefficients" | "arrays"): string[] {
  if (options.robust === undefined) return [];
  const cr1 = options.smallSample === "CR1";
  const call = cr1 ? "robust(res, cluster = cl, adjust = TRUE)" : "robust(res, cluster = cl, clubSandwich = TRUE)";
  const lines = [
    ...(cr1 ? [] : ['if (!requireNamespace("clubSandwich", quietly = TRUE)) stop("CR2 needs the R package clubSandwich")']),
    `cl <- dat[[${rString(options.robust)}]]`,
    `rb <- ${call}`,
    "rdf <- rep_len(as.numeric(rb$ddf), length(rb$se))",
    `robust <- list(method = ${rString(cr1 ? "CR1" : "CR2")}, clusters = length(unique(cl)))`,
  ];
  if (shape === "flat") lines.push("robust <- c(robust, list(se = num(rb$se[1]), statistic = num(rb$zval[1]), df = rdf[1], pval = num(rb$pval[1]), ciLower = num(rb$ci.lb[1]), ciUpper = num(rb$ci.ub[1])))");
  if (shape === "arrays") lines.push("robust <- c(robust, list(se = I(num(rb$se)), statistic = I(num(rb$zval)), df = I(rdf), pval = I(num(rb$pval)), ciLower = I(num(rb$ci.lb)), ciUpper = I(num(rb$ci.ub))))");
  if (shape === "coefficients") {
    lines.push(
      "robust$coefficients <- lapply(seq_along(rb$se), function(j) list(name = rownames(rb$beta)[j], estimate = num(rb$beta[j]), se = num(rb$se[j]), statistic = num(rb$zval[j]), pval = num(rb$pval[j]), ciLower = num(rb$ci.lb[j]), ciUpper = num(rb$ci.ub[j]), df = rdf[j]))",
    );
  }
  if (shape !== "flat") lines.push("robust <- c(robust, list(QM = num(rb$QM), QMdf = I(num(rb$QMdf)), QMp = num(rb$QMp)))");
  return lines;
}

const coefficientsOf = "lapply(seq_along(res$beta), function(j) list(name = rownames(res$beta)[j], estimate = num(res$beta[j]), se = num(res$se[j]), statistic = num(res$zval[j]), pval = num(res$pval[j]), ciLower = num(res$ci.lb[j]), ciUpper = num(res$ci.ub[j])))";

/**
 * The multivariate model: V, then the tight rma.mv fit. Outcome levels are a factor in
 * code-point order (sort(method = "radix") is R's C-locale order), metakit's order of the
 * coefficients, tau² and rho.
 */
export function multivariateScript(table: StudyTable, options: DependentEmitOptions, command: "pool" | "regress", moderators: ModeratorTerms): string {
  if (options.outcome === undefined || options.study === undefined) throw new UsageError("--outcome and --study go together (the multivariate model: --study COL --outcome COL)");
  if (options.tau2Ci === true) throw new NotExpressibleInR("--tau2-ci with --study/--outcome", "not written yet (confint() of rma.mv per component)");
  if (options.method !== "REML" && options.method !== "ML") throw new UsageError(`--outcome fits the multivariate model by REML or ML; got --method ${options.method}`);
  const escalc = escalcCall(options.measure, table.columns, options.metaforCompat);
  const model = modelArgs(options);
  const struct = options.struct ?? "CS";
  const columns = [options.study, options.outcome, options.time, options.robust].flatMap((c) => (c === undefined ? [] : [{ column: c, ...(c === options.time && { numeric: true }) }]));
  const within = withinLines(table, options);
  const mods = moderators.formula === "" ? "~ .outcome - 1" : `~ .outcome - 1 + ${moderators.formula}`;
  const numeric = new Set(moderators.extra.filter((e) => e.numeric === true).map((e) => e.column));
  const scaled = moderators.terms.map((t) => (numeric.has(t) ? `scale(${rName(t)})` : rName(t))).join(" + ");
  const scaledMods = scaled === "" ? mods : `~ .outcome - 1 + ${scaled}`;
  const body = [
    escalc.code,
    ...(options.V === undefined ? [] : within.beforeFilter),
    "keep <- !is.na(dat$yi) & !is.na(dat$vi)",
    "dat <- dat[keep, ]",
    `dat$.study <- dat[[${rString(options.study)}]]`,
    `dat$.outcome <- factor(dat[[${rString(options.outcome)}]], levels = sort(unique(as.character(dat[[${rString(options.outcome)}]])), method = "radix"))`,
    ...(options.time === undefined ? [] : [`dat$.time <- dat[[${rString(options.time)}]]`]),
    ...moderators.lines,
    ...within.afterFilter,
    ...TIGHT,
    // the components from a fit with the numeric moderators centred and scaled (they are
    // invariant to that, and so is the restricted likelihood, which metafor computes with
    // log|X'X|), then the coefficients at those components: optimisers stop short on a
    // moderator such as a year, whose raw column makes the problem ill-conditioned
    `fit <- function(control) rma.mv(yi, V, mods = ${scaledMods}, random = ~ .outcome | .study, struct = ${rString(struct)}, data = dat, ${model.code}, control = control)`,
    "res0 <- tightest(fit)",
    "fs <- fitstats(res0)",
    ...(scaledMods === mods
      ? ["res <- res0"]
      : [`res <- rma.mv(yi, V, mods = ${mods}, random = ~ .outcome | .study, struct = ${rString(struct)}, data = dat, ${model.code}, tau2 = res0$tau2${struct === "DIAG" ? "" : ", rho = res0$rho"})`]),
    `out <- list(model = "multivariate", k = res$k, studies = length(unique(dat$.study)), outcomes = I(levels(dat$.outcome)), struct = ${rString(struct)}, method = res$method, test = res$test, level = 100 * (1 - res$level),`,
    `  df = if (res$test == "z") NULL else num(res$ddf[1]), coefficients = ${coefficientsOf},`,
    "  QM = num(res$QM), QMp = num(res$QMp), tau2 = I(num(res0$tau2)), rho = I(if (res$struct[1] == \"DIAG\") numeric(0) else num(res0$rho)),",
    "  QE = num(res$QE), QEdf = res$k - res$p, QEp = num(res$QEp), logLik = fs[\"logLik:\", 1], AIC = fs[\"AIC:\", 1], BIC = fs[\"BIC:\", 1])",
    ...robustLines(options, "arrays"),
    ...(options.robust === undefined ? [] : ["out$robust <- robust"]),
    "printJson(out)",
  ];
  return rScript({
    command: commandLine(command, fileName(table.file), { measure: options.measure, mods: moderators.formula === "" ? undefined : moderators.formula, study: options.study, outcome: options.outcome, struct, rho: options.rho, time: options.time, phi: options.phi, V: options.V, method: options.method, test: options.test, level: options.level, robust: options.robust, smallSample: options.smallSample }),
    notes: [...escalc.notes, ...model.notes, ...within.notes, TIGHT_NOTE],
    data: csvDataFrame(table, [...columns, ...moderators.extra]),
    body,
  });
}

/** The within-study covariance V: vcalc() on the estimable rows, or the --V file inline, read into the data file's rows. */
function withinLines(table: StudyTable, options: DependentEmitOptions): { beforeFilter: string[]; afterFilter: string[]; notes: string[] } {
  if (options.V !== undefined) {
    // read strictly first, as the command does, so a script is written only for a file it accepts
    const data = readEffects(table.file, options.measure, options.metaforCompat);
    readWithinCovariance(options.V, data, options.study!, columnCells(data, options.study!, "--study"));
    const parsed = Papa.parse<string[]>(readText(options.V).replace(/^\uFEFF/, ""), { header: false, skipEmptyLines: "greedy" });
    const [header = [], ...records] = parsed.data;
    const names = header.map((h) => h.trim());
    const vColumns = names.filter((n) => /^v[1-9][0-9]*i$/.test(n));
    const columns: DataColumn[] = vColumns.map((name) => {
      const at = names.indexOf(name);
      return { name, values: records.map((r) => decimalNumber(r[at] ?? "") ?? null) };
    });
    return {
      // the full V of the file's rows, block by study (rows of a study need not be adjacent), then the estimable rows
      beforeFilter: [
        dataFrame("Vdat", columns),
        "V <- matrix(0, nrow(dat), nrow(dat))",
        `for (s in unique(dat[[${rString(options.study!)}]])) { idx <- which(dat[[${rString(options.study!)}]] == s); V[idx, idx] <- as.matrix(Vdat[idx, paste0("v", seq_along(idx), "i")]) }`,
      ],
      afterFilter: ["V <- V[keep, keep, drop = FALSE]"],
      notes: [`V is the within-study covariance of ${fileName(options.V)} (columns ${vColumns.join(", ")}, one row per data row).`],
    };
  }
  const type = options.time === undefined || options.rho !== undefined ? [`type = .outcome, rho = ${rNumber(options.rho ?? 0)}`] : [];
  const time = options.time === undefined ? [] : [`time1 = .time, phi = ${rNumber(options.phi!)}`];
  return { beforeFilter: [], afterFilter: [`V <- vcalc(vi, cluster = .study, ${[...type, ...time].join(", ")}, data = dat)`], notes: [] };
}

/**
 * regress --cluster [--inner] [--robust] and regress --robust (the two-level model with
 * robust tests), and pool --cluster with --robust.
 */
export function clusteredScript(table: StudyTable, options: DependentEmitOptions, command: "pool" | "regress", moderators: ModeratorTerms): string {
  if (options.inner !== undefined && options.cluster === undefined) throw new UsageError("--inner needs --cluster");
  if (options.smallSample !== undefined && options.robust === undefined) throw new UsageError("--small-sample needs --robust");
  if (options.tau2Ci === true && options.cluster !== undefined && options.robust !== undefined) throw new NotExpressibleInR("--tau2-ci with --robust", "not written yet");
  if (options.predictAt !== undefined) throw new NotExpressibleInR("--predict with --cluster", "not written yet (predict() of rma.mv)");
  const escalc = escalcCall(options.measure, table.columns, options.metaforCompat);
  const model = modelArgs(options);
  const mods = moderators.formula === "" ? "" : `mods = ~ ${moderators.formula}, `;
  const columns = [options.cluster, options.inner, options.robust].flatMap((c) => (c === undefined ? [] : [{ column: c }]));
  const head = [escalc.code, "dat <- dat[!is.na(dat$yi) & !is.na(dat$vi), ]", ...moderators.lines];
  let body: string[];
  if (options.cluster === undefined) {
    if (options.test !== "z") throw new UsageError("--robust replaces the model's tests: leave --test at z");
    body = [
      `res <- rma(yi, vi, ${mods}data = dat, ${model.code})`,
      ...robustLines(options, "coefficients"),
      "out <- list(model = \"two-level\", k = res$k, method = res$method, coefficients = lapply(seq_along(res$beta), function(j) list(name = rownames(res$beta)[j], estimate = num(res$beta[j]))), robust = robust)",
    ];
  } else {
    if (options.method !== "REML" && options.method !== "ML") throw new UsageError(`--cluster fits the three-level model by REML or ML; got --method ${options.method}`);
    const inner = options.inner === undefined ? "seq_len(nrow(dat))" : `dat[[${rString(options.inner)}]]`;
    const estimate =
      command === "pool"
        ? "estimate = num(res$beta), se = num(res$se), statistic = num(res$zval), pval = num(res$pval), ciLower = num(res$ci.lb), ciUpper = num(res$ci.ub)"
        : `coefficients = ${coefficientsOf}, QM = num(res$QM), QMp = num(res$QMp)`;
    body = [
      `dat$.cluster <- dat[[${rString(options.cluster)}]]; dat$.inner <- ${inner}`,
      ...TIGHT,
      `fit <- function(control) rma.mv(yi, vi, ${mods}random = ~ 1 | .cluster/.inner, data = dat, ${model.code}, control = control)`,
      "res <- tightest(fit)",
      "fs <- fitstats(res)",
      // I² per level as metakit (Cheung 2014, eq. 15): sigma2_j / (sum sigma2 + v~), v~ = (k - p) / tr(P) with W = diag(1/vi)
      "W <- diag(1 / dat$vi); X <- model.matrix(res); P <- W - W %*% X %*% solve(t(X) %*% W %*% X) %*% t(X) %*% W",
      "typical <- (res$k - res$p) / sum(diag(P)); I2Levels <- 100 * res$sigma2 / (sum(res$sigma2) + typical)",
      `out <- list(model = "three-level", k = res$k, clusters = res$s.nlevels[1], innerGroups = res$s.nlevels[2], method = res$method, test = res$test, level = 100 * (1 - res$level), df = if (res$test == "z") NULL else num(res$ddf[1]),`,
      `  ${estimate},`,
      "  sigma2 = I(num(res$sigma2)), QE = num(res$QE), QEdf = res$k - res$p, QEp = num(res$QEp), logLik = fs[\"logLik:\", 1], AIC = fs[\"AIC:\", 1], BIC = fs[\"BIC:\", 1],",
      "  I2Levels = I(I2Levels), I2 = sum(I2Levels))",
      ...(command === "pool" ? ["pred <- predict(res); out$predictionInterval <- list(lower = num(pred$pi.lb), upper = num(pred$pi.ub))"] : []),
      ...robustLines(options, command === "pool" ? "flat" : "coefficients"),
      ...(options.robust === undefined ? [] : ["out$robust <- robust"]),
    ];
  }
  return rScript({
    command: commandLine(command, fileName(table.file), { measure: options.measure, mods: moderators.formula === "" ? undefined : moderators.formula, method: options.method, test: options.test, level: options.level, cluster: options.cluster, inner: options.inner, robust: options.robust, smallSample: options.smallSample }),
    notes: [...escalc.notes, ...model.notes, ...(options.cluster === undefined ? [] : [TIGHT_NOTE])],
    data: csvDataFrame(table, [...columns, ...moderators.extra]),
    body: [...head, ...body, "printJson(out)"],
  });
}

/**
 * pool --method GLMM: rma.glmm() on the counts (OR: UM.FS or UM.RS; PLO; IRLN). metafor
 * fits with lme4, whose default optimiser stops early: its estimates can differ from
 * metakit's (the maximum of the same likelihood) by up to about 3e-4 (relative), which the
 * script's header says. metafor's logLik for tau² > 0 is lme4's, which differs from the
 * marginal log-likelihood metakit reports by a constant, so the script leaves it out.
 */
export function glmmScript(table: StudyTable, options: DependentEmitOptions): string {
  const measure = options.measure;
  const has = (c: string) => table.columns.includes(c);
  const cells =
    measure === "OR"
      ? ["ai", has("bi") ? "bi" : "n1i", "ci", has("di") ? "di" : "n2i"]
      : measure === "PLO"
        ? ["xi", has("ni") ? "ni" : "mi"]
        : ["xi", "ti"];
  const model = measure === "OR" ? `, model = ${rString(options.glmmModel ?? "UM.FS")}` : "";
  const slab = has("study") ? ", slab = study" : "";
  const complete = cells.map((c) => `!is.na(dat$${c})`).join(" & ");
  const back = measure === "PLO" ? "transf.ilogit" : "exp";
  return rScript({
    command: commandLine("pool", fileName(table.file), { measure, method: "GLMM", glmmModel: options.glmmModel, test: options.test, level: options.level }),
    notes: [
      "rma.glmm() fits with lme4 (glmer, nAGQ = 7; UM.RS with the Laplace approximation), whose optimiser stops early: expect agreement with metakit (the maximum of the same likelihood) to about 1e-4, not 1e-6.",
      "metafor's logLik with tau^2 > 0 differs from the marginal log-likelihood by a constant (lme4's), so it is not printed.",
    ],
    data: csvDataFrame(table),
    body: [
      `dat <- dat[${complete}, ]`,
      `res <- rma.glmm(measure = ${rString(measure)}, ${cells.map((c) => `${c} = ${c}`).join(", ")}, data = dat${model}, test = ${rString(options.test)}, level = ${rNumber(options.level)}${slab})`,
      `tr <- ${back}(c(res$beta, res$ci.lb, res$ci.ub))`,
      "out <- list(measure = res$measure, method = \"GLMM\", k = res$k, level = 100 * (1 - res$level), test = res$test, estimate = num(res$beta), se = num(res$se), statistic = num(res$zval), pval = num(res$pval),",
      "  ciLower = num(res$ci.lb), ciUpper = num(res$ci.ub), tau2 = num(res$tau2), tau = sqrt(num(res$tau2)), sigma2 = if (is.null(res$sigma2)) NULL else num(res$sigma2), I2 = num(res$I2), H2 = num(res$H2),",
      "  heterogeneity = if (is.na(res$QE.Wld)) NULL else list(wald = list(statistic = num(res$QE.Wld), df = res$QE.df, pval = num(res$QEp.Wld)), lrt = list(statistic = num(res$QE.LRT), df = res$QE.df, pval = num(res$QEp.LRT))),",
      "  transformed = list(estimate = tr[1], ciLower = tr[2], ciUpper = tr[3]))",
      "printJson(out)",
    ],
  });
}

