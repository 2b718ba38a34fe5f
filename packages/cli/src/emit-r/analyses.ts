/**
 * `--emit-r` of regress (rma with mods), sensitivity (leave1out, cumul, influence,
 * baujat) and bias (regtest, ranktest, trimfill, fsn): escalc() on the inline data, the
 * model with the command's options, and the command's JSON fields from metafor's results.
 */
import { escalc, type Measure, type MetaforCompat } from "@metakit/effect-size";
import type { TestType } from "@metakit/core";
import { decimalNumber, type StudyTable } from "../study-csv.js";
import { escalcCall, modelArgs, NotExpressibleInR } from "./metafor-args.js";
import { rName, rNumber, rString, rStrings } from "./r-code.js";
import { commandLine, csvDataFrame, fileName, rScript } from "./script.js";
import { clusteredScript, multivariateScript, type DependentEmitOptions } from "./dependent.js";
import { isMultivariate } from "../commands/multivariate.js";
import { isClustered } from "../commands/clustered.js";
import { UsageError } from "../errors.js";

interface ModelOptions {
  readonly measure: Measure;
  readonly method: string;
  readonly test: TestType;
  readonly level: number;
  readonly metaforCompat?: MetaforCompat;
}

/** escalc(), then the rows metakit pools (an estimable effect), so every later call sees the same studies. */
function effects(table: StudyTable, options: ModelOptions) {
  const escalc = escalcCall(options.measure, table.columns, options.metaforCompat);
  return { notes: escalc.notes, lines: [escalc.code, "dat <- dat[!is.na(dat$yi) & !is.na(dat$vi), ]"] };
}

export interface RegressEmitOptions extends ModelOptions {
  readonly mods: readonly string[];
  /** With --method GENQ: the column of user weights. */
  readonly weights?: string;
  readonly factor?: readonly string[];
  readonly reference?: readonly string[];
  readonly permutations?: number;
  readonly predict?: readonly string[];
  readonly bubble?: string;
}

/**
 * The moderator terms as metakit codes them: numeric columns as numbers; categorical ones
 * (a non-number in the column, --factor or --reference) as factors whose first level is
 * the reference (metakit's default: the first level in code-point order), as R's
 * treatment contrasts.
 */
export function moderatorLines(table: StudyTable, options: RegressEmitOptions): { lines: string[]; extra: { column: string; numeric?: boolean }[] } {
  // As regress codes them: from the studies whose effect is estimable.
  const estimable = escalc(options.measure, table.studies, options.metaforCompat === undefined ? {} : { metaforCompat: options.metaforCompat }).studies.flatMap((s, i) => (s.estimable ? [i] : []));
  const references = new Map((options.reference ?? []).map((pair) => [pair.split("=")[0]!.trim(), pair.split("=").slice(1).join("=").trim()] as const));
  const lines: string[] = [];
  const extra = options.mods.map((name) => {
    const cells = estimable.map((i) => table.cells[i]?.[name]?.trim() ?? "").filter((c) => c !== "" && c !== "NA");
    const categorical = options.factor?.includes(name) || references.has(name) || cells.some((c) => decimalNumber(c) === undefined);
    if (!categorical) return { column: name, numeric: true };
    const levels = [...new Set(cells)].sort();
    const reference = references.get(name) ?? levels[0]!;
    lines.push(`dat[[${rString(name)}]] <- factor(trimws(dat[[${rString(name)}]]), levels = ${rStrings([reference, ...levels.filter((l) => l !== reference)])})`);
    return { column: name };
  });
  return { lines, extra };
}

export function regressScript(table: StudyTable, options: RegressEmitOptions & DependentEmitOptions): string {
  if (isMultivariate(options) || isClustered(options)) {
    if (options.permutations !== undefined || options.bubble !== undefined) throw new NotExpressibleInR("--permutations and --bubble", "not offered with --study/--outcome, --cluster or --robust");
    const mods = moderatorLines(table, options);
    const terms = { ...mods, formula: options.mods.map(rName).join(" + "), terms: options.mods };
    if (isMultivariate(options)) {
      if (options.predict?.length) throw new UsageError("--predict is not offered with --study/--outcome");
      return multivariateScript(table, options, "regress", terms);
    }
    if (options.predict?.length) throw new NotExpressibleInR("--predict with --cluster or --robust", "not written yet (predict() of rma.mv)");
    return clusteredScript(table, options, "regress", terms);
  }
  if (options.permutations !== undefined) throw new NotExpressibleInR("--permutations", "metafor's permutest() draws its permutations with R's generator, not metakit's, so the p-values differ by chance");
  if (options.bubble !== undefined) throw new NotExpressibleInR("--bubble", "not written yet (metafor's regplot() draws it; its grid is not metakit's)");
  const fx = effects(table, options);
  const model = modelArgs(options);
  const mods = moderatorLines(table, options);
  if (options.weights !== undefined) mods.extra.push({ column: options.weights, numeric: true });
  const weights = options.weights === undefined ? "" : `, weights = ${rName(options.weights)}`;
  const formula = `~ ${options.mods.map(rName).join(" + ")}`;
  return rScript({
    command: commandLine("regress", fileName(table.file), { measure: options.measure, mods: options.mods, factor: options.factor, reference: options.reference, method: options.method, weights: options.weights, test: options.test, level: options.level }),
    notes: [...fx.notes, ...model.notes],
    data: csvDataFrame(table, mods.extra),
    body: [
      ...fx.lines,
      ...mods.lines,
      `res <- rma(yi, vi${weights}, mods = ${formula}, data = dat, ${model.code})`,
      "coefficients <- lapply(seq_along(res$beta), function(j) list(name = rownames(res$beta)[j], estimate = res$beta[j], se = res$se[j], statistic = res$zval[j], pval = res$pval[j], ciLower = res$ci.lb[j], ciUpper = res$ci.ub[j]))",
      "out <- list(k = res$k, method = res$method, test = res$test, level = 100 * (1 - res$level), tau2 = res$tau2, I2 = res$I2, H2 = res$H2, R2 = num(res$R2),",
      "  QM = res$QM, QMdf = c(num(res$QMdf[1]), num(res$QMdf[2])), QMp = res$QMp, QE = res$QE, QEdf = res$k - res$p, QEp = res$QEp,",
      "  df = if (res$test == \"z\") NA_real_ else num(res$ddf[1]), coefficients = coefficients)",
      ...predictionLines(options, formula),
      "printJson(out)",
    ],
  });
}

/**
 * --predict: the points as a data frame with the moderators' types (factors with the
 * model's levels), their design rows by model.matrix() without the intercept, predict().
 */
function predictionLines(options: RegressEmitOptions, formula: string): string[] {
  const points = (options.predict ?? []).map((text) => new Map(text.split(",").map((pair) => [pair.split("=")[0]!.trim(), pair.split("=").slice(1).join("=").trim()] as const)));
  if (points.length === 0) return [];
  const columns = options.mods.map((name) => {
    const values = points.map((p) => {
      const value = p.get(name);
      if (value === undefined) throw new NotExpressibleInR("--predict", `a point without ${name}: give every moderator (metakit holds the others fixed its own way)`);
      return value;
    });
    const numeric = values.every((v) => decimalNumber(v) !== undefined) && !(options.factor?.includes(name) ?? false);
    return `${rName(name)} = ${numeric ? `c(${values.map((v) => rNumber(decimalNumber(v)!)).join(", ")})` : `factor(${rStrings(values)}, levels = levels(dat[[${rString(name)}]]))`}`;
  });
  return [
    `nd <- data.frame(${columns.join(", ")}, check.names = FALSE)`,
    `p <- predict(res, newmods = model.matrix(${formula}, nd)[, -1, drop = FALSE])`,
    "out$predictions <- lapply(seq_len(nrow(nd)), function(j) list(estimate = p$pred[j], se = p$se[j], ciLower = p$ci.lb[j], ciUpper = p$ci.ub[j], piLower = p$pi.lb[j], piUpper = p$pi.ub[j]))",
  ];
}

export interface SensitivityEmitOptions extends ModelOptions {
  readonly leaveOneOut?: boolean;
  readonly cumulative?: boolean;
  readonly order?: string;
  readonly decreasing?: boolean;
  readonly influence?: boolean;
  readonly gosh?: boolean;
  readonly baujat?: boolean;
}

const STEPS = "list(estimate = num(s$estimate), se = num(s$se), statistic = num(s$zval), pval = num(s$pval), ciLower = num(s$ci.lb), ciUpper = num(s$ci.ub), QE = num(s$Q), QEp = num(s$Qp), tau2 = num(s$tau2), I2 = num(s$I2), H2 = num(s$H2))";

export function sensitivityScript(table: StudyTable, options: SensitivityEmitOptions): string {
  if (options.gosh) throw new NotExpressibleInR("--gosh", "metafor's gosh() fits its subsets in its own order (and random subsets with R's generator): compare summaries, not subset by subset");
  const fx = effects(table, options);
  const model = modelArgs(options);
  const fit = `res <- rma(yi, vi, data = dat, ${model.code})`;
  const body: string[] = [...fx.lines, fit];
  if (options.leaveOneOut) body.push("s <- leave1out(res)", `out <- c(list(analysis = "leave-one-out", method = res$method, test = res$test, level = 100 * (1 - res$level), labels = as.character(s$slab)), ${STEPS})`);
  if (options.cumulative) {
    // metafor's cumul(order = x) orders the studies by x (a variable, not indices); ties keep file order, as metakit.
    const order = options.order === undefined ? "" : `, order = ${options.decreasing ? "-" : ""}dat[[${rString(options.order)}]]`;
    body.push(`s <- cumul(res${order})`, `out <- c(list(analysis = "cumulative", method = res$method, test = res$test, level = 100 * (1 - res$level), labels = as.character(s$slab)), ${STEPS})`);
  }
  if (options.influence) {
    body.push(
      "inf <- influence(res)",
      "i <- inf$inf",
      "out <- list(analysis = \"influence\", method = res$method, labels = as.character(i$slab), rstudent = num(i$rstudent), dffits = num(i$dffits), cooksDistance = num(i$cook.d), covRatio = num(i$cov.r),",
      "  tau2Deleted = num(i$tau2.del), QEDeleted = num(i$QE.del), hat = num(i$hat), weight = num(i$weight), dfbetas = num(inf$dfbs$intrcpt))",
    );
  }
  if (options.baujat) body.push("pdf(NULL)", "b <- baujat(res)", "invisible(dev.off())", "out <- list(analysis = \"baujat\", method = res$method, labels = as.character(b$slab), x = num(b$x), y = num(b$y))");
  body.push("printJson(out)");
  const which = options.leaveOneOut ? "leaveOneOut" : options.cumulative ? "cumulative" : options.influence ? "influence" : "baujat";
  return rScript({
    command: commandLine("sensitivity", fileName(table.file), { measure: options.measure, [which]: true, order: options.order, decreasing: options.decreasing, method: options.method, test: options.test, level: options.level }),
    notes: [...fx.notes, ...model.notes],
    data: csvDataFrame(table, options.order === undefined ? [] : [{ column: options.order, numeric: true }]),
    body,
  });
}

export interface BiasEmitOptions extends ModelOptions {
  readonly egger?: boolean;
  readonly eggerModel: string;
  readonly predictor: string;
  readonly begg?: boolean;
  readonly trimfill?: boolean;
  readonly estimator: string;
  readonly side?: string;
  readonly fsn?: boolean;
  readonly type: string;
  readonly target?: number;
  readonly alpha?: number;
  readonly petPeese?: boolean;
  readonly harbord?: boolean;
  readonly peters?: boolean;
}

/**
 * Each study's total sample size as metakit's bias command takes it for the ni-based
 * predictors: ni, else n1i + n2i, else the four cells of the 2x2 table.
 */
const SAMPLE_SIZES = [
  "n <- rep(NA_real_, nrow(dat))",
  "if (!is.null(dat$ni)) n <- dat$ni",
  "if (!is.null(dat$n1i) && !is.null(dat$n2i)) n <- ifelse(is.na(n), dat$n1i + dat$n2i, n)",
  "if (all(c(\"ai\", \"bi\", \"ci\", \"di\") %in% names(dat))) n <- ifelse(is.na(n), dat$ai + dat$bi + dat$ci + dat$di, n)",
];

function eggerLines(options: BiasEmitOptions): string[] {
  const sizes = options.predictor !== "sei" && options.predictor !== "vi";
  const slope = options.eggerModel === "lm" ? "coef(summary(rt$fit))[2, 1:2]" : "c(rt$fit$beta[2], rt$fit$se[2])";
  return [
    ...(sizes ? SAMPLE_SIZES : []),
    `rt <- regtest(res, model = ${rString(options.eggerModel)}, predictor = ${rString(options.predictor)}${sizes ? ", ni = n" : ""}, ret.fit = TRUE)`,
    `slope <- unname(${slope})`,
    "out <- list(test = \"egger\", k = res$k, model = rt$model, predictor = rt$predictor, statistic = num(rt$zval), pval = num(rt$pval), df = if (is.null(rt$dfs) || is.na(rt$dfs)) NA_real_ else num(rt$dfs),",
    `  slope = slope[1], slopeSe = slope[2], limitEstimate = num(rt$est), limitCiLower = num(rt$ci.lb), limitCiUpper = num(rt$ci.ub)${options.eggerModel === "lm" ? "" : ", tau2 = num(rt$fit$tau2)"})`,
  ];
}

function fsnLines(options: BiasEmitOptions): { lines: string[]; notes: string[] } {
  const weighted = options.type === "Orwin" && options.metaforCompat !== "3.8";
  const args = [
    `type = ${rString(options.type)}`,
    ...(options.alpha === undefined ? [] : [`alpha = ${rNumber(options.alpha)}`]),
    ...(options.target === undefined ? [] : [`target = ${rNumber(options.target)}`]),
    ...(weighted ? ["weighted = TRUE"] : []),
  ];
  return {
    notes: weighted ? ["Orwin's fail-safe N uses the inverse-variance weighted mean, as metafor >= 4.4 does by default (metafor 3.8-1: weighted = TRUE); --metafor-compat 3.8 for the unweighted mean."] : [],
    lines: [
      `f <- fsn(yi, vi, data = dat, ${args.join(", ")})`,
      "out <- list(test = \"fsn\", k = nrow(dat), type = f$type, alpha = num(f$alpha), fsn = num(f$fsnum), pval = num(f$pval), meanEffect = num(f$meanes), target = num(f$target))",
    ],
  };
}

/**
 * PET and PEESE as metakit fits them: weighted least squares of yi on sei (PET) and on vi
 * (PEESE) with weights 1/vi and free dispersion, which is regtest(model = "lm")'s model;
 * the intercept's t test on k - 2 df and its interval at the level; PEESE when PET's
 * intercept is significant at alpha (two-sided), else PET.
 */
function petPeeseLines(options: BiasEmitOptions): string[] {
  const limit = (name: string, predictor: string) =>
    `${name} <- local({ fit <- lm(yi ~ ${predictor}, weights = 1 / vi, data = dat); row <- coef(summary(fit))[1, ]; ci <- confint(fit, level = ${rNumber(options.level / 100)})[1, ]; list(estimate = unname(row[1]), se = unname(row[2]), statistic = unname(row[3]), pval = unname(row[4]), df = fit$df.residual, ciLower = unname(ci[1]), ciUpper = unname(ci[2]), slope = unname(coef(fit)[2])) })`;
  return [
    "dat$sei <- sqrt(dat$vi)",
    limit("pet", "sei"),
    limit("peese", "vi"),
    `alpha <- ${rNumber(options.alpha ?? 0.05)}`,
    "chosen <- if (pet$pval < alpha) peese else pet",
    "out <- list(test = \"petPeese\", k = nrow(dat), pet = pet, peese = peese, selected = if (pet$pval < alpha) \"PEESE\" else \"PET\", estimate = chosen$estimate, ciLower = chosen$ciLower, ciUpper = chosen$ciUpper, alpha = alpha)",
  ];
}

export function biasScript(table: StudyTable, options: BiasEmitOptions): string {
  if (options.harbord || options.peters) {
    throw new NotExpressibleInR(options.harbord ? "--harbord" : "--peters", "not written yet: metafor has no function for it (regtest() with other predictors and models comes close)");
  }
  const fx = effects(table, options);
  const model = modelArgs(options);
  const fit = `res <- rma(yi, vi, data = dat, ${model.code})`;
  const notes = [...fx.notes, ...model.notes];
  const body: string[] = [...fx.lines];
  if (options.egger) body.push(fit, ...eggerLines(options));
  if (options.begg) body.push("rk <- ranktest(yi, vi, data = dat)", "out <- list(test = \"begg\", k = nrow(dat), tau = num(rk$tau), pval = num(rk$pval))");
  if (options.trimfill) {
    body.push(
      fit,
      `tf <- trimfill(res, estimator = ${rString(options.estimator)}${options.side === undefined ? "" : `, side = ${rString(options.side)}`})`,
      "filled <- if (tf$k0 > 0) lapply(seq_len(tf$k0), function(j) list(yi = tail(tf$yi, tf$k0)[j], vi = tail(tf$vi, tf$k0)[j])) else list()",
      "out <- list(test = \"trimfill\", k = res$k, k0 = tf$k0, seK0 = num(tf$se.k0), side = tf$side, estimator = tf$estimator, method = tf$method, estimate = num(tf$beta), se = num(tf$se), statistic = num(tf$zval), pval = num(tf$pval),",
      "  ciLower = num(tf$ci.lb), ciUpper = num(tf$ci.ub), QE = num(tf$QE), QEp = num(tf$QEp), tau2 = num(tf$tau2), I2 = num(tf$I2), H2 = num(tf$H2), pK0 = num(tf$p.k0), filled = filled)",
    );
  }
  if (options.petPeese) body.push(...petPeeseLines(options));
  if (options.fsn) {
    const f = fsnLines(options);
    notes.push(...f.notes);
    body.push(...f.lines);
  }
  body.push("printJson(out)");
  const which = options.egger ? "egger" : options.begg ? "begg" : options.trimfill ? "trimfill" : options.petPeese ? "petPeese" : "fsn";
  return rScript({
    command: commandLine("bias", fileName(table.file), {
      measure: options.measure,
      [which]: true,
      ...(options.egger && { eggerModel: options.eggerModel, predictor: options.predictor }),
      ...(options.trimfill && { estimator: options.estimator, side: options.side }),
      ...(options.fsn && { type: options.type, target: options.target, alpha: options.alpha }),
      ...(options.petPeese && { alpha: options.alpha }),
      method: options.method,
      test: options.test,
      level: options.level,
      metaforCompat: options.metaforCompat,
    }),
    notes,
    data: csvDataFrame(table),
    body,
  });
}
